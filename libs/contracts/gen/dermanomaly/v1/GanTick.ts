// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { TrainingTick as _dermanomaly_v1_TrainingTick, TrainingTick__Output as _dermanomaly_v1_TrainingTick__Output } from '../../dermanomaly/v1/TrainingTick.ts';

/**
 * One GAN training tick ended. Subject `dermanomaly.events.gan.tick`.
 */
export interface GanTick {
  /**
   * The training job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When the tick ended.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * The tick's metrics.
   */
  'tick'?: (_dermanomaly_v1_TrainingTick | null);
}

/**
 * One GAN training tick ended. Subject `dermanomaly.events.gan.tick`.
 */
export interface GanTick__Output {
  /**
   * The training job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When the tick ended.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * The tick's metrics.
   */
  'tick': (_dermanomaly_v1_TrainingTick__Output | null);
}
