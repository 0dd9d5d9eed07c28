/**
 * The scorer stage: anomaly scores of reconstruction sets as score sheets (`StartScoring`: izif, scikit-learn
 * distances, PyTorch's pairwise distance, afs and als against reference latents, the hue-spread baseline; one
 * `.xlsx` + `.csv` per score, stored with lineage and announced with `scores_computed`), and calibrations fitted on
 * held-out normal images' scores (`Calibrate`: `calibration.json`), and online scoring of photos of any size through
 * the reconstructor (`ScorePhotos`: raw and normalised scores, decisions at the calibrated thresholds, residual maps).
 *
 * @example
 * ```ts
 * import { serveStage } from "@dermanomaly/runtime";
 * import { scorerHandlers } from "@dermanomaly/service-scorer";
 * await serveStage("scorer", scorerHandlers);
 * ```
 *
 * @module
 */
import type { ServiceImplementations } from "@dermanomaly/contracts";
import type { AsyncHandlers, StageContext } from "@dermanomaly/runtime";
import { calibrate } from "./calibrate.ts";
import { scoringJob } from "./score_job.ts";
import { scorePhotos } from "./score_photos.ts";

export * from "./calibrate.ts";
export * from "./generation_features.ts";
export * from "./model_input.ts";
export * from "./options.ts";
export * from "./prepare_photo.ts";
export * from "./score_job.ts";
export * from "./score_photos.ts";
export * from "./set_input.ts";

/** The scorer's methods: `StartScoring`, `Calibrate`, `ScorePhotos` (Watch, Cancel and GetJob come from the kit). */
export function scorerHandlers(
  ctx: StageContext<StageContext["config"], "scorer">,
): Partial<AsyncHandlers<ServiceImplementations["scorer"]>> {
  const scoring = scoringJob(ctx);
  return {
    StartScoring: (request) => scoring.start(request),
    Calibrate: (request) => calibrate(ctx, request),
    ScorePhotos: (requests, call) => scorePhotos(ctx, requests, call),
  };
}
