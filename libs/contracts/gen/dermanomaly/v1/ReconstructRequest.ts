// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { NoiseMode as _dermanomaly_v1_NoiseMode, NoiseMode__Output as _dermanomaly_v1_NoiseMode__Output } from '../../dermanomaly/v1/NoiseMode.ts';

/**
 * One image to reconstruct synchronously.
 */
export interface ReconstructRequest {
  /**
   * Encoded image (PNG or JPEG) of the generator's resolution, RGB. Required.
   */
  'image'?: (Buffer | Uint8Array | string);
  /**
   * Encoder checkpoint. Required.
   */
  'encoder'?: (_dermanomaly_v1_Location | null);
  /**
   * Generator checkpoint. Required.
   */
  'generator'?: (_dermanomaly_v1_Location | null);
  /**
   * Generator noise. Default NOISE_MODE_CONST.
   */
  'noiseMode'?: (_dermanomaly_v1_NoiseMode);
  /**
   * Also return the residual map. Default false.
   */
  'includeResidual'?: (boolean);
}

/**
 * One image to reconstruct synchronously.
 */
export interface ReconstructRequest__Output {
  /**
   * Encoded image (PNG or JPEG) of the generator's resolution, RGB. Required.
   */
  'image': (Buffer);
  /**
   * Encoder checkpoint. Required.
   */
  'encoder': (_dermanomaly_v1_Location__Output | null);
  /**
   * Generator checkpoint. Required.
   */
  'generator': (_dermanomaly_v1_Location__Output | null);
  /**
   * Generator noise. Default NOISE_MODE_CONST.
   */
  'noiseMode': (_dermanomaly_v1_NoiseMode__Output);
  /**
   * Also return the residual map. Default false.
   */
  'includeResidual': (boolean);
}
