// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { JobState as _dermanomaly_v1_JobState, JobState__Output as _dermanomaly_v1_JobState__Output } from '../../dermanomaly/v1/JobState.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';

/**
 * Any job of any service changed state. Subject `dermanomaly.events.jobs.state_changed`.
 */
export interface JobStateChanged {
  /**
   * The job (its `service` says which service).
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When the state changed.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * State before the change (JOB_STATE_UNSPECIFIED for a new job).
   */
  'previous'?: (_dermanomaly_v1_JobState);
  /**
   * State after the change.
   */
  'state'?: (_dermanomaly_v1_JobState);
  /**
   * The job's progress at the change (outputs when SUCCEEDED, error when FAILED).
   */
  'progress'?: (_dermanomaly_v1_Progress | null);
}

/**
 * Any job of any service changed state. Subject `dermanomaly.events.jobs.state_changed`.
 */
export interface JobStateChanged__Output {
  /**
   * The job (its `service` says which service).
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When the state changed.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * State before the change (JOB_STATE_UNSPECIFIED for a new job).
   */
  'previous': (_dermanomaly_v1_JobState__Output);
  /**
   * State after the change.
   */
  'state': (_dermanomaly_v1_JobState__Output);
  /**
   * The job's progress at the change (outputs when SUCCEEDED, error when FAILED).
   */
  'progress': (_dermanomaly_v1_Progress__Output | null);
}
