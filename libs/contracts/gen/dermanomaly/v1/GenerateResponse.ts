// Original file: proto/dermanomaly/v1/gan_trainer.proto

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';

/**
 * Result of a `Generate` call.
 */
export interface GenerateResponse {
  /**
   * The grid PNG (`image/png`), images in request order, row-major.
   */
  'grid'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Single images when `save_images` was set, in request order.
   */
  'images'?: (_dermanomaly_v1_ArtifactRef)[];
  /**
   * Side of one image in pixels.
   */
  'resolution'?: (number);
  /**
   * Grid columns actually used.
   */
  'gridColumns'?: (number);
  /**
   * Grid rows actually used.
   */
  'gridRows'?: (number);
  /**
   * What produced the images (checkpoint, options, seeds).
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
  /**
   * `images.npy` when `save_npy` was set.
   */
  'npy'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * The grid PNG's bytes when `inline` was set.
   */
  'gridPng'?: (Buffer | Uint8Array | string);
  /**
   * The bytes of `images.npy` when `inline` and `save_npy` were set.
   */
  'npyBytes'?: (Buffer | Uint8Array | string);
}

/**
 * Result of a `Generate` call.
 */
export interface GenerateResponse__Output {
  /**
   * The grid PNG (`image/png`), images in request order, row-major.
   */
  'grid': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Single images when `save_images` was set, in request order.
   */
  'images': (_dermanomaly_v1_ArtifactRef__Output)[];
  /**
   * Side of one image in pixels.
   */
  'resolution': (number);
  /**
   * Grid columns actually used.
   */
  'gridColumns': (number);
  /**
   * Grid rows actually used.
   */
  'gridRows': (number);
  /**
   * What produced the images (checkpoint, options, seeds).
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
  /**
   * `images.npy` when `save_npy` was set.
   */
  'npy': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * The grid PNG's bytes when `inline` was set.
   */
  'gridPng': (Buffer);
  /**
   * The bytes of `images.npy` when `inline` and `save_npy` were set.
   */
  'npyBytes': (Buffer);
}
