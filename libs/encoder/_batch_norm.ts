// BatchNorm2d (training mode) followed by ReLU, and its gradient, as single passes over the values in JS memory.
// On the backends whose tensors live in host memory (wasm, cpu) this is several times faster than the equivalent
// chain of TF.js ops (moments, normalise, scale, shift, ReLU; about ten broadcasting ops each way), and the
// normalised values x̂ kept for the gradient stay off the wasm heap. Other backends (native TensorFlow, possibly
// on a GPU) keep the TF.js ops (see encoder.ts).
import { tf } from "./_tf.ts";

/** Backends on which the encoder runs BatchNorm here rather than as TF.js ops. Tests empty it to check the ops. */
export const hostBatchNormBackends = new Set(["wasm", "cpu"]);

/** What the forward pass gives: the output on the backend, and what the gradient needs, in JS memory. */
export interface HostBatchNorm {
  out: tf.Tensor4D;
  /** x̂ = (y − mean)·invstd, NHWC. */
  xhat: Float32Array;
  invstd: Float32Array;
  /** Batch mean and biased variance per channel (for the running statistics). */
  mean: Float64Array;
  variance: Float64Array;
}

/** relu(γ·x̂ + β) with x̂ normalised by the batch's mean and biased variance per channel (NHWC, channels last). */
export function batchNormReluForward(
  y: tf.Tensor4D,
  gamma: Float32Array,
  beta: Float32Array,
  eps: number,
): HostBatchNorm {
  const c = y.shape[3];
  const v = y.dataSync() as Float32Array;
  const m = v.length / c;
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  for (let i = 0; i < v.length; i += c) for (let k = 0; k < c; k++) mean[k] = mean[k]! + v[i + k]!;
  for (let k = 0; k < c; k++) mean[k]! /= m;
  // Two passes, as PyTorch: the variance from the deviations, not from E[y²] − E[y]².
  for (let i = 0; i < v.length; i += c) {
    for (let k = 0; k < c; k++) {
      const d = v[i + k]! - mean[k]!;
      variance[k]! += d * d;
    }
  }
  const invstd = new Float32Array(c);
  for (let k = 0; k < c; k++) {
    variance[k]! /= m;
    invstd[k] = 1 / Math.sqrt(variance[k]! + eps);
  }
  const xhat = new Float32Array(v.length);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i += c) {
    for (let k = 0; k < c; k++) {
      xhat[i + k] = (v[i + k]! - mean[k]!) * invstd[k]!;
      // From the stored float32 x̂, as the gradient's ReLU mask recomputes it.
      const o = xhat[i + k]! * gamma[k]! + beta[k]!;
      out[i + k] = o > 0 ? o : 0;
    }
  }
  return { out: tf.tensor4d(out, y.shape), xhat, invstd, mean, variance };
}

/**
 * Gradients of {@link batchNormReluForward} for the output gradient `dOut`: dy (on the backend) and dγ, dβ, as
 * PyTorch's batch_norm_backward in training mode: dy = γ·invstd·(g − Σg/m − x̂·Σ(g·x̂)/m), g = dOut where the
 * output is positive.
 */
export function batchNormReluBackward(
  dOut: tf.Tensor4D,
  saved: Pick<HostBatchNorm, "xhat" | "invstd">,
  gamma: Float32Array,
  beta: Float32Array,
): { dy: tf.Tensor4D; dGamma: Float32Array; dBeta: Float32Array } {
  const c = dOut.shape[3];
  const d = dOut.dataSync() as Float32Array;
  const { xhat, invstd } = saved;
  const m = d.length / c;
  const g = new Float32Array(d.length);
  const sumG = new Float64Array(c);
  const sumGx = new Float64Array(c);
  for (let i = 0; i < d.length; i += c) {
    for (let k = 0; k < c; k++) {
      const x = xhat[i + k]!;
      // ReLU's gradient: where the output γ·x̂ + β is positive (the same expression as the forward's).
      const gi = x * gamma[k]! + beta[k]! > 0 ? d[i + k]! : 0;
      g[i + k] = gi;
      sumG[k]! += gi;
      sumGx[k]! += gi * x;
    }
  }
  const a = new Float64Array(c);
  const b = new Float64Array(c);
  const e = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    a[k] = gamma[k]! * invstd[k]!;
    b[k] = sumG[k]! / m;
    e[k] = sumGx[k]! / m;
  }
  for (let i = 0; i < d.length; i += c) {
    for (let k = 0; k < c; k++) g[i + k] = a[k]! * (g[i + k]! - b[k]! - xhat[i + k]! * e[k]!);
  }
  return { dy: tf.tensor4d(g, dOut.shape), dGamma: Float32Array.from(sumGx), dBeta: Float32Array.from(sumG) };
}
