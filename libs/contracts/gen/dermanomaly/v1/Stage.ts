// Original file: proto/dermanomaly/v1/orchestrator.proto

/**
 * A pipeline stage, in the order a pipeline runs them (STAGE_CALIBRATE runs between STAGE_SCORE and STAGE_REPORT).
 */
export const Stage = {
  /**
   * Not a stage.
   */
  STAGE_UNSPECIFIED: 'STAGE_UNSPECIFIED',
  /**
   * PreprocessService: the training set (naevi not held out), the held-out naevi and the test set.
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
   * ReconstructorService: reconstruction sets of the test images and of the held-out naevi.
   */
  STAGE_RECONSTRUCT: 'STAGE_RECONSTRUCT',
  /**
   * ScorerService: score sheets of both sets.
   */
  STAGE_SCORE: 'STAGE_SCORE',
  /**
   * ReporterService: metrics, plots and report.html.
   */
  STAGE_REPORT: 'STAGE_REPORT',
  /**
   * ScorerService.Calibrate: a threshold per score fitted on the held-out naevi's scores (synchronous, no job).
   */
  STAGE_CALIBRATE: 'STAGE_CALIBRATE',
} as const;

/**
 * A pipeline stage, in the order a pipeline runs them (STAGE_CALIBRATE runs between STAGE_SCORE and STAGE_REPORT).
 */
export type Stage =
  /**
   * Not a stage.
   */
  | 'STAGE_UNSPECIFIED'
  | 0
  /**
   * PreprocessService: the training set (naevi not held out), the held-out naevi and the test set.
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
   * ReconstructorService: reconstruction sets of the test images and of the held-out naevi.
   */
  | 'STAGE_RECONSTRUCT'
  | 4
  /**
   * ScorerService: score sheets of both sets.
   */
  | 'STAGE_SCORE'
  | 5
  /**
   * ReporterService: metrics, plots and report.html.
   */
  | 'STAGE_REPORT'
  | 6
  /**
   * ScorerService.Calibrate: a threshold per score fitted on the held-out naevi's scores (synchronous, no job).
   */
  | 'STAGE_CALIBRATE'
  | 7

/**
 * A pipeline stage, in the order a pipeline runs them (STAGE_CALIBRATE runs between STAGE_SCORE and STAGE_REPORT).
 */
export type Stage__Output = typeof Stage[keyof typeof Stage]
