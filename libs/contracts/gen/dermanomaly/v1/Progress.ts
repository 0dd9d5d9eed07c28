// Original file: proto/dermanomaly/v1/common.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { JobState as _dermanomaly_v1_JobState, JobState__Output as _dermanomaly_v1_JobState__Output } from '../../dermanomaly/v1/JobState.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * One progress report of a job, as streamed by `Watch` and kept as the job's last known state.
 */
export interface Progress {
  /**
   * The job this report is about.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * Current state.
   */
  'state'?: (_dermanomaly_v1_JobState);
  /**
   * Units of work done so far (images, kimg x 1000, epochs...; see `unit`).
   */
  'done'?: (number | string | Long);
  /**
   * Total units of work, 0 when unknown.
   */
  'total'?: (number | string | Long);
  /**
   * What `done` and `total` count, e.g. `images`, `nimg`, `epochs`.
   */
  'unit'?: (string);
  /**
   * Short human-readable status line.
   */
  'message'?: (string);
  /**
   * Named numeric metrics of this step (losses, rates, skip counts...).
   */
  'metrics'?: ({[key: string]: number | string});
  /**
   * Artifacts produced so far (complete when the state is SUCCEEDED).
   */
  'outputs'?: (_dermanomaly_v1_ArtifactRef)[];
  /**
   * Error description when the state is FAILED.
   */
  'error'?: (string);
  /**
   * When this report was made.
   */
  'updatedAt'?: (_google_protobuf_Timestamp | null);
  /**
   * Monotonic sequence number of this report within the job (1, 2, ...).
   */
  'seq'?: (number | string | Long);
  /**
   * gRPC status code name of the error when the state is FAILED (e.g. `INVALID_ARGUMENT`, `NOT_FOUND`,
   * `INTERNAL` for an unexpected error), the same code a call would have answered with; empty otherwise.
   */
  'errorCode'?: (string);
}

/**
 * One progress report of a job, as streamed by `Watch` and kept as the job's last known state.
 */
export interface Progress__Output {
  /**
   * The job this report is about.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * Current state.
   */
  'state': (_dermanomaly_v1_JobState__Output);
  /**
   * Units of work done so far (images, kimg x 1000, epochs...; see `unit`).
   */
  'done': (number);
  /**
   * Total units of work, 0 when unknown.
   */
  'total': (number);
  /**
   * What `done` and `total` count, e.g. `images`, `nimg`, `epochs`.
   */
  'unit': (string);
  /**
   * Short human-readable status line.
   */
  'message': (string);
  /**
   * Named numeric metrics of this step (losses, rates, skip counts...).
   */
  'metrics': ({[key: string]: number});
  /**
   * Artifacts produced so far (complete when the state is SUCCEEDED).
   */
  'outputs': (_dermanomaly_v1_ArtifactRef__Output)[];
  /**
   * Error description when the state is FAILED.
   */
  'error': (string);
  /**
   * When this report was made.
   */
  'updatedAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * Monotonic sequence number of this report within the job (1, 2, ...).
   */
  'seq': (number);
  /**
   * gRPC status code name of the error when the state is FAILED (e.g. `INVALID_ARGUMENT`, `NOT_FOUND`,
   * `INTERNAL` for an unexpected error), the same code a call would have answered with; empty otherwise.
   */
  'errorCode': (string);
}
