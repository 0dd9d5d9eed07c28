// Original file: proto/dermanomaly/v1/scorer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';

/**
 * How a decision threshold is fixed from normal images held out from training and testing (never from the test set).
 */
export interface ThresholdCalibration {
  /**
   * Normal validation images (e.g. naevi not used for training). Unset = no calibration: sheets carry no threshold.
   */
  'normalValidation'?: (_dermanomaly_v1_Location | null);
  /**
   * Quantile of the normal validation scores used as threshold, in (0, 1). 0 = 0.95.
   */
  'quantile'?: (number | string);
}

/**
 * How a decision threshold is fixed from normal images held out from training and testing (never from the test set).
 */
export interface ThresholdCalibration__Output {
  /**
   * Normal validation images (e.g. naevi not used for training). Unset = no calibration: sheets carry no threshold.
   */
  'normalValidation': (_dermanomaly_v1_Location__Output | null);
  /**
   * Quantile of the normal validation scores used as threshold, in (0, 1). 0 = 0.95.
   */
  'quantile': (number);
}
