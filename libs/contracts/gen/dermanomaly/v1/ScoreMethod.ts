// Original file: proto/dermanomaly/v1/scorer.proto

/**
 * An anomaly score (the original's score scripts).
 */
export const ScoreMethod = {
  SCORE_METHOD_UNSPECIFIED: 'SCORE_METHOD_UNSPECIFIED',
  /**
   * `izif`: alpha * mean((x - G(E(x)))^2) + kappa * mean((f(x) - f(G(E(x))))^2).
   */
  SCORE_METHOD_IZIF: 'SCORE_METHOD_IZIF',
  /**
   * Distance score: alpha * d(x, G(E(x))) + kappa * d(f(x), f(G(E(x)))) with a `DistanceMetric` d, each image
   * against its own reconstruction (the original compared whole batches: a bug not reproduced).
   */
  SCORE_METHOD_DISTANCE: 'SCORE_METHOD_DISTANCE',
  /**
   * `pairwise`: PyTorch `PairwiseDistance(p=2)`, ||a - b + 1e-6||_2, for both terms, weighted alpha and kappa.
   */
  SCORE_METHOD_PAIRWISE: 'SCORE_METHOD_PAIRWISE',
  /**
   * `afs`: mean feature distance to the generations of the `neighbours` nearest latents of the training set.
   */
  SCORE_METHOD_AFS: 'SCORE_METHOD_AFS',
  /**
   * `als`: mean of the `neighbours` smallest latent distances to the training set's latents.
   */
  SCORE_METHOD_ALS: 'SCORE_METHOD_ALS',
} as const;

/**
 * An anomaly score (the original's score scripts).
 */
export type ScoreMethod =
  | 'SCORE_METHOD_UNSPECIFIED'
  | 0
  /**
   * `izif`: alpha * mean((x - G(E(x)))^2) + kappa * mean((f(x) - f(G(E(x))))^2).
   */
  | 'SCORE_METHOD_IZIF'
  | 1
  /**
   * Distance score: alpha * d(x, G(E(x))) + kappa * d(f(x), f(G(E(x)))) with a `DistanceMetric` d, each image
   * against its own reconstruction (the original compared whole batches: a bug not reproduced).
   */
  | 'SCORE_METHOD_DISTANCE'
  | 2
  /**
   * `pairwise`: PyTorch `PairwiseDistance(p=2)`, ||a - b + 1e-6||_2, for both terms, weighted alpha and kappa.
   */
  | 'SCORE_METHOD_PAIRWISE'
  | 3
  /**
   * `afs`: mean feature distance to the generations of the `neighbours` nearest latents of the training set.
   */
  | 'SCORE_METHOD_AFS'
  | 4
  /**
   * `als`: mean of the `neighbours` smallest latent distances to the training set's latents.
   */
  | 'SCORE_METHOD_ALS'
  | 5

/**
 * An anomaly score (the original's score scripts).
 */
export type ScoreMethod__Output = typeof ScoreMethod[keyof typeof ScoreMethod]
