// Original file: proto/dermanomaly/v1/encoder_trainer.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from '../../dermanomaly/v1/CancelResponse.ts';
import type { InspectEncoderRequest as _dermanomaly_v1_InspectEncoderRequest, InspectEncoderRequest__Output as _dermanomaly_v1_InspectEncoderRequest__Output } from '../../dermanomaly/v1/InspectEncoderRequest.ts';
import type { InspectEncoderResponse as _dermanomaly_v1_InspectEncoderResponse, InspectEncoderResponse__Output as _dermanomaly_v1_InspectEncoderResponse__Output } from '../../dermanomaly/v1/InspectEncoderResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { StartEncoderTrainingRequest as _dermanomaly_v1_StartEncoderTrainingRequest, StartEncoderTrainingRequest__Output as _dermanomaly_v1_StartEncoderTrainingRequest__Output } from '../../dermanomaly/v1/StartEncoderTrainingRequest.ts';

/**
 * Trains an encoder E (image -> z) so that a trained GAN's generator, frozen, redraws each normal image from E's
 * latent: loss `izif` = alpha * MSE(G(E(x)), x) + kappa * MSE(f(G(E(x))), f(x)), with f the discriminator's features
 * (block b8's output, before minibatch-stddev); `izi` drops the feature term; `ziz` is MSE(z, E(G(z))) on z drawn
 * from N(0, I). G and D are only read. Adam (lr 1e-4, betas (0, 0.9)) as the original.
 * 
 * A run writes, in a run folder `<nnnnn>-<loss>-<dataset>-<preset>-batch<batch>` under `outdir`:
 * `encoder-<epoch>.safetensors` (E's weights under the original's PyTorch `nn.Sequential` names, format
 * `dermanomaly/izif-encoder/1`, with the run's lineage in the metadata: the generator and noise mode E was trained
 * with, which later stages use unless told otherwise; `<epoch>` is the epochs completed, 4 digits, and
 * `<epoch>.<step>` the steps into the next one for a snapshot written because the run was cancelled),
 * `rec<epoch>.png` (the first normal images of the data set above their reconstructions G(E(x))),
 * `resume.safetensors` (the whole training state of the last snapshot: weights, Adam, counters, random and data
 * positions) and `training_options.json` (the run's settings and inputs). Only the last `keep_snapshots` snapshots
 * stay (weights and grids).
 * 
 * Shutdown: on SIGTERM a running job stops after the optimizer step in progress, writes `resume.safetensors` for that
 * exact step and stores it; the instance that resumes the job continues from it and repeats the uninterrupted run
 * bit for bit. A job that dies without that (a crash) continues from its last snapshot. The grace period
 * `DERMANOMALY_SHUTDOWN_GRACE_MS` must cover one step plus writing the state (README, "Training the encoder").
 */
export interface EncoderTrainerServiceClient extends grpc.Client {
  /**
   * Stops after the optimizer step in progress and writes a snapshot of that step (weights and state, no grid),
   * announced as `encoder.snapshot`.
   */
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stops after the optimizer step in progress and writes a snapshot of that step (weights and state, no grid),
   * announced as `encoder.snapshot`.
   */
  cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The job's last known progress. NOT_FOUND for an unknown job.
   */
  GetJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  /**
   * The job's last known progress. NOT_FOUND for an unknown job.
   */
  getJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  getJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  getJob(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  getJob(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  
  /**
   * Describes an encoder file without running it: its architecture, tensors, lineage and, for a training state,
   * where the run stood. INVALID_ARGUMENT for a file that is not an encoder (a GAN checkpoint, say), NOT_FOUND for a
   * missing one, DATA_LOSS for a damaged one.
   */
  Inspect(argument: _dermanomaly_v1_InspectEncoderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_InspectEncoderResponse__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _dermanomaly_v1_InspectEncoderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_InspectEncoderResponse__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _dermanomaly_v1_InspectEncoderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_InspectEncoderResponse__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _dermanomaly_v1_InspectEncoderRequest, callback: grpc.requestCallback<_dermanomaly_v1_InspectEncoderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Describes an encoder file without running it: its architecture, tensors, lineage and, for a training state,
   * where the run stood. INVALID_ARGUMENT for a file that is not an encoder (a GAN checkpoint, say), NOT_FOUND for a
   * missing one, DATA_LOSS for a damaged one.
   */
  inspect(argument: _dermanomaly_v1_InspectEncoderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_InspectEncoderResponse__Output>): grpc.ClientUnaryCall;
  inspect(argument: _dermanomaly_v1_InspectEncoderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_InspectEncoderResponse__Output>): grpc.ClientUnaryCall;
  inspect(argument: _dermanomaly_v1_InspectEncoderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_InspectEncoderResponse__Output>): grpc.ClientUnaryCall;
  inspect(argument: _dermanomaly_v1_InspectEncoderRequest, callback: grpc.requestCallback<_dermanomaly_v1_InspectEncoderResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts a training job. Idempotent on `request_id`. Checked on the call where the inputs are paths the service
   * can read: INVALID_ARGUMENT for bad options and for a `gan` that is not a GAN checkpoint or lacks the networks the
   * loss needs (the chosen generator; D for `izif`), NOT_FOUND for a missing data set, GAN or `resume` file,
   * FAILED_PRECONDITION for a data set with no (normal) images, a GAN whose resolution differs from the data set's
   * (both named), or a backend not available on this node. Inputs given as artifacts or keys are checked the same
   * way when the job starts, failing the job with the same codes.
   */
  StartTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a training job. Idempotent on `request_id`. Checked on the call where the inputs are paths the service
   * can read: INVALID_ARGUMENT for bad options and for a `gan` that is not a GAN checkpoint or lacks the networks the
   * loss needs (the chosen generator; D for `izif`), NOT_FOUND for a missing data set, GAN or `resume` file,
   * FAILED_PRECONDITION for a data set with no (normal) images, a GAN whose resolution differs from the data set's
   * (both named), or a backend not available on this node. Inputs given as artifacts or keys are checked the same
   * way when the job starts, failing the job with the same codes.
   */
  startTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the job's progress: the current state first, then one report per epoch and throttled reports within an
   * epoch (at most one every `DERMANOMALY_ENCODER_PROGRESS_MS`, 2 s by default), ending after a terminal state.
   * `done`/`total` count optimizer steps (`unit` = `steps`; an epoch is ceil(normal images / batch) steps).
   * Metrics: `epoch` (epochs completed), `step_in_epoch`, `steps_per_epoch`, and the loss terms of the last step
   * (within an epoch) or the epoch's means (at its end) under the names of `EncoderEpoch` (`loss`, `loss_img`,
   * `loss_feat`, `loss_latent`; a term the loss does not use is absent), `images_per_sec`, `epoch_time` (seconds,
   * at an epoch's end), `total_time` (seconds of training), `rss_bytes`. Snapshots are in `outputs`: the kept
   * weights newest first, then their grids, `resume.safetensors` and `training_options.json`; a failed job keeps
   * them.
   */
  Watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  Watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  /**
   * Streams the job's progress: the current state first, then one report per epoch and throttled reports within an
   * epoch (at most one every `DERMANOMALY_ENCODER_PROGRESS_MS`, 2 s by default), ending after a terminal state.
   * `done`/`total` count optimizer steps (`unit` = `steps`; an epoch is ceil(normal images / batch) steps).
   * Metrics: `epoch` (epochs completed), `step_in_epoch`, `steps_per_epoch`, and the loss terms of the last step
   * (within an epoch) or the epoch's means (at its end) under the names of `EncoderEpoch` (`loss`, `loss_img`,
   * `loss_feat`, `loss_latent`; a term the loss does not use is absent), `images_per_sec`, `epoch_time` (seconds,
   * at an epoch's end), `total_time` (seconds of training), `rss_bytes`. Snapshots are in `outputs`: the kept
   * weights newest first, then their grids, `resume.safetensors` and `training_options.json`; a failed job keeps
   * them.
   */
  watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  
}

/**
 * Trains an encoder E (image -> z) so that a trained GAN's generator, frozen, redraws each normal image from E's
 * latent: loss `izif` = alpha * MSE(G(E(x)), x) + kappa * MSE(f(G(E(x))), f(x)), with f the discriminator's features
 * (block b8's output, before minibatch-stddev); `izi` drops the feature term; `ziz` is MSE(z, E(G(z))) on z drawn
 * from N(0, I). G and D are only read. Adam (lr 1e-4, betas (0, 0.9)) as the original.
 * 
 * A run writes, in a run folder `<nnnnn>-<loss>-<dataset>-<preset>-batch<batch>` under `outdir`:
 * `encoder-<epoch>.safetensors` (E's weights under the original's PyTorch `nn.Sequential` names, format
 * `dermanomaly/izif-encoder/1`, with the run's lineage in the metadata: the generator and noise mode E was trained
 * with, which later stages use unless told otherwise; `<epoch>` is the epochs completed, 4 digits, and
 * `<epoch>.<step>` the steps into the next one for a snapshot written because the run was cancelled),
 * `rec<epoch>.png` (the first normal images of the data set above their reconstructions G(E(x))),
 * `resume.safetensors` (the whole training state of the last snapshot: weights, Adam, counters, random and data
 * positions) and `training_options.json` (the run's settings and inputs). Only the last `keep_snapshots` snapshots
 * stay (weights and grids).
 * 
 * Shutdown: on SIGTERM a running job stops after the optimizer step in progress, writes `resume.safetensors` for that
 * exact step and stores it; the instance that resumes the job continues from it and repeats the uninterrupted run
 * bit for bit. A job that dies without that (a crash) continues from its last snapshot. The grace period
 * `DERMANOMALY_SHUTDOWN_GRACE_MS` must cover one step plus writing the state (README, "Training the encoder").
 */
export interface EncoderTrainerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stops after the optimizer step in progress and writes a snapshot of that step (weights and state, no grid),
   * announced as `encoder.snapshot`.
   */
  Cancel: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse>;
  
  /**
   * The job's last known progress. NOT_FOUND for an unknown job.
   */
  GetJob: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
  /**
   * Describes an encoder file without running it: its architecture, tensors, lineage and, for a training state,
   * where the run stood. INVALID_ARGUMENT for a file that is not an encoder (a GAN checkpoint, say), NOT_FOUND for a
   * missing one, DATA_LOSS for a damaged one.
   */
  Inspect: grpc.handleUnaryCall<_dermanomaly_v1_InspectEncoderRequest__Output, _dermanomaly_v1_InspectEncoderResponse>;
  
  /**
   * Starts a training job. Idempotent on `request_id`. Checked on the call where the inputs are paths the service
   * can read: INVALID_ARGUMENT for bad options and for a `gan` that is not a GAN checkpoint or lacks the networks the
   * loss needs (the chosen generator; D for `izif`), NOT_FOUND for a missing data set, GAN or `resume` file,
   * FAILED_PRECONDITION for a data set with no (normal) images, a GAN whose resolution differs from the data set's
   * (both named), or a backend not available on this node. Inputs given as artifacts or keys are checked the same
   * way when the job starts, failing the job with the same codes.
   */
  StartTraining: grpc.handleUnaryCall<_dermanomaly_v1_StartEncoderTrainingRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Streams the job's progress: the current state first, then one report per epoch and throttled reports within an
   * epoch (at most one every `DERMANOMALY_ENCODER_PROGRESS_MS`, 2 s by default), ending after a terminal state.
   * `done`/`total` count optimizer steps (`unit` = `steps`; an epoch is ceil(normal images / batch) steps).
   * Metrics: `epoch` (epochs completed), `step_in_epoch`, `steps_per_epoch`, and the loss terms of the last step
   * (within an epoch) or the epoch's means (at its end) under the names of `EncoderEpoch` (`loss`, `loss_img`,
   * `loss_feat`, `loss_latent`; a term the loss does not use is absent), `images_per_sec`, `epoch_time` (seconds,
   * at an epoch's end), `total_time` (seconds of training), `rss_bytes`. Snapshots are in `outputs`: the kept
   * weights newest first, then their grids, `resume.safetensors` and `training_options.json`; a failed job keeps
   * them.
   */
  Watch: grpc.handleServerStreamingCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
}

export interface EncoderTrainerServiceDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_CancelResponse, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse__Output>
  GetJob: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
  Inspect: MethodDefinition<_dermanomaly_v1_InspectEncoderRequest, _dermanomaly_v1_InspectEncoderResponse, _dermanomaly_v1_InspectEncoderRequest__Output, _dermanomaly_v1_InspectEncoderResponse__Output>
  StartTraining: MethodDefinition<_dermanomaly_v1_StartEncoderTrainingRequest, _dermanomaly_v1_JobRef, _dermanomaly_v1_StartEncoderTrainingRequest__Output, _dermanomaly_v1_JobRef__Output>
  Watch: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
}
