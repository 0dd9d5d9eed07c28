// Original file: proto/dermanomaly/v1/encoder_trainer.proto

/**
 * Which generator of the GAN checkpoint E trains against.
 */
export const TrainingGenerator = {
  /**
   * The default: TRAINING_GENERATOR_G_EMA.
   */
  TRAINING_GENERATOR_UNSPECIFIED: 'TRAINING_GENERATOR_UNSPECIFIED',
  /**
   * `G_ema`, the moving average of G's weights (NVIDIA's choice for drawing images).
   */
  TRAINING_GENERATOR_G_EMA: 'TRAINING_GENERATOR_G_EMA',
  /**
   * `G`, the generator as trained (the original's encoder trains against `pickle['G']`).
   */
  TRAINING_GENERATOR_G: 'TRAINING_GENERATOR_G',
} as const;

/**
 * Which generator of the GAN checkpoint E trains against.
 */
export type TrainingGenerator =
  /**
   * The default: TRAINING_GENERATOR_G_EMA.
   */
  | 'TRAINING_GENERATOR_UNSPECIFIED'
  | 0
  /**
   * `G_ema`, the moving average of G's weights (NVIDIA's choice for drawing images).
   */
  | 'TRAINING_GENERATOR_G_EMA'
  | 1
  /**
   * `G`, the generator as trained (the original's encoder trains against `pickle['G']`).
   */
  | 'TRAINING_GENERATOR_G'
  | 2

/**
 * Which generator of the GAN checkpoint E trains against.
 */
export type TrainingGenerator__Output = typeof TrainingGenerator[keyof typeof TrainingGenerator]
