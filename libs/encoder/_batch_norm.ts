// Conv bias + BatchNorm2d (training mode) + ReLU, and its gradient, as two passes over the values each way. On the
// backends whose tensors live in host memory (wasm, cpu) this is several times faster than the equivalent chain of
// TF.js ops (bias, moments, normalise, scale, shift, ReLU; about ten broadcasting ops each way). The loops read and
// write the backend's values in place (`_host_tensor.ts`), and the normalised values x̂ kept for the gradient stay
// off the wasm heap, in buffers the caller reuses from step to step. Other backends (native TensorFlow, possibly on
// a GPU) keep the TF.js ops (see encoder.ts).
import { writeTensor } from "./_host_tensor.ts";
import type { tf } from "./_tf.ts";

/** Backends on which the encoder runs BatchNorm here rather than as TF.js ops. Tests empty it to check the ops. */
export const hostBatchNormBackends = new Set(["wasm", "cpu"]);

/** One block's parameters, in JS memory. */
export interface HostBatchNormLayer {
  /** The conv's bias, added before normalising (null: none). */
  bias: Float32Array | null;
  gamma: Float32Array;
  beta: Float32Array;
}

/** What the forward pass gives besides its output: what the gradient and the running statistics need. */
export interface HostBatchNormStats {
  /** 1/√(variance + eps) per channel. */
  invstd: Float32Array;
  /** Batch mean and biased variance per channel (for the running statistics). */
  mean: Float64Array;
  variance: Float64Array;
}

/**
 * relu(γ·x̂ + β) for the conv output `conv` (NHWC, without its bias), x̂ = (y − mean)·invstd with y = conv + bias and
 * the batch's mean and biased variance per channel. Writes x̂ into `xhat` (`conv.size` values, NHWC).
 */
export function batchNormReluForward(
  conv: tf.Tensor4D,
  layer: HostBatchNormLayer & { eps: number; xhat: Float32Array },
): HostBatchNormStats & { out: tf.Tensor4D } {
  const c = conv.shape[3];
  const { gamma, beta, eps, xhat } = layer;
  if (xhat.length !== conv.size)
    throw new RangeError(`x̂ buffer holds ${xhat.length} values, expected ${conv.size}`);
  const bias = layer.bias ?? new Float32Array(c);
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  const invstd = new Float32Array(c);
  const out = writeTensor<tf.Rank.R4>(conv.shape, [conv], (o, [v]) => {
    batchStatistics(v!, bias, { mean, variance });
    for (let k = 0; k < c; k++) invstd[k] = 1 / Math.sqrt(variance[k]! + eps);
    normaliseRelu(v!, o, { bias, mean, invstd, gamma, beta, xhat });
  });
  return { out, invstd, mean, variance };
}

/**
 * Gradients of {@link batchNormReluForward} for the output gradient `dOut`: dy (on the backend, the gradient of the
 * conv output) and dγ, dβ, and the conv bias's (Σ dy per channel), as PyTorch's batch_norm_backward in training
 * mode: dy = γ·invstd·(g − Σg/m − x̂·Σ(g·x̂)/m), g = dOut where the output is positive.
 */
export function batchNormReluBackward(
  dOut: tf.Tensor4D,
  saved: HostBatchNormLayer & { xhat: Float32Array; invstd: Float32Array },
): { dy: tf.Tensor4D; dGamma: Float32Array; dBeta: Float32Array; dBias: Float32Array | null } {
  const c = dOut.shape[3];
  const { xhat, invstd, gamma, beta } = saved;
  if (xhat.length !== dOut.size)
    throw new RangeError(`x̂ holds ${xhat.length} values but the output gradient ${dOut.size}`);
  const m = dOut.size / c;
  const sumG = new Float64Array(c);
  const sumGx = new Float64Array(c);
  const sumDy = new Float64Array(c);
  const dy = writeTensor<tf.Rank.R4>(dOut.shape, [dOut], (out, [d]) => {
    // g first goes into the output, which the second pass turns into dy in place.
    reluMaskedSums(d!, out, { xhat, gamma, beta, sumG, sumGx });
    const a = new Float64Array(c);
    const b = new Float64Array(c);
    const e = new Float64Array(c);
    for (let k = 0; k < c; k++) {
      a[k] = gamma[k]! * invstd[k]!;
      b[k] = sumG[k]! / m;
      e[k] = sumGx[k]! / m;
    }
    inputGradient(out, { xhat, a, b, e, sumDy });
  });
  return {
    dy,
    dGamma: Float32Array.from(sumGx),
    dBeta: Float32Array.from(sumG),
    dBias: saved.bias === null ? null : Float32Array.from(sumDy),
  };
}

// The loops below are functions of their own, every array a parameter or local: inside the closures above, V8 read
// the captured arrays from their context on every element, and the loops ran up to twice as long.

// Per-channel mean and biased variance of y = v + bias (NHWC, channels last), in one pass: sums of the deviations
// from each channel's first value and of their squares, in double precision, so that E[d²] − E[d]² keeps PyTorch's
// accuracy (the first value lies within a few deviations of the mean: the difference cancels few digits, where
// E[y²] − E[y]² in float32 would not).
function batchStatistics(
  v: Float32Array,
  bias: Float32Array,
  stats: { mean: Float64Array; variance: Float64Array },
): void {
  const { mean, variance } = stats;
  const c = bias.length;
  const size = v.length;
  const m = size / c;
  const shift = new Float64Array(c);
  const s1 = new Float64Array(c);
  const s2 = new Float64Array(c);
  for (let k = 0; k < c; k++) shift[k] = Math.fround(v[k]! + bias[k]!);
  for (let i = 0; i < size; i += c) {
    for (let k = 0; k < c; k++) {
      // y rounded to float32, as the backend's bias Add would store it.
      const d = Math.fround(v[i + k]! + bias[k]!) - shift[k]!;
      s1[k]! += d;
      s2[k]! += d * d;
    }
  }
  for (let k = 0; k < c; k++) {
    const e1 = s1[k]! / m;
    mean[k] = shift[k]! + e1;
    variance[k] = Math.max(0, s2[k]! / m - e1 * e1);
  }
}

// x̂ = (v + bias − mean)·invstd into `xhat`, relu(γ·x̂ + β) into `out`.
function normaliseRelu(
  v: Float32Array,
  out: Float32Array,
  p: {
    bias: Float32Array;
    mean: Float64Array;
    invstd: Float32Array;
    gamma: Float32Array;
    beta: Float32Array;
    xhat: Float32Array;
  },
): void {
  const { bias, mean, invstd, gamma, beta, xhat } = p;
  const c = bias.length;
  const size = v.length;
  for (let i = 0; i < size; i += c) {
    for (let k = 0; k < c; k++) {
      const x = Math.fround((Math.fround(v[i + k]! + bias[k]!) - mean[k]!) * invstd[k]!);
      xhat[i + k] = x;
      // From the float32 x̂, as the gradient's ReLU mask recomputes it.
      const y = x * gamma[k]! + beta[k]!;
      out[i + k] = y > 0 ? y : 0;
    }
  }
}

// g = d where the output γ·x̂ + β is positive (ReLU's gradient; the forward's expression) into `g`, and Σg and
// Σg·x̂ per channel. Keeping g spares the second pass the mask's branch, which data make unpredictable.
function reluMaskedSums(
  d: Float32Array,
  gOut: Float32Array,
  p: { xhat: Float32Array; gamma: Float32Array; beta: Float32Array; sumG: Float64Array; sumGx: Float64Array },
): void {
  const { xhat, gamma, beta, sumG, sumGx } = p;
  const c = gamma.length;
  const size = d.length;
  for (let i = 0; i < size; i += c) {
    for (let k = 0; k < c; k++) {
      const x = xhat[i + k]!;
      const g = x * gamma[k]! + beta[k]! > 0 ? d[i + k]! : 0;
      gOut[i + k] = g;
      sumG[k]! += g;
      sumGx[k]! += g * x;
    }
  }
}

// dy = a·(g − b − x̂·e) per channel, over g in place, and Σdy per channel (the conv bias's gradient).
function inputGradient(
  g: Float32Array,
  p: {
    xhat: Float32Array;
    a: Float64Array;
    b: Float64Array;
    e: Float64Array;
    sumDy: Float64Array;
  },
): void {
  const { xhat, a, b, e, sumDy } = p;
  const c = a.length;
  const size = g.length;
  for (let i = 0; i < size; i += c) {
    for (let k = 0; k < c; k++) {
      const r = Math.fround(a[k]! * (g[i + k]! - b[k]! - xhat[i + k]! * e[k]!));
      g[i + k] = r;
      sumDy[k]! += r;
    }
  }
}
