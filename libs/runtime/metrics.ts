import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Count of jobs of one kind in one state, as reported to the `dermanomaly_jobs` gauge. */
export interface JobCount {
  kind: string;
  state: string;
  count: number;
}

/** The Prometheus registry of one service and the metrics the runtime records in it. */
export interface ServiceMetrics {
  /** Registry holding every metric of the service; add the service's own metrics here. */
  readonly registry: Registry;
  /** `grpc_server_handled_total{grpc_service, grpc_method, grpc_code}`: finished calls. */
  readonly handled: Counter<"grpc_service" | "grpc_method" | "grpc_code">;
  /** `grpc_server_handling_seconds{grpc_service, grpc_method}`: call duration until the status was sent. */
  readonly handling: Histogram<"grpc_service" | "grpc_method">;
  /** Reports job counts at each scrape, into `dermanomaly_jobs{kind, state}`. */
  trackJobs(source: () => Iterable<JobCount>): void;
}

/** Options of {@linkcode createServiceMetrics}. */
export interface ServiceMetricsOptions {
  /** Collect prom-client's process metrics (CPU, memory, event loop lag, GC). @default true */
  defaultMetrics?: boolean;
}

/**
 * A fresh registry for one service, labelled `service=<name>`, with the gRPC and job metrics the runtime records.
 *
 * @example
 * ```ts
 * const metrics = createServiceMetrics("preprocess");
 * const text = await metrics.registry.metrics();
 * ```
 */
export function createServiceMetrics(service: string, options: ServiceMetricsOptions = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const handled = new Counter({
    name: "grpc_server_handled_total",
    help: "gRPC calls completed on the server, by method and status code",
    labelNames: ["grpc_service", "grpc_method", "grpc_code"] as const,
    registers: [registry],
  });
  const handling = new Histogram({
    name: "grpc_server_handling_seconds",
    help: "Time from the start of a gRPC call to its status, in seconds",
    labelNames: ["grpc_service", "grpc_method"] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300],
    registers: [registry],
  });
  const sources: Array<() => Iterable<JobCount>> = [];
  new Gauge({
    name: "dermanomaly_jobs",
    help: "Jobs known to this process, by kind and state",
    labelNames: ["kind", "state"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const source of sources) {
        for (const { kind, state, count } of source()) this.inc({ kind, state }, count);
      }
    },
  });
  return { registry, handled, handling, trackJobs: (source) => void sources.push(source) };
}

/** A running metrics HTTP endpoint. */
export interface MetricsServer {
  /** Port it listens on. */
  readonly port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Options of {@linkcode startMetricsServer}. */
export interface MetricsServerOptions {
  /** Address to bind. @default "0.0.0.0" */
  host?: string;
  /** Port; 0 picks a free one. @default 9464 */
  port?: number;
  /** Whether `/healthz` answers 200 (else 503). @default () => true */
  healthy?: () => boolean;
}

/**
 * Serves `GET /metrics` (Prometheus text format) and `GET /healthz` (`ok` / `not serving`) over plain HTTP.
 *
 * @example
 * ```ts
 * const server = await startMetricsServer(metrics.registry, { port: 9464 });
 * await server.close();
 * ```
 */
export async function startMetricsServer(
  registry: Registry,
  options: MetricsServerOptions = {},
): Promise<MetricsServer> {
  const healthy = options.healthy ?? (() => true);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
    } else if (path === "/metrics") {
      registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(String(err)),
      );
    } else if (path === "/healthz") {
      const ok = healthy();
      res.writeHead(ok ? 200 : 503, { "content-type": "text/plain" }).end(ok ? "ok\n" : "not serving\n");
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 9464, options.host ?? "0.0.0.0", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
