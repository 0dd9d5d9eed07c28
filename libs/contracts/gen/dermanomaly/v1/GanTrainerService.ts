// Original file: proto/dermanomaly/v1/gan_trainer.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from '../../dermanomaly/v1/CancelResponse.ts';
import type { GenerateRequest as _dermanomaly_v1_GenerateRequest, GenerateRequest__Output as _dermanomaly_v1_GenerateRequest__Output } from '../../dermanomaly/v1/GenerateRequest.ts';
import type { GenerateResponse as _dermanomaly_v1_GenerateResponse, GenerateResponse__Output as _dermanomaly_v1_GenerateResponse__Output } from '../../dermanomaly/v1/GenerateResponse.ts';
import type { InspectRequest as _dermanomaly_v1_InspectRequest, InspectRequest__Output as _dermanomaly_v1_InspectRequest__Output } from '../../dermanomaly/v1/InspectRequest.ts';
import type { InspectResponse as _dermanomaly_v1_InspectResponse, InspectResponse__Output as _dermanomaly_v1_InspectResponse__Output } from '../../dermanomaly/v1/InspectResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { StartGanTrainingRequest as _dermanomaly_v1_StartGanTrainingRequest, StartGanTrainingRequest__Output as _dermanomaly_v1_StartGanTrainingRequest__Output } from '../../dermanomaly/v1/StartGanTrainingRequest.ts';

/**
 * Trains a StyleGAN2-ADA generator/discriminator pair on TF.js, writes snapshots as safetensors (NVIDIA parameter
 * names), and samples or inspects checkpoints.
 * 
 * Shutdown: on SIGTERM a running job stops at the next accumulation round boundary (a round is `batch_gpu` images
 * of one phase), writes a snapshot of that exact point and stores it as the job's progress; the instance that
 * resumes the job continues from it, so a rolling restart loses at most one round. The grace period
 * `DERMANOMALY_SHUTDOWN_GRACE_MS` must therefore cover one round plus the snapshot: at resolution 256, cbase 16384,
 * batch_gpu 1 on wasm (two cores) give it at least 120000 (README, "Training the generator").
 */
export interface GanTrainerServiceClient extends grpc.Client {
  /**
   * Stops training at the next accumulation round boundary and writes a final snapshot that can be resumed from.
   */
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stops training at the next accumulation round boundary and writes a final snapshot that can be resumed from.
   */
  cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Draws images from a checkpoint's generator (G_ema when present) into one grid PNG (NVIDIA `gen_images.py`).
   */
  Generate(argument: _dermanomaly_v1_GenerateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  Generate(argument: _dermanomaly_v1_GenerateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  Generate(argument: _dermanomaly_v1_GenerateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  Generate(argument: _dermanomaly_v1_GenerateRequest, callback: grpc.requestCallback<_dermanomaly_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Draws images from a checkpoint's generator (G_ema when present) into one grid PNG (NVIDIA `gen_images.py`).
   */
  generate(argument: _dermanomaly_v1_GenerateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  generate(argument: _dermanomaly_v1_GenerateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  generate(argument: _dermanomaly_v1_GenerateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  generate(argument: _dermanomaly_v1_GenerateRequest, callback: grpc.requestCallback<_dermanomaly_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  
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
   * Lists a checkpoint's networks and parameters (names, shapes, counts) without running them.
   */
  Inspect(argument: _dermanomaly_v1_InspectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _dermanomaly_v1_InspectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _dermanomaly_v1_InspectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _dermanomaly_v1_InspectRequest, callback: grpc.requestCallback<_dermanomaly_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists a checkpoint's networks and parameters (names, shapes, counts) without running them.
   */
  inspect(argument: _dermanomaly_v1_InspectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspect(argument: _dermanomaly_v1_InspectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspect(argument: _dermanomaly_v1_InspectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspect(argument: _dermanomaly_v1_InspectRequest, callback: grpc.requestCallback<_dermanomaly_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts a training job. Idempotent on `request_id`. INVALID_ARGUMENT for bad options (e.g. `batch_gpu` smaller
   * than `mbstd_group`), NOT_FOUND for a missing dataset or resume checkpoint, FAILED_PRECONDITION when the requested
   * backend is not available on this node.
   */
  StartTraining(argument: _dermanomaly_v1_StartGanTrainingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTraining(argument: _dermanomaly_v1_StartGanTrainingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTraining(argument: _dermanomaly_v1_StartGanTrainingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTraining(argument: _dermanomaly_v1_StartGanTrainingRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a training job. Idempotent on `request_id`. INVALID_ARGUMENT for bad options (e.g. `batch_gpu` smaller
   * than `mbstd_group`), NOT_FOUND for a missing dataset or resume checkpoint, FAILED_PRECONDITION when the requested
   * backend is not available on this node.
   */
  startTraining(argument: _dermanomaly_v1_StartGanTrainingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTraining(argument: _dermanomaly_v1_StartGanTrainingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTraining(argument: _dermanomaly_v1_StartGanTrainingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTraining(argument: _dermanomaly_v1_StartGanTrainingRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the job's progress: the current state first, then one report per tick (metrics named after the fields of
   * `TrainingTick`: `kimg`, `sec_per_kimg`, `loss_g`, ...), snapshots in `outputs`, ending after a terminal state.
   * `done`/`total` count images shown to D (`unit` = `nimg`).
   */
  Watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  Watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  /**
   * Streams the job's progress: the current state first, then one report per tick (metrics named after the fields of
   * `TrainingTick`: `kimg`, `sec_per_kimg`, `loss_g`, ...), snapshots in `outputs`, ending after a terminal state.
   * `done`/`total` count images shown to D (`unit` = `nimg`).
   */
  watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  
}

/**
 * Trains a StyleGAN2-ADA generator/discriminator pair on TF.js, writes snapshots as safetensors (NVIDIA parameter
 * names), and samples or inspects checkpoints.
 * 
 * Shutdown: on SIGTERM a running job stops at the next accumulation round boundary (a round is `batch_gpu` images
 * of one phase), writes a snapshot of that exact point and stores it as the job's progress; the instance that
 * resumes the job continues from it, so a rolling restart loses at most one round. The grace period
 * `DERMANOMALY_SHUTDOWN_GRACE_MS` must therefore cover one round plus the snapshot: at resolution 256, cbase 16384,
 * batch_gpu 1 on wasm (two cores) give it at least 120000 (README, "Training the generator").
 */
export interface GanTrainerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stops training at the next accumulation round boundary and writes a final snapshot that can be resumed from.
   */
  Cancel: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse>;
  
  /**
   * Draws images from a checkpoint's generator (G_ema when present) into one grid PNG (NVIDIA `gen_images.py`).
   */
  Generate: grpc.handleUnaryCall<_dermanomaly_v1_GenerateRequest__Output, _dermanomaly_v1_GenerateResponse>;
  
  /**
   * The job's last known progress. NOT_FOUND for an unknown job.
   */
  GetJob: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
  /**
   * Lists a checkpoint's networks and parameters (names, shapes, counts) without running them.
   */
  Inspect: grpc.handleUnaryCall<_dermanomaly_v1_InspectRequest__Output, _dermanomaly_v1_InspectResponse>;
  
  /**
   * Starts a training job. Idempotent on `request_id`. INVALID_ARGUMENT for bad options (e.g. `batch_gpu` smaller
   * than `mbstd_group`), NOT_FOUND for a missing dataset or resume checkpoint, FAILED_PRECONDITION when the requested
   * backend is not available on this node.
   */
  StartTraining: grpc.handleUnaryCall<_dermanomaly_v1_StartGanTrainingRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Streams the job's progress: the current state first, then one report per tick (metrics named after the fields of
   * `TrainingTick`: `kimg`, `sec_per_kimg`, `loss_g`, ...), snapshots in `outputs`, ending after a terminal state.
   * `done`/`total` count images shown to D (`unit` = `nimg`).
   */
  Watch: grpc.handleServerStreamingCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
}

export interface GanTrainerServiceDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_CancelResponse, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse__Output>
  Generate: MethodDefinition<_dermanomaly_v1_GenerateRequest, _dermanomaly_v1_GenerateResponse, _dermanomaly_v1_GenerateRequest__Output, _dermanomaly_v1_GenerateResponse__Output>
  GetJob: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
  Inspect: MethodDefinition<_dermanomaly_v1_InspectRequest, _dermanomaly_v1_InspectResponse, _dermanomaly_v1_InspectRequest__Output, _dermanomaly_v1_InspectResponse__Output>
  StartTraining: MethodDefinition<_dermanomaly_v1_StartGanTrainingRequest, _dermanomaly_v1_JobRef, _dermanomaly_v1_StartGanTrainingRequest__Output, _dermanomaly_v1_JobRef__Output>
  Watch: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
}
