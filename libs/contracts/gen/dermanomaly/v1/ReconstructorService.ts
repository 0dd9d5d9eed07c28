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
 * Encodes images to latents and regenerates them on ONNX Runtime, from models exported from the GAN and encoder
 * checkpoints (exported once per pair of checkpoint digests and choice, and cached in the artifact store, so that
 * replicas reuse them). A batch job is split into work items on a JetStream work queue that every replica consumes;
 * the replica that owns the job merges the partial sets in item order.
 */
export interface ReconstructorServiceClient extends grpc.Client {
  /**
   * Stops the job; its work items are dropped by the replicas that take them, and nothing is written to `dest`.
   */
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _dermanomaly_v1_JobRef, callback: grpc.requestCallback<_dermanomaly_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stops the job; its work items are dropped by the replicas that take them, and nothing is written to `dest`.
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
   * Online reconstruction, for the scorer's online scoring and other interactive uses: the first message names the
   * models (`ReconstructRequest.models`), every message may carry one image; the first response describes the
   * models (`ReconstructResponse.models`), then one `ImageReconstruction` comes back per image, in the order sent.
   * Images sent close together run as one batch (at most the service's batch size). An image that cannot be used
   * (corrupt, not an image, not the generator's size: prepare it with the preprocess stage first) gets a result
   * with `error` set and the stream goes on. The stream ends with INVALID_ARGUMENT when the first message has no
   * models or a later one has models, NOT_FOUND for a missing checkpoint, FAILED_PRECONDITION when the encoder
   * does not fit the generator (both sizes named). Messages are limited by the channel's maximum message size
   * (DERMANOMALY_MAX_MESSAGE_BYTES on the service).
   */
  Reconstruct(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_dermanomaly_v1_ReconstructRequest, _dermanomaly_v1_ReconstructResponse__Output>;
  Reconstruct(options?: grpc.CallOptions): grpc.ClientDuplexStream<_dermanomaly_v1_ReconstructRequest, _dermanomaly_v1_ReconstructResponse__Output>;
  /**
   * Online reconstruction, for the scorer's online scoring and other interactive uses: the first message names the
   * models (`ReconstructRequest.models`), every message may carry one image; the first response describes the
   * models (`ReconstructResponse.models`), then one `ImageReconstruction` comes back per image, in the order sent.
   * Images sent close together run as one batch (at most the service's batch size). An image that cannot be used
   * (corrupt, not an image, not the generator's size: prepare it with the preprocess stage first) gets a result
   * with `error` set and the stream goes on. The stream ends with INVALID_ARGUMENT when the first message has no
   * models or a later one has models, NOT_FOUND for a missing checkpoint, FAILED_PRECONDITION when the encoder
   * does not fit the generator (both sizes named). Messages are limited by the channel's maximum message size
   * (DERMANOMALY_MAX_MESSAGE_BYTES on the service).
   */
  reconstruct(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_dermanomaly_v1_ReconstructRequest, _dermanomaly_v1_ReconstructResponse__Output>;
  reconstruct(options?: grpc.CallOptions): grpc.ClientDuplexStream<_dermanomaly_v1_ReconstructRequest, _dermanomaly_v1_ReconstructResponse__Output>;
  
  /**
   * Starts reconstructing a folder, zip or prepared data set into a reconstruction set. Idempotent on `request_id`.
   * Answered on the call: INVALID_ARGUMENT for a missing source or model, a bad option (noise mode NONE, a batch or
   * item size out of range, a negative class label) or an artifact given as destination; NOT_FOUND for a source or
   * checkpoint that does not exist; FAILED_PRECONDITION for a destination folder that is not empty, and, for
   * checkpoints given as paths, an encoder whose latent size or image size does not match the generator's (both
   * named). The job fails with the same codes for checkpoints that are artifacts or keys (they are read in the job).
   * Corrupt files, non-images and images of another size than the generator's are skipped, listed in `skipped.csv`
   * and counted; they never fail the job.
   */
  StartReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  StartReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  /**
   * Starts reconstructing a folder, zip or prepared data set into a reconstruction set. Idempotent on `request_id`.
   * Answered on the call: INVALID_ARGUMENT for a missing source or model, a bad option (noise mode NONE, a batch or
   * item size out of range, a negative class label) or an artifact given as destination; NOT_FOUND for a source or
   * checkpoint that does not exist; FAILED_PRECONDITION for a destination folder that is not empty, and, for
   * checkpoints given as paths, an encoder whose latent size or image size does not match the generator's (both
   * named). The job fails with the same codes for checkpoints that are artifacts or keys (they are read in the job).
   * Corrupt files, non-images and images of another size than the generator's are skipped, listed in `skipped.csv`
   * and counted; they never fail the job.
   */
  startReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  startReconstruction(argument: _dermanomaly_v1_StartReconstructionRequest, callback: grpc.requestCallback<_dermanomaly_v1_JobRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the job's progress (`unit` = `images`: inputs reconstructed or skipped, of all inputs), ending after a
   * terminal state. Metrics: `written`, `skipped`, `skipped_<reason>` (lower case: `skipped_corrupt`,
   * `skipped_wrong_size`, `skipped_not_an_image`, ...), `items`, `items_done`. When SUCCEEDED, `outputs` are
   * `reconstruction_set.safetensors`, `reconstruction_set.csv`, `latent_vectors.csv`, `skipped.csv` and
   * `set_manifest.json`, in that order.
   */
  Watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  Watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  /**
   * Streams the job's progress (`unit` = `images`: inputs reconstructed or skipped, of all inputs), ending after a
   * terminal state. Metrics: `written`, `skipped`, `skipped_<reason>` (lower case: `skipped_corrupt`,
   * `skipped_wrong_size`, `skipped_not_an_image`, ...), `items`, `items_done`. When SUCCEEDED, `outputs` are
   * `reconstruction_set.safetensors`, `reconstruction_set.csv`, `latent_vectors.csv`, `skipped.csv` and
   * `set_manifest.json`, in that order.
   */
  watch(argument: _dermanomaly_v1_JobRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  watch(argument: _dermanomaly_v1_JobRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_dermanomaly_v1_Progress__Output>;
  
}

/**
 * Encodes images to latents and regenerates them on ONNX Runtime, from models exported from the GAN and encoder
 * checkpoints (exported once per pair of checkpoint digests and choice, and cached in the artifact store, so that
 * replicas reuse them). A batch job is split into work items on a JetStream work queue that every replica consumes;
 * the replica that owns the job merges the partial sets in item order.
 */
export interface ReconstructorServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stops the job; its work items are dropped by the replicas that take them, and nothing is written to `dest`.
   */
  Cancel: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_CancelResponse>;
  
  /**
   * The job's last known progress. NOT_FOUND for an unknown job.
   */
  GetJob: grpc.handleUnaryCall<_dermanomaly_v1_JobRef__Output, _dermanomaly_v1_Progress>;
  
  /**
   * Online reconstruction, for the scorer's online scoring and other interactive uses: the first message names the
   * models (`ReconstructRequest.models`), every message may carry one image; the first response describes the
   * models (`ReconstructResponse.models`), then one `ImageReconstruction` comes back per image, in the order sent.
   * Images sent close together run as one batch (at most the service's batch size). An image that cannot be used
   * (corrupt, not an image, not the generator's size: prepare it with the preprocess stage first) gets a result
   * with `error` set and the stream goes on. The stream ends with INVALID_ARGUMENT when the first message has no
   * models or a later one has models, NOT_FOUND for a missing checkpoint, FAILED_PRECONDITION when the encoder
   * does not fit the generator (both sizes named). Messages are limited by the channel's maximum message size
   * (DERMANOMALY_MAX_MESSAGE_BYTES on the service).
   */
  Reconstruct: grpc.handleBidiStreamingCall<_dermanomaly_v1_ReconstructRequest__Output, _dermanomaly_v1_ReconstructResponse>;
  
  /**
   * Starts reconstructing a folder, zip or prepared data set into a reconstruction set. Idempotent on `request_id`.
   * Answered on the call: INVALID_ARGUMENT for a missing source or model, a bad option (noise mode NONE, a batch or
   * item size out of range, a negative class label) or an artifact given as destination; NOT_FOUND for a source or
   * checkpoint that does not exist; FAILED_PRECONDITION for a destination folder that is not empty, and, for
   * checkpoints given as paths, an encoder whose latent size or image size does not match the generator's (both
   * named). The job fails with the same codes for checkpoints that are artifacts or keys (they are read in the job).
   * Corrupt files, non-images and images of another size than the generator's are skipped, listed in `skipped.csv`
   * and counted; they never fail the job.
   */
  StartReconstruction: grpc.handleUnaryCall<_dermanomaly_v1_StartReconstructionRequest__Output, _dermanomaly_v1_JobRef>;
  
  /**
   * Streams the job's progress (`unit` = `images`: inputs reconstructed or skipped, of all inputs), ending after a
   * terminal state. Metrics: `written`, `skipped`, `skipped_<reason>` (lower case: `skipped_corrupt`,
   * `skipped_wrong_size`, `skipped_not_an_image`, ...), `items`, `items_done`. When SUCCEEDED, `outputs` are
   * `reconstruction_set.safetensors`, `reconstruction_set.csv`, `latent_vectors.csv`, `skipped.csv` and
   * `set_manifest.json`, in that order.
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
