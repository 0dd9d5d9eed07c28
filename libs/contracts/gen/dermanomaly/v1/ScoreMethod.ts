// Original file: proto/dermanomaly/v1/scorer.proto

/**
 * An anomaly score (the original's score scripts, and a naive baseline).
 */
export const ScoreMethod = {
  SCORE_METHOD_UNSPECIFIED: 'SCORE_METHOD_UNSPECIFIED',
  /**
   * `izif`: alpha * mean((x - G(E(x)))^2) + kappa * mean((f(x) - f(G(E(x))))^2), the pixel term from G's
   * unquantised output (the set's `pixel_mse`).
   */
  SCORE_METHOD_IZIF: 'SCORE_METHOD_IZIF',
  /**
   * `distance`: alpha * d(x, G(E(x))) + kappa * d(f(x), f(G(E(x)))) with a `DistanceMetric` d, each image against its
   * own reconstruction (the original compared whole batches: a bug not reproduced); pixels read from the set's PNGs
   * as v / 127.5 - 1.
   */
  SCORE_METHOD_DISTANCE: 'SCORE_METHOD_DISTANCE',
  /**
   * `pairwise`: PyTorch's `PairwiseDistance(p=2)`, ||a - b + 1e-6||_2, for both terms, weighted alpha and kappa.
   */
  SCORE_METHOD_PAIRWISE: 'SCORE_METHOD_PAIRWISE',
  /**
   * `afs`: mean over the `neighbours` reference latents nearest E(x) of mean((f(x) - f(G(z)))^2); runs G and D.
   */
  SCORE_METHOD_AFS: 'SCORE_METHOD_AFS',
  /**
   * `als`: mean of the `neighbours` smallest euclidean distances from E(x) to the reference latents.
   */
  SCORE_METHOD_ALS: 'SCORE_METHOD_ALS',
  /**
   * `hue-spread`: the naive colour baseline, the circular spread of hue inside the lesion of x (no model), shown
   * beside each method's AUC in reports.
   */
  SCORE_METHOD_HUE_SPREAD: 'SCORE_METHOD_HUE_SPREAD',
} as const;

/**
 * An anomaly score (the original's score scripts, and a naive baseline).
 */
export type ScoreMethod =
  | 'SCORE_METHOD_UNSPECIFIED'
  | 0
  /**
   * `izif`: alpha * mean((x - G(E(x)))^2) + kappa * mean((f(x) - f(G(E(x))))^2), the pixel term from G's
   * unquantised output (the set's `pixel_mse`).
   */
  | 'SCORE_METHOD_IZIF'
  | 1
  /**
   * `distance`: alpha * d(x, G(E(x))) + kappa * d(f(x), f(G(E(x)))) with a `DistanceMetric` d, each image against its
   * own reconstruction (the original compared whole batches: a bug not reproduced); pixels read from the set's PNGs
   * as v / 127.5 - 1.
   */
  | 'SCORE_METHOD_DISTANCE'
  | 2
  /**
   * `pairwise`: PyTorch's `PairwiseDistance(p=2)`, ||a - b + 1e-6||_2, for both terms, weighted alpha and kappa.
   */
  | 'SCORE_METHOD_PAIRWISE'
  | 3
  /**
   * `afs`: mean over the `neighbours` reference latents nearest E(x) of mean((f(x) - f(G(z)))^2); runs G and D.
   */
  | 'SCORE_METHOD_AFS'
  | 4
  /**
   * `als`: mean of the `neighbours` smallest euclidean distances from E(x) to the reference latents.
   */
  | 'SCORE_METHOD_ALS'
  | 5
  /**
   * `hue-spread`: the naive colour baseline, the circular spread of hue inside the lesion of x (no model), shown
   * beside each method's AUC in reports.
   */
  | 'SCORE_METHOD_HUE_SPREAD'
  | 6

/**
 * An anomaly score (the original's score scripts, and a naive baseline).
 */
export type ScoreMethod__Output = typeof ScoreMethod[keyof typeof ScoreMethod]
