// Original file: proto/dermanomaly/v1/orchestrator.proto

import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { StageStatus as _dermanomaly_v1_StageStatus, StageStatus__Output as _dermanomaly_v1_StageStatus__Output } from '../../dermanomaly/v1/StageStatus.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { StartPipelineRequest as _dermanomaly_v1_StartPipelineRequest, StartPipelineRequest__Output as _dermanomaly_v1_StartPipelineRequest__Output } from '../../dermanomaly/v1/StartPipelineRequest.ts';

/**
 * A pipeline and its stages.
 */
export interface PipelineStatus {
  /**
   * The pipeline's own progress.
   */
  'progress'?: (_dermanomaly_v1_Progress | null);
  /**
   * Its name.
   */
  'name'?: (string);
  /**
   * Its stages, in running order.
   */
  'stages'?: (_dermanomaly_v1_StageStatus)[];
  /**
   * When it was started.
   */
  'createdAt'?: (_google_protobuf_Timestamp | null);
  /**
   * The request it was started with, defaults not filled in.
   */
  'request'?: (_dermanomaly_v1_StartPipelineRequest | null);
}

/**
 * A pipeline and its stages.
 */
export interface PipelineStatus__Output {
  /**
   * The pipeline's own progress.
   */
  'progress': (_dermanomaly_v1_Progress__Output | null);
  /**
   * Its name.
   */
  'name': (string);
  /**
   * Its stages, in running order.
   */
  'stages': (_dermanomaly_v1_StageStatus__Output)[];
  /**
   * When it was started.
   */
  'createdAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * The request it was started with, defaults not filled in.
   */
  'request': (_dermanomaly_v1_StartPipelineRequest__Output | null);
}
