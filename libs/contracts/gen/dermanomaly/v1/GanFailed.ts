// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * GAN training failed. Subject `dermanomaly.events.gan.failed`.
 */
export interface GanFailed {
  /**
   * The training job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When it failed.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * Error description.
   */
  'error'?: (string);
  /**
   * gRPC status code name of the error, e.g. `RESOURCE_EXHAUSTED`, `INTERNAL`.
   */
  'code'?: (string);
  /**
   * Progress reached in kimg.
   */
  'kimg'?: (number | string);
  /**
   * The last snapshot written, to resume from; unset when none was.
   */
  'lastCheckpoint'?: (_dermanomaly_v1_ArtifactRef | null);
}

/**
 * GAN training failed. Subject `dermanomaly.events.gan.failed`.
 */
export interface GanFailed__Output {
  /**
   * The training job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When it failed.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * Error description.
   */
  'error': (string);
  /**
   * gRPC status code name of the error, e.g. `RESOURCE_EXHAUSTED`, `INTERNAL`.
   */
  'code': (string);
  /**
   * Progress reached in kimg.
   */
  'kimg': (number);
  /**
   * The last snapshot written, to resume from; unset when none was.
   */
  'lastCheckpoint': (_dermanomaly_v1_ArtifactRef__Output | null);
}
