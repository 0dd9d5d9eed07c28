import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { Code, StatusError } from "./errors.ts";

/**
 * The environment variables every gRPC client of the project reads for TLS (the CLI, the health client, one stage
 * calling another). With none set, clients speak plaintext, as the local stack on loopback does.
 */
export const CLIENT_TLS_ENV = {
  /** PEM bundle of the CA(s) that signed the servers' certificates; setting it turns TLS on. */
  ca: "DERMANOMALY_GRPC_TLS_CA",
  /** PEM certificate chain the client presents to a server that asks for one (mutual TLS). */
  cert: "DERMANOMALY_GRPC_TLS_CLIENT_CERT",
  /** PEM private key of {@linkcode CLIENT_TLS_ENV.cert}. */
  key: "DERMANOMALY_GRPC_TLS_CLIENT_KEY",
  /** Name the server certificate must carry when it differs from the dialled host (a port-forward to localhost). */
  serverName: "DERMANOMALY_GRPC_TLS_SERVER_NAME",
} as const;

/** What a PEM file named by a setting must hold. */
export type PemKind = "certificate" | "private key";

/** A PEM file named by a setting, read and checked. */
export interface PemFile {
  /** The setting (environment variable) that named the file. */
  setting: string;
  /** The file's path. */
  path: string;
  /** The file's bytes. */
  pem: Buffer;
}

/** A setting naming a file: the variable and its value. */
export interface FileSetting {
  /** Environment variable, e.g. `DERMANOMALY_GRPC_TLS_CERT`. */
  setting: string;
  /** Its value: the file's path. */
  path: string;
}

/**
 * Reads a PEM file named by a setting and checks that it holds a certificate (chain) or a private key, so that a
 * wrong path or file stops a program at start with a message naming the setting rather than failing a handshake.
 *
 * @example
 * ```ts
 * const ca = readPemFile({ setting: "DERMANOMALY_GRPC_TLS_CA", path: "/etc/dermanomaly/tls/ca.crt" }, "certificate");
 * ```
 * @throws {StatusError} NOT_FOUND when the file does not exist; PERMISSION_DENIED when it cannot be read;
 *   INVALID_ARGUMENT when it is not a PEM file of that kind
 */
export function readPemFile(file: FileSetting, kind: PemKind): PemFile {
  const where = `${file.setting} "${file.path}"`;
  const pem = readSettingFile(file);
  try {
    if (kind === "certificate") {
      if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new Error("no PEM certificate");
      new X509Certificate(pem);
    } else {
      createPrivateKey(pem);
    }
  } catch (err) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `${where} holds no PEM ${kind} (${(err as Error).message}): point it at a PEM-encoded ${kind} file`,
      { cause: err },
    );
  }
  return { setting: file.setting, path: file.path, pem };
}

/**
 * Reads a file named by a setting (a TLS file, an NKey seed, a NATS creds file).
 *
 * @throws {StatusError} NOT_FOUND when the file does not exist; PERMISSION_DENIED when it cannot be read;
 *   INVALID_ARGUMENT when the path is a folder or the file is empty
 */
export function readSettingFile(file: FileSetting): Buffer {
  const where = `${file.setting} "${file.path}"`;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new StatusError(Code.NOT_FOUND, `${where} does not exist: set it to an existing file`, {
        cause: err,
      });
    }
    if (code === "EACCES" || code === "EPERM") {
      throw new StatusError(
        Code.PERMISSION_DENIED,
        `${where} cannot be read by this process (${code}): make the file readable to its user`,
        { cause: err },
      );
    }
    if (code === "EISDIR") {
      throw new StatusError(Code.INVALID_ARGUMENT, `${where} is a folder: set it to a file`, { cause: err });
    }
    throw new StatusError(Code.INVALID_ARGUMENT, `${where} cannot be read (${code ?? String(err)})`, {
      cause: err,
    });
  }
  if (bytes.length === 0) throw new StatusError(Code.INVALID_ARGUMENT, `${where} is empty`);
  return bytes;
}

/**
 * Reads a certificate chain and its private key and checks that the key belongs to the first certificate.
 *
 * @throws {StatusError} as {@linkcode readPemFile}; INVALID_ARGUMENT when the key does not match the certificate
 */
export function readKeyPair(cert: FileSetting, key: FileSetting): { cert: PemFile; key: PemFile } {
  const certFile = readPemFile(cert, "certificate");
  const keyFile = readPemFile(key, "private key");
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(keyFile.pem);
  } catch (err) {
    throw new StatusError(Code.INVALID_ARGUMENT, `${key.setting} "${key.path}" holds no usable private key`, {
      cause: err,
    });
  }
  if (!new X509Certificate(certFile.pem).checkPrivateKey(privateKey)) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `${key.setting} "${key.path}" is not the private key of the certificate in ${cert.setting} "${cert.path}"`,
    );
  }
  return { cert: certFile, key: keyFile };
}

/** How a client reaches servers: its channel credentials and the channel options they need. */
export interface ClientTls {
  /** Whether the channel uses TLS. */
  readonly secure: boolean;
  /** Whether the client presents a certificate (mutual TLS). */
  readonly mutual: boolean;
  /** Credentials for the channel. */
  readonly credentials: grpc.ChannelCredentials;
  /** Options the credentials need (the server name override); empty otherwise. */
  readonly channelOptions: grpc.ChannelOptions;
}

/** Options of {@linkcode clientTls}. */
export interface ClientTlsOptions {
  /** Environment to read the {@linkcode CLIENT_TLS_ENV} variables from. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The client side of TLS from configuration ({@linkcode CLIENT_TLS_ENV}): plaintext when nothing is set; TLS
 * verifying servers against `DERMANOMALY_GRPC_TLS_CA`; mutual TLS with `DERMANOMALY_GRPC_TLS_CLIENT_CERT` and
 * `_KEY` as well. Every file is read and checked here, so a bad setting is reported before any call.
 *
 * @example
 * ```ts
 * const tls = clientTls(); // reads process.env
 * const client = createClient("scorer", "scorer.dermanomaly.svc:50055", { credentials: tls.credentials });
 * ```
 * @throws {StatusError} NOT_FOUND, PERMISSION_DENIED or INVALID_ARGUMENT naming the setting that is wrong
 */
export function clientTls(options: ClientTlsOptions = {}): ClientTls {
  const env = options.env ?? process.env;
  const value = (name: string): string => env[name]?.trim() ?? "";
  const caPath = value(CLIENT_TLS_ENV.ca);
  const certPath = value(CLIENT_TLS_ENV.cert);
  const keyPath = value(CLIENT_TLS_ENV.key);
  const serverName = value(CLIENT_TLS_ENV.serverName);
  if ((certPath === "") !== (keyPath === "")) {
    const [set, unset] =
      certPath === "" ? [CLIENT_TLS_ENV.key, CLIENT_TLS_ENV.cert] : [CLIENT_TLS_ENV.cert, CLIENT_TLS_ENV.key];
    throw new StatusError(Code.INVALID_ARGUMENT, `${set} is set but ${unset} is not: set both or neither`);
  }
  if (caPath === "") {
    if (certPath !== "" || serverName !== "") {
      const set = certPath !== "" ? CLIENT_TLS_ENV.cert : CLIENT_TLS_ENV.serverName;
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `${set} is set but ${CLIENT_TLS_ENV.ca} is not: set the CA that signed the servers' certificates too`,
      );
    }
    return {
      secure: false,
      mutual: false,
      credentials: grpc.credentials.createInsecure(),
      channelOptions: {},
    };
  }
  const ca = readPemFile({ setting: CLIENT_TLS_ENV.ca, path: caPath }, "certificate");
  const pair =
    certPath === ""
      ? undefined
      : readKeyPair(
          { setting: CLIENT_TLS_ENV.cert, path: certPath },
          { setting: CLIENT_TLS_ENV.key, path: keyPath },
        );
  return {
    secure: true,
    mutual: pair !== undefined,
    credentials: grpc.credentials.createSsl(ca.pem, pair?.key.pem ?? null, pair?.cert.pem ?? null),
    channelOptions:
      serverName === ""
        ? {}
        : { "grpc.ssl_target_name_override": serverName, "grpc.default_authority": serverName },
  };
}

/** Known TLS failures, as OpenSSL and Node word them, and what a user should do about each. */
const TLS_FAILURES: readonly [RegExp, string][] = [
  [
    /certificate required|alert number 116/i,
    `the server requires a client certificate (mutual TLS): set ${CLIENT_TLS_ENV.cert} and ${CLIENT_TLS_ENV.key}`,
  ],
  [
    /unknown ca|bad certificate|alert number 4[28]|certificate unknown|alert number 46/i,
    "the server refused the client certificate: it must be signed by a CA the server trusts",
  ],
  [
    /self[- ]signed certificate|unable to (get|verify) (local issuer|the first)|certificate verify failed/i,
    `the server's certificate is not signed by the CA in ${CLIENT_TLS_ENV.ca}`,
  ],
  [
    /does not match certificate's altnames|altname|ERR_TLS_CERT_ALTNAME_INVALID/i,
    `the server's certificate does not carry the host name dialled: dial a name it carries or set ${CLIENT_TLS_ENV.serverName}`,
  ],
  [
    /wrong version number|packet length too long|http request/i,
    `the server does not speak TLS: unset ${CLIENT_TLS_ENV.ca} to call it in plaintext`,
  ],
];

/** Options of {@linkcode explainTlsFailure}. */
export interface ExplainTlsOptions {
  /**
   * Whether the client presented a certificate: a connection closed right after the handshake then most likely
   * means the server refused it (TLS 1.3 servers refuse a client certificate after the client's side is done, so
   * no alert reaches the call). @default false
   */
  mutual?: boolean;
}

/**
 * What a user should do about a failed call, when its status details show a TLS failure (as grpc-js reports a
 * failed handshake: UNAVAILABLE with OpenSSL's words); `undefined` for anything else.
 *
 * @example
 * ```ts
 * explainTlsFailure("... tlsv13 alert certificate required ..."); // "the server requires a client certificate ..."
 * ```
 */
export function explainTlsFailure(details: string, options: ExplainTlsOptions = {}): string | undefined {
  const known = TLS_FAILURES.find(([pattern]) => pattern.test(details))?.[1];
  if (known !== undefined || !options.mutual || !/Failed to connect/i.test(details)) return known;
  return (
    "the server closed the connection after the handshake: it most likely refuses the client certificate " +
    `(${CLIENT_TLS_ENV.cert} must be signed by a CA the server trusts), or it is shutting down`
  );
}

/**
 * A client interceptor that puts the cause of a TLS failure, in words a user can act on, in front of the status
 * details of an UNAVAILABLE call (the code stays UNAVAILABLE). `createClient` adds it to every client.
 *
 * @example
 * ```ts
 * const tls = clientTls();
 * new grpc.Client(address, tls.credentials, { interceptors: [explainTlsInterceptor(tls)] });
 * ```
 */
export function explainTlsInterceptor(tls: Pick<ClientTls, "mutual"> = { mutual: false }): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        next(metadata, {
          onReceiveStatus(status, nextStatus) {
            const cause =
              status.code === grpc.status.UNAVAILABLE
                ? explainTlsFailure(status.details, { mutual: tls.mutual })
                : undefined;
            nextStatus(
              cause === undefined
                ? status
                : { ...status, details: `TLS: ${cause} (${status.details.trim()})` },
            );
          },
        });
      },
    });
}
