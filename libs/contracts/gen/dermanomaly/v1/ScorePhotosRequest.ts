// Original file: proto/dermanomaly/v1/scorer.proto

import type { OnlineScoringConfig as _dermanomaly_v1_OnlineScoringConfig, OnlineScoringConfig__Output as _dermanomaly_v1_OnlineScoringConfig__Output } from '../../dermanomaly/v1/OnlineScoringConfig.ts';
import type { PhotoToScore as _dermanomaly_v1_PhotoToScore, PhotoToScore__Output as _dermanomaly_v1_PhotoToScore__Output } from '../../dermanomaly/v1/PhotoToScore.ts';

/**
 * One message of an online scoring stream: the config first, then photos.
 */
export interface ScorePhotosRequest {
  /**
   * What to score with; the first message, and only that one.
   */
  'config'?: (_dermanomaly_v1_OnlineScoringConfig | null);
  /**
   * A photo to score.
   */
  'photo'?: (_dermanomaly_v1_PhotoToScore | null);
  'kind'?: "config"|"photo";
}

/**
 * One message of an online scoring stream: the config first, then photos.
 */
export interface ScorePhotosRequest__Output {
  /**
   * What to score with; the first message, and only that one.
   */
  'config'?: (_dermanomaly_v1_OnlineScoringConfig__Output | null);
  /**
   * A photo to score.
   */
  'photo'?: (_dermanomaly_v1_PhotoToScore__Output | null);
  'kind'?: "config"|"photo";
}
