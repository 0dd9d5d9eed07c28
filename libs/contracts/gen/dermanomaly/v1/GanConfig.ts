// Original file: proto/dermanomaly/v1/gan_trainer.proto

/**
 * `train.py --cfg`: the network and loss configuration.
 */
export const GanConfig = {
  /**
   * The default: GAN_CONFIG_STYLEGAN2 (the only one implemented).
   */
  GAN_CONFIG_UNSPECIFIED: 'GAN_CONFIG_UNSPECIFIED',
  /**
   * `stylegan2`: StyleGAN2 'skip' generator, 'resnet' discriminator, path-length and lazy R1 regularisation, style
   * mixing 0.9.
   */
  GAN_CONFIG_STYLEGAN2: 'GAN_CONFIG_STYLEGAN2',
} as const;

/**
 * `train.py --cfg`: the network and loss configuration.
 */
export type GanConfig =
  /**
   * The default: GAN_CONFIG_STYLEGAN2 (the only one implemented).
   */
  | 'GAN_CONFIG_UNSPECIFIED'
  | 0
  /**
   * `stylegan2`: StyleGAN2 'skip' generator, 'resnet' discriminator, path-length and lazy R1 regularisation, style
   * mixing 0.9.
   */
  | 'GAN_CONFIG_STYLEGAN2'
  | 1

/**
 * `train.py --cfg`: the network and loss configuration.
 */
export type GanConfig__Output = typeof GanConfig[keyof typeof GanConfig]
