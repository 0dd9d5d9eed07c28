// Original file: proto/dermanomaly/v1/reporter.proto

import type { TsneOptions as _dermanomaly_v1_TsneOptions, TsneOptions__Output as _dermanomaly_v1_TsneOptions__Output } from '../../dermanomaly/v1/TsneOptions.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';

/**
 * Options of a t-SNE alone.
 */
export interface StartTsneRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId'?: (string);
  /**
   * The latents and options; `latents` is required.
   */
  'tsne'?: (_dermanomaly_v1_TsneOptions | null);
  /**
   * Labels of the images' classes for the colours and the `label` column: the class is the folder part of
   * `image_name` (`MEL/x.jpg`) or, when a reconstruction set is given, the set's class of that image.
   * Empty = {NEV: 0, MEL: 1}.
   */
  'classMap'?: ({[key: string]: number});
  /**
   * A reconstruction set naming the images' classes (folder path, key prefix or artifact of one of its files).
   * Unset = classes from `image_name` only.
   */
  'reconstructionSet'?: (_dermanomaly_v1_Location | null);
  /**
   * Where `graphics/tsne.png`, `graphics/tsne.svg`, `graphics/tsne.csv` and `summary.json` go: a folder path or a
   * store key prefix ending in `/`. Empty = the store under `tsne/<job id>/`.
   */
  'output'?: (_dermanomaly_v1_Location | null);
}

/**
 * Options of a t-SNE alone.
 */
export interface StartTsneRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId': (string);
  /**
   * The latents and options; `latents` is required.
   */
  'tsne': (_dermanomaly_v1_TsneOptions__Output | null);
  /**
   * Labels of the images' classes for the colours and the `label` column: the class is the folder part of
   * `image_name` (`MEL/x.jpg`) or, when a reconstruction set is given, the set's class of that image.
   * Empty = {NEV: 0, MEL: 1}.
   */
  'classMap': ({[key: string]: number});
  /**
   * A reconstruction set naming the images' classes (folder path, key prefix or artifact of one of its files).
   * Unset = classes from `image_name` only.
   */
  'reconstructionSet': (_dermanomaly_v1_Location__Output | null);
  /**
   * Where `graphics/tsne.png`, `graphics/tsne.svg`, `graphics/tsne.csv` and `summary.json` go: a folder path or a
   * store key prefix ending in `/`. Empty = the store under `tsne/<job id>/`.
   */
  'output': (_dermanomaly_v1_Location__Output | null);
}
