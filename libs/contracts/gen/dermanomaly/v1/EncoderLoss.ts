// Original file: proto/dermanomaly/v1/encoder_trainer.proto

/**
 * What E learns.
 */
export const EncoderLoss = {
  /**
   * The default: ENCODER_LOSS_IZIF.
   */
  ENCODER_LOSS_UNSPECIFIED: 'ENCODER_LOSS_UNSPECIFIED',
  /**
   * `izif`: alpha * MSE(G(E(x)), x) + kappa * MSE(f(G(E(x))), f(x)), f the discriminator's b8 features (the
   * original's loss).
   */
  ENCODER_LOSS_IZIF: 'ENCODER_LOSS_IZIF',
  /**
   * `izi`: alpha * MSE(G(E(x)), x), no discriminator.
   */
  ENCODER_LOSS_IZI: 'ENCODER_LOSS_IZI',
  /**
   * `ziz`: MSE(z, E(G(z))) on z drawn from N(0, I) with the run's seed; no data set images are read and no
   * discriminator is needed.
   */
  ENCODER_LOSS_ZIZ: 'ENCODER_LOSS_ZIZ',
} as const;

/**
 * What E learns.
 */
export type EncoderLoss =
  /**
   * The default: ENCODER_LOSS_IZIF.
   */
  | 'ENCODER_LOSS_UNSPECIFIED'
  | 0
  /**
   * `izif`: alpha * MSE(G(E(x)), x) + kappa * MSE(f(G(E(x))), f(x)), f the discriminator's b8 features (the
   * original's loss).
   */
  | 'ENCODER_LOSS_IZIF'
  | 1
  /**
   * `izi`: alpha * MSE(G(E(x)), x), no discriminator.
   */
  | 'ENCODER_LOSS_IZI'
  | 2
  /**
   * `ziz`: MSE(z, E(G(z))) on z drawn from N(0, I) with the run's seed; no data set images are read and no
   * discriminator is needed.
   */
  | 'ENCODER_LOSS_ZIZ'
  | 3

/**
 * What E learns.
 */
export type EncoderLoss__Output = typeof EncoderLoss[keyof typeof EncoderLoss]
