/**
 * The service kit every dermanomaly service starts from: environment configuration validated at start, JSON-lines
 * logs, a gRPC server with health, reflection, status mapping, deadlines and graceful shutdown, Prometheus
 * metrics, a job manager whose state and leases live in NATS KV (several replicas share it), and the stage kit a
 * job body is written with (`defineStageJob`: scratch folder, inputs, outputs, events, failures).
 *
 * @example
 * ```ts
 * import type { PrepareDatasetRequest__Output } from "@dermanomaly/contracts";
 * import { defineStageJob, type StageJob, serveStage } from "@dermanomaly/runtime";
 *
 * await serveStage("preprocess", (ctx) => {
 *   const prepare = defineStageJob(ctx, {
 *     kind: "prepare-dataset",
 *     run: async (job: StageJob<PrepareDatasetRequest__Output>) => {
 *       const source = await job.input(job.request.source, "source");
 *       job.report({ message: `Reading ${source.path}` });
 *       return { message: "Done" };
 *     },
 *   });
 *   return { StartPrepareDataset: (request) => prepare.start(request) };
 * });
 * ```
 *
 * @module
 */
export * from "./async_queue.ts";
export * from "./config.ts";
export * from "./in_process.ts";
export * from "./invalid_argument.ts";
export * from "./jobs.ts";
export * from "./leases.ts";
export * from "./locations.ts";
export * from "./log.ts";
export * from "./metrics.ts";
export * from "./named_inputs.ts";
export * from "./nats.ts";
export * from "./outputs.ts";
export * from "./provision.ts";
export * from "./publish.ts";
export * from "./server.ts";
export * from "./stage.ts";
export * from "./stage_job.ts";
export * from "./time.ts";
export * from "./tls.ts";
export type * from "./types.ts";
