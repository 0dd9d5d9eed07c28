// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { Stage as _dermanomaly_v1_Stage, Stage__Output as _dermanomaly_v1_Stage__Output } from '../../dermanomaly/v1/Stage.ts';
import type { StageStatus as _dermanomaly_v1_StageStatus, StageStatus__Output as _dermanomaly_v1_StageStatus__Output } from '../../dermanomaly/v1/StageStatus.ts';

/**
 * A pipeline failed. Subject `dermanomaly.events.pipeline.failed`.
 */
export interface PipelineFailed {
  /**
   * The pipeline job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When it failed.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * The stage that failed (STAGE_UNSPECIFIED when the pipeline itself failed, e.g. writing its run manifest).
   */
  'stage'?: (_dermanomaly_v1_Stage);
  /**
   * That stage's job, when it had started.
   */
  'stageJob'?: (_dermanomaly_v1_JobRef | null);
  /**
   * Error description.
   */
  'error'?: (string);
  /**
   * gRPC status code name of the error.
   */
  'code'?: (string);
  /**
   * Every stage, with its state.
   */
  'stages'?: (_dermanomaly_v1_StageStatus)[];
  /**
   * The step that failed, e.g. `train_gan`.
   */
  'step'?: (string);
}

/**
 * A pipeline failed. Subject `dermanomaly.events.pipeline.failed`.
 */
export interface PipelineFailed__Output {
  /**
   * The pipeline job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When it failed.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * The stage that failed (STAGE_UNSPECIFIED when the pipeline itself failed, e.g. writing its run manifest).
   */
  'stage': (_dermanomaly_v1_Stage__Output);
  /**
   * That stage's job, when it had started.
   */
  'stageJob': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * Error description.
   */
  'error': (string);
  /**
   * gRPC status code name of the error.
   */
  'code': (string);
  /**
   * Every stage, with its state.
   */
  'stages': (_dermanomaly_v1_StageStatus__Output)[];
  /**
   * The step that failed, e.g. `train_gan`.
   */
  'step': (string);
}
