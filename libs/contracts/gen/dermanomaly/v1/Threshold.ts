// Original file: proto/dermanomaly/v1/scorer.proto


/**
 * A decision threshold fixed on normal validation scores.
 */
export interface Threshold {
  /**
   * Threshold on raw scores: predicted anomalous when score > raw.
   */
  'raw'?: (number | string);
  /**
   * The same threshold after min-max normalisation with `norm_min` / `norm_max`.
   */
  'normalised'?: (number | string);
  /**
   * Minimum of the normal validation scores (normalisation offset).
   */
  'normMin'?: (number | string);
  /**
   * Maximum of the normal validation scores (normalisation scale is norm_max - norm_min).
   */
  'normMax'?: (number | string);
  /**
   * Quantile used, e.g. 0.95.
   */
  'quantile'?: (number | string);
  /**
   * Number of normal validation images it was computed from.
   */
  'count'?: (number);
}

/**
 * A decision threshold fixed on normal validation scores.
 */
export interface Threshold__Output {
  /**
   * Threshold on raw scores: predicted anomalous when score > raw.
   */
  'raw': (number);
  /**
   * The same threshold after min-max normalisation with `norm_min` / `norm_max`.
   */
  'normalised': (number);
  /**
   * Minimum of the normal validation scores (normalisation offset).
   */
  'normMin': (number);
  /**
   * Maximum of the normal validation scores (normalisation scale is norm_max - norm_min).
   */
  'normMax': (number);
  /**
   * Quantile used, e.g. 0.95.
   */
  'quantile': (number);
  /**
   * Number of normal validation images it was computed from.
   */
  'count': (number);
}
