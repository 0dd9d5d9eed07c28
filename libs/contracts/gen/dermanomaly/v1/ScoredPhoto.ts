// Original file: proto/dermanomaly/v1/scorer.proto

import type { PhotoScore as _dermanomaly_v1_PhotoScore, PhotoScore__Output as _dermanomaly_v1_PhotoScore__Output } from '../../dermanomaly/v1/PhotoScore.ts';
import type { PhotoPreparation as _dermanomaly_v1_PhotoPreparation, PhotoPreparation__Output as _dermanomaly_v1_PhotoPreparation__Output } from '../../dermanomaly/v1/PhotoPreparation.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';

/**
 * The result of one photo.
 */
export interface ScoredPhoto {
  /**
   * The photo's name, as sent.
   */
  'name'?: (string);
  /**
   * Its position in the stream, from 0.
   */
  'index'?: (number);
  /**
   * Scores, calibrated ones first (in the order of `calibrations`), then the others.
   */
  'scores'?: (_dermanomaly_v1_PhotoScore)[];
  /**
   * The decision of the first calibrated score: anomalous (e.g. a melanoma) when true; unset without a calibration.
   */
  'anomalous'?: (boolean);
  /**
   * The residual heat map |x - G(E(x))| over the prepared photo, PNG.
   */
  'residual'?: (Buffer | Uint8Array | string);
  /**
   * G(E(x)), PNG.
   */
  'reconstruction'?: (Buffer | Uint8Array | string);
  /**
   * The prepared photo the networks saw, PNG.
   */
  'prepared'?: (Buffer | Uint8Array | string);
  /**
   * How it was prepared.
   */
  'preparation'?: (_dermanomaly_v1_PhotoPreparation | null);
  /**
   * E(x).
   */
  'latent'?: (number | string)[];
  /**
   * Why the photo could not be scored (the other fields are then empty); empty on success.
   */
  'error'?: (string);
  /**
   * gRPC status code name of `error` (e.g. `INVALID_ARGUMENT` for a file that is not an image); empty on success.
   */
  'errorCode'?: (string);
  /**
   * Models, calibrations and options that produced the scores.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
  '_anomalous'?: "anomalous";
}

/**
 * The result of one photo.
 */
export interface ScoredPhoto__Output {
  /**
   * The photo's name, as sent.
   */
  'name': (string);
  /**
   * Its position in the stream, from 0.
   */
  'index': (number);
  /**
   * Scores, calibrated ones first (in the order of `calibrations`), then the others.
   */
  'scores': (_dermanomaly_v1_PhotoScore__Output)[];
  /**
   * The decision of the first calibrated score: anomalous (e.g. a melanoma) when true; unset without a calibration.
   */
  'anomalous'?: (boolean);
  /**
   * The residual heat map |x - G(E(x))| over the prepared photo, PNG.
   */
  'residual': (Buffer);
  /**
   * G(E(x)), PNG.
   */
  'reconstruction': (Buffer);
  /**
   * The prepared photo the networks saw, PNG.
   */
  'prepared': (Buffer);
  /**
   * How it was prepared.
   */
  'preparation': (_dermanomaly_v1_PhotoPreparation__Output | null);
  /**
   * E(x).
   */
  'latent': (number)[];
  /**
   * Why the photo could not be scored (the other fields are then empty); empty on success.
   */
  'error': (string);
  /**
   * gRPC status code name of `error` (e.g. `INVALID_ARGUMENT` for a file that is not an image); empty on success.
   */
  'errorCode': (string);
  /**
   * Models, calibrations and options that produced the scores.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
  '_anomalous'?: "anomalous";
}
