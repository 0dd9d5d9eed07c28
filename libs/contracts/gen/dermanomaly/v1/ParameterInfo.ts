// Original file: proto/dermanomaly/v1/gan_trainer.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One tensor of a checkpoint.
 */
export interface ParameterInfo {
  /**
   * Network-qualified NVIDIA name, e.g. `G_ema.synthesis.b256.conv1.weight`.
   */
  'name'?: (string);
  /**
   * Shape in PyTorch order, e.g. [512, 512, 3, 3].
   */
  'shape'?: (number)[];
  /**
   * Element type, e.g. `float32`.
   */
  'dtype'?: (string);
  /**
   * Number of elements (product of `shape`).
   */
  'count'?: (number | string | Long);
  /**
   * Whether it is a trainable parameter (false for buffers such as `w_avg`, `noise_const`, `resample_filter`).
   */
  'trainable'?: (boolean);
}

/**
 * One tensor of a checkpoint.
 */
export interface ParameterInfo__Output {
  /**
   * Network-qualified NVIDIA name, e.g. `G_ema.synthesis.b256.conv1.weight`.
   */
  'name': (string);
  /**
   * Shape in PyTorch order, e.g. [512, 512, 3, 3].
   */
  'shape': (number)[];
  /**
   * Element type, e.g. `float32`.
   */
  'dtype': (string);
  /**
   * Number of elements (product of `shape`).
   */
  'count': (number);
  /**
   * Whether it is a trainable parameter (false for buffers such as `w_avg`, `noise_const`, `resample_filter`).
   */
  'trainable': (boolean);
}
