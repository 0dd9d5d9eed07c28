// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * The result of one work item, published back to the job's owner.
 */
export interface ReconstructionWorkDone {
  /**
   * The job this item belongs to.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * Item index, as in the work item.
   */
  'index'?: (number);
  /**
   * Reconstructions written, in the item's image order.
   */
  'reconstructions'?: (_dermanomaly_v1_ArtifactRef)[];
  /**
   * Residual maps written (empty unless asked for).
   */
  'residuals'?: (_dermanomaly_v1_ArtifactRef)[];
  /**
   * Latents as CSV rows without header (`dim_1..dim_<z>,image_name`), in the item's image order.
   */
  'latents'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Error description when the item failed; empty on success.
   */
  'error'?: (string);
}

/**
 * The result of one work item, published back to the job's owner.
 */
export interface ReconstructionWorkDone__Output {
  /**
   * The job this item belongs to.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * Item index, as in the work item.
   */
  'index': (number);
  /**
   * Reconstructions written, in the item's image order.
   */
  'reconstructions': (_dermanomaly_v1_ArtifactRef__Output)[];
  /**
   * Residual maps written (empty unless asked for).
   */
  'residuals': (_dermanomaly_v1_ArtifactRef__Output)[];
  /**
   * Latents as CSV rows without header (`dim_1..dim_<z>,image_name`), in the item's image order.
   */
  'latents': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Error description when the item failed; empty on success.
   */
  'error': (string);
}
