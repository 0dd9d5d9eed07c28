// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { ExportedModels as _dermanomaly_v1_ExportedModels, ExportedModels__Output as _dermanomaly_v1_ExportedModels__Output } from '../../dermanomaly/v1/ExportedModels.ts';

/**
 * The first response of a `Reconstruct` stream: the models that run.
 */
export interface LoadedModels {
  /**
   * The exported models (their digests are what a reconstruction set's lineage records).
   */
  'models'?: (_dermanomaly_v1_ExportedModels | null);
}

/**
 * The first response of a `Reconstruct` stream: the models that run.
 */
export interface LoadedModels__Output {
  /**
   * The exported models (their digests are what a reconstruction set's lineage records).
   */
  'models': (_dermanomaly_v1_ExportedModels__Output | null);
}
