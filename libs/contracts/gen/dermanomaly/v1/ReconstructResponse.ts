// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { LoadedModels as _dermanomaly_v1_LoadedModels, LoadedModels__Output as _dermanomaly_v1_LoadedModels__Output } from '../../dermanomaly/v1/LoadedModels.ts';
import type { ImageReconstruction as _dermanomaly_v1_ImageReconstruction, ImageReconstruction__Output as _dermanomaly_v1_ImageReconstruction__Output } from '../../dermanomaly/v1/ImageReconstruction.ts';

/**
 * One message of a `Reconstruct` response stream: the models first, then one result per image.
 */
export interface ReconstructResponse {
  /**
   * Set on the first response only.
   */
  'models'?: (_dermanomaly_v1_LoadedModels | null);
  /**
   * Set on every later response: one image's result.
   */
  'result'?: (_dermanomaly_v1_ImageReconstruction | null);
}

/**
 * One message of a `Reconstruct` response stream: the models first, then one result per image.
 */
export interface ReconstructResponse__Output {
  /**
   * Set on the first response only.
   */
  'models': (_dermanomaly_v1_LoadedModels__Output | null);
  /**
   * Set on every later response: one image's result.
   */
  'result': (_dermanomaly_v1_ImageReconstruction__Output | null);
}
