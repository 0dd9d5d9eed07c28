// Original file: proto/dermanomaly/v1/reporter.proto


/**
 * Per-class figures of a classification report (scikit-learn's `classification_report`).
 */
export interface ClassReport {
  /**
   * Class name, e.g. `naevus`.
   */
  'name'?: (string);
  /**
   * Precision, in [0, 1].
   */
  'precision'?: (number | string);
  /**
   * Recall, in [0, 1].
   */
  'recall'?: (number | string);
  /**
   * F1 score, in [0, 1].
   */
  'f1'?: (number | string);
  /**
   * Number of images of the class.
   */
  'support'?: (number);
}

/**
 * Per-class figures of a classification report (scikit-learn's `classification_report`).
 */
export interface ClassReport__Output {
  /**
   * Class name, e.g. `naevus`.
   */
  'name': (string);
  /**
   * Precision, in [0, 1].
   */
  'precision': (number);
  /**
   * Recall, in [0, 1].
   */
  'recall': (number);
  /**
   * F1 score, in [0, 1].
   */
  'f1': (number);
  /**
   * Number of images of the class.
   */
  'support': (number);
}
