// Test-only fixtures: the SleeperService contract, a client for it, a service configuration for loopback, and
// certificates made with openssl.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LOADER_OPTIONS, PROTO_DIR } from "@dermanomaly/contracts";
import * as grpc from "@grpc/grpc-js";
import { loadSync, type PackageDefinition, type ServiceDefinition } from "@grpc/proto-loader";
import { service as healthService } from "grpc-health-check";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import type { Logger } from "./types.ts";

export const packageDefinition: PackageDefinition = loadSync("sleeper.proto", {
  ...LOADER_OPTIONS,
  includeDirs: [PROTO_DIR, join(import.meta.dirname, "fixtures")],
});

export const sleeperService = packageDefinition["dermanomaly.test.SleeperService"] as ServiceDefinition;

const SleeperClient = grpc.makeGenericClientConstructor(sleeperService, "SleeperService");

/** A promise-returning client: `unary(method, request, deadlineMs?)` and `stream(method, request)`. */
export interface TestClient {
  raw: grpc.Client;
  unary<T>(method: string, request: unknown, options?: { deadlineMs?: number }): Promise<T>;
  stream<T>(method: string, request: unknown): grpc.ClientReadableStream<T>;
  close(): void;
}

export function connectClient(
  address: string,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
): TestClient {
  const raw = new SleeperClient(address, credentials);
  const methods = raw as unknown as Record<string, (...args: unknown[]) => unknown>;
  return {
    raw,
    unary<T>(method: string, request: unknown, options: { deadlineMs?: number } = {}) {
      const callOptions: grpc.CallOptions =
        options.deadlineMs === undefined ? {} : { deadline: Date.now() + options.deadlineMs };
      return new Promise<T>((resolve, reject) => {
        methods[method]?.call(raw, request, callOptions, (err: grpc.ServiceError | null, res: T) =>
          err ? reject(err) : resolve(res),
        );
      });
    },
    stream<T>(method: string, request: unknown) {
      return methods[method]?.call(raw, request) as grpc.ClientReadableStream<T>;
    },
    close: () => raw.close(),
  };
}

/** Service configuration on an ephemeral loopback port, metrics off unless a port is given. */
export function testConfig(overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  return {
    ...loadServiceConfig({}),
    DERMANOMALY_GRPC_HOST: "127.0.0.1",
    DERMANOMALY_GRPC_PORT: 0,
    DERMANOMALY_METRICS_PORT: 0,
    DERMANOMALY_LOG_LEVEL: "silent",
    DERMANOMALY_SHUTDOWN_GRACE_MS: 2000,
    ...overrides,
  };
}

/** Resolves after `ms`, or rejects with the signal's reason when it fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A logger that writes nothing. */
export function silentLogger(): Logger {
  return createLogger("test", { level: "silent" });
}

/** The `grpc.health.v1` status of `service` (`""`: the server) at `address`. */
export function healthCheck(address: string, service: string): Promise<string> {
  const Health = grpc.makeGenericClientConstructor(healthService, "Health");
  const client = new Health(address, grpc.credentials.createInsecure()) as unknown as {
    check(req: unknown, cb: (err: grpc.ServiceError | null, res: { status: string }) => void): void;
    close(): void;
  };
  return new Promise((resolve, reject) =>
    client.check({ service }, (err, res) => {
      client.close();
      if (err) reject(err);
      else resolve(res.status);
    }),
  );
}

/** PEM files of a test PKI, by role (paths). */
export interface TestPki {
  /** The CA that signed `server` and `client`. */
  ca: string;
  /** Server certificate and key, for `localhost` and `127.0.0.1` (also usable as a client certificate). */
  serverCert: string;
  serverKey: string;
  /** A client certificate and key signed by `ca`. */
  clientCert: string;
  clientKey: string;
  /** A client certificate and key signed by another CA (`otherCa`), which servers trusting `ca` refuse. */
  otherCa: string;
  strangerCert: string;
  strangerKey: string;
}

/** Makes a small PKI with openssl (EC P-256) in `dir`. */
export function makeTestPki(dir: string): TestPki {
  const openssl = (args: string) => execFileSync("openssl", args.split(" "), { cwd: dir, stdio: "pipe" });
  const key = (name: string) =>
    openssl(`genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ${name}.key`);
  const ca = (name: string) => {
    key(name);
    openssl(`req -x509 -new -key ${name}.key -days 2 -subj /CN=${name} -out ${name}.crt`);
  };
  const sign = (name: string, issuer: string, ext: string) => {
    key(name);
    openssl(`req -new -key ${name}.key -subj /CN=${name} -out ${name}.csr`);
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(
      `x509 -req -in ${name}.csr -CA ${issuer}.crt -CAkey ${issuer}.key -CAcreateserial -days 2 ` +
        `-extfile ${name}.ext -out ${name}.crt`,
    );
  };
  ca("ca");
  ca("other-ca");
  sign("server", "ca", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
  sign("client", "ca", "extendedKeyUsage=clientAuth\n");
  sign("stranger", "other-ca", "extendedKeyUsage=clientAuth\n");
  const at = (f: string) => join(dir, f);
  return {
    ca: at("ca.crt"),
    serverCert: at("server.crt"),
    serverKey: at("server.key"),
    clientCert: at("client.crt"),
    clientKey: at("client.key"),
    otherCa: at("other-ca.crt"),
    strangerCert: at("stranger.crt"),
    strangerKey: at("stranger.key"),
  };
}
