// Original file: proto/dermanomaly/v1/orchestrator.proto

import type { Stage as _dermanomaly_v1_Stage, Stage__Output as _dermanomaly_v1_Stage__Output } from '../../dermanomaly/v1/Stage.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { JobState as _dermanomaly_v1_JobState, JobState__Output as _dermanomaly_v1_JobState__Output } from '../../dermanomaly/v1/JobState.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * One step of a pipeline: one stage job (or the synchronous calibration).
 */
export interface StageStatus {
  /**
   * The stage.
   */
  'stage'?: (_dermanomaly_v1_Stage);
  /**
   * The stage service's job, once started (unset for STAGE_CALIBRATE, which is a synchronous call).
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * The step's state: JOB_STATE_QUEUED until its inputs are ready and its job started; then its job's state. A
   * step left out (GAN training with an existing GAN) is not listed.
   */
  'state'?: (_dermanomaly_v1_JobState);
  /**
   * The stage job's last progress.
   */
  'progress'?: (_dermanomaly_v1_Progress | null);
  /**
   * When the step started.
   */
  'startedAt'?: (_google_protobuf_Timestamp | null);
  /**
   * When the step ended.
   */
  'endedAt'?: (_google_protobuf_Timestamp | null);
  /**
   * The step's name: `prepare_train`, `prepare_holdout`, `prepare_test`, `train_gan`, `train_encoder`,
   * `reconstruct_test`, `reconstruct_holdout`, `score_test`, `score_holdout`, `calibrate`, `report`.
   */
  'step'?: (string);
  /**
   * The step's outputs, once it succeeded.
   */
  'outputs'?: (_dermanomaly_v1_ArtifactRef)[];
  /**
   * Why the step failed, when it did: its job's error.
   */
  'error'?: (string);
  /**
   * The gRPC code name of that error (e.g. `INVALID_ARGUMENT`).
   */
  'errorCode'?: (string);
  /**
   * The steps whose outputs this step takes.
   */
  'needs'?: (string)[];
}

/**
 * One step of a pipeline: one stage job (or the synchronous calibration).
 */
export interface StageStatus__Output {
  /**
   * The stage.
   */
  'stage': (_dermanomaly_v1_Stage__Output);
  /**
   * The stage service's job, once started (unset for STAGE_CALIBRATE, which is a synchronous call).
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * The step's state: JOB_STATE_QUEUED until its inputs are ready and its job started; then its job's state. A
   * step left out (GAN training with an existing GAN) is not listed.
   */
  'state': (_dermanomaly_v1_JobState__Output);
  /**
   * The stage job's last progress.
   */
  'progress': (_dermanomaly_v1_Progress__Output | null);
  /**
   * When the step started.
   */
  'startedAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * When the step ended.
   */
  'endedAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * The step's name: `prepare_train`, `prepare_holdout`, `prepare_test`, `train_gan`, `train_encoder`,
   * `reconstruct_test`, `reconstruct_holdout`, `score_test`, `score_holdout`, `calibrate`, `report`.
   */
  'step': (string);
  /**
   * The step's outputs, once it succeeded.
   */
  'outputs': (_dermanomaly_v1_ArtifactRef__Output)[];
  /**
   * Why the step failed, when it did: its job's error.
   */
  'error': (string);
  /**
   * The gRPC code name of that error (e.g. `INVALID_ARGUMENT`).
   */
  'errorCode': (string);
  /**
   * The steps whose outputs this step takes.
   */
  'needs': (string)[];
}
