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
 * Runs pipelines: starts each stage's job on its service, advances when the stages' JetStream events say a job it
 * started ended, and links one stage's outputs to the next stage's inputs. A pipeline's state lives in NATS KV, so
 * any instance answers for it and a restarted instance carries on from the last finished stage: stage jobs are
 * started with request ids derived from the pipeline id and the step, so starting a step again returns its job.
 */
export interface OrchestratorServiceClient extends grpc.Client {
  /**
   * Cancels the running steps' jobs and stops the pipeline (CANCELLED). A finished pipeline keeps its state.
   */
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Cancels the running steps' jobs and stops the pipeline (CANCELLED). A finished pipeline keeps its state.
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
   * One pipeline with the state of each of its steps. NOT_FOUND for an unknown pipeline.
   */
  GetPipeline(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  GetPipeline(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  GetPipeline(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  GetPipeline(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_PipelineStatus__Output>): grpc.ClientUnaryCall;
  /**
   * One pipeline with the state of each of its steps. NOT_FOUND for an unknown pipeline.
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
   * Starts a pipeline and returns its reference (`service` = `orchestrator`). Idempotent on `request_id`.
   * Checked on the call, before anything runs: INVALID_ARGUMENT for an unknown preset, a missing data set (neither
   * `data` nor both `train_set` and `test_set`), a data folder without normal training images, without a test set,
   * with a class folder the class map does not name, or without images of both labels in the test set (each message
   * names what is missing and shows the expected layout), for options a stage would refuse that can be checked here,
   * and for an override that sets a field the pipeline links itself (inputs and outputs); NOT_FOUND for a missing
   * path; ALREADY_EXISTS for a `request_id` used with another request.
   */
  StartPipeline(argument: _dermanomaly_v1_StartPipelineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartPipeline(argument: _dermanomaly_v1_StartPipelineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartPipeline(argument: _dermanomaly_v1_StartPipelineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartPipeline(argument: _dermanomaly_v1_StartPipelineRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a pipeline and returns its reference (`service` = `orchestrator`). Idempotent on `request_id`.
   * Checked on the call, before anything runs: INVALID_ARGUMENT for an unknown preset, a missing data set (neither
   * `data` nor both `train_set` and `test_set`), a data folder without normal training images, without a test set,
   * with a class folder the class map does not name, or without images of both labels in the test set (each message
   * names what is missing and shows the expected layout), for options a stage would refuse that can be checked here,
   * and for an override that sets a field the pipeline links itself (inputs and outputs); NOT_FOUND for a missing
   * path; ALREADY_EXISTS for a `request_id` used with another request.
   */
  startPipeline(argument: _dermanomaly_v1_StartPipelineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startPipeline(argument: _dermanomaly_v1_StartPipelineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startPipeline(argument: _dermanomaly_v1_StartPipelineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startPipeline(argument: _dermanomaly_v1_StartPipelineRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the pipeline's progress: the current state first, then every change, ending after a terminal state.
   * `done`/`total` count finished steps (`unit` = `steps`); while steps run, each of their jobs' progress is
   * relayed: `message` is `<step>: <the job's message>`, `metrics` carries the job's latest metrics prefixed with
   * the step (`train_gan.kimg`, `train_gan.sec_per_kimg`), `outputs` every output of the finished steps. A watch
   * that loses its connection can be opened again; it starts from the current state.
   */
  Watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  Watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  /**
   * Streams the pipeline's progress: the current state first, then every change, ending after a terminal state.
   * `done`/`total` count finished steps (`unit` = `steps`); while steps run, each of their jobs' progress is
   * relayed: `message` is `<step>: <the job's message>`, `metrics` carries the job's latest metrics prefixed with
   * the step (`train_gan.kimg`, `train_gan.sec_per_kimg`), `outputs` every output of the finished steps. A watch
   * that loses its connection can be opened again; it starts from the current state.
   */
  watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  
}

/**
 * Runs pipelines: starts each stage's job on its service, advances when the stages' JetStream events say a job it
 * started ended, and links one stage's outputs to the next stage's inputs. A pipeline's state lives in NATS KV, so
 * any instance answers for it and a restarted instance carries on from the last finished stage: stage jobs are
 * started with request ids derived from the pipeline id and the step, so starting a step again returns its job.
 */
export interface OrchestratorServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Cancels the running steps' jobs and stops the pipeline (CANCELLED). A finished pipeline keeps its state.
   */
  Cancel: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse>;
  
  /**
   * The pipeline's last known progress. NOT_FOUND for an unknown pipeline.
   */
  GetJob: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
  /**
   * One pipeline with the state of each of its steps. NOT_FOUND for an unknown pipeline.
   */
  GetPipeline: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_PipelineStatus>;
  
  /**
   * Lists pipelines, newest first.
   */
  ListJobs: grpc.handleUnaryCall<_dermanomaly_v1_ListJobsRequest__Output, _dermanomaly_v1_ListJobsResponse>;
  
  /**
   * Starts a pipeline and returns its reference (`service` = `orchestrator`). Idempotent on `request_id`.
   * Checked on the call, before anything runs: INVALID_ARGUMENT for an unknown preset, a missing data set (neither
   * `data` nor both `train_set` and `test_set`), a data folder without normal training images, without a test set,
   * with a class folder the class map does not name, or without images of both labels in the test set (each message
   * names what is missing and shows the expected layout), for options a stage would refuse that can be checked here,
   * and for an override that sets a field the pipeline links itself (inputs and outputs); NOT_FOUND for a missing
   * path; ALREADY_EXISTS for a `request_id` used with another request.
   */
  StartPipeline: grpc.handleUnaryCall<_dermanomaly_v1_StartPipelineRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Streams the pipeline's progress: the current state first, then every change, ending after a terminal state.
   * `done`/`total` count finished steps (`unit` = `steps`); while steps run, each of their jobs' progress is
   * relayed: `message` is `<step>: <the job's message>`, `metrics` carries the job's latest metrics prefixed with
   * the step (`train_gan.kimg`, `train_gan.sec_per_kimg`), `outputs` every output of the finished steps. A watch
   * that loses its connection can be opened again; it starts from the current state.
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
