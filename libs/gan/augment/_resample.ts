import { sparseGather } from "./_sparse.ts";
import { tf } from "./_tf.ts";

/**
 * Daubechies symlet-6 low-pass decomposition filter (PyWavelets `sym6.dec_lo`), the orthogonal filter
 * StyleGAN2-ADA resamples with. It is not symmetric, so the direction of each pass matters.
 */
const SYM6 = [
  0.015404109327027373, 0.0034907120842174702, -0.11799011114819057, -0.048311742585633, 0.4910559419267466,
  0.787641141030194, 0.3379294217276218, -0.07263752278646252, -0.021060292512300564, 0.04472490177066578,
  0.0017677118642428036, -0.007800708325034148,
];

/** The sym6 filter normalised to unit DC gain, as upfirdn2d's `setup_filter` does. */
export const SYM6_FILTER: readonly number[] = (() => {
  const sum = SYM6.reduce((a, b) => a + b, 0);
  return SYM6.map((v) => v / sum);
})();

/** Margin, in input pixels, that the 12-tap filter needs on each side (`taps // 4`). */
export const FILTER_PAD = Math.floor(SYM6_FILTER.length / 4);

/**
 * Pads the two spatial axes of an NCHW tensor by reflection (edge not repeated, like PyTorch `mode='reflect'`),
 * as a sparse gather: its gradient is exact to any order (the MirrorPad gradient in tfjs-core drops the
 * reflected contributions) and cheap on every backend.
 */
export function reflectPad(x: tf.Tensor4D, pads: readonly [number, number, number, number]): tf.Tensor4D {
  const [n, c, h, w] = x.shape;
  const [left, right, top, bottom] = pads;
  for (const [before, after, size] of [
    [left, right, w],
    [top, bottom, h],
  ] as const) {
    if (!(before >= 0 && after >= 0 && before < size && after < size)) {
      throw new RangeError(
        `Reflect padding "${before}, ${after}" must be non-negative and below size "${size}"`,
      );
    }
  }
  if (left === 0 && right === 0 && top === 0 && bottom === 0) return x;
  const reflect = (k: number, size: number): number => (k < 0 ? -k : k >= size ? 2 * (size - 1) - k : k);
  const hp = h + top + bottom;
  const wp = w + left + right;
  const index = new Int32Array(n * c * hp * wp);
  let q = 0;
  for (let plane = 0; plane < n * c; plane++) {
    for (let i = 0; i < hp; i++) {
      const row = plane * h * w + reflect(i - top, h) * w;
      for (let j = 0; j < wp; j++) index[q++] = row + reflect(j - left, w);
    }
  }
  const map = { index, weight: new Float32Array(index.length).fill(1), taps: 1, sourceRows: n * c * h * w };
  return tf.tidy(() => tf.reshape(sparseGather(tf.reshape(x, [n * c * h * w, 1]), map), [n, c, hp, wp]));
}

/**
 * upfirdn2d upsampling by 2 with sym6 and gain 4 (`upsample2d`: zero insertion, padding 6 before and 5 after,
 * true convolution), written as one transposed convolution per axis with the unflipped filter and 5 cropped
 * from each end. Channels are folded into the batch; the gradient of a transposed convolution is a
 * convolution and back, so second-order gradients stay available.
 */
export function upsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [n, c, h, w] = x.shape;
  const taps = SYM6_FILTER.length;
  const crop = Math.floor((taps - 2) / 2);
  // The gain of 4 is split over the two passes.
  const f = SYM6_FILTER.map((v) => 2 * v);
  return tf.tidy(() => {
    let y: tf.Tensor4D = tf.reshape(x, [n * c, h, w, 1]);
    y = tf.conv2dTranspose(
      y,
      tf.tensor4d(f, [taps, 1, 1, 1]),
      [n * c, 2 * h, w, 1],
      [2, 1],
      [
        [0, 0],
        [crop, crop],
        [0, 0],
        [0, 0],
      ],
    );
    y = tf.conv2dTranspose(
      y,
      tf.tensor4d(f, [1, taps, 1, 1]),
      [n * c, 2 * h, 2 * w, 1],
      [1, 2],
      [
        [0, 0],
        [0, 0],
        [crop, crop],
        [0, 0],
      ],
    );
    return tf.reshape(y, [n, c, 2 * h, 2 * w]);
  });
}

/**
 * upfirdn2d downsampling by 2 with sym6, `flip_filter=True` (correlation) and `padding=-2*FILTER_PAD`, as
 * ADA uses it to drop its working margin, except that the one-pixel crop this padding implies must already
 * be done: an input of 2(H + 2*FILTER_PAD) - 2 becomes H.
 */
export function downsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [n, c, h, w] = x.shape;
  const taps = SYM6_FILTER.length;
  return tf.tidy(() => {
    let y: tf.Tensor4D = tf.reshape(x, [n * c, h, w, 1]);
    y = tf.conv2d(y, tf.tensor4d(SYM6_FILTER as number[], [taps, 1, 1, 1]), [2, 1], "valid");
    y = tf.conv2d(y, tf.tensor4d(SYM6_FILTER as number[], [1, taps, 1, 1]), [1, 2], "valid");
    return tf.reshape(y, [n, c, y.shape[1], y.shape[2]]);
  });
}
