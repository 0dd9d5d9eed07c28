// Original file: proto/dermanomaly/v1/common.proto

import type { JobState as _dermanomaly_v1_JobState, JobState__Output as _dermanomaly_v1_JobState__Output } from '../../dermanomaly/v1/JobState.ts';

/**
 * Body of `Cancel` replies and other empty acknowledgements.
 */
export interface CancelResponse {
  /**
   * State of the job after the cancel request (CANCELLED, or the terminal state it already had).
   */
  'state'?: (_dermanomaly_v1_JobState);
}

/**
 * Body of `Cancel` replies and other empty acknowledgements.
 */
export interface CancelResponse__Output {
  /**
   * State of the job after the cancel request (CANCELLED, or the terminal state it already had).
   */
  'state': (_dermanomaly_v1_JobState__Output);
}
