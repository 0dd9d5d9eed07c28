// Original file: proto/dermanomaly/v1/preprocess.proto

import type { SplitPart as _dermanomaly_v1_SplitPart, SplitPart__Output as _dermanomaly_v1_SplitPart__Output } from '../../dermanomaly/v1/SplitPart.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * A seeded split of a source's image files (sorted relative names) into a kept part and a held-out part. The
 * held-out images are the `fraction * n` (rounded half up, at least 1 and at most n - 1 when n >= 2) names whose
 * SHA-256 of `"<seed>:<name>"` (lower-case hex) sorts first: the choice depends on the names, the fraction and the
 * seed only.
 */
export interface DatasetSplit {
  /**
   * Share of the images held out, in (0, 1), e.g. 0.1. INVALID_ARGUMENT outside.
   */
  'fraction'?: (number | string);
  /**
   * Seed choosing which images are held out. Default 0.
   */
  'seed'?: (number | string | Long);
  /**
   * Which part to write. Required.
   */
  'part'?: (_dermanomaly_v1_SplitPart);
}

/**
 * A seeded split of a source's image files (sorted relative names) into a kept part and a held-out part. The
 * held-out images are the `fraction * n` (rounded half up, at least 1 and at most n - 1 when n >= 2) names whose
 * SHA-256 of `"<seed>:<name>"` (lower-case hex) sorts first: the choice depends on the names, the fraction and the
 * seed only.
 */
export interface DatasetSplit__Output {
  /**
   * Share of the images held out, in (0, 1), e.g. 0.1. INVALID_ARGUMENT outside.
   */
  'fraction': (number);
  /**
   * Seed choosing which images are held out. Default 0.
   */
  'seed': (number);
  /**
   * Which part to write. Required.
   */
  'part': (_dermanomaly_v1_SplitPart__Output);
}
