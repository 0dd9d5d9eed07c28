// Original file: proto/dermanomaly/v1/reporter.proto


/**
 * Per-class figures of a classification report (scikit-learn's `classification_report`, zero_division 0).
 */
export interface ClassReport {
  /**
   * Class name, e.g. `naevus`, or `macro avg`, `weighted avg`.
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
   * Number of images the figures are over.
   */
  'support'?: (number);
}

/**
 * Per-class figures of a classification report (scikit-learn's `classification_report`, zero_division 0).
 */
export interface ClassReport__Output {
  /**
   * Class name, e.g. `naevus`, or `macro avg`, `weighted avg`.
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
   * Number of images the figures are over.
   */
  'support': (number);
}
