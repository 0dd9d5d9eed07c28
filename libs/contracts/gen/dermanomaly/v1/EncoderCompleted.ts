// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';

/**
 * Encoder training finished. Subject `dermanomaly.events.encoder.completed`.
 */
export interface EncoderCompleted {
  /**
   * The training job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When training finished.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * The final encoder weights (the last snapshot).
   */
  'checkpoint'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Epochs trained.
   */
  'epochs'?: (number);
  /**
   * Mean loss of the last epoch.
   */
  'loss'?: (number | string);
  /**
   * Wall-clock training time, over restarts.
   */
  'duration'?: (_google_protobuf_Duration | null);
  /**
   * TF.js backend used.
   */
  'backend'?: (string);
  /**
   * What produced the final weights.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
  /**
   * The snapshots kept (weights), oldest first; the last is `checkpoint`.
   */
  'snapshots'?: (_dermanomaly_v1_ArtifactRef)[];
}

/**
 * Encoder training finished. Subject `dermanomaly.events.encoder.completed`.
 */
export interface EncoderCompleted__Output {
  /**
   * The training job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When training finished.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * The final encoder weights (the last snapshot).
   */
  'checkpoint': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Epochs trained.
   */
  'epochs': (number);
  /**
   * Mean loss of the last epoch.
   */
  'loss': (number);
  /**
   * Wall-clock training time, over restarts.
   */
  'duration': (_google_protobuf_Duration__Output | null);
  /**
   * TF.js backend used.
   */
  'backend': (string);
  /**
   * What produced the final weights.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
  /**
   * The snapshots kept (weights), oldest first; the last is `checkpoint`.
   */
  'snapshots': (_dermanomaly_v1_ArtifactRef__Output)[];
}
