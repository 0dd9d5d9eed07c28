// Original file: proto/dermanomaly/v1/gan_trainer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { Latent as _dermanomaly_v1_Latent, Latent__Output as _dermanomaly_v1_Latent__Output } from '../../dermanomaly/v1/Latent.ts';
import type { NoiseMode as _dermanomaly_v1_NoiseMode, NoiseMode__Output as _dermanomaly_v1_NoiseMode__Output } from '../../dermanomaly/v1/NoiseMode.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Options of a `Generate` call (NVIDIA `gen_images.py`).
 */
export interface GenerateRequest {
  /**
   * The checkpoint: our `.safetensors` or an NVIDIA `.pkl`. G_ema is used when present, otherwise G. Required.
   */
  'checkpoint'?: (_dermanomaly_v1_Location | null);
  /**
   * `--seeds`: one image per seed, z ~ N(0, 1) drawn from that seed. Exactly one of `seeds` and `z` must be
   * non-empty; at most 256 images per call.
   */
  'seeds'?: (number | string | Long)[];
  /**
   * Explicit latents (one image each), instead of `seeds`.
   */
  'z'?: (_dermanomaly_v1_Latent)[];
  /**
   * `--trunc`: truncation psi, w = w_avg + psi * (w - w_avg). Unset = 1 (no truncation).
   */
  'truncationPsi'?: (number | string);
  /**
   * `--noise-mode`. Default NOISE_MODE_CONST.
   */
  'noiseMode'?: (_dermanomaly_v1_NoiseMode);
  /**
   * `--class`: class label for a conditional generator. Ignored by unconditional ones.
   */
  'classIdx'?: (number);
  /**
   * Grid columns. 0 = ceil(sqrt(number of images)).
   */
  'gridColumns'?: (number);
  /**
   * Where to write the grid (and images). Empty = the service's scratch store.
   */
  'output'?: (_dermanomaly_v1_Location | null);
  /**
   * Also write each image as its own PNG (`seed<seed>.png` or `z<index>.png`). Default false.
   */
  'saveImages'?: (boolean);
  /**
   * Also write the images as float32 `images.npy`, shape [N, C, H, W] in NVIDIA's output range (about [-1, 1]),
   * before the uint8 conversion. Default false.
   */
  'saveNpy'?: (boolean);
  /**
   * Also return the grid PNG (and `images.npy` when `save_npy`) in the response, for callers that cannot read the
   * artifact store (a CLI against deployed services). RESOURCE_EXHAUSTED when they exceed the message limit
   * (`DERMANOMALY_MAX_MESSAGE_BYTES`): ask for fewer images. Default false.
   */
  'inline'?: (boolean);
  /**
   * Images per forward pass (bounds memory). 0 = 8.
   */
  'batch'?: (number);
  /**
   * Latents as the bytes of a `.npy` file of shape [N, z_dim] (float32 or float64, C order), instead of `seeds` or
   * `z` (NVIDIA's `gen_images.py` does not take them; their `.npy` files do).
   */
  'zNpy'?: (Buffer | Uint8Array | string);
  '_truncationPsi'?: "truncationPsi";
}

/**
 * Options of a `Generate` call (NVIDIA `gen_images.py`).
 */
export interface GenerateRequest__Output {
  /**
   * The checkpoint: our `.safetensors` or an NVIDIA `.pkl`. G_ema is used when present, otherwise G. Required.
   */
  'checkpoint': (_dermanomaly_v1_Location__Output | null);
  /**
   * `--seeds`: one image per seed, z ~ N(0, 1) drawn from that seed. Exactly one of `seeds` and `z` must be
   * non-empty; at most 256 images per call.
   */
  'seeds': (number)[];
  /**
   * Explicit latents (one image each), instead of `seeds`.
   */
  'z': (_dermanomaly_v1_Latent__Output)[];
  /**
   * `--trunc`: truncation psi, w = w_avg + psi * (w - w_avg). Unset = 1 (no truncation).
   */
  'truncationPsi'?: (number);
  /**
   * `--noise-mode`. Default NOISE_MODE_CONST.
   */
  'noiseMode': (_dermanomaly_v1_NoiseMode__Output);
  /**
   * `--class`: class label for a conditional generator. Ignored by unconditional ones.
   */
  'classIdx': (number);
  /**
   * Grid columns. 0 = ceil(sqrt(number of images)).
   */
  'gridColumns': (number);
  /**
   * Where to write the grid (and images). Empty = the service's scratch store.
   */
  'output': (_dermanomaly_v1_Location__Output | null);
  /**
   * Also write each image as its own PNG (`seed<seed>.png` or `z<index>.png`). Default false.
   */
  'saveImages': (boolean);
  /**
   * Also write the images as float32 `images.npy`, shape [N, C, H, W] in NVIDIA's output range (about [-1, 1]),
   * before the uint8 conversion. Default false.
   */
  'saveNpy': (boolean);
  /**
   * Also return the grid PNG (and `images.npy` when `save_npy`) in the response, for callers that cannot read the
   * artifact store (a CLI against deployed services). RESOURCE_EXHAUSTED when they exceed the message limit
   * (`DERMANOMALY_MAX_MESSAGE_BYTES`): ask for fewer images. Default false.
   */
  'inline': (boolean);
  /**
   * Images per forward pass (bounds memory). 0 = 8.
   */
  'batch': (number);
  /**
   * Latents as the bytes of a `.npy` file of shape [N, z_dim] (float32 or float64, C order), instead of `seeds` or
   * `z` (NVIDIA's `gen_images.py` does not take them; their `.npy` files do).
   */
  'zNpy': (Buffer);
  '_truncationPsi'?: "truncationPsi";
}
