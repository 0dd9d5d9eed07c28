// Original file: proto/dermanomaly/v1/orchestrator.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { PrepareDatasetRequest as _dermanomaly_v1_PrepareDatasetRequest, PrepareDatasetRequest__Output as _dermanomaly_v1_PrepareDatasetRequest__Output } from '../../dermanomaly/v1/PrepareDatasetRequest.ts';
import type { StartGanTrainingRequest as _dermanomaly_v1_StartGanTrainingRequest, StartGanTrainingRequest__Output as _dermanomaly_v1_StartGanTrainingRequest__Output } from '../../dermanomaly/v1/StartGanTrainingRequest.ts';
import type { StartEncoderTrainingRequest as _dermanomaly_v1_StartEncoderTrainingRequest, StartEncoderTrainingRequest__Output as _dermanomaly_v1_StartEncoderTrainingRequest__Output } from '../../dermanomaly/v1/StartEncoderTrainingRequest.ts';
import type { StartReconstructionRequest as _dermanomaly_v1_StartReconstructionRequest, StartReconstructionRequest__Output as _dermanomaly_v1_StartReconstructionRequest__Output } from '../../dermanomaly/v1/StartReconstructionRequest.ts';
import type { StartScoringRequest as _dermanomaly_v1_StartScoringRequest, StartScoringRequest__Output as _dermanomaly_v1_StartScoringRequest__Output } from '../../dermanomaly/v1/StartScoringRequest.ts';
import type { StartReportRequest as _dermanomaly_v1_StartReportRequest, StartReportRequest__Output as _dermanomaly_v1_StartReportRequest__Output } from '../../dermanomaly/v1/StartReportRequest.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * One pipeline. The stage requests below are overrides: each field set in them replaces the preset's value (a
 * field is set when it is not its type's default: 0, empty, unset; repeated fields are replaced whole, messages
 * merged field by field). Inputs and outputs are linked by the pipeline (datasets, checkpoints, sets, sheets,
 * destinations, request ids, the split): setting one is INVALID_ARGUMENT.
 */
export interface StartPipelineRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the pipeline of the first one instead of starting
   * a second run (ALREADY_EXISTS if the body differs). Empty = not idempotent. Stage jobs get request ids derived
   * from the pipeline's id and the step.
   */
  'requestId'?: (string);
  /**
   * Human-readable name, shown in listings and the report title. Empty = the preset's name.
   */
  'name'?: (string);
  /**
   * Store key prefix (ending in `/`) under which every stage writes its outputs. Empty = `pipelines/<pipeline id>/`.
   * A `path` is honoured only where the orchestrator shares the caller's disk (the embedded stack): the run folder
   * (see `PipelineStatus.run_manifest`) is then also written there when the pipeline succeeds.
   */
  'outdir'?: (_dermanomaly_v1_Location | null);
  /**
   * Seed of every stage (data order, initialisation, the held-out split) whose override sets none. Default 0.
   */
  'seed'?: (number | string | Long);
  /**
   * Override of the three data set preparations (transform, resolution, resize filter, max images).
   */
  'prepare'?: (_dermanomaly_v1_PrepareDatasetRequest | null);
  /**
   * Override of GAN training. Ignored with `gan`.
   */
  'trainGan'?: (_dermanomaly_v1_StartGanTrainingRequest | null);
  /**
   * Override of encoder training. Ignored with `encoder`.
   */
  'trainEncoder'?: (_dermanomaly_v1_StartEncoderTrainingRequest | null);
  /**
   * Override of the reconstructions (batch size, noise mode, execution provider, chunk size).
   */
  'reconstruct'?: (_dermanomaly_v1_StartReconstructionRequest | null);
  /**
   * Override of the scoring of both sets: `scores` replaces the preset's list of scores.
   */
  'score'?: (_dermanomaly_v1_StartScoringRequest | null);
  /**
   * Override of the report (threshold rule, class names, resamples, t-SNE options, title).
   */
  'report'?: (_dermanomaly_v1_StartReportRequest | null);
  /**
   * The test set, in the original's layout: one folder per class (`MEL/`, `NEV/`, named in `class_map`) of photos
   * of any size. A folder or a zip (path, artifact or key). Required unless `data` is given.
   */
  'testSet'?: (_dermanomaly_v1_Location | null);
  /**
   * The preset, by name: `demo` (minutes on a laptop CPU), `paper` (the original's exact settings, for GPU nodes),
   * `tiny` (seconds, for tests). Empty = `demo`.
   */
  'preset'?: (string);
  /**
   * A data folder in the original's layout: `train_set/NEV/` (normal training photos) and `test_set/<class>/`
   * (one folder per class of the class map). A path only; give `train_set` and `test_set` for artifacts or keys.
   */
  'data'?: (_dermanomaly_v1_Location | null);
  /**
   * The training set, in the original's layout: the normal class's folder (`NEV/`) of photos of any size. A folder
   * or a zip (path, artifact or key). Required unless `data` is given.
   */
  'trainSet'?: (_dermanomaly_v1_Location | null);
  /**
   * Label of each class folder of the test set: 0 normal, 1 anomalous. The training set may hold only folders of
   * label 0. Empty = {NEV: 0, MEL: 1}.
   */
  'classMap'?: ({[key: string]: number});
  /**
   * A trained GAN checkpoint (`.safetensors` snapshot or NVIDIA `.pkl`) to use as it is: no GAN training.
   */
  'gan'?: (_dermanomaly_v1_Location | null);
  /**
   * A GAN checkpoint to fine-tune from (transfer learning, as the original resumed from FFHQ): the GAN training's
   * `resume`. Not with `gan`.
   */
  'resume'?: (_dermanomaly_v1_Location | null);
  /**
   * A trained encoder checkpoint to use as it is: no encoder training. Needs `gan` (the generator it was trained
   * against).
   */
  'encoder'?: (_dermanomaly_v1_Location | null);
  /**
   * Share of the normal training photos held out from both trainings to calibrate each score's threshold on, in
   * [0, 1). Unset = the preset's (0.1); 0 = no calibration (the report uses the median rule).
   */
  'holdoutFraction'?: (number | string);
  /**
   * Quantile of the held-out naevi's scores taken as each score's threshold, in (0, 1). 0 = the preset's (0.95).
   */
  'calibrationQuantile'?: (number | string);
  /**
   * Train the GAN from random weights where the preset names a base generator to fine-tune (the `demo` preset
   * starts from one the project trained on synthetic naevi). Ignored with `gan` or `resume`.
   */
  'fromScratch'?: (boolean);
  '_holdoutFraction'?: "holdoutFraction";
}

/**
 * One pipeline. The stage requests below are overrides: each field set in them replaces the preset's value (a
 * field is set when it is not its type's default: 0, empty, unset; repeated fields are replaced whole, messages
 * merged field by field). Inputs and outputs are linked by the pipeline (datasets, checkpoints, sets, sheets,
 * destinations, request ids, the split): setting one is INVALID_ARGUMENT.
 */
export interface StartPipelineRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the pipeline of the first one instead of starting
   * a second run (ALREADY_EXISTS if the body differs). Empty = not idempotent. Stage jobs get request ids derived
   * from the pipeline's id and the step.
   */
  'requestId': (string);
  /**
   * Human-readable name, shown in listings and the report title. Empty = the preset's name.
   */
  'name': (string);
  /**
   * Store key prefix (ending in `/`) under which every stage writes its outputs. Empty = `pipelines/<pipeline id>/`.
   * A `path` is honoured only where the orchestrator shares the caller's disk (the embedded stack): the run folder
   * (see `PipelineStatus.run_manifest`) is then also written there when the pipeline succeeds.
   */
  'outdir': (_dermanomaly_v1_Location__Output | null);
  /**
   * Seed of every stage (data order, initialisation, the held-out split) whose override sets none. Default 0.
   */
  'seed': (number);
  /**
   * Override of the three data set preparations (transform, resolution, resize filter, max images).
   */
  'prepare': (_dermanomaly_v1_PrepareDatasetRequest__Output | null);
  /**
   * Override of GAN training. Ignored with `gan`.
   */
  'trainGan': (_dermanomaly_v1_StartGanTrainingRequest__Output | null);
  /**
   * Override of encoder training. Ignored with `encoder`.
   */
  'trainEncoder': (_dermanomaly_v1_StartEncoderTrainingRequest__Output | null);
  /**
   * Override of the reconstructions (batch size, noise mode, execution provider, chunk size).
   */
  'reconstruct': (_dermanomaly_v1_StartReconstructionRequest__Output | null);
  /**
   * Override of the scoring of both sets: `scores` replaces the preset's list of scores.
   */
  'score': (_dermanomaly_v1_StartScoringRequest__Output | null);
  /**
   * Override of the report (threshold rule, class names, resamples, t-SNE options, title).
   */
  'report': (_dermanomaly_v1_StartReportRequest__Output | null);
  /**
   * The test set, in the original's layout: one folder per class (`MEL/`, `NEV/`, named in `class_map`) of photos
   * of any size. A folder or a zip (path, artifact or key). Required unless `data` is given.
   */
  'testSet': (_dermanomaly_v1_Location__Output | null);
  /**
   * The preset, by name: `demo` (minutes on a laptop CPU), `paper` (the original's exact settings, for GPU nodes),
   * `tiny` (seconds, for tests). Empty = `demo`.
   */
  'preset': (string);
  /**
   * A data folder in the original's layout: `train_set/NEV/` (normal training photos) and `test_set/<class>/`
   * (one folder per class of the class map). A path only; give `train_set` and `test_set` for artifacts or keys.
   */
  'data': (_dermanomaly_v1_Location__Output | null);
  /**
   * The training set, in the original's layout: the normal class's folder (`NEV/`) of photos of any size. A folder
   * or a zip (path, artifact or key). Required unless `data` is given.
   */
  'trainSet': (_dermanomaly_v1_Location__Output | null);
  /**
   * Label of each class folder of the test set: 0 normal, 1 anomalous. The training set may hold only folders of
   * label 0. Empty = {NEV: 0, MEL: 1}.
   */
  'classMap': ({[key: string]: number});
  /**
   * A trained GAN checkpoint (`.safetensors` snapshot or NVIDIA `.pkl`) to use as it is: no GAN training.
   */
  'gan': (_dermanomaly_v1_Location__Output | null);
  /**
   * A GAN checkpoint to fine-tune from (transfer learning, as the original resumed from FFHQ): the GAN training's
   * `resume`. Not with `gan`.
   */
  'resume': (_dermanomaly_v1_Location__Output | null);
  /**
   * A trained encoder checkpoint to use as it is: no encoder training. Needs `gan` (the generator it was trained
   * against).
   */
  'encoder': (_dermanomaly_v1_Location__Output | null);
  /**
   * Share of the normal training photos held out from both trainings to calibrate each score's threshold on, in
   * [0, 1). Unset = the preset's (0.1); 0 = no calibration (the report uses the median rule).
   */
  'holdoutFraction'?: (number);
  /**
   * Quantile of the held-out naevi's scores taken as each score's threshold, in (0, 1). 0 = the preset's (0.95).
   */
  'calibrationQuantile': (number);
  /**
   * Train the GAN from random weights where the preset names a base generator to fine-tune (the `demo` preset
   * starts from one the project trained on synthetic naevi). Ignored with `gan` or `resume`.
   */
  'fromScratch': (boolean);
  '_holdoutFraction'?: "holdoutFraction";
}
