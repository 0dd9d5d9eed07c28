// Original file: proto/dermanomaly/v1/gan_trainer.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Totals of one network in a checkpoint.
 */
export interface NetworkSummary {
  /**
   * `G`, `G_ema`, `D` or `augment_pipe`.
   */
  'name'?: (string);
  /**
   * Trainable parameter count.
   */
  'parameters'?: (number | string | Long);
  /**
   * Buffer element count.
   */
  'buffers'?: (number | string | Long);
  /**
   * Number of tensors (parameters and buffers).
   */
  'tensors'?: (number);
  /**
   * The network's architecture as JSON (its `GeneratorConfig` or `DiscriminatorConfig` in `libs/gan`).
   */
  'configJson'?: (string);
  /**
   * Generators: how many w vectors the synthesis network consumes (14 at 256); 0 for D.
   */
  'numWs'?: (number);
}

/**
 * Totals of one network in a checkpoint.
 */
export interface NetworkSummary__Output {
  /**
   * `G`, `G_ema`, `D` or `augment_pipe`.
   */
  'name': (string);
  /**
   * Trainable parameter count.
   */
  'parameters': (number);
  /**
   * Buffer element count.
   */
  'buffers': (number);
  /**
   * Number of tensors (parameters and buffers).
   */
  'tensors': (number);
  /**
   * The network's architecture as JSON (its `GeneratorConfig` or `DiscriminatorConfig` in `libs/gan`).
   */
  'configJson': (string);
  /**
   * Generators: how many w vectors the synthesis network consumes (14 at 256); 0 for D.
   */
  'numWs': (number);
}
