// Original file: proto/dermanomaly/v1/orchestrator.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from '../../dermanomaly/v1/CancelResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { ListJobsRequest as _dermanomaly_v1_ListJobsRequest, ListJobsRequest__Output as _dermanomaly_v1_ListJobsRequest__Output } from '../../dermanomaly/v1/ListJobsRequest.ts';
import type { ListJobsResponse as _dermanomaly_v1_ListJobsResponse, ListJobsResponse__Output as _dermanomaly_v1_ListJobsResponse__Output } from '../../dermanomaly/v1/ListJobsResponse.ts';
import type { PipelineStatus as _dermanomaly_v1_PipelineStatus, PipelineStatus__Output as _dermanomaly_v1_PipelineStatus__Output } from '../../dermanomaly/v1/PipelineStatus.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { StartPipelineRequest as _dermanomaly_v1_StartPipelineRequest, StartPipelineRequest__Output as _dermanomaly_v1_StartPipelineRequest__Output } from '../../dermanomaly/v1/StartPipelineRequest.ts';

/**
 * Runs pipelines: calls each stage service in turn, following their events, and links one stage's outputs to the
 * next stage's inputs.
 */
export interface OrchestratorServiceClient extends grpc.Client {
  /**
   * Cancels the running stage's job and stops the pipeline.
   */
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Cancels the running stage's job and stops the pipeline.
   */
  cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The pipeline's last known progress. NOT_FOUND for an unknown pipeline.
   */
  GetJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  /**
   * The pipeline's last known progress. NOT_FOUND for an unknown pipeline.
   */
  getJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  getJob(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  getJob(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  getJob(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_Progress__Output>): grpc.ClientUnaryCall;
  
  /**
   * One pipeline with the state of each of its stages. NOT_FOUND for an unknown pipeline.
   */
  GetPipeline(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  GetPipeline(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  GetPipeline(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  GetPipeline(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  /**
   * One pipeline with the state of each of its stages. NOT_FOUND for an unknown pipeline.
   */
  getPipeline(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  getPipeline(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  getPipeline(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  getPipeline(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists pipelines, newest first.
   */
  ListJobs(argument: _dermanomaly_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _dermanomaly_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _dermanomaly_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _dermanomaly_v1_ListJobsRequest, callback: grpc.requestCallback<_dermanomaly_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists pipelines, newest first.
   */
  listJobs(argument: _dermanomaly_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _dermanomaly_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _dermanomaly_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _dermanomaly_v1_ListJobsRequest, callback: grpc.requestCallback<_dermanomaly_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts a pipeline. Idempotent on `request_id`. INVALID_ARGUMENT when a stage lacks an input that no earlier
   * selected stage produces (e.g. STAGE_SCORE alone without an encoder).
   */
  StartPipeline(argument: _dermanomaly_v1_StartPipelineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartPipeline(argument: _dermanomaly_v1_StartPipelineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartPipeline(argument: _dermanomaly_v1_StartPipelineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartPipeline(argument: _dermanomaly_v1_StartPipelineRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a pipeline. Idempotent on `request_id`. INVALID_ARGUMENT when a stage lacks an input that no earlier
   * selected stage produces (e.g. STAGE_SCORE alone without an encoder).
   */
  startPipeline(argument: _dermanomaly_v1_StartPipelineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startPipeline(argument: _dermanomaly_v1_StartPipelineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startPipeline(argument: _dermanomaly_v1_StartPipelineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startPipeline(argument: _dermanomaly_v1_StartPipelineRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the pipeline's progress: `done`/`total` count finished stages (`unit` = `stages`); `message` names the
   * running stage; `metrics` carries the running stage's latest metrics prefixed with its name (`gan.kimg`);
   * `outputs` collects every stage's outputs. Ends after a terminal state.
   */
  Watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  Watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  /**
   * Streams the pipeline's progress: `done`/`total` count finished stages (`unit` = `stages`); `message` names the
   * running stage; `metrics` carries the running stage's latest metrics prefixed with its name (`gan.kimg`);
   * `outputs` collects every stage's outputs. Ends after a terminal state.
   */
  watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  
}

/**
 * Runs pipelines: calls each stage service in turn, following their events, and links one stage's outputs to the
 * next stage's inputs.
 */
export interface OrchestratorServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Cancels the running stage's job and stops the pipeline.
   */
  Cancel: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse>;
  
  /**
   * The pipeline's last known progress. NOT_FOUND for an unknown pipeline.
   */
  GetJob: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
  /**
   * One pipeline with the state of each of its stages. NOT_FOUND for an unknown pipeline.
   */
  GetPipeline: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_PipelineStatus>;
  
  /**
   * Lists pipelines, newest first.
   */
  ListJobs: grpc.handleUnaryCall<_dermanomaly_v1_ListJobsRequest__Output, _dermanomaly_v1_ListJobsResponse>;
  
  /**
   * Starts a pipeline. Idempotent on `request_id`. INVALID_ARGUMENT when a stage lacks an input that no earlier
   * selected stage produces (e.g. STAGE_SCORE alone without an encoder).
   */
  StartPipeline: grpc.handleUnaryCall<_dermanomaly_v1_StartPipelineRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Streams the pipeline's progress: `done`/`total` count finished stages (`unit` = `stages`); `message` names the
   * running stage; `metrics` carries the running stage's latest metrics prefixed with its name (`gan.kimg`);
   * `outputs` collects every stage's outputs. Ends after a terminal state.
   */
  Watch: grpc.handleServerStreamingCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
}

export interface OrchestratorServiceDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_CancelResponse, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse__Output>
  GetJob: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
  GetPipeline: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_PipelineStatus, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_PipelineStatus__Output>
  ListJobs: MethodDefinition<_dermanomaly_v1_ListJobsRequest, _dermanomaly_v1_ListJobsResponse, _dermanomaly_v1_ListJobsRequest__Output, _dermanomaly_v1_ListJobsResponse__Output>
  StartPipeline: MethodDefinition<_dermanomaly_v1_StartPipelineRequest, _dermanomaly_v1_JobRef, _dermanomaly_v1_StartPipelineRequest__Output, _dermanomaly_v1_JobRef__Output>
  Watch: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
}
