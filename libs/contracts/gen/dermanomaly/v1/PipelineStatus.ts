// Original file: proto/dermanomaly/v1/orchestrator.proto

import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { StageStatus as _dermanomaly_v1_StageStatus, StageStatus__Output as _dermanomaly_v1_StageStatus__Output } from '../../dermanomaly/v1/StageStatus.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { StartPipelineRequest as _dermanomaly_v1_StartPipelineRequest, StartPipelineRequest__Output as _dermanomaly_v1_StartPipelineRequest__Output } from '../../dermanomaly/v1/StartPipelineRequest.ts';
import type { Stage as _dermanomaly_v1_Stage, Stage__Output as _dermanomaly_v1_Stage__Output } from '../../dermanomaly/v1/Stage.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * A pipeline and its steps.
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
   * Its steps, in running order.
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
  /**
   * The preset it ran with.
   */
  'preset'?: (string);
  /**
   * The stage that failed, when the pipeline failed.
   */
  'failedStage'?: (_dermanomaly_v1_Stage);
  /**
   * The run manifest (`run.json`), once the pipeline succeeded: every file of the run folder by its relative path
   * (`report.html`, `graphics/...`, `generated_img/...`, `sheets/...`, `models/...`, `calibration.json`,
   * `metrics.json`, `lineage.json`) with the artifact holding it, so a client anywhere can download the run.
   */
  'runManifest'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * `metrics.json`: the AUC of each score and the baseline's, with their thresholds (format
   * `dermanomaly/pipeline-metrics/1`), once the pipeline succeeded.
   */
  'metrics'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * When it ended.
   */
  'endedAt'?: (_google_protobuf_Timestamp | null);
}

/**
 * A pipeline and its steps.
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
   * Its steps, in running order.
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
  /**
   * The preset it ran with.
   */
  'preset': (string);
  /**
   * The stage that failed, when the pipeline failed.
   */
  'failedStage': (_dermanomaly_v1_Stage__Output);
  /**
   * The run manifest (`run.json`), once the pipeline succeeded: every file of the run folder by its relative path
   * (`report.html`, `graphics/...`, `generated_img/...`, `sheets/...`, `models/...`, `calibration.json`,
   * `metrics.json`, `lineage.json`) with the artifact holding it, so a client anywhere can download the run.
   */
  'runManifest': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * `metrics.json`: the AUC of each score and the baseline's, with their thresholds (format
   * `dermanomaly/pipeline-metrics/1`), once the pipeline succeeded.
   */
  'metrics': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * When it ended.
   */
  'endedAt': (_google_protobuf_Timestamp__Output | null);
}
