// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { StageStatus as _dermanomaly_v1_StageStatus, StageStatus__Output as _dermanomaly_v1_StageStatus__Output } from '../../dermanomaly/v1/StageStatus.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';

/**
 * A step of a pipeline started or ended. Subject `dermanomaly.events.pipeline.step`.
 */
export interface PipelineStepChanged {
  /**
   * The pipeline job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When the step changed.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * The step, with its job, state and (once it succeeded) outputs.
   */
  'step'?: (_dermanomaly_v1_StageStatus | null);
  /**
   * What the step ran on: the artifacts it read, the models it used, its stage request (`config_json`), its job.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
}

/**
 * A step of a pipeline started or ended. Subject `dermanomaly.events.pipeline.step`.
 */
export interface PipelineStepChanged__Output {
  /**
   * The pipeline job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When the step changed.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * The step, with its job, state and (once it succeeded) outputs.
   */
  'step': (_dermanomaly_v1_StageStatus__Output | null);
  /**
   * What the step ran on: the artifacts it read, the models it used, its stage request (`config_json`), its job.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
}
