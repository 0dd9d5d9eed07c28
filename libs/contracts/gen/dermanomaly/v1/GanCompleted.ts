// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';

/**
 * GAN training finished. Subject `dermanomaly.events.gan.completed`.
 */
export interface GanCompleted {
  /**
   * The training job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When training finished.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * The final checkpoint (the last snapshot).
   */
  'checkpoint'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Training length reached in kimg.
   */
  'kimg'?: (number | string);
  /**
   * Every snapshot of the run, in order.
   */
  'snapshots'?: (_dermanomaly_v1_ArtifactRef)[];
  /**
   * Wall-clock training time.
   */
  'duration'?: (_google_protobuf_Duration | null);
  /**
   * TF.js backend used.
   */
  'backend'?: (string);
  /**
   * What produced the final checkpoint.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
}

/**
 * GAN training finished. Subject `dermanomaly.events.gan.completed`.
 */
export interface GanCompleted__Output {
  /**
   * The training job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When training finished.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * The final checkpoint (the last snapshot).
   */
  'checkpoint': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Training length reached in kimg.
   */
  'kimg': (number);
  /**
   * Every snapshot of the run, in order.
   */
  'snapshots': (_dermanomaly_v1_ArtifactRef__Output)[];
  /**
   * Wall-clock training time.
   */
  'duration': (_google_protobuf_Duration__Output | null);
  /**
   * TF.js backend used.
   */
  'backend': (string);
  /**
   * What produced the final checkpoint.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
}
