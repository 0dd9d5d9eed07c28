// Original file: proto/dermanomaly/v1/scorer.proto

import type { ScoreSpec as _dermanomaly_v1_ScoreSpec, ScoreSpec__Output as _dermanomaly_v1_ScoreSpec__Output } from '../../dermanomaly/v1/ScoreSpec.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * One score sheet: the scores of every image of the set whose class is in the class map, for one spec.
 */
export interface ScoreSheet {
  /**
   * File-name tag, e.g. `izif_a0.5`, `distance_cosine_a1`, `pairwise_a0.5`, `afs_n5`, `hue-spread`; `_kappa<k>` is
   * appended when kappa is not 1.
   */
  'tag'?: (string);
  /**
   * What was computed, with its defaults filled in.
   */
  'spec'?: (_dermanomaly_v1_ScoreSpec | null);
  /**
   * The sheet as xlsx (sheets `scores` and `meta`).
   */
  'xlsx'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * The same rows as CSV (`score,label,image_name`).
   */
  'csv'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Number of rows (images scored).
   */
  'rows'?: (number);
}

/**
 * One score sheet: the scores of every image of the set whose class is in the class map, for one spec.
 */
export interface ScoreSheet__Output {
  /**
   * File-name tag, e.g. `izif_a0.5`, `distance_cosine_a1`, `pairwise_a0.5`, `afs_n5`, `hue-spread`; `_kappa<k>` is
   * appended when kappa is not 1.
   */
  'tag': (string);
  /**
   * What was computed, with its defaults filled in.
   */
  'spec': (_dermanomaly_v1_ScoreSpec__Output | null);
  /**
   * The sheet as xlsx (sheets `scores` and `meta`).
   */
  'xlsx': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * The same rows as CSV (`score,label,image_name`).
   */
  'csv': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Number of rows (images scored).
   */
  'rows': (number);
}
