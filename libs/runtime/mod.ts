/**
 * The service kit every dermanomaly gRPC service starts from: environment configuration validated at start,
 * JSON-lines logs, a gRPC server with health, reflection, status mapping, deadlines and graceful shutdown,
 * Prometheus metrics, and a job manager whose state lives in NATS KV.
 *
 * @example
 * ```ts
 * import { connectNats, loadServiceConfig, openJobManager, startService } from "@dermanomaly/runtime";
 * const config = loadServiceConfig(); // throws one error naming every bad DERMANOMALY_* variable
 * const nc = await connectNats(config.DERMANOMALY_NATS_URL, { name: "preprocess" });
 * const jobs = await openJobManager(nc, "preprocess");
 * jobs.onResume("preprocess", runPreprocess);
 * const svc = await startService({
 *   name: "preprocess", packageDefinition, service: packageDefinition["dermanomaly.v1.PreprocessService"],
 *   config, jobs, onShutdown: [() => nc.drain()],
 *   handlers: {
 *     ...jobs.grpcHandlers(),
 *     StartPreprocess: (req) => jobs.start("preprocess", runPreprocess, { requestId: req.requestId, request: req }),
 *   },
 * });
 * ```
 *
 * @module
 */
export * from "./config.ts";
export * from "./in_process.ts";
export * from "./jobs.ts";
export * from "./locations.ts";
export * from "./log.ts";
export * from "./metrics.ts";
export * from "./nats.ts";
export * from "./server.ts";
export * from "./stage.ts";
export type * from "./types.ts";
