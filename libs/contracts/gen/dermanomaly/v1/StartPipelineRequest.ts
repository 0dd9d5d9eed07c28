// Original file: proto/dermanomaly/v1/orchestrator.proto

import type { Stage as _dermanomaly_v1_Stage, Stage__Output as _dermanomaly_v1_Stage__Output } from '../../dermanomaly/v1/Stage.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { PrepareDatasetRequest as _dermanomaly_v1_PrepareDatasetRequest, PrepareDatasetRequest__Output as _dermanomaly_v1_PrepareDatasetRequest__Output } from '../../dermanomaly/v1/PrepareDatasetRequest.ts';
import type { StartGanTrainingRequest as _dermanomaly_v1_StartGanTrainingRequest, StartGanTrainingRequest__Output as _dermanomaly_v1_StartGanTrainingRequest__Output } from '../../dermanomaly/v1/StartGanTrainingRequest.ts';
import type { StartEncoderTrainingRequest as _dermanomaly_v1_StartEncoderTrainingRequest, StartEncoderTrainingRequest__Output as _dermanomaly_v1_StartEncoderTrainingRequest__Output } from '../../dermanomaly/v1/StartEncoderTrainingRequest.ts';
import type { StartReconstructionRequest as _dermanomaly_v1_StartReconstructionRequest, StartReconstructionRequest__Output as _dermanomaly_v1_StartReconstructionRequest__Output } from '../../dermanomaly/v1/StartReconstructionRequest.ts';
import type { StartScoringRequest as _dermanomaly_v1_StartScoringRequest, StartScoringRequest__Output as _dermanomaly_v1_StartScoringRequest__Output } from '../../dermanomaly/v1/StartScoringRequest.ts';
import type { StartReportRequest as _dermanomaly_v1_StartReportRequest, StartReportRequest__Output as _dermanomaly_v1_StartReportRequest__Output } from '../../dermanomaly/v1/StartReportRequest.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * One pipeline. Each embedded stage request is used as given, except that inputs left empty are filled with the
 * outputs of earlier stages (dataset, checkpoints, latents, sheets) and empty outputs go under the pipeline's
 * `outdir`. Each stage's own `request_id` is derived from the pipeline's, so a resumed pipeline reuses stage jobs.
 */
export interface StartPipelineRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the pipeline of the first one instead of starting
   * a second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId'?: (string);
  /**
   * Human-readable name, used in folder names and listings.
   */
  'name'?: (string);
  /**
   * Stages to run. Empty = all, in order.
   */
  'stages'?: (_dermanomaly_v1_Stage)[];
  /**
   * Root for every stage output left empty. Empty = the orchestrator's run store.
   */
  'outdir'?: (_dermanomaly_v1_Location | null);
  /**
   * Seed for every stage whose own seed is 0. Default 0.
   */
  'seed'?: (number | string | Long);
  /**
   * Training dataset preparation (normal images only). Needed with STAGE_PREPARE.
   */
  'prepareTrain'?: (_dermanomaly_v1_PrepareDatasetRequest | null);
  /**
   * Test dataset preparation (normal and anomalous images in class folders). Unset = the test images are used as
   * they are (they must already have the generator's resolution).
   */
  'prepareTest'?: (_dermanomaly_v1_PrepareDatasetRequest | null);
  /**
   * GAN training. `dataset` defaults to the prepared training set.
   */
  'trainGan'?: (_dermanomaly_v1_StartGanTrainingRequest | null);
  /**
   * Encoder training. `dataset`, `generator`, `discriminator` default to earlier outputs (last GAN snapshot).
   */
  'trainEncoder'?: (_dermanomaly_v1_StartEncoderTrainingRequest | null);
  /**
   * Reconstruction of the test images. `images`, `encoder`, `generator` default to earlier outputs.
   */
  'reconstruct'?: (_dermanomaly_v1_StartReconstructionRequest | null);
  /**
   * Scoring. `images`, `encoder`, `generator`, `discriminator`, `reconstructions` default to earlier outputs;
   * `train_latents` (for AFS / ALS) is not produced by any stage and must be given when those methods are asked for.
   */
  'score'?: (_dermanomaly_v1_StartScoringRequest | null);
  /**
   * Report. `sheets` and `tsne.latents` default to earlier outputs.
   */
  'report'?: (_dermanomaly_v1_StartReportRequest | null);
  /**
   * Test images when STAGE_PREPARE does not prepare them (class folders). Required for STAGE_RECONSTRUCT and
   * STAGE_SCORE unless `prepare_test` is given.
   */
  'testImages'?: (_dermanomaly_v1_Location | null);
}

/**
 * One pipeline. Each embedded stage request is used as given, except that inputs left empty are filled with the
 * outputs of earlier stages (dataset, checkpoints, latents, sheets) and empty outputs go under the pipeline's
 * `outdir`. Each stage's own `request_id` is derived from the pipeline's, so a resumed pipeline reuses stage jobs.
 */
export interface StartPipelineRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the pipeline of the first one instead of starting
   * a second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId': (string);
  /**
   * Human-readable name, used in folder names and listings.
   */
  'name': (string);
  /**
   * Stages to run. Empty = all, in order.
   */
  'stages': (_dermanomaly_v1_Stage__Output)[];
  /**
   * Root for every stage output left empty. Empty = the orchestrator's run store.
   */
  'outdir': (_dermanomaly_v1_Location__Output | null);
  /**
   * Seed for every stage whose own seed is 0. Default 0.
   */
  'seed': (number);
  /**
   * Training dataset preparation (normal images only). Needed with STAGE_PREPARE.
   */
  'prepareTrain': (_dermanomaly_v1_PrepareDatasetRequest__Output | null);
  /**
   * Test dataset preparation (normal and anomalous images in class folders). Unset = the test images are used as
   * they are (they must already have the generator's resolution).
   */
  'prepareTest': (_dermanomaly_v1_PrepareDatasetRequest__Output | null);
  /**
   * GAN training. `dataset` defaults to the prepared training set.
   */
  'trainGan': (_dermanomaly_v1_StartGanTrainingRequest__Output | null);
  /**
   * Encoder training. `dataset`, `generator`, `discriminator` default to earlier outputs (last GAN snapshot).
   */
  'trainEncoder': (_dermanomaly_v1_StartEncoderTrainingRequest__Output | null);
  /**
   * Reconstruction of the test images. `images`, `encoder`, `generator` default to earlier outputs.
   */
  'reconstruct': (_dermanomaly_v1_StartReconstructionRequest__Output | null);
  /**
   * Scoring. `images`, `encoder`, `generator`, `discriminator`, `reconstructions` default to earlier outputs;
   * `train_latents` (for AFS / ALS) is not produced by any stage and must be given when those methods are asked for.
   */
  'score': (_dermanomaly_v1_StartScoringRequest__Output | null);
  /**
   * Report. `sheets` and `tsne.latents` default to earlier outputs.
   */
  'report': (_dermanomaly_v1_StartReportRequest__Output | null);
  /**
   * Test images when STAGE_PREPARE does not prepare them (class folders). Required for STAGE_RECONSTRUCT and
   * STAGE_SCORE unless `prepare_test` is given.
   */
  'testImages': (_dermanomaly_v1_Location__Output | null);
}
