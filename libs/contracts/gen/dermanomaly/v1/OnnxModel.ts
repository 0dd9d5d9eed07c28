// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * An exported ONNX model in the artifact store.
 */
export interface OnnxModel {
  /**
   * The model file (`E.onnx`, `G.onnx`, `D.onnx`).
   */
  'model'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Its external data file (`<model>.data`), for models with initializers of 64 MiB or more; unset otherwise.
   */
  'data'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * The model's digest as `@dermanomaly/onnx`'s `modelDigest()` computes it (model bytes, then the data file's
   * digest), as reconstruction sets record it in their lineage.
   */
  'digest'?: (string);
}

/**
 * An exported ONNX model in the artifact store.
 */
export interface OnnxModel__Output {
  /**
   * The model file (`E.onnx`, `G.onnx`, `D.onnx`).
   */
  'model': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Its external data file (`<model>.data`), for models with initializers of 64 MiB or more; unset otherwise.
   */
  'data': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * The model's digest as `@dermanomaly/onnx`'s `modelDigest()` computes it (model bytes, then the data file's
   * digest), as reconstruction sets record it in their lineage.
   */
  'digest': (string);
}
