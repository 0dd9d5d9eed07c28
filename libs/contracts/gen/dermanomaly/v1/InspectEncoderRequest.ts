// Original file: proto/dermanomaly/v1/encoder_trainer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';

/**
 * Options of an `Inspect` call.
 */
export interface InspectEncoderRequest {
  /**
   * The encoder file: weights or training state of this service (`.safetensors`), a safetensors of the original's
   * tensor names, or a `torch.save` file (`.pth`: a state_dict or a whole module, read without running it). Required.
   */
  'checkpoint'?: (_dermanomaly_v1_Location | null);
  /**
   * Include every tensor in `parameters` (otherwise only the totals). Default false.
   */
  'listParameters'?: (boolean);
}

/**
 * Options of an `Inspect` call.
 */
export interface InspectEncoderRequest__Output {
  /**
   * The encoder file: weights or training state of this service (`.safetensors`), a safetensors of the original's
   * tensor names, or a `torch.save` file (`.pth`: a state_dict or a whole module, read without running it). Required.
   */
  'checkpoint': (_dermanomaly_v1_Location__Output | null);
  /**
   * Include every tensor in `parameters` (otherwise only the totals). Default false.
   */
  'listParameters': (boolean);
}
