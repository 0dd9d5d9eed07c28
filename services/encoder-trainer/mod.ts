/**
 * The encoder-trainer stage: f-AnoGAN's izif encoder trained against a GAN checkpoint's frozen generator and
 * discriminator, as jobs that stream progress per epoch (and within one), store snapshots (`encoder-<epoch>
 * .safetensors` with the run's lineage, `rec<epoch>.png`, the training state) in the artifact store, keep the newest
 * few, announce them as `encoder.*` events, and continue exactly from the last state after a restart; and `Inspect`
 * on encoder files.
 *
 * @example
 * ```ts
 * import { serveStage } from "@dermanomaly/runtime";
 * import { ENCODER_TRAINER_CONFIG, encoderTrainerHandlers } from "@dermanomaly/service-encoder-trainer";
 * await serveStage("encoder-trainer", encoderTrainerHandlers, { config: ENCODER_TRAINER_CONFIG });
 * ```
 *
 * @module
 */
import type { ServiceImplementations } from "@dermanomaly/contracts";
import { type AsyncHandlers, type ConfigValues, int, type StageContext } from "@dermanomaly/runtime";
import { inspectEncoderFile } from "./inspect.ts";
import { encoderTrainingJob } from "./train_job.ts";

export * from "./dataset_source.ts";
export * from "./gan_networks.ts";
export * from "./inspect.ts";
export * from "./options.ts";
export * from "./run_folder.ts";
export * from "./train_job.ts";

/** Least time between two progress reports within an epoch, when not configured. */
export const DEFAULT_PROGRESS_MS = 2000;

/** The encoder-trainer's own environment variables. */
export const ENCODER_TRAINER_CONFIG = {
  DERMANOMALY_ENCODER_PROGRESS_MS: int({
    default: DEFAULT_PROGRESS_MS,
    min: 0,
    max: 3_600_000,
    description: "Least time between two progress reports within an epoch (one is always sent at its end)",
  }),
};

/** The encoder-trainer's methods: `StartTraining`, `Inspect` (Watch, Cancel and GetJob come from the kit). */
export function encoderTrainerHandlers(
  ctx: StageContext<
    StageContext["config"] & Partial<ConfigValues<typeof ENCODER_TRAINER_CONFIG>>,
    "encoder-trainer"
  >,
): Partial<AsyncHandlers<ServiceImplementations["encoder-trainer"]>> {
  const training = encoderTrainingJob(ctx, {
    progressIntervalMs: ctx.config.DERMANOMALY_ENCODER_PROGRESS_MS ?? DEFAULT_PROGRESS_MS,
  });
  return {
    StartTraining: (request) => training.start(request),
    Inspect: (request) => inspectEncoderFile(ctx, request),
  };
}
