// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { WorkImage as _dermanomaly_v1_WorkImage, WorkImage__Output as _dermanomaly_v1_WorkImage__Output } from '../../dermanomaly/v1/WorkImage.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { NoiseMode as _dermanomaly_v1_NoiseMode, NoiseMode__Output as _dermanomaly_v1_NoiseMode__Output } from '../../dermanomaly/v1/NoiseMode.ts';

/**
 * A share of a reconstruction job, published on the reconstructor's work-queue stream and taken by any replica.
 */
export interface ReconstructionWorkItem {
  /**
   * The job this item belongs to.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * Position of this item in the job, from 0.
   */
  'index'?: (number);
  /**
   * Number of items in the job.
   */
  'count'?: (number);
  /**
   * Images of this item.
   */
  'images'?: (_dermanomaly_v1_WorkImage)[];
  /**
   * Encoder checkpoint.
   */
  'encoder'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Generator checkpoint.
   */
  'generator'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Output key prefix of the job.
   */
  'outputKey'?: (string);
  /**
   * Generator noise.
   */
  'noiseMode'?: (_dermanomaly_v1_NoiseMode);
  /**
   * Images per inference batch.
   */
  'batchSize'?: (number);
  /**
   * Whether to write residual maps.
   */
  'saveResiduals'?: (boolean);
}

/**
 * A share of a reconstruction job, published on the reconstructor's work-queue stream and taken by any replica.
 */
export interface ReconstructionWorkItem__Output {
  /**
   * The job this item belongs to.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * Position of this item in the job, from 0.
   */
  'index': (number);
  /**
   * Number of items in the job.
   */
  'count': (number);
  /**
   * Images of this item.
   */
  'images': (_dermanomaly_v1_WorkImage__Output)[];
  /**
   * Encoder checkpoint.
   */
  'encoder': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Generator checkpoint.
   */
  'generator': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Output key prefix of the job.
   */
  'outputKey': (string);
  /**
   * Generator noise.
   */
  'noiseMode': (_dermanomaly_v1_NoiseMode__Output);
  /**
   * Images per inference batch.
   */
  'batchSize': (number);
  /**
   * Whether to write residual maps.
   */
  'saveResiduals': (boolean);
}
