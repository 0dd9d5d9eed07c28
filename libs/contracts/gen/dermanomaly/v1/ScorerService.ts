// Original file: proto/dermanomaly/v1/scorer.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CalibrateRequest as _dermanomaly_v1_CalibrateRequest, CalibrateRequest__Output as _dermanomaly_v1_CalibrateRequest__Output } from '../../dermanomaly/v1/CalibrateRequest.ts';
import type { CalibrateResponse as _dermanomaly_v1_CalibrateResponse, CalibrateResponse__Output as _dermanomaly_v1_CalibrateResponse__Output } from '../../dermanomaly/v1/CalibrateResponse.ts';
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from '../../dermanomaly/v1/CancelResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from '../../dermanomaly/v1/Progress.ts';
import type { ScorePhotosRequest as _dermanomaly_v1_ScorePhotosRequest, ScorePhotosRequest__Output as _dermanomaly_v1_ScorePhotosRequest__Output } from '../../dermanomaly/v1/ScorePhotosRequest.ts';
import type { ScoredPhoto as _dermanomaly_v1_ScoredPhoto, ScoredPhoto__Output as _dermanomaly_v1_ScoredPhoto__Output } from '../../dermanomaly/v1/ScoredPhoto.ts';
import type { StartScoringRequest as _dermanomaly_v1_StartScoringRequest, StartScoringRequest__Output as _dermanomaly_v1_StartScoringRequest__Output } from '../../dermanomaly/v1/StartScoringRequest.ts';

/**
 * Scores the images of a reconstruction set (one sheet per score), fits decision thresholds on held-out normal
 * images, and scores single photos online through the reconstructor.
 */
export interface ScorerServiceClient extends grpc.Client {
  /**
   * Fits a calibration on the scores of held-out normal images (never the evaluation set) and stores it as
   * `calibration.json`: threshold = quantile q of the scores, normalisation = their min and max. Synchronous (a
   * sheet of thousands of rows takes well under a second). NOT_FOUND for a missing sheet; INVALID_ARGUMENT, naming
   * the file, column and row, for a sheet that is not a score sheet (unknown or missing columns, a missing or NaN
   * score), that holds an anomalous row (label 1), or that has fewer than 2 rows, and for q outside (0, 1).
   */
  Calibrate(argument: _dermanomaly_v1_CalibrateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  Calibrate(argument: _dermanomaly_v1_CalibrateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  Calibrate(argument: _dermanomaly_v1_CalibrateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  Calibrate(argument: _dermanomaly_v1_CalibrateRequest, callback: grpc.requestCallback<_dermanomaly_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Fits a calibration on the scores of held-out normal images (never the evaluation set) and stores it as
   * `calibration.json`: threshold = quantile q of the scores, normalisation = their min and max. Synchronous (a
   * sheet of thousands of rows takes well under a second). NOT_FOUND for a missing sheet; INVALID_ARGUMENT, naming
   * the file, column and row, for a sheet that is not a score sheet (unknown or missing columns, a missing or NaN
   * score), that holds an anomalous row (label 1), or that has fewer than 2 rows, and for q outside (0, 1).
   */
  calibrate(argument: _dermanomaly_v1_CalibrateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  calibrate(argument: _dermanomaly_v1_CalibrateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  calibrate(argument: _dermanomaly_v1_CalibrateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  calibrate(argument: _dermanomaly_v1_CalibrateRequest, callback: grpc.requestCallback<_dermanomaly_v1_CalibrateResponse__Output>): grpc.ClientUnaryCall;
  
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
   * Online scoring: the first message carries the models and scores (`OnlineScoringConfig`), every later one a photo
   * of any size; for each photo one `ScoredPhoto` comes back, in order. Each photo is prepared as the encoder's
   * training images were, by the data set preparation's own step with the transform and resampler the encoder's
   * lineage records (`ExportedModels.training_preparation`; a centre crop and the `auto` resampler when it records
   * none), to the generator's resolution, reconstructed by the reconstructor's streaming `Reconstruct`, and scored:
   * raw scores, normalised scores and decisions at the calibrated thresholds, and the residual map. A photo that
   * cannot be read (corrupt, not an image) or that the transform leaves out (`center-crop-wide` drops photos too
   * narrow or too flat: `DROPPED_BY_TRANSFORM`) gets a `ScoredPhoto` with `error` set and the stream goes on. The stream ends with INVALID_ARGUMENT for a first message
   * that is not a config, a second config, or a bad config (no score, a calibration whose sheet records no score,
   * afs or the own-class search, als without reference latents, a score given twice); NOT_FOUND for a missing
   * checkpoint, calibration or latents file; FAILED_PRECONDITION when the encoder does not fit the generator or the
   * reference latents do not fit the encoder; UNAVAILABLE when the reconstructor cannot be reached (its endpoint is
   * `DERMANOMALY_RECONSTRUCTOR_ENDPOINT`).
   */
  ScorePhotos(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_dermanomaly_v1_ScorePhotosRequest, _dermanomaly_v1_ScoredPhoto__Output>;
  ScorePhotos(options?: grpc.CallOptions): grpc.ClientDuplexStream<_dermanomaly_v1_ScorePhotosRequest, _dermanomaly_v1_ScoredPhoto__Output>;
  /**
   * Online scoring: the first message carries the models and scores (`OnlineScoringConfig`), every later one a photo
   * of any size; for each photo one `ScoredPhoto` comes back, in order. Each photo is prepared as the encoder's
   * training images were, by the data set preparation's own step with the transform and resampler the encoder's
   * lineage records (`ExportedModels.training_preparation`; a centre crop and the `auto` resampler when it records
   * none), to the generator's resolution, reconstructed by the reconstructor's streaming `Reconstruct`, and scored:
   * raw scores, normalised scores and decisions at the calibrated thresholds, and the residual map. A photo that
   * cannot be read (corrupt, not an image) or that the transform leaves out (`center-crop-wide` drops photos too
   * narrow or too flat: `DROPPED_BY_TRANSFORM`) gets a `ScoredPhoto` with `error` set and the stream goes on. The stream ends with INVALID_ARGUMENT for a first message
   * that is not a config, a second config, or a bad config (no score, a calibration whose sheet records no score,
   * afs or the own-class search, als without reference latents, a score given twice); NOT_FOUND for a missing
   * checkpoint, calibration or latents file; FAILED_PRECONDITION when the encoder does not fit the generator or the
   * reference latents do not fit the encoder; UNAVAILABLE when the reconstructor cannot be reached (its endpoint is
   * `DERMANOMALY_RECONSTRUCTOR_ENDPOINT`).
   */
  scorePhotos(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_dermanomaly_v1_ScorePhotosRequest, _dermanomaly_v1_ScoredPhoto__Output>;
  scorePhotos(options?: grpc.CallOptions): grpc.ClientDuplexStream<_dermanomaly_v1_ScorePhotosRequest, _dermanomaly_v1_ScoredPhoto__Output>;
  
  /**
   * Starts a scoring job: one sheet per `ScoreSpec`. Idempotent on `request_id`. Answered on the call:
   * INVALID_ARGUMENT for a bad spec (unknown metric, an option that does not apply to its method, weights that
   * are not finite and >= 0, both weights 0, a score asked for twice, afs/als without reference latents), a bad
   * class map or output; NOT_FOUND for a missing reconstruction set or reference latents. In the job:
   * INVALID_ARGUMENT for a set with no image of the class map's classes, reference latents of another size, or a
   * score that is not finite for an image (e.g. `correlation` of a constant image), naming the image;
   * FAILED_PRECONDITION when the generator or discriminator model given for afs is not the one that made the set.
   */
  StartScoring(argument: _dermanomaly_v1_StartScoringRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartScoring(argument: _dermanomaly_v1_StartScoringRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartScoring(argument: _dermanomaly_v1_StartScoringRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartScoring(argument: _dermanomaly_v1_StartScoringRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a scoring job: one sheet per `ScoreSpec`. Idempotent on `request_id`. Answered on the call:
   * INVALID_ARGUMENT for a bad spec (unknown metric, an option that does not apply to its method, weights that
   * are not finite and >= 0, both weights 0, a score asked for twice, afs/als without reference latents), a bad
   * class map or output; NOT_FOUND for a missing reconstruction set or reference latents. In the job:
   * INVALID_ARGUMENT for a set with no image of the class map's classes, reference latents of another size, or a
   * score that is not finite for an image (e.g. `correlation` of a constant image), naming the image;
   * FAILED_PRECONDITION when the generator or discriminator model given for afs is not the one that made the set.
   */
  startScoring(argument: _dermanomaly_v1_StartScoringRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startScoring(argument: _dermanomaly_v1_StartScoringRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startScoring(argument: _dermanomaly_v1_StartScoringRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startScoring(argument: _dermanomaly_v1_StartScoringRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the job's progress (`unit` = `images`), ending after a terminal state; the sheets are in `outputs`
   * (`<tag>.xlsx`, `<tag>.csv` per sheet, in the order of the specs).
   */
  Watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  Watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  /**
   * Streams the job's progress (`unit` = `images`), ending after a terminal state; the sheets are in `outputs`
   * (`<tag>.xlsx`, `<tag>.csv` per sheet, in the order of the specs).
   */
  watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  
}

/**
 * Scores the images of a reconstruction set (one sheet per score), fits decision thresholds on held-out normal
 * images, and scores single photos online through the reconstructor.
 */
export interface ScorerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Fits a calibration on the scores of held-out normal images (never the evaluation set) and stores it as
   * `calibration.json`: threshold = quantile q of the scores, normalisation = their min and max. Synchronous (a
   * sheet of thousands of rows takes well under a second). NOT_FOUND for a missing sheet; INVALID_ARGUMENT, naming
   * the file, column and row, for a sheet that is not a score sheet (unknown or missing columns, a missing or NaN
   * score), that holds an anomalous row (label 1), or that has fewer than 2 rows, and for q outside (0, 1).
   */
  Calibrate: grpc.handleUnaryCall<_dermanomaly_v1_CalibrateRequest__Output, _dermanomaly_v1_CalibrateResponse>;
  
  /**
   * Stops the job; no sheet is written.
   */
  Cancel: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse>;
  
  /**
   * The job's last known progress. NOT_FOUND for an unknown job.
   */
  GetJob: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
  /**
   * Online scoring: the first message carries the models and scores (`OnlineScoringConfig`), every later one a photo
   * of any size; for each photo one `ScoredPhoto` comes back, in order. Each photo is prepared as the encoder's
   * training images were, by the data set preparation's own step with the transform and resampler the encoder's
   * lineage records (`ExportedModels.training_preparation`; a centre crop and the `auto` resampler when it records
   * none), to the generator's resolution, reconstructed by the reconstructor's streaming `Reconstruct`, and scored:
   * raw scores, normalised scores and decisions at the calibrated thresholds, and the residual map. A photo that
   * cannot be read (corrupt, not an image) or that the transform leaves out (`center-crop-wide` drops photos too
   * narrow or too flat: `DROPPED_BY_TRANSFORM`) gets a `ScoredPhoto` with `error` set and the stream goes on. The stream ends with INVALID_ARGUMENT for a first message
   * that is not a config, a second config, or a bad config (no score, a calibration whose sheet records no score,
   * afs or the own-class search, als without reference latents, a score given twice); NOT_FOUND for a missing
   * checkpoint, calibration or latents file; FAILED_PRECONDITION when the encoder does not fit the generator or the
   * reference latents do not fit the encoder; UNAVAILABLE when the reconstructor cannot be reached (its endpoint is
   * `DERMANOMALY_RECONSTRUCTOR_ENDPOINT`).
   */
  ScorePhotos: grpc.handleBidiStreamingCall<_dermanomaly_v1_ScorePhotosRequest__Output, _dermanomaly_v1_ScoredPhoto>;
  
  /**
   * Starts a scoring job: one sheet per `ScoreSpec`. Idempotent on `request_id`. Answered on the call:
   * INVALID_ARGUMENT for a bad spec (unknown metric, an option that does not apply to its method, weights that
   * are not finite and >= 0, both weights 0, a score asked for twice, afs/als without reference latents), a bad
   * class map or output; NOT_FOUND for a missing reconstruction set or reference latents. In the job:
   * INVALID_ARGUMENT for a set with no image of the class map's classes, reference latents of another size, or a
   * score that is not finite for an image (e.g. `correlation` of a constant image), naming the image;
   * FAILED_PRECONDITION when the generator or discriminator model given for afs is not the one that made the set.
   */
  StartScoring: grpc.handleUnaryCall<_dermanomaly_v1_StartScoringRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Streams the job's progress (`unit` = `images`), ending after a terminal state; the sheets are in `outputs`
   * (`<tag>.xlsx`, `<tag>.csv` per sheet, in the order of the specs).
   */
  Watch: grpc.handleServerStreamingCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
}

export interface ScorerServiceDefinition extends grpc.ServiceDefinition {
  Calibrate: MethodDefinition<_dermanomaly_v1_CalibrateRequest, _dermanomaly_v1_CalibrateResponse, _dermanomaly_v1_CalibrateRequest__Output, _dermanomaly_v1_CalibrateResponse__Output>
  Cancel: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_CancelResponse, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse__Output>
  GetJob: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
  ScorePhotos: MethodDefinition<_dermanomaly_v1_ScorePhotosRequest, _dermanomaly_v1_ScoredPhoto, _dermanomaly_v1_ScorePhotosRequest__Output, _dermanomaly_v1_ScoredPhoto__Output>
  StartScoring: MethodDefinition<_dermanomaly_v1_StartScoringRequest, _dermanomaly_v1_JobRef, _dermanomaly_v1_StartScoringRequest__Output, _dermanomaly_v1_JobRef__Output>
  Watch: MethodDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_Progress, _dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress__Output>
}
