// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { StageStatus as _dermanomaly_v1_StageStatus, StageStatus__Output as _dermanomaly_v1_StageStatus__Output } from '../../dermanomaly/v1/StageStatus.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { SheetSummary as _dermanomaly_v1_SheetSummary, SheetSummary__Output as _dermanomaly_v1_SheetSummary__Output } from '../../dermanomaly/v1/SheetSummary.ts';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';

/**
 * A pipeline finished. Subject `dermanomaly.events.pipeline.completed`.
 */
export interface PipelineCompleted {
  /**
   * The pipeline job (service `orchestrator`).
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When it finished.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * Every step, with its job.
   */
  'stages'?: (_dermanomaly_v1_StageStatus)[];
  /**
   * Outputs of every step.
   */
  'outputs'?: (_dermanomaly_v1_ArtifactRef)[];
  /**
   * Figures of the report, when it ran.
   */
  'summaries'?: (_dermanomaly_v1_SheetSummary)[];
  /**
   * Wall-clock pipeline time.
   */
  'duration'?: (_google_protobuf_Duration | null);
  /**
   * Inputs, models, configuration of the pipeline.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
  /**
   * The run manifest (`run.json`: every file of the run folder with its artifact).
   */
  'runManifest'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * `metrics.json` (AUC of each score).
   */
  'metrics'?: (_dermanomaly_v1_ArtifactRef | null);
}

/**
 * A pipeline finished. Subject `dermanomaly.events.pipeline.completed`.
 */
export interface PipelineCompleted__Output {
  /**
   * The pipeline job (service `orchestrator`).
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When it finished.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * Every step, with its job.
   */
  'stages': (_dermanomaly_v1_StageStatus__Output)[];
  /**
   * Outputs of every step.
   */
  'outputs': (_dermanomaly_v1_ArtifactRef__Output)[];
  /**
   * Figures of the report, when it ran.
   */
  'summaries': (_dermanomaly_v1_SheetSummary__Output)[];
  /**
   * Wall-clock pipeline time.
   */
  'duration': (_google_protobuf_Duration__Output | null);
  /**
   * Inputs, models, configuration of the pipeline.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
  /**
   * The run manifest (`run.json`: every file of the run folder with its artifact).
   */
  'runManifest': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * `metrics.json` (AUC of each score).
   */
  'metrics': (_dermanomaly_v1_ArtifactRef__Output | null);
}
