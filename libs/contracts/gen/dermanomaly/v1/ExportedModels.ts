// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { OnnxModel as _dermanomaly_v1_OnnxModel, OnnxModel__Output as _dermanomaly_v1_OnnxModel__Output } from '../../dermanomaly/v1/OnnxModel.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { GeneratorChoice as _dermanomaly_v1_GeneratorChoice, GeneratorChoice__Output as _dermanomaly_v1_GeneratorChoice__Output } from '../../dermanomaly/v1/GeneratorChoice.ts';
import type { NoiseMode as _dermanomaly_v1_NoiseMode, NoiseMode__Output as _dermanomaly_v1_NoiseMode__Output } from '../../dermanomaly/v1/NoiseMode.ts';
import type { ImagePreparation as _dermanomaly_v1_ImagePreparation, ImagePreparation__Output as _dermanomaly_v1_ImagePreparation__Output } from '../../dermanomaly/v1/ImagePreparation.ts';

/**
 * The three exported models of a reconstruction and what they were made from.
 */
export interface ExportedModels {
  /**
   * Cache key: lower-case hex SHA-256 of the sources' digests and the choices (`models/onnx/<key>/`).
   */
  'key'?: (string);
  /**
   * The encoder E (image -> z).
   */
  'encoder'?: (_dermanomaly_v1_OnnxModel | null);
  /**
   * The generator G (z, psi -> image).
   */
  'generator'?: (_dermanomaly_v1_OnnxModel | null);
  /**
   * The discriminator D (image -> features, logit).
   */
  'discriminator'?: (_dermanomaly_v1_OnnxModel | null);
  /**
   * The GAN checkpoint G and D come from.
   */
  'gan'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * The encoder checkpoint E comes from.
   */
  'encoderCheckpoint'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Which generator G is.
   */
  'generatorChoice'?: (_dermanomaly_v1_GeneratorChoice);
  /**
   * G's noise (CONST or RANDOM).
   */
  'noiseMode'?: (_dermanomaly_v1_NoiseMode);
  /**
   * Side of the images the networks take.
   */
  'resolution'?: (number);
  /**
   * Latent size of z.
   */
  'zDim'?: (number);
  /**
   * D features per image (8192 at cmax 512).
   */
  'featureDim'?: (number);
  /**
   * How the encoder's training images were made from photos, from its lineage (the data set's manifest); a photo
   * scored online is prepared the same way. Unset when the lineage does not say (a data set without a manifest, such
   * as `dataset_tool.py`'s, or an imported `.pth`): photos are then centre-cropped with the `auto` resampler.
   */
  'trainingPreparation'?: (_dermanomaly_v1_ImagePreparation | null);
}

/**
 * The three exported models of a reconstruction and what they were made from.
 */
export interface ExportedModels__Output {
  /**
   * Cache key: lower-case hex SHA-256 of the sources' digests and the choices (`models/onnx/<key>/`).
   */
  'key': (string);
  /**
   * The encoder E (image -> z).
   */
  'encoder': (_dermanomaly_v1_OnnxModel__Output | null);
  /**
   * The generator G (z, psi -> image).
   */
  'generator': (_dermanomaly_v1_OnnxModel__Output | null);
  /**
   * The discriminator D (image -> features, logit).
   */
  'discriminator': (_dermanomaly_v1_OnnxModel__Output | null);
  /**
   * The GAN checkpoint G and D come from.
   */
  'gan': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * The encoder checkpoint E comes from.
   */
  'encoderCheckpoint': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Which generator G is.
   */
  'generatorChoice': (_dermanomaly_v1_GeneratorChoice__Output);
  /**
   * G's noise (CONST or RANDOM).
   */
  'noiseMode': (_dermanomaly_v1_NoiseMode__Output);
  /**
   * Side of the images the networks take.
   */
  'resolution': (number);
  /**
   * Latent size of z.
   */
  'zDim': (number);
  /**
   * D features per image (8192 at cmax 512).
   */
  'featureDim': (number);
  /**
   * How the encoder's training images were made from photos, from its lineage (the data set's manifest); a photo
   * scored online is prepared the same way. Unset when the lineage does not say (a data set without a manifest, such
   * as `dataset_tool.py`'s, or an imported `.pth`): photos are then centre-cropped with the `auto` resampler.
   */
  'trainingPreparation': (_dermanomaly_v1_ImagePreparation__Output | null);
}
