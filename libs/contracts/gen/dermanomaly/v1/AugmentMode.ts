// Original file: proto/dermanomaly/v1/gan_trainer.proto

/**
 * `train.py --aug`: how images shown to the discriminator are augmented (STYLEGAN2.md section 5, pipeline 'bgc').
 */
export const AugmentMode = {
  /**
   * The default: AUGMENT_MODE_ADA.
   */
  AUGMENT_MODE_UNSPECIFIED: 'AUGMENT_MODE_UNSPECIFIED',
  /**
   * `ada`: adaptive probability p steered towards `target` every 4 iterations.
   */
  AUGMENT_MODE_ADA: 'AUGMENT_MODE_ADA',
  /**
   * `fixed`: constant probability `p`.
   */
  AUGMENT_MODE_FIXED: 'AUGMENT_MODE_FIXED',
  /**
   * `noaug`: no augmentation.
   */
  AUGMENT_MODE_NOAUG: 'AUGMENT_MODE_NOAUG',
} as const;

/**
 * `train.py --aug`: how images shown to the discriminator are augmented (STYLEGAN2.md section 5, pipeline 'bgc').
 */
export type AugmentMode =
  /**
   * The default: AUGMENT_MODE_ADA.
   */
  | 'AUGMENT_MODE_UNSPECIFIED'
  | 0
  /**
   * `ada`: adaptive probability p steered towards `target` every 4 iterations.
   */
  | 'AUGMENT_MODE_ADA'
  | 1
  /**
   * `fixed`: constant probability `p`.
   */
  | 'AUGMENT_MODE_FIXED'
  | 2
  /**
   * `noaug`: no augmentation.
   */
  | 'AUGMENT_MODE_NOAUG'
  | 3

/**
 * `train.py --aug`: how images shown to the discriminator are augmented (STYLEGAN2.md section 5, pipeline 'bgc').
 */
export type AugmentMode__Output = typeof AugmentMode[keyof typeof AugmentMode]
