// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { GeneratorChoice as _dermanomaly_v1_GeneratorChoice, GeneratorChoice__Output as _dermanomaly_v1_GeneratorChoice__Output } from '../../dermanomaly/v1/GeneratorChoice.ts';
import type { NoiseMode as _dermanomaly_v1_NoiseMode, NoiseMode__Output as _dermanomaly_v1_NoiseMode__Output } from '../../dermanomaly/v1/NoiseMode.ts';
import type { LatentRefinement as _dermanomaly_v1_LatentRefinement, LatentRefinement__Output as _dermanomaly_v1_LatentRefinement__Output } from '../../dermanomaly/v1/LatentRefinement.ts';

/**
 * The networks of a reconstruction: E from the encoder checkpoint, G and D from the GAN checkpoint. They are exported
 * to ONNX once per (GAN digest, encoder digest, generator, noise mode) and cached in the artifact store under
 * `models/onnx/<key>/`; every replica reuses the cached files.
 */
export interface ReconstructionModels {
  /**
   * GAN checkpoint: an NVIDIA snapshot pickle (`network-snapshot-*.pkl`), or a network or training checkpoint
   * (`.safetensors`) of the gan-trainer. Must hold the chosen generator and D. Required.
   */
  'gan'?: (_dermanomaly_v1_Location | null);
  /**
   * Encoder weights: a `.safetensors` of the encoder trainer (its lineage names the generator and noise mode it was
   * trained with), or the original's `encoded_<n>.pth`. Required.
   */
  'encoder'?: (_dermanomaly_v1_Location | null);
  /**
   * Which generator of `gan` runs. Default: the one the encoder's lineage names, else G_EMA.
   */
  'generator'?: (_dermanomaly_v1_GeneratorChoice);
  /**
   * The generator's noise. Default: the encoder's lineage's, else NOISE_MODE_CONST (deterministic); NOISE_MODE_RANDOM
   * draws fresh N(0, 1) noise per image. NOISE_MODE_NONE is refused (a reconstruction set records const or random).
   */
  'noiseMode'?: (_dermanomaly_v1_NoiseMode);
  /**
   * Latent refinement of the encoder's answer. Unset or 0 steps = none: the reconstruction is G(E(x)).
   */
  'refine'?: (_dermanomaly_v1_LatentRefinement | null);
}

/**
 * The networks of a reconstruction: E from the encoder checkpoint, G and D from the GAN checkpoint. They are exported
 * to ONNX once per (GAN digest, encoder digest, generator, noise mode) and cached in the artifact store under
 * `models/onnx/<key>/`; every replica reuses the cached files.
 */
export interface ReconstructionModels__Output {
  /**
   * GAN checkpoint: an NVIDIA snapshot pickle (`network-snapshot-*.pkl`), or a network or training checkpoint
   * (`.safetensors`) of the gan-trainer. Must hold the chosen generator and D. Required.
   */
  'gan': (_dermanomaly_v1_Location__Output | null);
  /**
   * Encoder weights: a `.safetensors` of the encoder trainer (its lineage names the generator and noise mode it was
   * trained with), or the original's `encoded_<n>.pth`. Required.
   */
  'encoder': (_dermanomaly_v1_Location__Output | null);
  /**
   * Which generator of `gan` runs. Default: the one the encoder's lineage names, else G_EMA.
   */
  'generator': (_dermanomaly_v1_GeneratorChoice__Output);
  /**
   * The generator's noise. Default: the encoder's lineage's, else NOISE_MODE_CONST (deterministic); NOISE_MODE_RANDOM
   * draws fresh N(0, 1) noise per image. NOISE_MODE_NONE is refused (a reconstruction set records const or random).
   */
  'noiseMode': (_dermanomaly_v1_NoiseMode__Output);
  /**
   * Latent refinement of the encoder's answer. Unset or 0 steps = none: the reconstruction is G(E(x)).
   */
  'refine': (_dermanomaly_v1_LatentRefinement__Output | null);
}
