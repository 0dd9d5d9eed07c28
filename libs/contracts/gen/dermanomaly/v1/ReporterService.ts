// Original file: proto/dermanomaly/v1/reporter.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from '../../dermanomaly/v1/CancelResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { StartReportRequest as _dermanomaly_v1_StartReportRequest, StartReportRequest__Output as _dermanomaly_v1_StartReportRequest__Output } from '../../dermanomaly/v1/StartReportRequest.ts';
import type { StartTsneRequest as _dermanomaly_v1_StartTsneRequest, StartTsneRequest__Output as _dermanomaly_v1_StartTsneRequest__Output } from '../../dermanomaly/v1/StartTsneRequest.ts';

/**
 * Turns score sheets into metrics (equal to scikit-learn's), plots with the numbers beside them, and `report.html`,
 * where hovering or clicking a t-SNE point or a score row shows that image, its reconstruction and residual map.
 */
export interface ReporterServiceClient extends grpc.Client {
  /**
   * Stops the job; nothing is stored.
   */
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stops the job; nothing is stored.
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
   * Starts a report job. Idempotent on `request_id`. Answered on the call: INVALID_ARGUMENT for no sheet and no
   * t-SNE, a bad threshold rule, two sheets with one tag, or the calibrated rule without a calibration for a sheet;
   * NOT_FOUND for a missing sheet, calibration, set or latents file. In the job: INVALID_ARGUMENT, naming the file,
   * column and row, for a sheet with one class only, a missing or NaN score, an unknown column or no rows, and for a
   * calibration fitted on another score than its sheet's. Nothing is stored unless every sheet was read.
   */
  StartReport(argument: _dermanomaly_v1_StartReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartReport(argument: _dermanomaly_v1_StartReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartReport(argument: _dermanomaly_v1_StartReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartReport(argument: _dermanomaly_v1_StartReportRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a report job. Idempotent on `request_id`. Answered on the call: INVALID_ARGUMENT for no sheet and no
   * t-SNE, a bad threshold rule, two sheets with one tag, or the calibrated rule without a calibration for a sheet;
   * NOT_FOUND for a missing sheet, calibration, set or latents file. In the job: INVALID_ARGUMENT, naming the file,
   * column and row, for a sheet with one class only, a missing or NaN score, an unknown column or no rows, and for a
   * calibration fitted on another score than its sheet's. Nothing is stored unless every sheet was read.
   */
  startReport(argument: _dermanomaly_v1_StartReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startReport(argument: _dermanomaly_v1_StartReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startReport(argument: _dermanomaly_v1_StartReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startReport(argument: _dermanomaly_v1_StartReportRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts a t-SNE of a latents file alone (`tsne.png`, `tsne.svg`, `tsne.csv`, `summary.json` with the
   * trustworthiness). Idempotent on `request_id`. NOT_FOUND for a missing latents file; INVALID_ARGUMENT (in the
   * job, naming the file, row and column) for a file that is not a `latent_vectors.csv` or has fewer than 4 rows.
   */
  StartTsne(argument: _dermanomaly_v1_StartTsneRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTsne(argument: _dermanomaly_v1_StartTsneRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTsne(argument: _dermanomaly_v1_StartTsneRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartTsne(argument: _dermanomaly_v1_StartTsneRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a t-SNE of a latents file alone (`tsne.png`, `tsne.svg`, `tsne.csv`, `summary.json` with the
   * trustworthiness). Idempotent on `request_id`. NOT_FOUND for a missing latents file; INVALID_ARGUMENT (in the
   * job, naming the file, row and column) for a file that is not a `latent_vectors.csv` or has fewer than 4 rows.
   */
  startTsne(argument: _dermanomaly_v1_StartTsneRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTsne(argument: _dermanomaly_v1_StartTsneRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTsne(argument: _dermanomaly_v1_StartTsneRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startTsne(argument: _dermanomaly_v1_StartTsneRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the job's progress (`unit` = `steps`: plots, tables, thumbnails), ending after a terminal state.
   */
  Watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  Watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  /**
   * Streams the job's progress (`unit` = `steps`: plots, tables, thumbnails), ending after a terminal state.
   */
  watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  
}

/**
 * Turns score sheets into metrics (equal to scikit-learn's), plots with the numbers beside them, and `report.html`,
 * where hovering or clicking a t-SNE point or a score row shows that image, its reconstruction and residual map.
 */
export interface ReporterServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stops the job; nothing is stored.
   */
  Cancel: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse>;
  
  /**
   * The job's last known progress. NOT_FOUND for an unknown job.
   */
  GetJob: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
  /**
   * Starts a report job. Idempotent on `request_id`. Answered on the call: INVALID_ARGUMENT for no sheet and no
   * t-SNE, a bad threshold rule, two sheets with one tag, or the calibrated rule without a calibration for a sheet;
   * NOT_FOUND for a missing sheet, calibration, set or latents file. In the job: INVALID_ARGUMENT, naming the file,
   * column and row, for a sheet with one class only, a missing or NaN score, an unknown column or no rows, and for a
   * calibration fitted on another score than its sheet's. Nothing is stored unless every sheet was read.
   */
  StartReport: grpc.handleUnaryCall<_dermanomaly_v1_StartReportRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Starts a t-SNE of a latents file alone (`tsne.png`, `tsne.svg`, `tsne.csv`, `summary.json` with the
   * trustworthiness). Idempotent on `request_id`. NOT_FOUND for a missing latents file; INVALID_ARGUMENT (in the
   * job, naming the file, row and column) for a file that is not a `latent_vectors.csv` or has fewer than 4 rows.
   */
  StartTsne: grpc.handleUnaryCall<_dermanomaly_v1_StartTsneRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Streams the job's progress (`unit` = `steps`: plots, tables, thumbnails), ending after a terminal state.
   */
  Watch: grpc.handleServerStreamingCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
}

export interface ReporterServiceDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_CancelResponse, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse__Output>
  GetJob: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
  StartReport: MethodDefinition<_dermanomaly_v1_StartReportRequest, _dermanomaly_v1_JobRef, _dermanomaly_v1_StartReportRequest__Output, _dermanomaly_v1_JobRef__Output>
  StartTsne: MethodDefinition<_dermanomaly_v1_StartTsneRequest, _dermanomaly_v1_JobRef, _dermanomaly_v1_StartTsneRequest__Output, _dermanomaly_v1_JobRef__Output>
  Watch: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
}
