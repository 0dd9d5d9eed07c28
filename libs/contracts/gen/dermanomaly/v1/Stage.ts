// Original file: proto/dermanomaly/v1/orchestrator.proto

/**
 * A pipeline stage, in running order.
 */
export const Stage = {
  /**
   * Not a stage.
   */
  STAGE_UNSPECIFIED: 'STAGE_UNSPECIFIED',
  /**
   * PreprocessService: training (and test) datasets.
   */
  STAGE_PREPARE: 'STAGE_PREPARE',
  /**
   * GanTrainerService: generator and discriminator.
   */
  STAGE_TRAIN_GAN: 'STAGE_TRAIN_GAN',
  /**
   * EncoderTrainerService: izif encoder.
   */
  STAGE_TRAIN_ENCODER: 'STAGE_TRAIN_ENCODER',
  /**
   * ReconstructorService: reconstructions and latents of the test images.
   */
  STAGE_RECONSTRUCT: 'STAGE_RECONSTRUCT',
  /**
   * ScorerService: score sheets.
   */
  STAGE_SCORE: 'STAGE_SCORE',
  /**
   * ReporterService: plots and tables.
   */
  STAGE_REPORT: 'STAGE_REPORT',
} as const;

/**
 * A pipeline stage, in running order.
 */
export type Stage =
  /**
   * Not a stage.
   */
  | 'STAGE_UNSPECIFIED'
  | 0
  /**
   * PreprocessService: training (and test) datasets.
   */
  | 'STAGE_PREPARE'
  | 1
  /**
   * GanTrainerService: generator and discriminator.
   */
  | 'STAGE_TRAIN_GAN'
  | 2
  /**
   * EncoderTrainerService: izif encoder.
   */
  | 'STAGE_TRAIN_ENCODER'
  | 3
  /**
   * ReconstructorService: reconstructions and latents of the test images.
   */
  | 'STAGE_RECONSTRUCT'
  | 4
  /**
   * ScorerService: score sheets.
   */
  | 'STAGE_SCORE'
  | 5
  /**
   * ReporterService: plots and tables.
   */
  | 'STAGE_REPORT'
  | 6

/**
 * A pipeline stage, in running order.
 */
export type Stage__Output = typeof Stage[keyof typeof Stage]
