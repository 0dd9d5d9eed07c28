// Original file: proto/dermanomaly/v1/scorer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { ScoreSpec as _dermanomaly_v1_ScoreSpec, ScoreSpec__Output as _dermanomaly_v1_ScoreSpec__Output } from '../../dermanomaly/v1/ScoreSpec.ts';
import type { NoiseMode as _dermanomaly_v1_NoiseMode, NoiseMode__Output as _dermanomaly_v1_NoiseMode__Output } from '../../dermanomaly/v1/NoiseMode.ts';

/**
 * Models and scores of an online scoring stream.
 */
export interface OnlineScoringConfig {
  /**
   * Encoder checkpoint, as the reconstructor's `Reconstruct` takes it. Required.
   */
  'encoder'?: (_dermanomaly_v1_Location | null);
  /**
   * GAN checkpoint (G and D), as the reconstructor's `Reconstruct` takes it. Required.
   */
  'gan'?: (_dermanomaly_v1_Location | null);
  /**
   * `calibration.json` files (from Calibrate), one per score: each brings its score (the spec recorded in its
   * sheet's `meta`: method, metric, p, alpha, kappa, neighbours) and its threshold, so a photo gets that score raw and
   * normalised, and the decision. At least one of `calibrations` and `scores`.
   */
  'calibrations'?: (_dermanomaly_v1_Location)[];
  /**
   * Further scores, raw only (no threshold). afs and the own-class search are not available online.
   */
  'scores'?: (_dermanomaly_v1_ScoreSpec)[];
  /**
   * Reference latents for als (`latent_vectors.csv` of the normal training images). Required by als.
   */
  'referenceLatents'?: (_dermanomaly_v1_Location | null);
  /**
   * Generator noise for the reconstructions. Default NOISE_MODE_CONST.
   */
  'noiseMode'?: (_dermanomaly_v1_NoiseMode);
}

/**
 * Models and scores of an online scoring stream.
 */
export interface OnlineScoringConfig__Output {
  /**
   * Encoder checkpoint, as the reconstructor's `Reconstruct` takes it. Required.
   */
  'encoder': (_dermanomaly_v1_Location__Output | null);
  /**
   * GAN checkpoint (G and D), as the reconstructor's `Reconstruct` takes it. Required.
   */
  'gan': (_dermanomaly_v1_Location__Output | null);
  /**
   * `calibration.json` files (from Calibrate), one per score: each brings its score (the spec recorded in its
   * sheet's `meta`: method, metric, p, alpha, kappa, neighbours) and its threshold, so a photo gets that score raw and
   * normalised, and the decision. At least one of `calibrations` and `scores`.
   */
  'calibrations': (_dermanomaly_v1_Location__Output)[];
  /**
   * Further scores, raw only (no threshold). afs and the own-class search are not available online.
   */
  'scores': (_dermanomaly_v1_ScoreSpec__Output)[];
  /**
   * Reference latents for als (`latent_vectors.csv` of the normal training images). Required by als.
   */
  'referenceLatents': (_dermanomaly_v1_Location__Output | null);
  /**
   * Generator noise for the reconstructions. Default NOISE_MODE_CONST.
   */
  'noiseMode': (_dermanomaly_v1_NoiseMode__Output);
}
