// Original file: proto/dermanomaly/v1/reconstructor.proto

/**
 * Which generator of a GAN checkpoint runs.
 */
export const GeneratorChoice = {
  /**
   * The one the encoder was trained against (its `lineage` metadata), else G_EMA.
   */
  GENERATOR_CHOICE_UNSPECIFIED: 'GENERATOR_CHOICE_UNSPECIFIED',
  /**
   * The moving average of the generator's weights (NVIDIA's choice for sampling).
   */
  GENERATOR_CHOICE_G_EMA: 'GENERATOR_CHOICE_G_EMA',
  /**
   * The training generator (the original's encoder trains against `pickle['G']`).
   */
  GENERATOR_CHOICE_G: 'GENERATOR_CHOICE_G',
} as const;

/**
 * Which generator of a GAN checkpoint runs.
 */
export type GeneratorChoice =
  /**
   * The one the encoder was trained against (its `lineage` metadata), else G_EMA.
   */
  | 'GENERATOR_CHOICE_UNSPECIFIED'
  | 0
  /**
   * The moving average of the generator's weights (NVIDIA's choice for sampling).
   */
  | 'GENERATOR_CHOICE_G_EMA'
  | 1
  /**
   * The training generator (the original's encoder trains against `pickle['G']`).
   */
  | 'GENERATOR_CHOICE_G'
  | 2

/**
 * Which generator of a GAN checkpoint runs.
 */
export type GeneratorChoice__Output = typeof GeneratorChoice[keyof typeof GeneratorChoice]
