// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * One image of a work item.
 */
export interface WorkImage {
  /**
   * The image in the artifact store.
   */
  'image'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Relative name under the input folder, kept for the output (e.g. `MEL/ISIC_0000002.jpg`).
   */
  'name'?: (string);
}

/**
 * One image of a work item.
 */
export interface WorkImage__Output {
  /**
   * The image in the artifact store.
   */
  'image': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Relative name under the input folder, kept for the output (e.g. `MEL/ISIC_0000002.jpg`).
   */
  'name': (string);
}
