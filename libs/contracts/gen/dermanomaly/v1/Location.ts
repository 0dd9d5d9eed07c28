// Original file: proto/dermanomaly/v1/common.proto

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * Where a stage reads data from or writes data to. Requests accept any of the three forms; a service answers
 * INVALID_ARGUMENT when a form makes no sense for the field (e.g. `artifact` for an output).
 */
export interface Location {
  /**
   * A path on the service's file system: a folder, a `.zip`, or a single file (`.safetensors`, `.pkl`, `.onnx`).
   * Only honoured where the service shares a file system with the caller (the embedded local stack).
   */
  'path'?: (string);
  /**
   * An existing artifact in the artifact store (inputs only); its digest is checked on read.
   */
  'artifact'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * An artifact-store key (`runs/exp1/dataset.zip`, `runs/exp1/gan/`) under which outputs are written; a key
   * ending in `/` is a folder prefix. For inputs, the artifact most recently written under that key.
   */
  'key'?: (string);
  'kind'?: "path"|"artifact"|"key";
}

/**
 * Where a stage reads data from or writes data to. Requests accept any of the three forms; a service answers
 * INVALID_ARGUMENT when a form makes no sense for the field (e.g. `artifact` for an output).
 */
export interface Location__Output {
  /**
   * A path on the service's file system: a folder, a `.zip`, or a single file (`.safetensors`, `.pkl`, `.onnx`).
   * Only honoured where the service shares a file system with the caller (the embedded local stack).
   */
  'path'?: (string);
  /**
   * An existing artifact in the artifact store (inputs only); its digest is checked on read.
   */
  'artifact'?: (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * An artifact-store key (`runs/exp1/dataset.zip`, `runs/exp1/gan/`) under which outputs are written; a key
   * ending in `/` is a folder prefix. For inputs, the artifact most recently written under that key.
   */
  'key'?: (string);
  'kind'?: "path"|"artifact"|"key";
}
