// Original file: proto/dermanomaly/v1/reconstructor.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from '../../dermanomaly/v1/CancelResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { ReconstructRequest as _dermanomaly_v1_ReconstructRequest, ReconstructRequest__Output as _dermanomaly_v1_ReconstructRequest__Output } from '../../dermanomaly/v1/ReconstructRequest.ts';
import type { ReconstructResponse as _dermanomaly_v1_ReconstructResponse, ReconstructResponse__Output as _dermanomaly_v1_ReconstructResponse__Output } from '../../dermanomaly/v1/ReconstructResponse.ts';
import type { StartReconstructionRequest as _dermanomaly_v1_StartReconstructionRequest, StartReconstructionRequest__Output as _dermanomaly_v1_StartReconstructionRequest__Output } from '../../dermanomaly/v1/StartReconstructionRequest.ts';

/**
 * Encodes images to latents and regenerates them, on ONNX Runtime. Folders are split into work items so that every
 * replica takes a share.
 */
export interface ReconstructorServiceClient extends grpc.Client {
  /**
   * Stops the job; images already written stay, the latents file is not written.
   */
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stops the job; images already written stay, the latents file is not written.
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
   * Reconstructs one image synchronously. Messages are limited by the channel's maximum message size (4 MiB by
   * default on both sides); raise `grpc.max_receive_message_length` / `grpc.max_send_message_length` for large
   * images, or use StartReconstruction. RESOURCE_EXHAUSTED when the image is too large.
   */
  Reconstruct(argument: _dermanomaly_v1_ReconstructRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_ReconstructResponse__Output>): grpc.ClientUnaryCall;
  Reconstruct(argument: _dermanomaly_v1_ReconstructRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_ReconstructResponse__Output>): grpc.ClientUnaryCall;
  Reconstruct(argument: _dermanomaly_v1_ReconstructRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_ReconstructResponse__Output>): grpc.ClientUnaryCall;
  Reconstruct(argument: _dermanomaly_v1_ReconstructRequest, callback: grpc.requestCallback<_dermanomaly_v1_ReconstructResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reconstructs one image synchronously. Messages are limited by the channel's maximum message size (4 MiB by
   * default on both sides); raise `grpc.max_receive_message_length` / `grpc.max_send_message_length` for large
   * images, or use StartReconstruction. RESOURCE_EXHAUSTED when the image is too large.
   */
  reconstruct(argument: _dermanomaly_v1_ReconstructRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_ReconstructResponse__Output>): grpc.ClientUnaryCall;
  reconstruct(argument: _dermanomaly_v1_ReconstructRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_ReconstructResponse__Output>): grpc.ClientUnaryCall;
  reconstruct(argument: _dermanomaly_v1_ReconstructRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_ReconstructResponse__Output>): grpc.ClientUnaryCall;
  reconstruct(argument: _dermanomaly_v1_ReconstructRequest, callback: grpc.requestCallback<_dermanomaly_v1_ReconstructResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts reconstructing a folder or dataset. Idempotent on `request_id`. NOT_FOUND for missing inputs,
   * FAILED_PRECONDITION when the encoder's latent size or image size does not match the generator.
   */
  StartReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts reconstructing a folder or dataset. Idempotent on `request_id`. NOT_FOUND for missing inputs,
   * FAILED_PRECONDITION when the encoder's latent size or image size does not match the generator.
   */
  startReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the job's progress (`unit` = `images`), ending after a terminal state.
   */
  Watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  Watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  /**
   * Streams the job's progress (`unit` = `images`), ending after a terminal state.
   */
  watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  
}

/**
 * Encodes images to latents and regenerates them, on ONNX Runtime. Folders are split into work items so that every
 * replica takes a share.
 */
export interface ReconstructorServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stops the job; images already written stay, the latents file is not written.
   */
  Cancel: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse>;
  
  /**
   * The job's last known progress. NOT_FOUND for an unknown job.
   */
  GetJob: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
  /**
   * Reconstructs one image synchronously. Messages are limited by the channel's maximum message size (4 MiB by
   * default on both sides); raise `grpc.max_receive_message_length` / `grpc.max_send_message_length` for large
   * images, or use StartReconstruction. RESOURCE_EXHAUSTED when the image is too large.
   */
  Reconstruct: grpc.handleUnaryCall<_dermanomaly_v1_ReconstructRequest__Output, _dermanomaly_v1_ReconstructResponse>;
  
  /**
   * Starts reconstructing a folder or dataset. Idempotent on `request_id`. NOT_FOUND for missing inputs,
   * FAILED_PRECONDITION when the encoder's latent size or image size does not match the generator.
   */
  StartReconstruction: grpc.handleUnaryCall<_dermanomaly_v1_StartReconstructionRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Streams the job's progress (`unit` = `images`), ending after a terminal state.
   */
  Watch: grpc.handleServerStreamingCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
}

export interface ReconstructorServiceDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_CancelResponse, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse__Output>
  GetJob: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
  Reconstruct: MethodDefinition<_dermanomaly_v1_ReconstructRequest, _dermanomaly_v1_ReconstructResponse, _dermanomaly_v1_ReconstructRequest__Output, _dermanomaly_v1_ReconstructResponse__Output>
  StartReconstruction: MethodDefinition<_dermanomaly_v1_StartReconstructionRequest, _dermanomaly_v1_JobRef, _dermanomaly_v1_StartReconstructionRequest__Output, _dermanomaly_v1_JobRef__Output>
  Watch: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
}
