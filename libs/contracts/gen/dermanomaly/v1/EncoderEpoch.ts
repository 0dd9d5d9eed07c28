// Original file: proto/dermanomaly/v1/encoder_trainer.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Metrics of one encoder epoch. Sent whole in the `EncoderEpochEnded` event, and as `Watch` Progress metrics:
 * every numeric field under its proto name (`loss`, `loss_img`...), durations in seconds (`epoch_time`); the
 * backend name is in the Progress `message`.
 */
export interface EncoderEpoch {
  /**
   * Epochs completed, from 1.
   */
  'epoch'?: (number);
  /**
   * Mean over the epoch's steps of the loss minimised.
   */
  'loss'?: (number | string);
  /**
   * Mean image term MSE(G(E(x)), x), before the alpha weight; 0 for `ziz`.
   */
  'lossImg'?: (number | string);
  /**
   * Mean feature term MSE(f(G(E(x))), f(x)), before the kappa weight; 0 when the loss has none.
   */
  'lossFeat'?: (number | string);
  /**
   * Training images per second over the epoch.
   */
  'imagesPerSec'?: (number | string);
  /**
   * Wall-clock length of the epoch.
   */
  'epochTime'?: (_google_protobuf_Duration | null);
  /**
   * TF.js backend in use, e.g. `tensorflow-gpu`, `wasm`.
   */
  'backend'?: (string);
  /**
   * When the epoch ended.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * Mean latent term MSE(z, E(G(z))) (`ziz`); 0 for the other losses.
   */
  'lossLatent'?: (number | string);
  /**
   * Optimizer steps of the epoch.
   */
  'steps'?: (number);
  /**
   * Resident set size of the training process in bytes.
   */
  'rssBytes'?: (number | string | Long);
}

/**
 * Metrics of one encoder epoch. Sent whole in the `EncoderEpochEnded` event, and as `Watch` Progress metrics:
 * every numeric field under its proto name (`loss`, `loss_img`...), durations in seconds (`epoch_time`); the
 * backend name is in the Progress `message`.
 */
export interface EncoderEpoch__Output {
  /**
   * Epochs completed, from 1.
   */
  'epoch': (number);
  /**
   * Mean over the epoch's steps of the loss minimised.
   */
  'loss': (number);
  /**
   * Mean image term MSE(G(E(x)), x), before the alpha weight; 0 for `ziz`.
   */
  'lossImg': (number);
  /**
   * Mean feature term MSE(f(G(E(x))), f(x)), before the kappa weight; 0 when the loss has none.
   */
  'lossFeat': (number);
  /**
   * Training images per second over the epoch.
   */
  'imagesPerSec': (number);
  /**
   * Wall-clock length of the epoch.
   */
  'epochTime': (_google_protobuf_Duration__Output | null);
  /**
   * TF.js backend in use, e.g. `tensorflow-gpu`, `wasm`.
   */
  'backend': (string);
  /**
   * When the epoch ended.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * Mean latent term MSE(z, E(G(z))) (`ziz`); 0 for the other losses.
   */
  'lossLatent': (number);
  /**
   * Optimizer steps of the epoch.
   */
  'steps': (number);
  /**
   * Resident set size of the training process in bytes.
   */
  'rssBytes': (number);
}
