// Original file: proto/dermanomaly/v1/common.proto

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * Which model version produced something, recorded in lineage.
 */
export interface ModelVersion {
  /**
   * Role of the model, e.g. `generator`, `encoder`, `discriminator`.
   */
  'role'?: (string);
  /**
   * The checkpoint that was used.
   */
  'artifact'?: (_dermanomaly_v1_ArtifactRef | null);
}

/**
 * Which model version produced something, recorded in lineage.
 */
export interface ModelVersion__Output {
  /**
   * Role of the model, e.g. `generator`, `encoder`, `discriminator`.
   */
  'role': (string);
  /**
   * The checkpoint that was used.
   */
  'artifact': (_dermanomaly_v1_ArtifactRef__Output | null);
}
