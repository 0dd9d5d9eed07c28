/**
 * The preprocess stage: folders or zips of lesion photos in, StyleGAN data sets out (as `dataset_tool.py`), stored
 * as artifacts and announced with a `dermanomaly.events.preprocess.dataset_prepared` event.
 *
 * @example
 * ```ts
 * import { serveStage } from "@dermanomaly/runtime";
 * import { PREPROCESS_CONFIG, preprocessHandlers } from "@dermanomaly/service-preprocess";
 * await serveStage("preprocess", preprocessHandlers, { config: PREPROCESS_CONFIG });
 * ```
 *
 * @module
 */
import type { ServiceImplementations } from "@dermanomaly/contracts";
import { DEFAULT_ZIP_LIMITS } from "@dermanomaly/dataset";
import { type AsyncHandlers, type ConfigValues, int, type StageContext } from "@dermanomaly/runtime";
import { preparationJob } from "./prepare_job.ts";

export * from "./options.ts";
export * from "./prepare_job.ts";

/** The preprocess stage's own environment variables: the limits on zip sources (zip bombs are refused). */
export const PREPROCESS_CONFIG = {
  DERMANOMALY_ZIP_MAX_ENTRY_BYTES: int({
    default: DEFAULT_ZIP_LIMITS.maxEntryBytes,
    min: 1,
    description: "Largest uncompressed size of one entry of a zip source",
  }),
  DERMANOMALY_ZIP_MAX_RATIO: int({
    default: DEFAULT_ZIP_LIMITS.maxRatio,
    min: 1,
    description: "Largest compression ratio of a zip source's entries over 1 MiB",
  }),
};

/** The preprocess stage's methods: `StartPrepareDataset` (Watch, Cancel and GetJob come from the kit). */
export function preprocessHandlers(
  ctx: StageContext<StageContext["config"] & Partial<ConfigValues<typeof PREPROCESS_CONFIG>>, "preprocess">,
): Partial<AsyncHandlers<ServiceImplementations["preprocess"]>> {
  const preparation = preparationJob(ctx, {
    maxEntryBytes: ctx.config.DERMANOMALY_ZIP_MAX_ENTRY_BYTES ?? DEFAULT_ZIP_LIMITS.maxEntryBytes,
    maxRatio: ctx.config.DERMANOMALY_ZIP_MAX_RATIO ?? DEFAULT_ZIP_LIMITS.maxRatio,
  });
  return { StartPrepareDataset: (request) => preparation.start(request) };
}
