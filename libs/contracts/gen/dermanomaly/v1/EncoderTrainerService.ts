// Original file: proto/dermanomaly/v1/encoder_trainer.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from '../../dermanomaly/v1/CancelResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { StartEncoderTrainingRequest as _dermanomaly_v1_StartEncoderTrainingRequest, StartEncoderTrainingRequest__Output as _dermanomaly_v1_StartEncoderTrainingRequest__Output } from '../../dermanomaly/v1/StartEncoderTrainingRequest.ts';

/**
 * Trains an encoder E (image -> z) so that G(E(x)) reconstructs x, with loss
 * `MSE(G(E(x)), x) + kappa * MSE(f(G(E(x))), f(x))`; G and D stay frozen.
 */
export interface EncoderTrainerServiceClient extends grpc.Client {
  /**
   * Stops after the current batch and writes a final encoder checkpoint.
   */
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stops after the current batch and writes a final encoder checkpoint.
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
   * Starts a training job. Idempotent on `request_id`. INVALID_ARGUMENT for bad options, NOT_FOUND for a missing
   * dataset or checkpoint, FAILED_PRECONDITION when the image size does not match the generator's resolution.
   */
  StartTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a training job. Idempotent on `request_id`. INVALID_ARGUMENT for bad options, NOT_FOUND for a missing
   * dataset or checkpoint, FAILED_PRECONDITION when the image size does not match the generator's resolution.
   */
  startTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTraining(argument: _dermanomaly_v1_StartEncoderTrainingRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the job's progress: the current state first, then one report per epoch (metrics named after the fields
   * of `EncoderEpoch`), snapshots in `outputs`, ending after a terminal state. `unit` = `epochs`.
   */
  Watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  Watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  /**
   * Streams the job's progress: the current state first, then one report per epoch (metrics named after the fields
   * of `EncoderEpoch`), snapshots in `outputs`, ending after a terminal state. `unit` = `epochs`.
   */
  watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  
}

/**
 * Trains an encoder E (image -> z) so that G(E(x)) reconstructs x, with loss
 * `MSE(G(E(x)), x) + kappa * MSE(f(G(E(x))), f(x))`; G and D stay frozen.
 */
export interface EncoderTrainerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stops after the current batch and writes a final encoder checkpoint.
   */
  Cancel: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse>;
  
  /**
   * The job's last known progress. NOT_FOUND for an unknown job.
   */
  GetJob: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
  /**
   * Starts a training job. Idempotent on `request_id`. INVALID_ARGUMENT for bad options, NOT_FOUND for a missing
   * dataset or checkpoint, FAILED_PRECONDITION when the image size does not match the generator's resolution.
   */
  StartTraining: grpc.handleUnaryCall<_dermanomaly_v1_StartEncoderTrainingRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Streams the job's progress: the current state first, then one report per epoch (metrics named after the fields
   * of `EncoderEpoch`), snapshots in `outputs`, ending after a terminal state. `unit` = `epochs`.
   */
  Watch: grpc.handleServerStreamingCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
}

export interface EncoderTrainerServiceDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_CancelResponse, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse__Output>
  GetJob: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
  StartTraining: MethodDefinition<_dermanomaly_v1_StartEncoderTrainingRequest, _dermanomaly_v1_JobRef, _dermanomaly_v1_StartEncoderTrainingRequest__Output, _dermanomaly_v1_JobRef__Output>
  Watch: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
}
