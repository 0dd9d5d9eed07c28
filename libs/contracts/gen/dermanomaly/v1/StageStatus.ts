// Original file: proto/dermanomaly/v1/orchestrator.proto

import type { Stage as _dermanomaly_v1_Stage, Stage__Output as _dermanomaly_v1_Stage__Output } from '../../dermanomaly/v1/Stage.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { JobState as _dermanomaly_v1_JobState, JobState__Output as _dermanomaly_v1_JobState__Output } from '../../dermanomaly/v1/JobState.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';

/**
 * One stage of a pipeline.
 */
export interface StageStatus {
  /**
   * The stage.
   */
  'stage'?: (_dermanomaly_v1_Stage);
  /**
   * The stage service's job, once started.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * The stage job's state; JOB_STATE_QUEUED until started.
   */
  'state'?: (_dermanomaly_v1_JobState);
  /**
   * The stage job's last progress.
   */
  'progress'?: (_dermanomaly_v1_Progress | null);
  /**
   * When the stage started.
   */
  'startedAt'?: (_google_protobuf_Timestamp | null);
  /**
   * When the stage ended.
   */
  'endedAt'?: (_google_protobuf_Timestamp | null);
}

/**
 * One stage of a pipeline.
 */
export interface StageStatus__Output {
  /**
   * The stage.
   */
  'stage': (_dermanomaly_v1_Stage__Output);
  /**
   * The stage service's job, once started.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * The stage job's state; JOB_STATE_QUEUED until started.
   */
  'state': (_dermanomaly_v1_JobState__Output);
  /**
   * The stage job's last progress.
   */
  'progress': (_dermanomaly_v1_Progress__Output | null);
  /**
   * When the stage started.
   */
  'startedAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * When the stage ended.
   */
  'endedAt': (_google_protobuf_Timestamp__Output | null);
}
