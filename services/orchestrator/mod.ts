/**
 * The orchestrator: runs the whole method as one pipeline (prepare, train the GAN, train the encoder, reconstruct,
 * score, calibrate on held-out naevi, report) by starting each stage's job and advancing on the stages' JetStream
 * events, with every pipeline's state in NATS KV; presets (`presets/*.json`) hold each stage's settings.
 *
 * @example
 * ```ts
 * import { serveStage } from "@dermanomaly/runtime";
 * import { ORCHESTRATOR_CONFIG, orchestratorHandlers } from "@dermanomaly/service-orchestrator";
 * await serveStage("orchestrator", orchestratorHandlers, { config: ORCHESTRATOR_CONFIG });
 * ```
 *
 * @module
 */
import type { ServiceImplementations } from "@dermanomaly/contracts";
import {
  type AsyncHandlers,
  type ConfigValues,
  int,
  provision,
  type StageContext,
  str,
} from "@dermanomaly/runtime";
import { Orchestrator } from "./orchestrator.ts";

export * from "./layout.ts";
export * from "./metrics.ts";
export * from "./options.ts";
export * from "./orchestrator.ts";
export * from "./presets.ts";
export * from "./progress.ts";
export * from "./run_folder.ts";
export * from "./stage_calls.ts";
export * from "./steps.ts";
export * from "./store.ts";
export * from "./watch.ts";

/** The orchestrator's own environment variables (the stages' endpoints come from `DERMANOMALY_<SERVICE>_ENDPOINT`). */
export const ORCHESTRATOR_CONFIG = {
  DERMANOMALY_PRESETS_DIR: str({
    default: "",
    description:
      "Folder of pipeline presets (<name>.json, as services/orchestrator/presets/); empty = the built-in demo, " +
      "paper and tiny",
  }),
  DERMANOMALY_PIPELINE_POLL_MS: int({
    default: 10_000,
    min: 100,
    max: 600_000,
    description:
      "How often running pipelines are checked against their stage jobs: the longest a pipeline waits when a stage " +
      "event was lost (NATS away when it was published)",
  }),
};

/**
 * The orchestrator's methods. Opening them starts the pipeline driver (the stage event consumer and the periodic
 * check), which stops when the service's NATS connection closes.
 */
export async function orchestratorHandlers(
  ctx: StageContext<
    StageContext["config"] & Partial<ConfigValues<typeof ORCHESTRATOR_CONFIG>>,
    "orchestrator"
  >,
): Promise<Partial<AsyncHandlers<ServiceImplementations["orchestrator"]>>> {
  // Its bucket is created or opened: again when a busy cluster does not answer in time.
  const orchestrator = await provision(
    () =>
      Orchestrator.open({
        nc: ctx.nc,
        artifacts: ctx.artifacts,
        publish: ctx.publish,
        log: ctx.log,
        workDir: ctx.workDir,
        pollIntervalMs: ctx.config.DERMANOMALY_PIPELINE_POLL_MS ?? 10_000,
        replicas: ctx.config.DERMANOMALY_NATS_REPLICAS,
        ...(ctx.config.DERMANOMALY_PRESETS_DIR && { presetsDir: ctx.config.DERMANOMALY_PRESETS_DIR }),
      }),
    { what: "the pipeline store", log: ctx.log },
  );
  await orchestrator.start();
  void ctx.nc.closed().then(() => orchestrator.close());
  return {
    StartPipeline: (request) => orchestrator.startPipeline(request),
    Watch: (ref, call) => orchestrator.watch(ref, call.signal),
    Cancel: (ref) => orchestrator.cancel(ref),
    GetJob: (ref) => orchestrator.getJob(ref),
    ListJobs: (request) => orchestrator.listJobs(request),
    GetPipeline: (ref) => orchestrator.getPipeline(ref),
  };
}
