// Original file: proto/dermanomaly/v1/common.proto

/**
 * Which discriminator features f(.) the izif loss and feature scores compare (STYLEGAN2.md section 3.7).
 */
export const FeatureLayer = {
  /**
   * The default: FEATURE_LAYER_B8.
   */
  FEATURE_LAYER_UNSPECIFIED: 'FEATURE_LAYER_UNSPECIFIED',
  /**
   * Output of block b8, [N, 512, 4, 4] = 8192 values per image, taken before minibatch-stddev, so independent of the
   * other images of the batch. Matches the original `train_encoder.py`.
   */
  FEATURE_LAYER_B8: 'FEATURE_LAYER_B8',
  /**
   * Epilogue fully-connected output, [N, 512]: downstream of minibatch-stddev, so it depends on grouping.
   */
  FEATURE_LAYER_FC: 'FEATURE_LAYER_FC',
} as const;

/**
 * Which discriminator features f(.) the izif loss and feature scores compare (STYLEGAN2.md section 3.7).
 */
export type FeatureLayer =
  /**
   * The default: FEATURE_LAYER_B8.
   */
  | 'FEATURE_LAYER_UNSPECIFIED'
  | 0
  /**
   * Output of block b8, [N, 512, 4, 4] = 8192 values per image, taken before minibatch-stddev, so independent of the
   * other images of the batch. Matches the original `train_encoder.py`.
   */
  | 'FEATURE_LAYER_B8'
  | 1
  /**
   * Epilogue fully-connected output, [N, 512]: downstream of minibatch-stddev, so it depends on grouping.
   */
  | 'FEATURE_LAYER_FC'
  | 2

/**
 * Which discriminator features f(.) the izif loss and feature scores compare (STYLEGAN2.md section 3.7).
 */
export type FeatureLayer__Output = typeof FeatureLayer[keyof typeof FeatureLayer]
