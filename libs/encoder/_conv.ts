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

/**
 * Weights of more floats than `largeWeight` (64 MiB) are "large": `auto` runs their blocks the `im2col` way, and the
 * encoder keeps them in JS memory. Weight products go by blocks of rows of at most `blockFloats` floats (64 MiB).
 * Tests lower both.
 */
export const weightLimits = { largeWeight: 1 << 24, blockFloats: 1 << 24 };

/**
 * `auto`: `im2col` for weights over 64 MiB (the last two blocks of the 212 M-parameter original at 256), where the
 * conv kernels' filter copies would crowd the wasm heap; `conv` otherwise, which is faster.
 */
export function pickKernels(kernels: ConvKernels, weightSize: number): "conv" | "im2col" {
  if (kernels !== "auto") return kernels;
  return weightSize > weightLimits.largeWeight ? "im2col" : "conv";
}

/** The TF.js filter [4, 4, in, out] of an internal weight [out, 16·in]. */
export function hwioFilter(w: tf.Tensor2D): tf.Tensor4D {
  const cin = w.shape[1] / 16;
  return tf.tidy(() => tf.transpose(tf.reshape(w, [w.shape[0], 4, 4, cin]), [1, 2, 3, 0]) as tf.Tensor4D);
}

/**
 * A weight matrix [rows, cols] (a conv's [out, 16·in], the Linear's [out, in]), handed out by blocks of rows: a large
 * weight then never needs one weight-sized block of backend memory. Each block is the caller's to dispose.
 */
export interface WeightRows {
  rows: number;
  cols: number;
  take(first: number, count: number): tf.Tensor2D;
}

/** A conv weight: its rows, and its TF.js filter [4, 4, in, out] for the `conv` path (kept by the owner). */
export interface ConvWeight extends WeightRows {
  filter(): tf.Tensor4D;
}

// Rows per block: whole weights up to `blockFloats`, else blocks of at most that many floats.
function rowsPerBlock(w: WeightRows): number {
  return Math.max(1, Math.min(w.rows, Math.floor(weightLimits.blockFloats / w.cols)));
}

// The patch matrix is built and folded back in JS (one pass over the values each way): TF.js has no patch
// extraction, and its slices, stacks and pads were several times slower here (16 strided slices on wasm).

/** Patches of a k4 s2 p1 conv: [N, H, W, C] -> [N·H/2·W/2, 16·C] in (ky, kx, c) order, zeros outside the image. */
export function patches(a: tf.Tensor4D): tf.Tensor2D {
  const [n, h, w, c] = a.shape;
  const oh = h / 2;
  const ow = w / 2;
  const src = a.dataSync() as Float32Array;
  const out = new Float32Array(n * oh * ow * 16 * c);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let ky = 0; ky < 4; ky++) {
          const y = 2 * i - 1 + ky;
          for (let kx = 0; kx < 4; kx++, o += c) {
            const x = 2 * j - 1 + kx;
            if (y < 0 || y >= h || x < 0 || x >= w) continue;
            const s = ((b * h + y) * w + x) * c;
            out.set(src.subarray(s, s + c), o);
          }
        }
      }
    }
  }
  return tf.tensor2d(out, [n * oh * ow, 16 * c]);
}

/** The adjoint of {@link patches}: sums patch gradients [N·oh·ow, 16·C] back into an input gradient [N, H, W, C]. */
export function unpatches(dp: tf.Tensor2D, shape: readonly [number, number, number, number]): tf.Tensor4D {
  const [n, h, w, c] = shape;
  const oh = h / 2;
  const ow = w / 2;
  const src = dp.dataSync() as Float32Array;
  const out = new Float32Array(n * h * w * c);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let ky = 0; ky < 4; ky++) {
          const y = 2 * i - 1 + ky;
          for (let kx = 0; kx < 4; kx++, o += c) {
            const x = 2 * j - 1 + kx;
            if (y < 0 || y >= h || x < 0 || x >= w) continue;
            const d = ((b * h + y) * w + x) * c;
            for (let k = 0; k < c; k++) out[d + k] = out[d + k]! + src[o + k]!;
          }
        }
      }
    }
  }
  return tf.tensor4d(out, [n, h, w, c]);
}

/** Conv forward, NHWC: y [N, H/2, W/2, out] from a [N, H, W, in] and the weight [out, 16·in] (bias added by the caller). */
export function convForward(a: tf.Tensor4D, w: ConvWeight, path: "conv" | "im2col"): tf.Tensor4D {
  const [n, h, ww] = a.shape;
  return tf.tidy(() => {
    if (path === "conv") return tf.conv2d(a, w.filter(), 2, PAD);
    return tf.reshape(denseForward(patches(a), w), [n, h / 2, ww / 2, w.rows]) as tf.Tensor4D;
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
  weight: ConvWeight,
  dy: tf.Tensor4D,
  options: { path: "conv" | "im2col"; needDx: boolean; onDw: (row: number, dw: tf.Tensor2D) => void },
): tf.Tensor4D | null {
  const { path, needDx, onDw } = options;
  const [n, h, ww, cin] = a.shape;
  const cout = weight.rows;
  const k = 16 * cin;
  const rows = n * (h / 2) * (ww / 2);
  if (path === "conv") {
    const dx = needDx
      ? tf.tidy(() => {
          return tf
            .engine()
            .runKernel(
              "Conv2DBackpropInput",
              { dy, filter: weight.filter() },
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
    const dp = denseBackward(p, weight, dy2, { needDp: needDx, onDw });
    if (dp === null) return null;
    const dx = unpatches(dp, a.shape);
    dp.dispose();
    return dx;
  } finally {
    p.dispose();
    dy2.dispose();
  }
}

/**
 * y [M, out] = p [M, K] · w^T for w [out, K], computed as (w · p^T)^T by blocks of w's rows, so that w is the
 * matmul's left operand (the wasm matmul repacks its right operand on every call).
 */
export function denseForward(p: tf.Tensor2D, w: WeightRows): tf.Tensor2D {
  const block = rowsPerBlock(w);
  return tf.tidy(() => {
    const pT = tf.transpose(p);
    const parts: tf.Tensor2D[] = [];
    for (let o = 0; o < w.rows; o += block) {
      const rows = w.take(o, Math.min(block, w.rows - o));
      parts.push(tf.matMul(rows, pT));
      rows.dispose();
    }
    return tf.transpose(parts.length === 1 ? parts[0]! : tf.concat(parts)) as tf.Tensor2D;
  });
}

/**
 * Backward of {@link denseForward} for dy [M, out]: returns dp [M, K] = dy · w (null unless `needDp`), computed
 * before any block of dw = dy^T · p is handed to `onDw` (first row, rows × K values; disposed when `onDw` returns).
 * Both products go by blocks of w's rows.
 */
export function denseBackward(
  p: tf.Tensor2D,
  w: WeightRows,
  dy: tf.Tensor2D,
  options: { needDp: boolean; onDw: (row: number, dw: tf.Tensor2D) => void },
): tf.Tensor2D | null {
  const block = rowsPerBlock(w);
  const dyT = tf.tidy(() => tf.transpose(dy) as tf.Tensor2D);
  const dyRows = (o: number, m: number): tf.Tensor2D =>
    m === w.rows ? dyT : (tf.slice(dyT, [o, 0], [m, dyT.shape[1]]) as tf.Tensor2D);
  let dp: tf.Tensor2D | null = null;
  try {
    if (options.needDp) {
      for (let o = 0; o < w.rows; o += block) {
        const m = Math.min(block, w.rows - o);
        const part = tf.tidy(() => {
          const rows = w.take(o, m);
          const product = tf.matMul(tf.transpose(dyRows(o, m)), rows) as tf.Tensor2D;
          rows.dispose();
          return product;
        });
        if (dp === null) dp = part;
        else {
          const sum: tf.Tensor2D = tf.add(dp, part);
          dp.dispose();
          part.dispose();
          dp = sum;
        }
      }
    }
    for (let o = 0; o < w.rows; o += block) {
      const m = Math.min(block, w.rows - o);
      const dw = tf.tidy(() => tf.matMul(dyRows(o, m), p) as tf.Tensor2D);
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
