// Original file: proto/dermanomaly/v1/scorer.proto

import type { ReconstructionModels as _dermanomaly_v1_ReconstructionModels, ReconstructionModels__Output as _dermanomaly_v1_ReconstructionModels__Output } from '../../dermanomaly/v1/ReconstructionModels.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { ScoreSpec as _dermanomaly_v1_ScoreSpec, ScoreSpec__Output as _dermanomaly_v1_ScoreSpec__Output } from '../../dermanomaly/v1/ScoreSpec.ts';

/**
 * Models and scores of an online scoring stream.
 */
export interface OnlineScoringConfig {
  /**
   * The networks, as the reconstructor's `Reconstruct` takes them: GAN and encoder checkpoints, which generator,
   * which noise (const by default). Required.
   */
  'models'?: (_dermanomaly_v1_ReconstructionModels | null);
  /**
   * `calibration.json` files (from Calibrate), one per score: each brings its score (the spec recorded in its
   * sheet's `meta`: method, metric, p, alpha, kappa, neighbours) and its threshold, so a photo gets that score raw and
   * normalised, and the decision. At least one of `calibrations` and `scores`.
   */
  'calibrations'?: (_dermanomaly_v1_Location)[];
  /**
   * Further scores, raw only (no threshold). afs and the own-class search need a set of images, not one photo: they
   * are refused here.
   */
  'scores'?: (_dermanomaly_v1_ScoreSpec)[];
  /**
   * Reference latents for als (`latent_vectors.csv` of the normal training images). Required by als.
   */
  'referenceLatents'?: (_dermanomaly_v1_Location | null);
}

/**
 * Models and scores of an online scoring stream.
 */
export interface OnlineScoringConfig__Output {
  /**
   * The networks, as the reconstructor's `Reconstruct` takes them: GAN and encoder checkpoints, which generator,
   * which noise (const by default). Required.
   */
  'models': (_dermanomaly_v1_ReconstructionModels__Output | null);
  /**
   * `calibration.json` files (from Calibrate), one per score: each brings its score (the spec recorded in its
   * sheet's `meta`: method, metric, p, alpha, kappa, neighbours) and its threshold, so a photo gets that score raw and
   * normalised, and the decision. At least one of `calibrations` and `scores`.
   */
  'calibrations': (_dermanomaly_v1_Location__Output)[];
  /**
   * Further scores, raw only (no threshold). afs and the own-class search need a set of images, not one photo: they
   * are refused here.
   */
  'scores': (_dermanomaly_v1_ScoreSpec__Output)[];
  /**
   * Reference latents for als (`latent_vectors.csv` of the normal training images). Required by als.
   */
  'referenceLatents': (_dermanomaly_v1_Location__Output | null);
}
