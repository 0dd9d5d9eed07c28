// Original file: proto/dermanomaly/v1/preprocess.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from '../../dermanomaly/v1/CancelResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { PrepareDatasetRequest as _dermanomaly_v1_PrepareDatasetRequest, PrepareDatasetRequest__Output as _dermanomaly_v1_PrepareDatasetRequest__Output } from '../../dermanomaly/v1/PrepareDatasetRequest.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';

/**
 * Turns a folder or zip of photos into a StyleGAN dataset: uncompressed PNGs named `00000/img00000000.png`
 * (1000 per subfolder) plus `dataset.json` with labels. Long-running: `StartPrepareDataset` returns at once.
 */
export interface PreprocessServiceClient extends grpc.Client {
  /**
   * Asks the job to stop; partial output is removed. Cancelling a finished job returns its terminal state.
   */
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Asks the job to stop; partial output is removed. Cancelling a finished job returns its terminal state.
   */
  cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The job's last known progress (state, counts, outputs when SUCCEEDED). NOT_FOUND for an unknown job.
   */
  GetJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  /**
   * The job's last known progress (state, counts, outputs when SUCCEEDED). NOT_FOUND for an unknown job.
   */
  getJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  getJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  getJob(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  getJob(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts a preparation job. Idempotent on `request_id`. INVALID_ARGUMENT for bad options (e.g. a crop transform
   * without a resolution), NOT_FOUND when the source does not exist.
   */
  StartPrepareDataset(argument: _dermanomaly_v1_PrepareDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartPrepareDataset(argument: _dermanomaly_v1_PrepareDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartPrepareDataset(argument: _dermanomaly_v1_PrepareDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartPrepareDataset(argument: _dermanomaly_v1_PrepareDatasetRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a preparation job. Idempotent on `request_id`. INVALID_ARGUMENT for bad options (e.g. a crop transform
   * without a resolution), NOT_FOUND when the source does not exist.
   */
  startPrepareDataset(argument: _dermanomaly_v1_PrepareDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startPrepareDataset(argument: _dermanomaly_v1_PrepareDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startPrepareDataset(argument: _dermanomaly_v1_PrepareDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startPrepareDataset(argument: _dermanomaly_v1_PrepareDatasetRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the job's progress: the current state first, then every change, ending after a terminal state.
   * Progress metrics: `written`, `skipped`, and `skipped_<reason>` per skip reason (images). NOT_FOUND for an
   * unknown job.
   */
  Watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  Watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  /**
   * Streams the job's progress: the current state first, then every change, ending after a terminal state.
   * Progress metrics: `written`, `skipped`, and `skipped_<reason>` per skip reason (images). NOT_FOUND for an
   * unknown job.
   */
  watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  
}

/**
 * Turns a folder or zip of photos into a StyleGAN dataset: uncompressed PNGs named `00000/img00000000.png`
 * (1000 per subfolder) plus `dataset.json` with labels. Long-running: `StartPrepareDataset` returns at once.
 */
export interface PreprocessServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Asks the job to stop; partial output is removed. Cancelling a finished job returns its terminal state.
   */
  Cancel: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse>;
  
  /**
   * The job's last known progress (state, counts, outputs when SUCCEEDED). NOT_FOUND for an unknown job.
   */
  GetJob: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
  /**
   * Starts a preparation job. Idempotent on `request_id`. INVALID_ARGUMENT for bad options (e.g. a crop transform
   * without a resolution), NOT_FOUND when the source does not exist.
   */
  StartPrepareDataset: grpc.handleUnaryCall<_dermanomaly_v1_PrepareDatasetRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Streams the job's progress: the current state first, then every change, ending after a terminal state.
   * Progress metrics: `written`, `skipped`, and `skipped_<reason>` per skip reason (images). NOT_FOUND for an
   * unknown job.
   */
  Watch: grpc.handleServerStreamingCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
}

export interface PreprocessServiceDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_CancelResponse, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse__Output>
  GetJob: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
  StartPrepareDataset: MethodDefinition<_dermanomaly_v1_PrepareDatasetRequest, _dermanomaly_v1_JobRef, _dermanomaly_v1_PrepareDatasetRequest__Output, _dermanomaly_v1_JobRef__Output>
  Watch: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
}
