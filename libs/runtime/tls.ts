import {
  CLIENT_TLS_ENV,
  type ClientTls,
  clientTls,
  isStatusError,
  readKeyPair,
  readPemFile,
} from "@dermanomaly/contracts";
import * as grpc from "@grpc/grpc-js";
import { ConfigError, type ServiceConfig } from "./config.ts";

/** The settings {@linkcode serverTls} and {@linkcode serviceClientTls} read. */
export type TlsConfig = Pick<
  ServiceConfig,
  | "DERMANOMALY_GRPC_TLS_CERT"
  | "DERMANOMALY_GRPC_TLS_KEY"
  | "DERMANOMALY_GRPC_TLS_CLIENT_CA"
  | (typeof CLIENT_TLS_ENV)[keyof typeof CLIENT_TLS_ENV]
>;

/** How a service's gRPC server is secured. */
export interface ServerTls {
  /** `plaintext` (no certificate configured), `tls`, or `mutual-tls` (clients must present a certificate). */
  readonly mode: "plaintext" | "tls" | "mutual-tls";
  /** Credentials to bind the server with. */
  readonly credentials: grpc.ServerCredentials;
}

/**
 * The server side of TLS from configuration: plaintext when no certificate is set (local use on loopback), TLS with
 * `DERMANOMALY_GRPC_TLS_CERT` and `_KEY`, mutual TLS when `DERMANOMALY_GRPC_TLS_CLIENT_CA` is set too (a client
 * without a certificate signed by that CA is refused in the handshake). Every file is read and checked here.
 *
 * @example
 * ```ts
 * const tls = serverTls(loadServiceConfig());
 * server.bindAsync("0.0.0.0:50051", tls.credentials, callback);
 * ```
 * @throws {ConfigError} naming each setting that is missing, unreadable or not what it should be
 */
export function serverTls(config: TlsConfig): ServerTls {
  const certPath = config.DERMANOMALY_GRPC_TLS_CERT;
  const keyPath = config.DERMANOMALY_GRPC_TLS_KEY;
  const caPath = config.DERMANOMALY_GRPC_TLS_CLIENT_CA;
  if ((certPath === "") !== (keyPath === "")) {
    const [set, unset] =
      certPath === ""
        ? ["DERMANOMALY_GRPC_TLS_KEY", "DERMANOMALY_GRPC_TLS_CERT"]
        : ["DERMANOMALY_GRPC_TLS_CERT", "DERMANOMALY_GRPC_TLS_KEY"];
    throw problem(unset, `${set} is set but ${unset} is not: set both to serve TLS, or neither`);
  }
  if (certPath === "") {
    if (caPath !== "") {
      throw problem(
        "DERMANOMALY_GRPC_TLS_CERT",
        "DERMANOMALY_GRPC_TLS_CLIENT_CA is set but DERMANOMALY_GRPC_TLS_CERT is not: mutual TLS needs the server's " +
          "own certificate and key too",
      );
    }
    return { mode: "plaintext", credentials: grpc.ServerCredentials.createInsecure() };
  }
  const pair = asConfigError(() =>
    readKeyPair(
      { setting: "DERMANOMALY_GRPC_TLS_CERT", path: certPath },
      { setting: "DERMANOMALY_GRPC_TLS_KEY", path: keyPath },
    ),
  );
  const ca =
    caPath === ""
      ? null
      : asConfigError(() =>
          readPemFile({ setting: "DERMANOMALY_GRPC_TLS_CLIENT_CA", path: caPath }, "certificate"),
        ).pem;
  return {
    mode: ca === null ? "tls" : "mutual-tls",
    credentials: grpc.ServerCredentials.createSsl(
      ca,
      [{ cert_chain: pair.cert.pem, private_key: pair.key.pem }],
      ca !== null,
    ),
  };
}

/**
 * The client side of TLS a service uses when it calls another stage, checked at start so a bad setting stops the
 * service there rather than failing its first call (`createClient` reads the same variables).
 *
 * @throws {ConfigError} naming the setting that is wrong
 */
export function serviceClientTls(config: TlsConfig): ClientTls {
  const env = Object.fromEntries(Object.values(CLIENT_TLS_ENV).map((name) => [name, config[name]]));
  return asConfigError(() => clientTls({ env }));
}

function problem(name: string, message: string): ConfigError {
  return new ConfigError([{ name, message }]);
}

/** Runs `read`, turning the StatusError of a bad file setting into a ConfigError naming the setting. */
function asConfigError<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (!isStatusError(err)) throw err;
    const name = /^DERMANOMALY_[A-Z0-9_]+/.exec(err.message)?.[0] ?? "TLS";
    const wrapped = problem(name, err.message);
    wrapped.cause = err;
    throw wrapped;
  }
}
