// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { ReconstructionModels as _dermanomaly_v1_ReconstructionModels, ReconstructionModels__Output as _dermanomaly_v1_ReconstructionModels__Output } from '../../dermanomaly/v1/ReconstructionModels.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Options of a batch reconstruction (`generate_pic.py`).
 */
export interface StartReconstructionRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId'?: (string);
  /**
   * The images: a folder or `.zip` of photos whose first-level folders are classes (`NEV/`, `MEL/`; images outside
   * any class folder are unlabelled), or a data set prepared by PreprocessService (folder or zip, recognised by its
   * `dataset.json`; image names and classes from its manifest). Images must already have the generator's resolution.
   * Required.
   */
  'source'?: (_dermanomaly_v1_Location | null);
  /**
   * The checkpoints. Required.
   */
  'models'?: (_dermanomaly_v1_ReconstructionModels | null);
  /**
   * Where the set goes: an artifact-store key prefix (`runs/exp1/reconstruction/`), or a local folder (absent or
   * empty; the set is stored under `reconstructions/<job id>/` and copied there). Unset = `reconstructions/<job id>/`.
   */
  'dest'?: (_dermanomaly_v1_Location | null);
  /**
   * Images per inference batch. 0 = 8; at most 256.
   */
  'batchSize'?: (number);
  /**
   * Images per work item on the work queue (the share one replica takes at a time). 0 = 64; at most 1024.
   */
  'itemSize'?: (number);
  /**
   * Class folder -> label (`label` column). Empty = {NEV: 0, MEL: 1}; other class folders get the next labels in
   * sorted order. Ignored for a prepared data set (its manifest has the classes).
   */
  'classMap'?: ({[key: string]: number});
  /**
   * Seed of the noise with NOISE_MODE_RANDOM, below 2^32 (work item i draws from seed + i, so which replica takes an
   * item does not change its noise). 0 = unseeded.
   */
  'noiseSeed'?: (number | string | Long);
}

/**
 * Options of a batch reconstruction (`generate_pic.py`).
 */
export interface StartReconstructionRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId': (string);
  /**
   * The images: a folder or `.zip` of photos whose first-level folders are classes (`NEV/`, `MEL/`; images outside
   * any class folder are unlabelled), or a data set prepared by PreprocessService (folder or zip, recognised by its
   * `dataset.json`; image names and classes from its manifest). Images must already have the generator's resolution.
   * Required.
   */
  'source': (_dermanomaly_v1_Location__Output | null);
  /**
   * The checkpoints. Required.
   */
  'models': (_dermanomaly_v1_ReconstructionModels__Output | null);
  /**
   * Where the set goes: an artifact-store key prefix (`runs/exp1/reconstruction/`), or a local folder (absent or
   * empty; the set is stored under `reconstructions/<job id>/` and copied there). Unset = `reconstructions/<job id>/`.
   */
  'dest': (_dermanomaly_v1_Location__Output | null);
  /**
   * Images per inference batch. 0 = 8; at most 256.
   */
  'batchSize': (number);
  /**
   * Images per work item on the work queue (the share one replica takes at a time). 0 = 64; at most 1024.
   */
  'itemSize': (number);
  /**
   * Class folder -> label (`label` column). Empty = {NEV: 0, MEL: 1}; other class folders get the next labels in
   * sorted order. Ignored for a prepared data set (its manifest has the classes).
   */
  'classMap': ({[key: string]: number});
  /**
   * Seed of the noise with NOISE_MODE_RANDOM, below 2^32 (work item i draws from seed + i, so which replica takes an
   * item does not change its noise). 0 = unseeded.
   */
  'noiseSeed': (number);
}
