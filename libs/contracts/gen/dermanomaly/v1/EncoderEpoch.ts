// Original file: proto/dermanomaly/v1/encoder_trainer.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';

/**
 * Metrics of one encoder epoch. Sent whole in the `EncoderEpochEnded` event, and as `Watch` Progress metrics:
 * every numeric field under its proto name (`loss`, `loss_img`...), durations in seconds (`epoch_time`); the
 * backend name is in the Progress `message`.
 */
export interface EncoderEpoch {
  /**
   * Epoch number, from 1.
   */
  'epoch'?: (number);
  /**
   * Mean total loss over the epoch.
   */
  'loss'?: (number | string);
  /**
   * Mean pixel term `MSE(G(E(x)), x)` over the epoch.
   */
  'lossImg'?: (number | string);
  /**
   * Mean feature term `MSE(f(G(E(x))), f(x))` over the epoch, before the kappa weight.
   */
  'lossFeat'?: (number | string);
  /**
   * Images per second over the epoch.
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
}

/**
 * Metrics of one encoder epoch. Sent whole in the `EncoderEpochEnded` event, and as `Watch` Progress metrics:
 * every numeric field under its proto name (`loss`, `loss_img`...), durations in seconds (`epoch_time`); the
 * backend name is in the Progress `message`.
 */
export interface EncoderEpoch__Output {
  /**
   * Epoch number, from 1.
   */
  'epoch': (number);
  /**
   * Mean total loss over the epoch.
   */
  'loss': (number);
  /**
   * Mean pixel term `MSE(G(E(x)), x)` over the epoch.
   */
  'lossImg': (number);
  /**
   * Mean feature term `MSE(f(G(E(x))), f(x))` over the epoch, before the kappa weight.
   */
  'lossFeat': (number);
  /**
   * Images per second over the epoch.
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
}
