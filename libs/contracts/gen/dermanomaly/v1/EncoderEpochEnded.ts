// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { EncoderEpoch as _dermanomaly_v1_EncoderEpoch, EncoderEpoch__Output as _dermanomaly_v1_EncoderEpoch__Output } from '../../dermanomaly/v1/EncoderEpoch.ts';

/**
 * One encoder epoch ended. Subject `dermanomaly.events.encoder.epoch`.
 */
export interface EncoderEpochEnded {
  /**
   * The training job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When the epoch ended.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * The epoch's metrics.
   */
  'epoch'?: (_dermanomaly_v1_EncoderEpoch | null);
}

/**
 * One encoder epoch ended. Subject `dermanomaly.events.encoder.epoch`.
 */
export interface EncoderEpochEnded__Output {
  /**
   * The training job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When the epoch ended.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * The epoch's metrics.
   */
  'epoch': (_dermanomaly_v1_EncoderEpoch__Output | null);
}
