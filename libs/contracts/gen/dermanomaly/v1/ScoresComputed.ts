// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ScoreSheet as _dermanomaly_v1_ScoreSheet, ScoreSheet__Output as _dermanomaly_v1_ScoreSheet__Output } from '../../dermanomaly/v1/ScoreSheet.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Score sheets were written. Subject `dermanomaly.events.scorer.scores_computed`.
 */
export interface ScoresComputed {
  /**
   * The scoring job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When the sheets were complete.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * The sheets, one per score spec, in the request's order.
   */
  'sheets'?: (_dermanomaly_v1_ScoreSheet)[];
  /**
   * Images scored (rows of each sheet).
   */
  'count'?: (number | string | Long);
  /**
   * Reconstruction set, reference latents, models (GAN and encoder checkpoints from the set's lineage, the ONNX
   * models afs ran) and the effective options that produced the sheets.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
  /**
   * Images of the set left out because their class is not in the class map.
   */
  'leftOut'?: (number | string | Long);
}

/**
 * Score sheets were written. Subject `dermanomaly.events.scorer.scores_computed`.
 */
export interface ScoresComputed__Output {
  /**
   * The scoring job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When the sheets were complete.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * The sheets, one per score spec, in the request's order.
   */
  'sheets': (_dermanomaly_v1_ScoreSheet__Output)[];
  /**
   * Images scored (rows of each sheet).
   */
  'count': (number);
  /**
   * Reconstruction set, reference latents, models (GAN and encoder checkpoints from the set's lineage, the ONNX
   * models afs ran) and the effective options that produced the sheets.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
  /**
   * Images of the set left out because their class is not in the class map.
   */
  'leftOut': (number);
}
