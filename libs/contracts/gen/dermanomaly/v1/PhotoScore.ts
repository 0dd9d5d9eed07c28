// Original file: proto/dermanomaly/v1/scorer.proto


/**
 * One score of a photo.
 */
export interface PhotoScore {
  /**
   * The score's tag, as in sheets (e.g. `pairwise_a0.5`).
   */
  'tag'?: (string);
  /**
   * Raw score (higher = more anomalous).
   */
  'raw'?: (number | string);
  /**
   * Normalised with the calibration's bounds; unset without a calibration.
   */
  'normalised'?: (number | string);
  /**
   * Whether raw > the calibrated threshold; unset without a calibration.
   */
  'anomalous'?: (boolean);
  /**
   * The calibrated raw threshold; unset without a calibration.
   */
  'threshold'?: (number | string);
  '_normalised'?: "normalised";
  '_anomalous'?: "anomalous";
  '_threshold'?: "threshold";
}

/**
 * One score of a photo.
 */
export interface PhotoScore__Output {
  /**
   * The score's tag, as in sheets (e.g. `pairwise_a0.5`).
   */
  'tag': (string);
  /**
   * Raw score (higher = more anomalous).
   */
  'raw': (number);
  /**
   * Normalised with the calibration's bounds; unset without a calibration.
   */
  'normalised'?: (number);
  /**
   * Whether raw > the calibrated threshold; unset without a calibration.
   */
  'anomalous'?: (boolean);
  /**
   * The calibrated raw threshold; unset without a calibration.
   */
  'threshold'?: (number);
  '_normalised'?: "normalised";
  '_anomalous'?: "anomalous";
  '_threshold'?: "threshold";
}
