// Original file: proto/dermanomaly/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A pointer to bytes in the artifact store. Stages pass these instead of bulk data.
 */
export interface ArtifactRef {
  /**
   * Where the bytes live: `file:///abs/path` (local store) or `nats-obj://bucket/key` (NATS object store).
   */
  'uri'?: (string);
  /**
   * Lower-case hex SHA-256 of the content; verified on every read.
   */
  'sha256'?: (string);
  /**
   * Size of the content in bytes.
   */
  'sizeBytes'?: (number | string | Long);
  /**
   * IANA media type, e.g. `image/png`, `application/zip`, `application/vnd.safetensors`.
   */
  'mediaType'?: (string);
}

/**
 * A pointer to bytes in the artifact store. Stages pass these instead of bulk data.
 */
export interface ArtifactRef__Output {
  /**
   * Where the bytes live: `file:///abs/path` (local store) or `nats-obj://bucket/key` (NATS object store).
   */
  'uri': (string);
  /**
   * Lower-case hex SHA-256 of the content; verified on every read.
   */
  'sha256': (string);
  /**
   * Size of the content in bytes.
   */
  'sizeBytes': (number);
  /**
   * IANA media type, e.g. `image/png`, `application/zip`, `application/vnd.safetensors`.
   */
  'mediaType': (string);
}
