// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * Encoder training failed. Subject `dermanomaly.events.encoder.failed`.
 */
export interface EncoderFailed {
  /**
   * The training job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When it failed.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * Error description (a loss that is not finite names its epoch and step).
   */
  'error'?: (string);
  /**
   * gRPC status code name of the error.
   */
  'code'?: (string);
  /**
   * Epochs completed.
   */
  'epochs'?: (number);
  /**
   * The last snapshot written (weights), the last good state; unset when none was.
   */
  'lastCheckpoint'?: (_dermanomaly_v1_ArtifactRef | null);
}

/**
 * Encoder training failed. Subject `dermanomaly.events.encoder.failed`.
 */
export interface EncoderFailed__Output {
  /**
   * The training job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When it failed.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * Error description (a loss that is not finite names its epoch and step).
   */
  'error': (string);
  /**
   * gRPC status code name of the error.
   */
  'code': (string);
  /**
   * Epochs completed.
   */
  'epochs': (number);
  /**
   * The last snapshot written (weights), the last good state; unset when none was.
   */
  'lastCheckpoint': (_dermanomaly_v1_ArtifactRef__Output | null);
}
