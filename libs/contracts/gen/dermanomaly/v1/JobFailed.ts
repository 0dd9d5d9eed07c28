// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';

/**
 * A job of a stage that has no failure message of its own failed (GAN training, encoder training and pipelines have
 * `GanFailed`, `EncoderFailed` and `PipelineFailed`). Subjects `dermanomaly.events.preprocess.failed`,
 * `dermanomaly.events.reconstructor.failed`, `dermanomaly.events.scorer.failed`,
 * `dermanomaly.events.reporter.failed`: one per stage, so a consumer subscribes to the stages it follows.
 */
export interface JobFailed {
  /**
   * The failed job (its `service` says which stage).
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When it failed.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * Error description, as in the job's `Progress.error`.
   */
  'error'?: (string);
  /**
   * gRPC status code name of the error, e.g. `INVALID_ARGUMENT`, `INTERNAL`.
   */
  'code'?: (string);
  /**
   * The job's last progress (counts, metrics, outputs written before the failure).
   */
  'progress'?: (_dermanomaly_v1_Progress | null);
}

/**
 * A job of a stage that has no failure message of its own failed (GAN training, encoder training and pipelines have
 * `GanFailed`, `EncoderFailed` and `PipelineFailed`). Subjects `dermanomaly.events.preprocess.failed`,
 * `dermanomaly.events.reconstructor.failed`, `dermanomaly.events.scorer.failed`,
 * `dermanomaly.events.reporter.failed`: one per stage, so a consumer subscribes to the stages it follows.
 */
export interface JobFailed__Output {
  /**
   * The failed job (its `service` says which stage).
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When it failed.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * Error description, as in the job's `Progress.error`.
   */
  'error': (string);
  /**
   * gRPC status code name of the error, e.g. `INVALID_ARGUMENT`, `INTERNAL`.
   */
  'code': (string);
  /**
   * The job's last progress (counts, metrics, outputs written before the failure).
   */
  'progress': (_dermanomaly_v1_Progress__Output | null);
}
