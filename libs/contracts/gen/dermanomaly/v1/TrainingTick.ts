// Original file: proto/dermanomaly/v1/gan_trainer.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Metrics of one training tick, as train.py prints them. Sent whole in the `GanTick` event, and as `Watch`
 * Progress metrics: every numeric field under its proto name (`sec_per_kimg`, `loss_g`...), durations in seconds
 * (`tick_time`, `total_time`); the backend name is in the Progress `message`.
 */
export interface TrainingTick {
  /**
   * Tick number, from 0.
   */
  'tick'?: (number);
  /**
   * Thousands of real images shown to D so far (`cur_nimg / 1000`).
   */
  'kimg'?: (number | string);
  /**
   * Seconds per kimg over this tick (wall clock; train.py's `sec/kimg`).
   */
  'secPerKimg'?: (number | string);
  /**
   * Wall-clock length of this tick.
   */
  'tickTime'?: (_google_protobuf_Duration | null);
  /**
   * Wall-clock time since the start of training (train.py's `time`).
   */
  'totalTime'?: (_google_protobuf_Duration | null);
  /**
   * Mean generator loss `softplus(-D(G(z)))` over the tick (`Loss/G/loss`).
   */
  'lossG'?: (number | string);
  /**
   * Mean discriminator logistic loss over the tick (`Loss/D/loss`).
   */
  'lossD'?: (number | string);
  /**
   * Mean R1 penalty over the tick, before the gamma / 2 weight (`Loss/r1_penalty`).
   */
  'lossR1'?: (number | string);
  /**
   * Mean path-length penalty over the tick, before the weight (`Loss/pl_penalty`).
   */
  'lossPl'?: (number | string);
  /**
   * Current augmentation probability p (train.py's `augment`).
   */
  'augmentP'?: (number | string);
  /**
   * TF.js backend in use, e.g. `tensorflow-gpu`, `tensorflow`, `wasm`, `cpu`.
   */
  'backend'?: (string);
  /**
   * Resident set size of the training process in bytes (train.py prints CPU memory in GB).
   */
  'rssBytes'?: (number | string | Long);
  /**
   * GPU memory in use in bytes, 0 when not on a GPU.
   */
  'gpuBytes'?: (number | string | Long);
  /**
   * When the tick ended.
   */
  'at'?: (_google_protobuf_Timestamp | null);
}

/**
 * Metrics of one training tick, as train.py prints them. Sent whole in the `GanTick` event, and as `Watch`
 * Progress metrics: every numeric field under its proto name (`sec_per_kimg`, `loss_g`...), durations in seconds
 * (`tick_time`, `total_time`); the backend name is in the Progress `message`.
 */
export interface TrainingTick__Output {
  /**
   * Tick number, from 0.
   */
  'tick': (number);
  /**
   * Thousands of real images shown to D so far (`cur_nimg / 1000`).
   */
  'kimg': (number);
  /**
   * Seconds per kimg over this tick (wall clock; train.py's `sec/kimg`).
   */
  'secPerKimg': (number);
  /**
   * Wall-clock length of this tick.
   */
  'tickTime': (_google_protobuf_Duration__Output | null);
  /**
   * Wall-clock time since the start of training (train.py's `time`).
   */
  'totalTime': (_google_protobuf_Duration__Output | null);
  /**
   * Mean generator loss `softplus(-D(G(z)))` over the tick (`Loss/G/loss`).
   */
  'lossG': (number);
  /**
   * Mean discriminator logistic loss over the tick (`Loss/D/loss`).
   */
  'lossD': (number);
  /**
   * Mean R1 penalty over the tick, before the gamma / 2 weight (`Loss/r1_penalty`).
   */
  'lossR1': (number);
  /**
   * Mean path-length penalty over the tick, before the weight (`Loss/pl_penalty`).
   */
  'lossPl': (number);
  /**
   * Current augmentation probability p (train.py's `augment`).
   */
  'augmentP': (number);
  /**
   * TF.js backend in use, e.g. `tensorflow-gpu`, `tensorflow`, `wasm`, `cpu`.
   */
  'backend': (string);
  /**
   * Resident set size of the training process in bytes (train.py prints CPU memory in GB).
   */
  'rssBytes': (number);
  /**
   * GPU memory in use in bytes, 0 when not on a GPU.
   */
  'gpuBytes': (number);
  /**
   * When the tick ended.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
}
