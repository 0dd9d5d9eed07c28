// Original file: proto/dermanomaly/v1/common.proto

/**
 * Lifecycle of a job. Terminal states: SUCCEEDED, FAILED, CANCELLED.
 */
export const JobState = {
  JOB_STATE_UNSPECIFIED: 'JOB_STATE_UNSPECIFIED',
  /**
   * Accepted, not started yet.
   */
  JOB_STATE_QUEUED: 'JOB_STATE_QUEUED',
  /**
   * Running.
   */
  JOB_STATE_RUNNING: 'JOB_STATE_RUNNING',
  /**
   * Finished; `outputs` are complete.
   */
  JOB_STATE_SUCCEEDED: 'JOB_STATE_SUCCEEDED',
  /**
   * Stopped by an error; see `error`.
   */
  JOB_STATE_FAILED: 'JOB_STATE_FAILED',
  /**
   * Stopped by a Cancel call.
   */
  JOB_STATE_CANCELLED: 'JOB_STATE_CANCELLED',
} as const;

/**
 * Lifecycle of a job. Terminal states: SUCCEEDED, FAILED, CANCELLED.
 */
export type JobState =
  | 'JOB_STATE_UNSPECIFIED'
  | 0
  /**
   * Accepted, not started yet.
   */
  | 'JOB_STATE_QUEUED'
  | 1
  /**
   * Running.
   */
  | 'JOB_STATE_RUNNING'
  | 2
  /**
   * Finished; `outputs` are complete.
   */
  | 'JOB_STATE_SUCCEEDED'
  | 3
  /**
   * Stopped by an error; see `error`.
   */
  | 'JOB_STATE_FAILED'
  | 4
  /**
   * Stopped by a Cancel call.
   */
  | 'JOB_STATE_CANCELLED'
  | 5

/**
 * Lifecycle of a job. Terminal states: SUCCEEDED, FAILED, CANCELLED.
 */
export type JobState__Output = typeof JobState[keyof typeof JobState]
