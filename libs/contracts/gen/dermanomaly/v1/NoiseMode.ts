// Original file: proto/dermanomaly/v1/common.proto

/**
 * How a generator draws its per-layer noise inputs, as NVIDIA's `noise_mode` argument.
 */
export const NoiseMode = {
  /**
   * The service's default for the call (documented on each field; `const` everywhere except FID-like sampling).
   */
  NOISE_MODE_UNSPECIFIED: 'NOISE_MODE_UNSPECIFIED',
  /**
   * The fixed `noise_const` buffers stored in the checkpoint: deterministic, the default for scoring.
   */
  NOISE_MODE_CONST: 'NOISE_MODE_CONST',
  /**
   * Fresh N(0, 1) noise on every call (how the original scripts reconstructed; not reproducible).
   */
  NOISE_MODE_RANDOM: 'NOISE_MODE_RANDOM',
  /**
   * No noise at all (noise inputs set to zero).
   */
  NOISE_MODE_NONE: 'NOISE_MODE_NONE',
} as const;

/**
 * How a generator draws its per-layer noise inputs, as NVIDIA's `noise_mode` argument.
 */
export type NoiseMode =
  /**
   * The service's default for the call (documented on each field; `const` everywhere except FID-like sampling).
   */
  | 'NOISE_MODE_UNSPECIFIED'
  | 0
  /**
   * The fixed `noise_const` buffers stored in the checkpoint: deterministic, the default for scoring.
   */
  | 'NOISE_MODE_CONST'
  | 1
  /**
   * Fresh N(0, 1) noise on every call (how the original scripts reconstructed; not reproducible).
   */
  | 'NOISE_MODE_RANDOM'
  | 2
  /**
   * No noise at all (noise inputs set to zero).
   */
  | 'NOISE_MODE_NONE'
  | 3

/**
 * How a generator draws its per-layer noise inputs, as NVIDIA's `noise_mode` argument.
 */
export type NoiseMode__Output = typeof NoiseMode[keyof typeof NoiseMode]
