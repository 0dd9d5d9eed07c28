// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { ReconstructionModels as _dermanomaly_v1_ReconstructionModels, ReconstructionModels__Output as _dermanomaly_v1_ReconstructionModels__Output } from '../../dermanomaly/v1/ReconstructionModels.ts';
import type { OnlineImage as _dermanomaly_v1_OnlineImage, OnlineImage__Output as _dermanomaly_v1_OnlineImage__Output } from '../../dermanomaly/v1/OnlineImage.ts';

/**
 * One message of a `Reconstruct` stream.
 */
export interface ReconstructRequest {
  /**
   * The models: required on the first message, absent on every later one.
   */
  'models'?: (_dermanomaly_v1_ReconstructionModels | null);
  /**
   * An image to reconstruct (optional on the first message).
   */
  'image'?: (_dermanomaly_v1_OnlineImage | null);
}

/**
 * One message of a `Reconstruct` stream.
 */
export interface ReconstructRequest__Output {
  /**
   * The models: required on the first message, absent on every later one.
   */
  'models': (_dermanomaly_v1_ReconstructionModels__Output | null);
  /**
   * An image to reconstruct (optional on the first message).
   */
  'image': (_dermanomaly_v1_OnlineImage__Output | null);
}
