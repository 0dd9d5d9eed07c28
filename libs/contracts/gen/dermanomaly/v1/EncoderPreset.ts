// Original file: proto/dermanomaly/v1/encoder_trainer.proto

/**
 * Widths of E's Conv(k4, s2, p1) -> BatchNorm -> ReLU blocks: block i has min(base * 2^i, max) channels, as many
 * blocks as bring the image to 4x4.
 */
export const EncoderPreset = {
  /**
   * The default: the `resume` file's widths when they are a preset's, else ENCODER_PRESET_PAPER.
   */
  ENCODER_PRESET_UNSPECIFIED: 'ENCODER_PRESET_UNSPECIFIED',
  /**
   * `paper`: 128 doubling to 4096, the original (212.4 M parameters at 256x256, 810 MiB of weights).
   */
  ENCODER_PRESET_PAPER: 'ENCODER_PRESET_PAPER',
  /**
   * `small`: 32 doubling to 512 (2.8 M parameters at 64x64), for CPU runs at 32 to 64 pixels.
   */
  ENCODER_PRESET_SMALL: 'ENCODER_PRESET_SMALL',
  /**
   * `tiny`: 16 doubling to 128, for smoke runs and tests.
   */
  ENCODER_PRESET_TINY: 'ENCODER_PRESET_TINY',
} as const;

/**
 * Widths of E's Conv(k4, s2, p1) -> BatchNorm -> ReLU blocks: block i has min(base * 2^i, max) channels, as many
 * blocks as bring the image to 4x4.
 */
export type EncoderPreset =
  /**
   * The default: the `resume` file's widths when they are a preset's, else ENCODER_PRESET_PAPER.
   */
  | 'ENCODER_PRESET_UNSPECIFIED'
  | 0
  /**
   * `paper`: 128 doubling to 4096, the original (212.4 M parameters at 256x256, 810 MiB of weights).
   */
  | 'ENCODER_PRESET_PAPER'
  | 1
  /**
   * `small`: 32 doubling to 512 (2.8 M parameters at 64x64), for CPU runs at 32 to 64 pixels.
   */
  | 'ENCODER_PRESET_SMALL'
  | 2
  /**
   * `tiny`: 16 doubling to 128, for smoke runs and tests.
   */
  | 'ENCODER_PRESET_TINY'
  | 3

/**
 * Widths of E's Conv(k4, s2, p1) -> BatchNorm -> ReLU blocks: block i has min(base * 2^i, max) channels, as many
 * blocks as bring the image to 4x4.
 */
export type EncoderPreset__Output = typeof EncoderPreset[keyof typeof EncoderPreset]
