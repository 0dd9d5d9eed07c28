// Original file: proto/dermanomaly/v1/gan_trainer.proto

import type { NetworkSummary as _dermanomaly_v1_NetworkSummary, NetworkSummary__Output as _dermanomaly_v1_NetworkSummary__Output } from '../../dermanomaly/v1/NetworkSummary.ts';
import type { ParameterInfo as _dermanomaly_v1_ParameterInfo, ParameterInfo__Output as _dermanomaly_v1_ParameterInfo__Output } from '../../dermanomaly/v1/ParameterInfo.ts';

/**
 * What a checkpoint holds.
 */
export interface InspectResponse {
  /**
   * `safetensors` or `pickle`.
   */
  'format'?: (string);
  /**
   * Networks found, in file order.
   */
  'networks'?: (_dermanomaly_v1_NetworkSummary)[];
  /**
   * Every tensor, when `list_parameters` was set.
   */
  'parameters'?: (_dermanomaly_v1_ParameterInfo)[];
  /**
   * Output image side in pixels.
   */
  'resolution'?: (number);
  /**
   * Image channels (3 for RGB).
   */
  'imgChannels'?: (number);
  /**
   * Latent z size (512).
   */
  'zDim'?: (number);
  /**
   * Intermediate w size (512).
   */
  'wDim'?: (number);
  /**
   * Class count of a conditional model, 0 otherwise.
   */
  'cDim'?: (number);
  /**
   * Mapping network layers.
   */
  'mapDepth'?: (number);
  /**
   * Training progress stored with the snapshot in kimg, 0 when unknown.
   */
  'kimg'?: (number | string);
  /**
   * Free-form metadata stored in the file (safetensors `__metadata__`, or the pickle's training_set_kwargs as JSON).
   */
  'metadata'?: ({[key: string]: string});
}

/**
 * What a checkpoint holds.
 */
export interface InspectResponse__Output {
  /**
   * `safetensors` or `pickle`.
   */
  'format': (string);
  /**
   * Networks found, in file order.
   */
  'networks': (_dermanomaly_v1_NetworkSummary__Output)[];
  /**
   * Every tensor, when `list_parameters` was set.
   */
  'parameters': (_dermanomaly_v1_ParameterInfo__Output)[];
  /**
   * Output image side in pixels.
   */
  'resolution': (number);
  /**
   * Image channels (3 for RGB).
   */
  'imgChannels': (number);
  /**
   * Latent z size (512).
   */
  'zDim': (number);
  /**
   * Intermediate w size (512).
   */
  'wDim': (number);
  /**
   * Class count of a conditional model, 0 otherwise.
   */
  'cDim': (number);
  /**
   * Mapping network layers.
   */
  'mapDepth': (number);
  /**
   * Training progress stored with the snapshot in kimg, 0 when unknown.
   */
  'kimg': (number);
  /**
   * Free-form metadata stored in the file (safetensors `__metadata__`, or the pickle's training_set_kwargs as JSON).
   */
  'metadata': ({[key: string]: string});
}
