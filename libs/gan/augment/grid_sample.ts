import { sparseGather } from "./_sparse.ts";
import { tf } from "./_tf.ts";

/**
 * Sampling positions for {@link gridSample}, laid out like PyTorch's `grid` argument: `[N, height, width, 2]`
 * with (x, y) in normalised coordinates, -1 and +1 being the outer edges of the input image.
 */
export interface SamplingGrid {
  /** Interleaved (x, y) pairs, length `N * height * width * 2`. */
  data: Float64Array | Float32Array;
  /** Output height. */
  height: number;
  /** Output width. */
  width: number;
}

/**
 * Bilinear sampling of NCHW images at the grid's positions with PyTorch's `grid_sample` semantics
 * (`mode='bilinear'`, `padding_mode='zeros'`, `align_corners=False`).
 *
 * The grid is a constant (ADA's transforms do not depend on the images), so corner indices and weights are
 * computed here in float64 and the image side is a sparse row gather: differentiable w.r.t. the images to
 * any order (its gradient is the transposed scatter, whose gradient is the gather again).
 *
 * @example
 * ```ts
 * const out = gridSample(images, { data: grid, height: 32, width: 32 });
 * ```
 */
export function gridSample(images: tf.Tensor4D, grid: SamplingGrid): tf.Tensor4D {
  const [n, c, hi, wi] = images.shape;
  const { data, height: ho, width: wo } = grid;
  if (data.length !== n * ho * wo * 2) {
    throw new RangeError(`Grid length "${data.length}" does not match "${n}x${ho}x${wo}x2"`);
  }
  const points = n * ho * wo;
  const index = new Int32Array(4 * points);
  const weight = new Float32Array(4 * points);
  for (let b = 0; b < n; b++) {
    for (let q = b * ho * wo; q < (b + 1) * ho * wo; q++) {
      const ix = ((data[2 * q]! + 1) * wi - 1) / 2;
      const iy = ((data[2 * q + 1]! + 1) * hi - 1) / 2;
      const x0 = Math.floor(ix);
      const y0 = Math.floor(iy);
      const fx = ix - x0;
      const fy = iy - y0;
      const wx = [1 - fx, fx];
      const wy = [1 - fy, fy];
      // Corners outside the image keep index 0 and weight 0: zeros padding.
      for (let corner = 0; corner < 4; corner++) {
        const xx = x0 + (corner & 1);
        const yy = y0 + (corner >> 1);
        if (xx >= 0 && xx < wi && yy >= 0 && yy < hi) {
          index[4 * q + corner] = (b * hi + yy) * wi + xx;
          weight[4 * q + corner] = wx[corner & 1]! * wy[corner >> 1]!;
        }
      }
    }
  }
  const map = { index, weight, taps: 4, sourceRows: n * hi * wi };
  return tf.tidy(() => {
    const rows: tf.Tensor2D = tf.reshape(tf.transpose(images, [0, 2, 3, 1]), [n * hi * wi, c]);
    const sampled = sparseGather(rows, map);
    return tf.transpose(tf.reshape(sampled, [n, ho, wo, c]), [0, 3, 1, 2]);
  });
}
