/**
 * The gan-trainer stage: StyleGAN2-ADA training as `train.py --cfg=stylegan2` does it, as jobs that stream one
 * progress report per tick, store snapshots (`network-snapshot-<kimg>.safetensors`, `fakes<kimg>.png`,
 * `stats.jsonl`) in the artifact store, announce them as `gan.*` events, and resume from the last snapshot after a
 * restart (from the very accumulation round after a shutdown); and `Generate` / `Inspect` on checkpoints.
 *
 * @example
 * ```ts
 * import { serveStage } from "@dermanomaly/runtime";
 * import { ganTrainerHandlers } from "@dermanomaly/service-gan-trainer";
 * await serveStage("gan-trainer", ganTrainerHandlers);
 * ```
 *
 * @module
 */
import type { ServiceImplementations } from "@dermanomaly/contracts";
import type { AsyncHandlers, StageContext } from "@dermanomaly/runtime";
import { generateImages } from "./generate.ts";
import { inspectNetworks } from "./inspect.ts";
import { ganTrainingJob } from "./train_job.ts";

export * from "./dataset_source.ts";
export * from "./generate.ts";
export * from "./inspect.ts";
export * from "./options.ts";
export * from "./run_folder.ts";
export * from "./train_job.ts";

/** The gan-trainer's methods: `StartTraining`, `Generate`, `Inspect` (Watch, Cancel and GetJob come from the kit). */
export function ganTrainerHandlers(
  ctx: StageContext<StageContext["config"], "gan-trainer">,
): Partial<AsyncHandlers<ServiceImplementations["gan-trainer"]>> {
  const training = ganTrainingJob(ctx);
  return {
    StartTraining: (request) => training.start(request),
    Generate: (request) => generateImages(ctx, request),
    Inspect: (request) => inspectNetworks(ctx, request),
  };
}
