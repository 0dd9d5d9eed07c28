/**
 * One named tensor of a network, in NVIDIA StyleGAN2-ADA's PyTorch layout (NCHW; conv weights [O, I, kh, kw];
 * linear weights [out, in]), row-major (C order), float32.
 */
export interface NamedTensor {
  /** Dimensions, e.g. `[512, 512, 3, 3]`; `[]` for a scalar. */
  shape: number[];
  /** Values, row-major; length is the product of `shape` (1 for a scalar). */
  data: Float32Array;
}

/**
 * Parameters and buffers of one network keyed by NVIDIA's state_dict names (`mapping.fc0.weight`,
 * `synthesis.b4.const`, `b256.fromrgb.weight`, ...). This is the canonical exchange format between the
 * networks, checkpoints, NVIDIA pickles and exports.
 */
export type StateDict = Map<string, NamedTensor>;

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
