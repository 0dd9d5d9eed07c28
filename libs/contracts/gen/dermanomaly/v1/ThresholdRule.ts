// Original file: proto/dermanomaly/v1/reporter.proto

/**
 * How the decision threshold of each sheet is chosen. An image is called anomalous when its raw score is greater
 * than the threshold; every threshold is on raw scores (a min-max normalisation does not change which images lie
 * above a threshold, so none is needed to decide).
 */
export const ThresholdRule = {
  /**
   * The default: THRESHOLD_RULE_MEDIAN.
   */
  THRESHOLD_RULE_UNSPECIFIED: 'THRESHOLD_RULE_UNSPECIFIED',
  /**
   * The original's rule: the median of the evaluated scores themselves (uses the test set: optimistic).
   */
  THRESHOLD_RULE_MEDIAN: 'THRESHOLD_RULE_MEDIAN',
  /**
   * The cut that maximises Youden's J = TPR - FPR on the evaluated scores (uses the labels: optimistic).
   */
  THRESHOLD_RULE_YOUDEN: 'THRESHOLD_RULE_YOUDEN',
  /**
   * The cut that maximises the anomalous class's F1 on the evaluated scores (uses the labels: optimistic).
   */
  THRESHOLD_RULE_MAX_F1: 'THRESHOLD_RULE_MAX_F1',
  /**
   * The threshold fixed beforehand on held-out normal images (`calibration.json` from ScorerService.Calibrate):
   * the honest one. Every sheet needs a calibration of its own score.
   */
  THRESHOLD_RULE_CALIBRATED: 'THRESHOLD_RULE_CALIBRATED',
} as const;

/**
 * How the decision threshold of each sheet is chosen. An image is called anomalous when its raw score is greater
 * than the threshold; every threshold is on raw scores (a min-max normalisation does not change which images lie
 * above a threshold, so none is needed to decide).
 */
export type ThresholdRule =
  /**
   * The default: THRESHOLD_RULE_MEDIAN.
   */
  | 'THRESHOLD_RULE_UNSPECIFIED'
  | 0
  /**
   * The original's rule: the median of the evaluated scores themselves (uses the test set: optimistic).
   */
  | 'THRESHOLD_RULE_MEDIAN'
  | 1
  /**
   * The cut that maximises Youden's J = TPR - FPR on the evaluated scores (uses the labels: optimistic).
   */
  | 'THRESHOLD_RULE_YOUDEN'
  | 2
  /**
   * The cut that maximises the anomalous class's F1 on the evaluated scores (uses the labels: optimistic).
   */
  | 'THRESHOLD_RULE_MAX_F1'
  | 3
  /**
   * The threshold fixed beforehand on held-out normal images (`calibration.json` from ScorerService.Calibrate):
   * the honest one. Every sheet needs a calibration of its own score.
   */
  | 'THRESHOLD_RULE_CALIBRATED'
  | 4

/**
 * How the decision threshold of each sheet is chosen. An image is called anomalous when its raw score is greater
 * than the threshold; every threshold is on raw scores (a min-max normalisation does not change which images lie
 * above a threshold, so none is needed to decide).
 */
export type ThresholdRule__Output = typeof ThresholdRule[keyof typeof ThresholdRule]
