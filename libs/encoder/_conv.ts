// The encoder's Conv2d(k4, s2, p1) forward and backward, in two ways that give the same numbers:
//
// - "conv": TF.js conv2d and its gradient kernels on the filter [kh, kw, in, out]. Best where the activations are
//   large and the filter small (the first blocks): no patch matrix is built.
// - "im2col": the 4x4 patches as a matrix P [N·oh·ow, 16·in] and the weight W [out, 16·in] (kept as is) as the LEFT
//   operand of every product: y^T = W·P^T, dW = dy^T·P, dP = dy·W by chunks of output channels. Best where the
//   filter is large and the activations small (the last blocks of the 212 M-parameter original: 537 MB for the
//   4096x2048x4x4 filter): the wasm matmul repacks its right operand, and its conv keeps a transposed and a packed
//   copy of every filter, so keeping W on the left avoids two or three W-sized copies on the 4 GiB heap.
import { tf } from "./_tf.ts";

/** How a conv block runs; `auto` picks per call by the shapes. */
export type ConvKernels = "auto" | "conv" | "im2col";

const PAD: [[number, number], [number, number], [number, number], [number, number]] = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

/** Products whose weight chunk would exceed this many floats (64 MiB) are split over output channels. */
const CHUNK_FLOATS = 1 << 24;

/**
 * `im2col` when the patch matrix is smaller than the weight (N·oh·ow < out), else `conv`: each path keeps the larger
 * of the two tensors where it costs no copy.
 */
export function pickKernels(kernels: ConvKernels, rows: number, cout: number): "conv" | "im2col" {
  if (kernels !== "auto") return kernels;
  return rows < cout ? "im2col" : "conv";
}

/** The TF.js filter [4, 4, in, out] of an internal weight [out, 16·in]. */
export function hwioFilter(w: tf.Tensor2D, cin: number): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.reshape(w, [w.shape[0], 4, 4, cin]), [1, 2, 3, 0]) as tf.Tensor4D);
}

/** Patches of a k4 s2 p1 conv: [N, H, W, C] -> [N·H/2·W/2, 16·C] in (ky, kx, c) order. */
export function patches(a: tf.Tensor4D): tf.Tensor2D {
  const [n, h, w, c] = a.shape;
  const oh = h / 2;
  const ow = w / 2;
  return tf.tidy(() => {
    // Padded row 2i + ky = 2(i + ky>>1) + (ky&1): a row pair index and a parity, likewise for columns.
    const rows = tf.reshape(tf.pad(a, PAD), [n, oh + 1, 2, (w + 2) * c]);
    const taps: tf.Tensor2D[] = [];
    for (let ky = 0; ky < 4; ky++) {
      const row = tf.reshape(tf.slice(rows, [0, ky >> 1, ky & 1, 0], [n, oh, 1, (w + 2) * c]), [
        n * oh,
        ow + 1,
        2,
        c,
      ]);
      for (let kx = 0; kx < 4; kx++) {
        const tap = tf.slice(row, [0, kx >> 1, kx & 1, 0], [n * oh, ow, 1, c]);
        taps.push(tf.reshape(tap, [n * oh * ow, c]) as tf.Tensor2D);
      }
    }
    return tf.reshape(tf.stack(taps, 1), [n * oh * ow, 16 * c]) as tf.Tensor2D;
  });
}

/** The adjoint of {@link patches}: sums patch gradients [N·oh·ow, 16·C] back into an input gradient [N, H, W, C]. */
export function unpatches(dp: tf.Tensor2D, shape: readonly [number, number, number, number]): tf.Tensor4D {
  const [n, h, w, c] = shape;
  const oh = h / 2;
  const ow = w / 2;
  return tf.tidy(() => {
    const taps = tf.unstack(tf.reshape(dp, [n * oh * ow, 16, c]), 1);
    let rows: tf.Tensor | null = null;
    for (let a = 0; a < 2; a++) {
      const parities: tf.Tensor[] = [];
      for (let p = 0; p < 2; p++) {
        const ky = 2 * a + p;
        // One padded row of taps ky: columns 2j + kx for kx = 2b + q.
        let cols: tf.Tensor | null = null;
        for (let b = 0; b < 2; b++) {
          const pair = tf.stack([taps[ky * 4 + 2 * b]!, taps[ky * 4 + 2 * b + 1]!], 1); // [M, 2, C]
          const placed = tf.pad(tf.reshape(pair, [n * oh, ow, 2 * c]), [
            [0, 0],
            [b, 1 - b],
            [0, 0],
          ]);
          cols = cols === null ? placed : tf.add(cols, placed);
        }
        parities.push(tf.reshape(cols!, [n, oh, (w + 2) * c]));
      }
      const placed = tf.pad(tf.stack(parities, 2), [
        [0, 0],
        [a, 1 - a],
        [0, 0],
        [0, 0],
      ]);
      rows = rows === null ? placed : tf.add(rows, placed);
    }
    const padded = tf.reshape(rows!, [n, h + 2, w + 2, c]);
    return tf.slice(padded, [0, 1, 1, 0], [n, h, w, c]) as tf.Tensor4D;
  });
}

/** Conv forward, NHWC: y [N, H/2, W/2, out] from a [N, H, W, in] and the weight [out, 16·in] (bias added by the caller). */
export function convForward(a: tf.Tensor4D, w: tf.Tensor2D, path: "conv" | "im2col"): tf.Tensor4D {
  const [n, h, ww, cin] = a.shape;
  const cout = w.shape[0];
  return tf.tidy(() => {
    if (path === "conv") return tf.conv2d(a, hwioFilter(w, cin), 2, PAD);
    return tf.reshape(denseForward(patches(a), w), [n, h / 2, ww / 2, cout]) as tf.Tensor4D;
  });
}

/**
 * Conv backward for dy [N, H/2, W/2, out]: returns the input gradient (null unless `needDx`), computed before any
 * weight-gradient chunk is handed to `onDw`, so the caller may change the weight's values from `onDw` on. `onDw`
 * receives the weight gradient in the internal layout by chunks of output channels (first row, rows × 16·in values);
 * the chunk tensor is disposed when `onDw` returns.
 */
export function convBackward(
  a: tf.Tensor4D,
  w: tf.Tensor2D,
  dy: tf.Tensor4D,
  options: { path: "conv" | "im2col"; needDx: boolean; onDw: (row: number, dw: tf.Tensor2D) => void },
): tf.Tensor4D | null {
  const { path, needDx, onDw } = options;
  const [n, h, ww, cin] = a.shape;
  const cout = w.shape[0];
  const k = 16 * cin;
  const rows = n * (h / 2) * (ww / 2);
  if (path === "conv") {
    const dx = needDx
      ? tf.tidy(() => {
          const filter = hwioFilter(w, cin);
          return tf
            .engine()
            .runKernel(
              "Conv2DBackpropInput",
              { dy, filter },
              { strides: [2, 2], pad: PAD, dataFormat: "NHWC", inputShape: a.shape },
            ) as tf.Tensor4D;
        })
      : null;
    const dw = tf.tidy(() => {
      const hwio = tf
        .engine()
        .runKernel(
          "Conv2DBackpropFilter",
          { x: a, dy },
          { strides: [2, 2], pad: PAD, dataFormat: "NHWC", filterShape: [4, 4, cin, cout] },
        ) as tf.Tensor4D;
      return tf.reshape(tf.transpose(hwio, [3, 0, 1, 2]), [cout, k]) as tf.Tensor2D;
    });
    try {
      onDw(0, dw);
    } catch (err) {
      dx?.dispose();
      throw err;
    } finally {
      dw.dispose();
    }
    return dx;
  }
  const p = patches(a);
  const dy2 = tf.reshape(dy, [rows, cout]) as tf.Tensor2D;
  try {
    const dp = denseBackward(p, w, dy2, { needDp: needDx, onDw });
    if (dp === null) return null;
    const dx = unpatches(dp, a.shape);
    dp.dispose();
    return dx;
  } finally {
    p.dispose();
    dy2.dispose();
  }
}

/** y [M, out] = p [M, K] · w^T for w [out, K], computed as (w · p^T)^T so that w is the matmul's left operand. */
export function denseForward(p: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.transpose(tf.matMul(w, tf.transpose(p))) as tf.Tensor2D);
}

/**
 * Backward of {@link denseForward} for dy [M, out]: returns dp [M, K] (null unless `needDp`), computed before any
 * chunk of dw = dy^T · p is handed to `onDw` (first row, rows × K values; disposed when `onDw` returns). Both products
 * go by chunks of output channels when w is large, so that only a chunk of w is ever repacked or allocated.
 */
export function denseBackward(
  p: tf.Tensor2D,
  w: tf.Tensor2D,
  dy: tf.Tensor2D,
  options: { needDp: boolean; onDw: (row: number, dw: tf.Tensor2D) => void },
): tf.Tensor2D | null {
  const k = p.shape[1];
  const cout = w.shape[0];
  const chunk = Math.max(1, Math.min(cout, Math.floor(CHUNK_FLOATS / k)));
  const rowsOf = (t: tf.Tensor2D, o: number, m: number): tf.Tensor2D =>
    m === cout ? t : (tf.slice(t, [o, 0], [m, t.shape[1]]) as tf.Tensor2D);
  const dyT = tf.tidy(() => tf.transpose(dy) as tf.Tensor2D);
  let dp: tf.Tensor2D | null = null;
  try {
    if (options.needDp) {
      for (let o = 0; o < cout; o += chunk) {
        const m = Math.min(chunk, cout - o);
        const part = tf.tidy(
          () => tf.matMul(tf.transpose(rowsOf(dyT, o, m)), rowsOf(w, o, m)) as tf.Tensor2D,
        );
        if (dp === null) dp = part;
        else {
          const sum: tf.Tensor2D = tf.add(dp, part);
          dp.dispose();
          part.dispose();
          dp = sum;
        }
      }
    }
    for (let o = 0; o < cout; o += chunk) {
      const m = Math.min(chunk, cout - o);
      const dw = tf.tidy(() => tf.matMul(rowsOf(dyT, o, m), p) as tf.Tensor2D);
      try {
        options.onDw(o, dw);
      } finally {
        dw.dispose();
      }
    }
    return dp;
  } catch (err) {
    dp?.dispose();
    throw err;
  } finally {
    dyT.dispose();
  }
}

/** `[[0, 0], [1, 1], [1, 1], [0, 0]]`: the padding of every encoder conv. */
export const CONV_PADDING = PAD;
