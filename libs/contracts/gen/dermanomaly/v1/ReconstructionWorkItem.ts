// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { WorkImage as _dermanomaly_v1_WorkImage, WorkImage__Output as _dermanomaly_v1_WorkImage__Output } from '../../dermanomaly/v1/WorkImage.ts';
import type { SkippedInput as _dermanomaly_v1_SkippedInput, SkippedInput__Output as _dermanomaly_v1_SkippedInput__Output } from '../../dermanomaly/v1/SkippedInput.ts';
import type { ExportedModels as _dermanomaly_v1_ExportedModels, ExportedModels__Output as _dermanomaly_v1_ExportedModels__Output } from '../../dermanomaly/v1/ExportedModels.ts';
import type { LatentRefinement as _dermanomaly_v1_LatentRefinement, LatentRefinement__Output as _dermanomaly_v1_LatentRefinement__Output } from '../../dermanomaly/v1/LatentRefinement.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * A share of a reconstruction job on the work queue `dermanomaly.work.reconstruct` (stream
 * `DERMANOMALY_WORK_RECONSTRUCT`), taken by any replica. Its message id is `<job id>:<index>`.
 */
export interface ReconstructionWorkItem {
  /**
   * The job this item belongs to.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * Position of this item in the job, from 0 (the merge keeps this order).
   */
  'index'?: (number);
  /**
   * Number of items in the job.
   */
  'count'?: (number);
  /**
   * The images of this item, in set order.
   */
  'images'?: (_dermanomaly_v1_WorkImage)[];
  /**
   * Inputs skipped while listing the source (item 0 carries them all, so `skipped.csv` lists them first).
   */
  'skipped'?: (_dermanomaly_v1_SkippedInput)[];
  /**
   * The models to run.
   */
  'models'?: (_dermanomaly_v1_ExportedModels | null);
  /**
   * Images per inference batch.
   */
  'batchSize'?: (number);
  /**
   * Class -> label of the whole source.
   */
  'classes'?: ({[key: string]: number});
  /**
   * The source as the set's lineage records it.
   */
  'source'?: (string);
  /**
   * Store key prefix of the job's partial sets: this item writes `<parts_prefix><index>/<attempt>/`.
   */
  'partsPrefix'?: (string);
  /**
   * Noise seed of this item (NOISE_MODE_RANDOM); 0 = unseeded.
   */
  'noiseSeed'?: (number | string | Long);
  /**
   * Latent refinement (the request's `models.refine`); unset = none.
   */
  'refine'?: (_dermanomaly_v1_LatentRefinement | null);
}

/**
 * A share of a reconstruction job on the work queue `dermanomaly.work.reconstruct` (stream
 * `DERMANOMALY_WORK_RECONSTRUCT`), taken by any replica. Its message id is `<job id>:<index>`.
 */
export interface ReconstructionWorkItem__Output {
  /**
   * The job this item belongs to.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * Position of this item in the job, from 0 (the merge keeps this order).
   */
  'index': (number);
  /**
   * Number of items in the job.
   */
  'count': (number);
  /**
   * The images of this item, in set order.
   */
  'images': (_dermanomaly_v1_WorkImage__Output)[];
  /**
   * Inputs skipped while listing the source (item 0 carries them all, so `skipped.csv` lists them first).
   */
  'skipped': (_dermanomaly_v1_SkippedInput__Output)[];
  /**
   * The models to run.
   */
  'models': (_dermanomaly_v1_ExportedModels__Output | null);
  /**
   * Images per inference batch.
   */
  'batchSize': (number);
  /**
   * Class -> label of the whole source.
   */
  'classes': ({[key: string]: number});
  /**
   * The source as the set's lineage records it.
   */
  'source': (string);
  /**
   * Store key prefix of the job's partial sets: this item writes `<parts_prefix><index>/<attempt>/`.
   */
  'partsPrefix': (string);
  /**
   * Noise seed of this item (NOISE_MODE_RANDOM); 0 = unseeded.
   */
  'noiseSeed': (number);
  /**
   * Latent refinement (the request's `models.refine`); unset = none.
   */
  'refine': (_dermanomaly_v1_LatentRefinement__Output | null);
}
