// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';

/**
 * The reconstruction of one image.
 */
export interface ReconstructResponse {
  /**
   * G(E(x)) as PNG bytes.
   */
  'reconstruction'?: (Buffer | Uint8Array | string);
  /**
   * The latent E(x) (z_dim values, 512).
   */
  'latent'?: (number | string)[];
  /**
   * Residual map |x - G(E(x))| as a grey PNG, when asked for.
   */
  'residual'?: (Buffer | Uint8Array | string);
  /**
   * Mean squared pixel error between x and G(E(x)), pixels in [-1, 1].
   */
  'mse'?: (number | string);
  /**
   * Models, options and input digest that produced it.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
}

/**
 * The reconstruction of one image.
 */
export interface ReconstructResponse__Output {
  /**
   * G(E(x)) as PNG bytes.
   */
  'reconstruction': (Buffer);
  /**
   * The latent E(x) (z_dim values, 512).
   */
  'latent': (number)[];
  /**
   * Residual map |x - G(E(x))| as a grey PNG, when asked for.
   */
  'residual': (Buffer);
  /**
   * Mean squared pixel error between x and G(E(x)), pixels in [-1, 1].
   */
  'mse': (number);
  /**
   * Models, options and input digest that produced it.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
}
