// Original file: proto/dermanomaly/v1/scorer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { ScoreMethod as _dermanomaly_v1_ScoreMethod, ScoreMethod__Output as _dermanomaly_v1_ScoreMethod__Output } from '../../dermanomaly/v1/ScoreMethod.ts';
import type { DistanceMetric as _dermanomaly_v1_DistanceMetric, DistanceMetric__Output as _dermanomaly_v1_DistanceMetric__Output } from '../../dermanomaly/v1/DistanceMetric.ts';
import type { NoiseMode as _dermanomaly_v1_NoiseMode, NoiseMode__Output as _dermanomaly_v1_NoiseMode__Output } from '../../dermanomaly/v1/NoiseMode.ts';
import type { FeatureLayer as _dermanomaly_v1_FeatureLayer, FeatureLayer__Output as _dermanomaly_v1_FeatureLayer__Output } from '../../dermanomaly/v1/FeatureLayer.ts';
import type { ThresholdCalibration as _dermanomaly_v1_ThresholdCalibration, ThresholdCalibration__Output as _dermanomaly_v1_ThresholdCalibration__Output } from '../../dermanomaly/v1/ThresholdCalibration.ts';
import type { ExecutionProvider as _dermanomaly_v1_ExecutionProvider, ExecutionProvider__Output as _dermanomaly_v1_ExecutionProvider__Output } from '../../dermanomaly/v1/ExecutionProvider.ts';

/**
 * Options of one scoring job.
 */
export interface StartScoringRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId'?: (string);
  /**
   * Test images at the generator's resolution: a folder with one subfolder per class (e.g. `NEV/`, `MEL/`), or a
   * StyleGAN dataset (from PreprocessService) whose `dataset.json` labels give the `label` column. Required.
   */
  'images'?: (_dermanomaly_v1_Location | null);
  /**
   * Labels per class folder, written to the `label` column (class folders only; a dataset brings its labels).
   * Empty = {NEV: 0, MEL: 1}; images in other folders are skipped.
   */
  'classMap'?: ({[key: string]: number});
  /**
   * Encoder checkpoint. Required.
   */
  'encoder'?: (_dermanomaly_v1_Location | null);
  /**
   * Generator checkpoint. Required.
   */
  'generator'?: (_dermanomaly_v1_Location | null);
  /**
   * Discriminator checkpoint for f(.). Unset = the D stored in `generator`'s checkpoint.
   */
  'discriminator'?: (_dermanomaly_v1_Location | null);
  /**
   * Scores to compute. Empty = [SCORE_METHOD_IZIF, SCORE_METHOD_PAIRWISE].
   */
  'methods'?: (_dermanomaly_v1_ScoreMethod)[];
  /**
   * Metrics for SCORE_METHOD_DISTANCE, one sheet each. Empty = [MANHATTAN, COSINE, EUCLIDEAN].
   */
  'metrics'?: (_dermanomaly_v1_DistanceMetric)[];
  /**
   * Weights of the pixel term, one sheet each. Empty = [0, 0.5, 1].
   */
  'alphas'?: (number | string)[];
  /**
   * Weight of the feature term. Unset = 1.
   */
  'kappa'?: (number | string);
  /**
   * Generator noise for the reconstructions. Default NOISE_MODE_CONST.
   */
  'noiseMode'?: (_dermanomaly_v1_NoiseMode);
  /**
   * Which discriminator features f(.) compares. Default FEATURE_LAYER_B8.
   */
  'featureLayer'?: (_dermanomaly_v1_FeatureLayer);
  /**
   * Neighbours for SCORE_METHOD_AFS and SCORE_METHOD_ALS. 0 = 5.
   */
  'neighbours'?: (number);
  /**
   * Training-set latents (`latent_vectors.csv` of the normal training images) for AFS and ALS. Required for them.
   */
  'trainLatents'?: (_dermanomaly_v1_Location | null);
  /**
   * Threshold calibration on normal validation images. Unset = none.
   */
  'calibration'?: (_dermanomaly_v1_ThresholdCalibration | null);
  /**
   * Output prefix for the sheets `<tag>.xlsx` (and `<tag>.csv`), columns `score`, `label`, `image_name`.
   * Empty = the service's run store.
   */
  'output'?: (_dermanomaly_v1_Location | null);
  /**
   * Images per inference batch. 0 = 16.
   */
  'batchSize'?: (number);
  /**
   * ONNX Runtime execution provider. Default EXECUTION_PROVIDER_AUTO.
   */
  'executionProvider'?: (_dermanomaly_v1_ExecutionProvider);
  /**
   * Reconstructions already made by ReconstructorService for these images (its output prefix: `generated_img/`
   * under the same names, and `latent_vectors.csv`), so both stages score the very same G(E(x)). Unset = the
   * scorer reconstructs the images itself with `encoder`, `generator` and `noise_mode`.
   */
  'reconstructions'?: (_dermanomaly_v1_Location | null);
  '_kappa'?: "kappa";
}

/**
 * Options of one scoring job.
 */
export interface StartScoringRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId': (string);
  /**
   * Test images at the generator's resolution: a folder with one subfolder per class (e.g. `NEV/`, `MEL/`), or a
   * StyleGAN dataset (from PreprocessService) whose `dataset.json` labels give the `label` column. Required.
   */
  'images': (_dermanomaly_v1_Location__Output | null);
  /**
   * Labels per class folder, written to the `label` column (class folders only; a dataset brings its labels).
   * Empty = {NEV: 0, MEL: 1}; images in other folders are skipped.
   */
  'classMap': ({[key: string]: number});
  /**
   * Encoder checkpoint. Required.
   */
  'encoder': (_dermanomaly_v1_Location__Output | null);
  /**
   * Generator checkpoint. Required.
   */
  'generator': (_dermanomaly_v1_Location__Output | null);
  /**
   * Discriminator checkpoint for f(.). Unset = the D stored in `generator`'s checkpoint.
   */
  'discriminator': (_dermanomaly_v1_Location__Output | null);
  /**
   * Scores to compute. Empty = [SCORE_METHOD_IZIF, SCORE_METHOD_PAIRWISE].
   */
  'methods': (_dermanomaly_v1_ScoreMethod__Output)[];
  /**
   * Metrics for SCORE_METHOD_DISTANCE, one sheet each. Empty = [MANHATTAN, COSINE, EUCLIDEAN].
   */
  'metrics': (_dermanomaly_v1_DistanceMetric__Output)[];
  /**
   * Weights of the pixel term, one sheet each. Empty = [0, 0.5, 1].
   */
  'alphas': (number)[];
  /**
   * Weight of the feature term. Unset = 1.
   */
  'kappa'?: (number);
  /**
   * Generator noise for the reconstructions. Default NOISE_MODE_CONST.
   */
  'noiseMode': (_dermanomaly_v1_NoiseMode__Output);
  /**
   * Which discriminator features f(.) compares. Default FEATURE_LAYER_B8.
   */
  'featureLayer': (_dermanomaly_v1_FeatureLayer__Output);
  /**
   * Neighbours for SCORE_METHOD_AFS and SCORE_METHOD_ALS. 0 = 5.
   */
  'neighbours': (number);
  /**
   * Training-set latents (`latent_vectors.csv` of the normal training images) for AFS and ALS. Required for them.
   */
  'trainLatents': (_dermanomaly_v1_Location__Output | null);
  /**
   * Threshold calibration on normal validation images. Unset = none.
   */
  'calibration': (_dermanomaly_v1_ThresholdCalibration__Output | null);
  /**
   * Output prefix for the sheets `<tag>.xlsx` (and `<tag>.csv`), columns `score`, `label`, `image_name`.
   * Empty = the service's run store.
   */
  'output': (_dermanomaly_v1_Location__Output | null);
  /**
   * Images per inference batch. 0 = 16.
   */
  'batchSize': (number);
  /**
   * ONNX Runtime execution provider. Default EXECUTION_PROVIDER_AUTO.
   */
  'executionProvider': (_dermanomaly_v1_ExecutionProvider__Output);
  /**
   * Reconstructions already made by ReconstructorService for these images (its output prefix: `generated_img/`
   * under the same names, and `latent_vectors.csv`), so both stages score the very same G(E(x)). Unset = the
   * scorer reconstructs the images itself with `encoder`, `generator` and `noise_mode`.
   */
  'reconstructions': (_dermanomaly_v1_Location__Output | null);
  '_kappa'?: "kappa";
}
