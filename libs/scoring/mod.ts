/**
 * Anomaly scores of the images of a reconstruction set (izif, scikit-learn distances, PyTorch's pairwise distance,
 * afs and als against reference latents, and a naive hue-spread baseline), score sheets (.xlsx with a CSV beside,
 * read back with errors naming file, column and row), and calibrated thresholds fitted on held-out normal images.
 * Loads no TF.js: the generator and discriminator that `afs` needs come in as a function.
 *
 * @example
 * ```ts
 * import { readReconstructionSet } from "@dermanomaly/reconstruction";
 * import { scoreReconstructionSet, writeScoreSheet } from "@dermanomaly/scoring";
 *
 * const set = await readReconstructionSet("runs/rec-1/set");
 * const { sheets } = await scoreReconstructionSet(set, [{ method: "izif", alpha: 0.5 }, { method: "hue-spread" }]);
 * for (const sheet of sheets) await writeScoreSheet(sheet, `runs/scores/${sheet.tag}.xlsx`);
 * ```
 *
 * @module
 */
export * from "./calibration.ts";
export * from "./calibration_match.ts";
export * from "./distance.ts";
export * from "./hue_spread.ts";
export * from "./image_score.ts";
export * from "./labels.ts";
export * from "./reference_latents.ts";
export * from "./score_set.ts";
export * from "./score_spec.ts";
export * from "./sheet.ts";
