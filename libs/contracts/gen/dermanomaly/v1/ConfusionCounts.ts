// Original file: proto/dermanomaly/v1/reporter.proto


/**
 * Confusion counts at the chosen threshold (anomalous = positive).
 */
export interface ConfusionCounts {
  /**
   * Normal predicted normal.
   */
  'tn'?: (number);
  /**
   * Normal predicted anomalous.
   */
  'fp'?: (number);
  /**
   * Anomalous predicted normal.
   */
  'fn'?: (number);
  /**
   * Anomalous predicted anomalous.
   */
  'tp'?: (number);
}

/**
 * Confusion counts at the chosen threshold (anomalous = positive).
 */
export interface ConfusionCounts__Output {
  /**
   * Normal predicted normal.
   */
  'tn': (number);
  /**
   * Normal predicted anomalous.
   */
  'fp': (number);
  /**
   * Anomalous predicted normal.
   */
  'fn': (number);
  /**
   * Anomalous predicted anomalous.
   */
  'tp': (number);
}
