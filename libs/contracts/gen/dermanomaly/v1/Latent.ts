// Original file: proto/dermanomaly/v1/gan_trainer.proto


/**
 * One latent vector for `Generate`.
 */
export interface Latent {
  /**
   * z values; length = the generator's z_dim (512).
   */
  'values'?: (number | string)[];
}

/**
 * One latent vector for `Generate`.
 */
export interface Latent__Output {
  /**
   * z values; length = the generator's z_dim (512).
   */
  'values': (number)[];
}
