// Original file: proto/dermanomaly/v1/scorer.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from '../../dermanomaly/v1/CancelResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { StartScoringRequest as _dermanomaly_v1_StartScoringRequest, StartScoringRequest__Output as _dermanomaly_v1_StartScoringRequest__Output } from '../../dermanomaly/v1/StartScoringRequest.ts';

/**
 * Scores images with one or more anomaly scores; each combination of method, metric and alpha gives one sheet.
 */
export interface ScorerServiceClient extends grpc.Client {
  /**
   * Stops the job; no sheet is written.
   */
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stops the job; no sheet is written.
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
   * Starts a scoring job. Idempotent on `request_id`. NOT_FOUND for missing inputs, INVALID_ARGUMENT for an
   * empty method list or a metric that does not apply.
   */
  StartScoring(argument: _dermanomaly_v1_StartScoringRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartScoring(argument: _dermanomaly_v1_StartScoringRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartScoring(argument: _dermanomaly_v1_StartScoringRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartScoring(argument: _dermanomaly_v1_StartScoringRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a scoring job. Idempotent on `request_id`. NOT_FOUND for missing inputs, INVALID_ARGUMENT for an
   * empty method list or a metric that does not apply.
   */
  startScoring(argument: _dermanomaly_v1_StartScoringRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startScoring(argument: _dermanomaly_v1_StartScoringRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startScoring(argument: _dermanomaly_v1_StartScoringRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startScoring(argument: _dermanomaly_v1_StartScoringRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the job's progress (`unit` = `images`), ending after a terminal state; sheets appear in `outputs`.
   */
  Watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  Watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  /**
   * Streams the job's progress (`unit` = `images`), ending after a terminal state; sheets appear in `outputs`.
   */
  watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  
}

/**
 * Scores images with one or more anomaly scores; each combination of method, metric and alpha gives one sheet.
 */
export interface ScorerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stops the job; no sheet is written.
   */
  Cancel: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse>;
  
  /**
   * The job's last known progress. NOT_FOUND for an unknown job.
   */
  GetJob: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
  /**
   * Starts a scoring job. Idempotent on `request_id`. NOT_FOUND for missing inputs, INVALID_ARGUMENT for an
   * empty method list or a metric that does not apply.
   */
  StartScoring: grpc.handleUnaryCall<_dermanomaly_v1_StartScoringRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Streams the job's progress (`unit` = `images`), ending after a terminal state; sheets appear in `outputs`.
   */
  Watch: grpc.handleServerStreamingCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
}

export interface ScorerServiceDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_CancelResponse, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse__Output>
  GetJob: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
  StartScoring: MethodDefinition<_dermanomaly_v1_StartScoringRequest, _dermanomaly_v1_JobRef, _dermanomaly_v1_StartScoringRequest__Output, _dermanomaly_v1_JobRef__Output>
  Watch: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
}
