// Original file: proto/dermanomaly/v1/scorer.proto


/**
 * A threshold and normalisation fixed on held-out normal images, as `calibration.json` stores it (format
 * `dermanomaly/calibration/1`). Normalised score = (raw - norm_min) / (norm_max - norm_min), not clipped (0 for
 * every score when norm_max = norm_min).
 */
export interface Calibration {
  /**
   * Threshold on raw scores: anomalous when score > threshold.
   */
  'threshold'?: (number | string);
  /**
   * The same threshold normalised.
   */
  'thresholdNormalised'?: (number | string);
  /**
   * Quantile q it was taken at.
   */
  'quantile'?: (number | string);
  /**
   * Minimum of the normal scores.
   */
  'normMin'?: (number | string);
  /**
   * Maximum of the normal scores.
   */
  'normMax'?: (number | string);
  /**
   * Normal scores it was fitted on.
   */
  'count'?: (number);
  /**
   * Tag of the sheet it was fitted on (its `meta` tag, else its file name), which the scores it applies to carry.
   */
  'tag'?: (string);
  /**
   * Score method of that sheet (`izif`, `pairwise`, ...), empty when the sheet does not say (the original's files).
   */
  'method'?: (string);
  /**
   * The sheet's whole `meta` (metric, alpha, kappa, lineage ...).
   */
  'sheet'?: ({[key: string]: string});
  /**
   * The sheet it was fitted on (path or URI).
   */
  'source'?: (string);
}

/**
 * A threshold and normalisation fixed on held-out normal images, as `calibration.json` stores it (format
 * `dermanomaly/calibration/1`). Normalised score = (raw - norm_min) / (norm_max - norm_min), not clipped (0 for
 * every score when norm_max = norm_min).
 */
export interface Calibration__Output {
  /**
   * Threshold on raw scores: anomalous when score > threshold.
   */
  'threshold': (number);
  /**
   * The same threshold normalised.
   */
  'thresholdNormalised': (number);
  /**
   * Quantile q it was taken at.
   */
  'quantile': (number);
  /**
   * Minimum of the normal scores.
   */
  'normMin': (number);
  /**
   * Maximum of the normal scores.
   */
  'normMax': (number);
  /**
   * Normal scores it was fitted on.
   */
  'count': (number);
  /**
   * Tag of the sheet it was fitted on (its `meta` tag, else its file name), which the scores it applies to carry.
   */
  'tag': (string);
  /**
   * Score method of that sheet (`izif`, `pairwise`, ...), empty when the sheet does not say (the original's files).
   */
  'method': (string);
  /**
   * The sheet's whole `meta` (metric, alpha, kappa, lineage ...).
   */
  'sheet': ({[key: string]: string});
  /**
   * The sheet it was fitted on (path or URI).
   */
  'source': (string);
}
