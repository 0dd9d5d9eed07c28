// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { NoiseMode as _dermanomaly_v1_NoiseMode, NoiseMode__Output as _dermanomaly_v1_NoiseMode__Output } from '../../dermanomaly/v1/NoiseMode.ts';
import type { ExecutionProvider as _dermanomaly_v1_ExecutionProvider, ExecutionProvider__Output as _dermanomaly_v1_ExecutionProvider__Output } from '../../dermanomaly/v1/ExecutionProvider.ts';

/**
 * Options of a batch reconstruction, mirroring `generate_pic.py`.
 */
export interface StartReconstructionRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId'?: (string);
  /**
   * Images: a folder (searched recursively), a zip, or a StyleGAN dataset. Images must already have the
   * generator's resolution (prepare them with PreprocessService). Required.
   */
  'images'?: (_dermanomaly_v1_Location | null);
  /**
   * Encoder checkpoint (`.safetensors` from EncoderTrainerService, or an ONNX model). Required.
   */
  'encoder'?: (_dermanomaly_v1_Location | null);
  /**
   * Generator checkpoint (`.safetensors`, NVIDIA `.pkl` or ONNX); G_ema is used when present. Required.
   */
  'generator'?: (_dermanomaly_v1_Location | null);
  /**
   * Output prefix: reconstructions go to `generated_img/<same relative path and file name>` (PNG content; the
   * extension is kept), latents to `latent_vectors.csv` (columns `dim_1..dim_<z>,image_name`), residual maps to
   * `residuals/<same name>`. Empty = the service's run store.
   */
  'output'?: (_dermanomaly_v1_Location | null);
  /**
   * Generator noise. Default NOISE_MODE_CONST (deterministic; the original drew random noise).
   */
  'noiseMode'?: (_dermanomaly_v1_NoiseMode);
  /**
   * Images per inference batch. 0 = 16.
   */
  'batchSize'?: (number);
  /**
   * Also write residual maps |x - G(E(x))| (mean over channels, scaled to 0..255 as a grey PNG). Default false.
   */
  'saveResiduals'?: (boolean);
  /**
   * Images per work item on the work queue. 0 = 256.
   */
  'chunkSize'?: (number);
  /**
   * ONNX Runtime execution provider. Default EXECUTION_PROVIDER_AUTO.
   */
  'executionProvider'?: (_dermanomaly_v1_ExecutionProvider);
}

/**
 * Options of a batch reconstruction, mirroring `generate_pic.py`.
 */
export interface StartReconstructionRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId': (string);
  /**
   * Images: a folder (searched recursively), a zip, or a StyleGAN dataset. Images must already have the
   * generator's resolution (prepare them with PreprocessService). Required.
   */
  'images': (_dermanomaly_v1_Location__Output | null);
  /**
   * Encoder checkpoint (`.safetensors` from EncoderTrainerService, or an ONNX model). Required.
   */
  'encoder': (_dermanomaly_v1_Location__Output | null);
  /**
   * Generator checkpoint (`.safetensors`, NVIDIA `.pkl` or ONNX); G_ema is used when present. Required.
   */
  'generator': (_dermanomaly_v1_Location__Output | null);
  /**
   * Output prefix: reconstructions go to `generated_img/<same relative path and file name>` (PNG content; the
   * extension is kept), latents to `latent_vectors.csv` (columns `dim_1..dim_<z>,image_name`), residual maps to
   * `residuals/<same name>`. Empty = the service's run store.
   */
  'output': (_dermanomaly_v1_Location__Output | null);
  /**
   * Generator noise. Default NOISE_MODE_CONST (deterministic; the original drew random noise).
   */
  'noiseMode': (_dermanomaly_v1_NoiseMode__Output);
  /**
   * Images per inference batch. 0 = 16.
   */
  'batchSize': (number);
  /**
   * Also write residual maps |x - G(E(x))| (mean over channels, scaled to 0..255 as a grey PNG). Default false.
   */
  'saveResiduals': (boolean);
  /**
   * Images per work item on the work queue. 0 = 256.
   */
  'chunkSize': (number);
  /**
   * ONNX Runtime execution provider. Default EXECUTION_PROVIDER_AUTO.
   */
  'executionProvider': (_dermanomaly_v1_ExecutionProvider__Output);
}
