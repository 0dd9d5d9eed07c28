// Original file: proto/dermanomaly/v1/scorer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';

/**
 * Options of a calibration.
 */
export interface CalibrateRequest {
  /**
   * Score sheet of held-out normal images (`.xlsx` or `.csv` with columns `score` and `label`, every label 0),
   * e.g. a sheet StartScoring wrote for the normals held out from training. Required.
   */
  'scores'?: (_dermanomaly_v1_Location | null);
  /**
   * Quantile q of the normal scores taken as threshold, in (0, 1): about 1 - q of normal images are then called
   * anomalous. 0 = 0.95.
   */
  'quantile'?: (number | string);
  /**
   * Where `calibration.json` goes: a file path, or a store key (a key ending in `/` gets `calibration.json`
   * appended). Empty = the store under `calibrations/<tag>-<sheet digest prefix>/calibration.json`.
   */
  'output'?: (_dermanomaly_v1_Location | null);
}

/**
 * Options of a calibration.
 */
export interface CalibrateRequest__Output {
  /**
   * Score sheet of held-out normal images (`.xlsx` or `.csv` with columns `score` and `label`, every label 0),
   * e.g. a sheet StartScoring wrote for the normals held out from training. Required.
   */
  'scores': (_dermanomaly_v1_Location__Output | null);
  /**
   * Quantile q of the normal scores taken as threshold, in (0, 1): about 1 - q of normal images are then called
   * anomalous. 0 = 0.95.
   */
  'quantile': (number);
  /**
   * Where `calibration.json` goes: a file path, or a store key (a key ending in `/` gets `calibration.json`
   * appended). Empty = the store under `calibrations/<tag>-<sheet digest prefix>/calibration.json`.
   */
  'output': (_dermanomaly_v1_Location__Output | null);
}
