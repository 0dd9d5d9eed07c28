// Original file: proto/dermanomaly/v1/scorer.proto

import type { ScoreMethod as _dermanomaly_v1_ScoreMethod, ScoreMethod__Output as _dermanomaly_v1_ScoreMethod__Output } from '../../dermanomaly/v1/ScoreMethod.ts';
import type { DistanceMetric as _dermanomaly_v1_DistanceMetric, DistanceMetric__Output as _dermanomaly_v1_DistanceMetric__Output } from '../../dermanomaly/v1/DistanceMetric.ts';

/**
 * One score to compute: one sheet. Options that do not apply to the method must be left unset (INVALID_ARGUMENT
 * otherwise), so a request says exactly what it computes.
 */
export interface ScoreSpec {
  /**
   * The score. Required.
   */
  'method'?: (_dermanomaly_v1_ScoreMethod);
  /**
   * Distance, for SCORE_METHOD_DISTANCE only (required there).
   */
  'metric'?: (_dermanomaly_v1_DistanceMetric);
  /**
   * Minkowski order, for DISTANCE_METRIC_MINKOWSKI only, >= 1. 0 = 2.
   */
  'p'?: (number | string);
  /**
   * Weight of the pixel term (izif, distance, pairwise), finite and >= 0. Unset = 1.
   */
  'alpha'?: (number | string);
  /**
   * Weight of the feature term (izif, distance, pairwise), finite and >= 0, not 0 together with alpha. Unset = 1.
   */
  'kappa'?: (number | string);
  /**
   * Neighbours of afs and als. 0 = 5.
   */
  'neighbours'?: (number);
  /**
   * afs and als only: search the neighbours among the other images of the scored image's own class, as the
   * original did, instead of the reference latents. It uses the label the score should predict, so its AUC is not
   * an honest estimate: only for reproducing the original's numbers. Default false.
   */
  'originalOwnClassSearch'?: (boolean);
  /**
   * izif and pairwise only: weight the pixel term by a Gaussian centred on the image, sigma this fraction of the
   * image's side (weights averaging 1), so the lesion counts more than the skin, hair and vignetting around it (it
   * assumes the lesion near the centre, as dermoscopy photos and the centre crop have it). The tag gets `_c<sigma>`.
   * 0 = every pixel alike, as the original.
   */
  'centreSigma'?: (number | string);
  '_alpha'?: "alpha";
  '_kappa'?: "kappa";
}

/**
 * One score to compute: one sheet. Options that do not apply to the method must be left unset (INVALID_ARGUMENT
 * otherwise), so a request says exactly what it computes.
 */
export interface ScoreSpec__Output {
  /**
   * The score. Required.
   */
  'method': (_dermanomaly_v1_ScoreMethod__Output);
  /**
   * Distance, for SCORE_METHOD_DISTANCE only (required there).
   */
  'metric': (_dermanomaly_v1_DistanceMetric__Output);
  /**
   * Minkowski order, for DISTANCE_METRIC_MINKOWSKI only, >= 1. 0 = 2.
   */
  'p': (number);
  /**
   * Weight of the pixel term (izif, distance, pairwise), finite and >= 0. Unset = 1.
   */
  'alpha'?: (number);
  /**
   * Weight of the feature term (izif, distance, pairwise), finite and >= 0, not 0 together with alpha. Unset = 1.
   */
  'kappa'?: (number);
  /**
   * Neighbours of afs and als. 0 = 5.
   */
  'neighbours': (number);
  /**
   * afs and als only: search the neighbours among the other images of the scored image's own class, as the
   * original did, instead of the reference latents. It uses the label the score should predict, so its AUC is not
   * an honest estimate: only for reproducing the original's numbers. Default false.
   */
  'originalOwnClassSearch': (boolean);
  /**
   * izif and pairwise only: weight the pixel term by a Gaussian centred on the image, sigma this fraction of the
   * image's side (weights averaging 1), so the lesion counts more than the skin, hair and vignetting around it (it
   * assumes the lesion near the centre, as dermoscopy photos and the centre crop have it). The tag gets `_c<sigma>`.
   * 0 = every pixel alike, as the original.
   */
  'centreSigma': (number);
  '_alpha'?: "alpha";
  '_kappa'?: "kappa";
}
