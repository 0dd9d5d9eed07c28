// Original file: proto/dermanomaly/v1/gan_trainer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';

/**
 * Options of an `Inspect` call.
 */
export interface InspectRequest {
  /**
   * The checkpoint: `.safetensors` or NVIDIA `.pkl`. Required.
   */
  'checkpoint'?: (_dermanomaly_v1_Location | null);
  /**
   * Include every parameter in `parameters` (otherwise only per-network totals). Default false.
   */
  'listParameters'?: (boolean);
}

/**
 * Options of an `Inspect` call.
 */
export interface InspectRequest__Output {
  /**
   * The checkpoint: `.safetensors` or NVIDIA `.pkl`. Required.
   */
  'checkpoint': (_dermanomaly_v1_Location__Output | null);
  /**
   * Include every parameter in `parameters` (otherwise only per-network totals). Default false.
   */
  'listParameters': (boolean);
}
