// Original file: proto/dermanomaly/v1/scorer.proto

/**
 * Distance for SCORE_METHOD_DISTANCE, as scikit-learn's `pairwise_distances` metrics, on flattened vectors.
 */
export const DistanceMetric = {
  DISTANCE_METRIC_UNSPECIFIED: 'DISTANCE_METRIC_UNSPECIFIED',
  /**
   * `manhattan` (aliases `cityblock`, `l1`): sum |a - b|.
   */
  DISTANCE_METRIC_MANHATTAN: 'DISTANCE_METRIC_MANHATTAN',
  /**
   * `cosine`: 1 - a.b / (|a| |b|).
   */
  DISTANCE_METRIC_COSINE: 'DISTANCE_METRIC_COSINE',
  /**
   * `euclidean` (alias `l2`): sqrt(sum (a - b)^2).
   */
  DISTANCE_METRIC_EUCLIDEAN: 'DISTANCE_METRIC_EUCLIDEAN',
  /**
   * `sqeuclidean`: sum (a - b)^2.
   */
  DISTANCE_METRIC_SQEUCLIDEAN: 'DISTANCE_METRIC_SQEUCLIDEAN',
  /**
   * `chebyshev`: max |a - b|.
   */
  DISTANCE_METRIC_CHEBYSHEV: 'DISTANCE_METRIC_CHEBYSHEV',
  /**
   * `braycurtis`: sum |a - b| / sum |a + b|.
   */
  DISTANCE_METRIC_BRAYCURTIS: 'DISTANCE_METRIC_BRAYCURTIS',
  /**
   * `canberra`: sum |a - b| / (|a| + |b|), terms with a zero denominator skipped.
   */
  DISTANCE_METRIC_CANBERRA: 'DISTANCE_METRIC_CANBERRA',
  /**
   * `correlation`: 1 - Pearson correlation of a and b.
   */
  DISTANCE_METRIC_CORRELATION: 'DISTANCE_METRIC_CORRELATION',
  /**
   * `minkowski`: (sum |a - b|^p)^(1/p), p from `ScoreSpec.p`.
   */
  DISTANCE_METRIC_MINKOWSKI: 'DISTANCE_METRIC_MINKOWSKI',
} as const;

/**
 * Distance for SCORE_METHOD_DISTANCE, as scikit-learn's `pairwise_distances` metrics, on flattened vectors.
 */
export type DistanceMetric =
  | 'DISTANCE_METRIC_UNSPECIFIED'
  | 0
  /**
   * `manhattan` (aliases `cityblock`, `l1`): sum |a - b|.
   */
  | 'DISTANCE_METRIC_MANHATTAN'
  | 1
  /**
   * `cosine`: 1 - a.b / (|a| |b|).
   */
  | 'DISTANCE_METRIC_COSINE'
  | 2
  /**
   * `euclidean` (alias `l2`): sqrt(sum (a - b)^2).
   */
  | 'DISTANCE_METRIC_EUCLIDEAN'
  | 3
  /**
   * `sqeuclidean`: sum (a - b)^2.
   */
  | 'DISTANCE_METRIC_SQEUCLIDEAN'
  | 4
  /**
   * `chebyshev`: max |a - b|.
   */
  | 'DISTANCE_METRIC_CHEBYSHEV'
  | 5
  /**
   * `braycurtis`: sum |a - b| / sum |a + b|.
   */
  | 'DISTANCE_METRIC_BRAYCURTIS'
  | 6
  /**
   * `canberra`: sum |a - b| / (|a| + |b|), terms with a zero denominator skipped.
   */
  | 'DISTANCE_METRIC_CANBERRA'
  | 7
  /**
   * `correlation`: 1 - Pearson correlation of a and b.
   */
  | 'DISTANCE_METRIC_CORRELATION'
  | 8
  /**
   * `minkowski`: (sum |a - b|^p)^(1/p), p from `ScoreSpec.p`.
   */
  | 'DISTANCE_METRIC_MINKOWSKI'
  | 9

/**
 * Distance for SCORE_METHOD_DISTANCE, as scikit-learn's `pairwise_distances` metrics, on flattened vectors.
 */
export type DistanceMetric__Output = typeof DistanceMetric[keyof typeof DistanceMetric]
