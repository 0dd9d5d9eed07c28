// Original file: proto/dermanomaly/v1/reporter.proto

/**
 * How the decision threshold of each sheet is chosen.
 */
export const ThresholdRule = {
  /**
   * The default: THRESHOLD_RULE_CALIBRATED when the sheet has a threshold, else THRESHOLD_RULE_MEDIAN.
   */
  THRESHOLD_RULE_UNSPECIFIED: 'THRESHOLD_RULE_UNSPECIFIED',
  /**
   * The original's rule: median of the min-max normalised test scores (uses the test set: optimistic).
   */
  THRESHOLD_RULE_MEDIAN: 'THRESHOLD_RULE_MEDIAN',
  /**
   * The threshold fixed on normal validation images by the scorer (`ScoreSheet.threshold`).
   */
  THRESHOLD_RULE_CALIBRATED: 'THRESHOLD_RULE_CALIBRATED',
  /**
   * `fixed_threshold`, on normalised scores.
   */
  THRESHOLD_RULE_FIXED: 'THRESHOLD_RULE_FIXED',
} as const;

/**
 * How the decision threshold of each sheet is chosen.
 */
export type ThresholdRule =
  /**
   * The default: THRESHOLD_RULE_CALIBRATED when the sheet has a threshold, else THRESHOLD_RULE_MEDIAN.
   */
  | 'THRESHOLD_RULE_UNSPECIFIED'
  | 0
  /**
   * The original's rule: median of the min-max normalised test scores (uses the test set: optimistic).
   */
  | 'THRESHOLD_RULE_MEDIAN'
  | 1
  /**
   * The threshold fixed on normal validation images by the scorer (`ScoreSheet.threshold`).
   */
  | 'THRESHOLD_RULE_CALIBRATED'
  | 2
  /**
   * `fixed_threshold`, on normalised scores.
   */
  | 'THRESHOLD_RULE_FIXED'
  | 3

/**
 * How the decision threshold of each sheet is chosen.
 */
export type ThresholdRule__Output = typeof ThresholdRule[keyof typeof ThresholdRule]
