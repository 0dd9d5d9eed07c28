// Original file: proto/dermanomaly/v1/scorer.proto

import type { ScoreMethod as _dermanomaly_v1_ScoreMethod, ScoreMethod__Output as _dermanomaly_v1_ScoreMethod__Output } from '../../dermanomaly/v1/ScoreMethod.ts';
import type { DistanceMetric as _dermanomaly_v1_DistanceMetric, DistanceMetric__Output as _dermanomaly_v1_DistanceMetric__Output } from '../../dermanomaly/v1/DistanceMetric.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Threshold as _dermanomaly_v1_Threshold, Threshold__Output as _dermanomaly_v1_Threshold__Output } from '../../dermanomaly/v1/Threshold.ts';

/**
 * One score sheet: the scores of every test image for one method, metric and alpha.
 */
export interface ScoreSheet {
  /**
   * File-name tag, e.g. `izif_a0.5`, `distance_cosine_a1`, `pairwise_a0.5`.
   */
  'tag'?: (string);
  /**
   * Score method.
   */
  'method'?: (_dermanomaly_v1_ScoreMethod);
  /**
   * Distance metric (SCORE_METHOD_DISTANCE only).
   */
  'metric'?: (_dermanomaly_v1_DistanceMetric);
  /**
   * Pixel-term weight.
   */
  'alpha'?: (number | string);
  /**
   * Feature-term weight.
   */
  'kappa'?: (number | string);
  /**
   * The sheet as xlsx (columns `score`, `label`, `image_name`; readable by the original notebooks).
   */
  'xlsx'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * The same rows as CSV.
   */
  'csv'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Number of rows.
   */
  'rows'?: (number);
  /**
   * Calibrated threshold, when calibration was asked for.
   */
  'threshold'?: (_dermanomaly_v1_Threshold | null);
}

/**
 * One score sheet: the scores of every test image for one method, metric and alpha.
 */
export interface ScoreSheet__Output {
  /**
   * File-name tag, e.g. `izif_a0.5`, `distance_cosine_a1`, `pairwise_a0.5`.
   */
  'tag': (string);
  /**
   * Score method.
   */
  'method': (_dermanomaly_v1_ScoreMethod__Output);
  /**
   * Distance metric (SCORE_METHOD_DISTANCE only).
   */
  'metric': (_dermanomaly_v1_DistanceMetric__Output);
  /**
   * Pixel-term weight.
   */
  'alpha': (number);
  /**
   * Feature-term weight.
   */
  'kappa': (number);
  /**
   * The sheet as xlsx (columns `score`, `label`, `image_name`; readable by the original notebooks).
   */
  'xlsx': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * The same rows as CSV.
   */
  'csv': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Number of rows.
   */
  'rows': (number);
  /**
   * Calibrated threshold, when calibration was asked for.
   */
  'threshold': (_dermanomaly_v1_Threshold__Output | null);
}
