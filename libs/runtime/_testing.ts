// Test-only fixtures: the SleeperService contract, a client for it, and a service configuration for loopback.
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

export function connectClient(address: string): TestClient {
  const raw = new SleeperClient(address, grpc.credentials.createInsecure());
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
