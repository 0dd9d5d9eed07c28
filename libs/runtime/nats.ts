import { isStatusError, readKeyPair, readPemFile, readSettingFile } from "@dermanomaly/contracts";
import {
  type ConnectionOptions,
  connect,
  credsAuthenticator,
  type NatsConnection,
  nkeyAuthenticator,
  nkeys,
  type TlsOptions,
} from "@nats-io/transport-node";
import { natsTlsProblem } from "./_nats_tls.ts";
import { ConfigError, type ConfigProblem, type ServiceConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import type { Logger } from "./types.ts";

/** The NATS credential and TLS settings {@linkcode connectNats} reads (part of `SERVICE_CONFIG`). */
export type NatsSecurityConfig = Pick<
  ServiceConfig,
  | "DERMANOMALY_NATS_USER"
  | "DERMANOMALY_NATS_PASSWORD"
  | "DERMANOMALY_NATS_TOKEN"
  | "DERMANOMALY_NATS_NKEY_FILE"
  | "DERMANOMALY_NATS_CREDS_FILE"
  | "DERMANOMALY_NATS_TLS_CA"
  | "DERMANOMALY_NATS_TLS_CERT"
  | "DERMANOMALY_NATS_TLS_KEY"
>;

/** Options of {@linkcode connectNats}. */
export interface ConnectNatsOptions {
  /** Connection name shown by the server (e.g. the service name). @default "dermanomaly" */
  name?: string;
  /** Where connection events (disconnect, reconnect, errors) are logged. @default a JSON logger named `name` */
  log?: Logger;
  /** Keep trying when no server answers at first, instead of failing. @default false */
  waitForServer?: boolean;
  /** How long a connection attempt may take, in ms. @default 20000 */
  timeoutMs?: number;
  /**
   * Credentials (user and password, token, NKey seed file or creds file: at most one kind) and TLS files, as the
   * service configuration holds them; unset or empty settings are not used. @default none (no credentials, TLS
   * only for `tls://` URLs, verified against the system's CAs)
   */
  config?: Partial<NatsSecurityConfig>;
}

/**
 * Connects to NATS the way every service does: the comma-separated URLs of `DERMANOMALY_NATS_URL`, the credentials
 * and TLS files of the configuration, reconnecting for ever once connected, and logging connection events.
 *
 * @example
 * ```ts
 * const nc = await connectNats(config.DERMANOMALY_NATS_URL, { name: "preprocess", log, config });
 * svc.onShutdown(() => nc.drain());
 * ```
 * @throws {ConfigError} naming the settings when a credential or TLS file is unusable, or when the server refuses
 *   the credentials or the TLS handshake
 */
export async function connectNats(
  servers: string,
  options: ConnectNatsOptions = {},
): Promise<NatsConnection> {
  const name = options.name ?? "dermanomaly";
  const log = (options.log ?? createLogger(name)).child({ component: "nats" });
  const list = servers
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (list.length === 0) throw new TypeError("NATS server list is empty");
  const security = securityOptions(options.config ?? {});
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: list,
      name,
      maxReconnectAttempts: -1,
      waitOnFirstConnect: options.waitForServer ?? false,
      ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
      ...security.options,
    });
  } catch (err) {
    const refused = refusal(err, list.join(","), security);
    if (refused) throw refused;
    // A server that refuses the client's certificate shows as a timeout: the handshake done by hand says why.
    const tls = list.some((u) => u.startsWith("tls://")) || security.tls;
    const problem =
      tls && isNatsTimeout(err) ? await natsTlsProblem(list[0]!, security.options.tls ?? {}) : undefined;
    throw (
      (problem === undefined
        ? undefined
        : refusal(new Error(problem, { cause: err }), list.join(","), security)) ?? err
    );
  }
  log.info("Connected to NATS", { server: nc.getServer(), auth: security.auth ?? "none", tls: security.tls });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "disconnect" || status.type === "error" || status.type === "staleConnection") {
        log.warn("NATS connection event", { event: status });
      } else if (status.type !== "ping" && status.type !== "reconnecting") {
        log.info("NATS connection event", { event: status });
      }
    }
  })();
  return nc;
}

/** Connection options from the settings, with the settings that supplied them (for error messages). */
interface Security {
  options: Partial<ConnectionOptions>;
  /** The settings holding the credentials, e.g. `DERMANOMALY_NATS_USER and DERMANOMALY_NATS_PASSWORD`. */
  auth: string | undefined;
  /** Whether TLS files were configured. */
  tls: boolean;
}

const AUTH_KINDS = [
  ["DERMANOMALY_NATS_USER", "DERMANOMALY_NATS_PASSWORD"],
  ["DERMANOMALY_NATS_TOKEN"],
  ["DERMANOMALY_NATS_NKEY_FILE"],
  ["DERMANOMALY_NATS_CREDS_FILE"],
] as const;

function securityOptions(config: Partial<NatsSecurityConfig>): Security {
  const value = (key: keyof NatsSecurityConfig): string => config[key]?.trim() ?? "";
  const problems: ConfigProblem[] = [];
  const read = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (!isStatusError(err)) throw err;
      problems.push({
        name: /^DERMANOMALY_[A-Z0-9_]+/.exec(err.message)?.[0] ?? "NATS",
        message: err.message,
      });
      return undefined;
    }
  };
  const options: Partial<ConnectionOptions> = {};
  const kinds = AUTH_KINDS.filter((settings) => settings.some((s) => value(s) !== ""));
  if (kinds.length > 1) {
    problems.push({
      name: kinds[1]![0],
      message: `NATS credentials are set in more than one way (${kinds.map((k) => k.join(" and ")).join("; ")}): keep one`,
    });
  }
  const kind = kinds[0];
  if (kind?.[0] === "DERMANOMALY_NATS_USER") {
    for (const [set, unset] of [
      ["DERMANOMALY_NATS_USER", "DERMANOMALY_NATS_PASSWORD"],
      ["DERMANOMALY_NATS_PASSWORD", "DERMANOMALY_NATS_USER"],
    ] as const) {
      if (value(set) !== "" && value(unset) === "")
        problems.push({ name: unset, message: `${set} is set but ${unset} is not: set both` });
    }
    options.user = value("DERMANOMALY_NATS_USER");
    options.pass = value("DERMANOMALY_NATS_PASSWORD");
  } else if (kind?.[0] === "DERMANOMALY_NATS_TOKEN") {
    options.token = value("DERMANOMALY_NATS_TOKEN");
  } else if (kind?.[0] === "DERMANOMALY_NATS_NKEY_FILE") {
    const path = value("DERMANOMALY_NATS_NKEY_FILE");
    const seed = read(() => readSettingFile({ setting: "DERMANOMALY_NATS_NKEY_FILE", path }));
    const trimmed = seed === undefined ? undefined : new TextEncoder().encode(seed.toString("utf8").trim());
    if (trimmed !== undefined) {
      try {
        nkeys.fromSeed(trimmed);
        options.authenticator = nkeyAuthenticator(trimmed);
      } catch (err) {
        problems.push({
          name: "DERMANOMALY_NATS_NKEY_FILE",
          message: `DERMANOMALY_NATS_NKEY_FILE "${path}" holds no NKey seed (${(err as Error).message}): it must hold one line starting with "SU"`,
        });
      }
    }
  } else if (kind?.[0] === "DERMANOMALY_NATS_CREDS_FILE") {
    const path = value("DERMANOMALY_NATS_CREDS_FILE");
    const creds = read(() => readSettingFile({ setting: "DERMANOMALY_NATS_CREDS_FILE", path }));
    if (creds !== undefined) {
      if (!creds.includes("BEGIN NATS USER JWT") || !creds.includes("BEGIN USER NKEY SEED")) {
        problems.push({
          name: "DERMANOMALY_NATS_CREDS_FILE",
          message: `DERMANOMALY_NATS_CREDS_FILE "${path}" is not a NATS credentials file (a user JWT and NKey seed, as \`nsc generate creds\` writes)`,
        });
      } else {
        options.authenticator = credsAuthenticator(new Uint8Array(creds));
      }
    }
  }

  const tls: TlsOptions = {};
  const caPath = value("DERMANOMALY_NATS_TLS_CA");
  const certPath = value("DERMANOMALY_NATS_TLS_CERT");
  const keyPath = value("DERMANOMALY_NATS_TLS_KEY");
  if (caPath !== "") {
    const ca = read(() => readPemFile({ setting: "DERMANOMALY_NATS_TLS_CA", path: caPath }, "certificate"));
    if (ca) tls.ca = ca.pem.toString("utf8");
  }
  if ((certPath === "") !== (keyPath === "")) {
    const [set, unset] =
      certPath === ""
        ? ["DERMANOMALY_NATS_TLS_KEY", "DERMANOMALY_NATS_TLS_CERT"]
        : ["DERMANOMALY_NATS_TLS_CERT", "DERMANOMALY_NATS_TLS_KEY"];
    problems.push({ name: unset, message: `${set} is set but ${unset} is not: set both or neither` });
  } else if (certPath !== "") {
    const pair = read(() =>
      readKeyPair(
        { setting: "DERMANOMALY_NATS_TLS_CERT", path: certPath },
        { setting: "DERMANOMALY_NATS_TLS_KEY", path: keyPath },
      ),
    );
    if (pair) {
      tls.cert = pair.cert.pem.toString("utf8");
      tls.key = pair.key.pem.toString("utf8");
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const hasTls = Object.keys(tls).length > 0;
  if (hasTls) options.tls = tls;
  return { options, auth: kind?.join(" and "), tls: hasTls };
}

/** A ConfigError naming the settings to fix when the server refused the credentials or the TLS handshake. */
function refusal(err: unknown, servers: string, security: Security): ConfigError | undefined {
  const e = err as Error;
  const text = `${e?.name ?? ""} ${e?.message ?? ""} ${(e?.cause as Error | undefined)?.message ?? ""}`;
  const reason = (e?.message ?? String(err)).replace(/\s+/g, " ").trim();
  let problem: ConfigProblem | undefined;
  if (
    /authori[sz]ation|authentication|user authentication|auth(entication)? (violation|expired|timeout)/i.test(
      text,
    )
  ) {
    problem =
      security.auth === undefined
        ? {
            name: "DERMANOMALY_NATS_USER",
            message:
              `NATS at "${servers}" requires credentials (${reason}): set DERMANOMALY_NATS_USER and ` +
              "DERMANOMALY_NATS_PASSWORD, DERMANOMALY_NATS_TOKEN, DERMANOMALY_NATS_NKEY_FILE or DERMANOMALY_NATS_CREDS_FILE",
          }
        : {
            name: security.auth.split(" ")[0]!,
            message: `NATS at "${servers}" refused the credentials of ${security.auth} (${reason}): check them`,
          };
  } else if (
    /certificate required|alert number 116/i.test(text) ||
    // Go's TLS (nats-server) answers a missing client certificate with "bad certificate".
    (security.options.tls?.cert === undefined && /bad certificate|alert number 42/i.test(text))
  ) {
    problem = {
      name: "DERMANOMALY_NATS_TLS_CERT",
      message:
        `NATS at "${servers}" requires a client certificate (${reason}): set DERMANOMALY_NATS_TLS_CERT and ` +
        "DERMANOMALY_NATS_TLS_KEY",
    };
  } else if (/unknown ca|bad certificate|alert number (42|48)|certificate unknown/i.test(text)) {
    problem = {
      name: "DERMANOMALY_NATS_TLS_CERT",
      message:
        `NATS at "${servers}" refused the client certificate of DERMANOMALY_NATS_TLS_CERT (${reason}): it must ` +
        "be signed by a CA the NATS servers trust",
    };
  } else if (/certificate|self[- ]signed|tls|ssl|handshake/i.test(text)) {
    problem = {
      name: "DERMANOMALY_NATS_TLS_CA",
      message:
        `The TLS handshake with NATS at "${servers}" failed (${reason}): check DERMANOMALY_NATS_TLS_CA ` +
        "(the CA of the servers' certificates) and, where the server verifies clients, DERMANOMALY_NATS_TLS_CERT and _KEY",
    };
  }
  if (problem === undefined) return undefined;
  const wrapped = new ConfigError([problem]);
  wrapped.cause = err;
  return wrapped;
}

/** Whether `err` is the NATS client's timeout (a connection, or a request such as JetStream's, not answered in time). */
export function isNatsTimeout(err: unknown): boolean {
  const e = err as Error | undefined;
  return e?.name === "TimeoutError" || /^timeout$/i.test(e?.message ?? "");
}
