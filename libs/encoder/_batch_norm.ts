// Conv bias + BatchNorm2d (training mode) + ReLU, and its gradient, as two passes over the values each way. On the
// backends whose tensors live in host memory (wasm, cpu) this is several times faster than the equivalent chain of
// TF.js ops (bias, moments, normalise, scale, shift, ReLU; about ten broadcasting ops each way). The passes are
// WebAssembly loops (`_batch_norm_kernel.ts`) that read the backend's values where they lie (`_host_tensor.ts`), and
// the normalised values x̂ kept for the gradient stay off the wasm heap, in buffers the caller reuses from step to
// step. Other backends (native TensorFlow, possibly on a GPU) keep the TF.js ops (see encoder.ts).
import { backwardPasses, forwardPasses } from "./_batch_norm_kernel.ts";
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
    const m = v!.length / c;
    // Mean and biased variance in one pass: sums of the deviations from each channel's first value and of their
    // squares, in double precision, so that E[d²] − E[d]² keeps PyTorch's accuracy (the first value lies within a
    // few deviations of the mean: the difference cancels few digits, where E[y²] − E[y]² in float32 would not).
    // y = v + bias is rounded to float32, as the backend's bias Add would store it.
    const shift = new Float64Array(c);
    for (let k = 0; k < c; k++) shift[k] = Math.fround(v![k]! + bias[k]!);
    forwardPasses(v!, o, xhat, {
      bias,
      gamma,
      beta,
      shift,
      normalise: (s1, s2) => {
        for (let k = 0; k < c; k++) {
          const e1 = s1[k]! / m;
          mean[k] = shift[k]! + e1;
          variance[k] = Math.max(0, s2[k]! / m - e1 * e1);
          invstd[k] = 1 / Math.sqrt(variance[k]! + eps);
        }
        return { mean, invstd };
      },
    });
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
  let sums: { sumG: Float64Array; sumGx: Float64Array; sumDy: Float64Array } | undefined;
  const dy = writeTensor<tf.Rank.R4>(dOut.shape, [dOut], (out, [d]) => {
    sums = backwardPasses(d!, out, xhat, {
      gamma,
      beta,
      coefficients: (sumG, sumGx) => {
        const a = new Float64Array(c);
        const b = new Float64Array(c);
        const e = new Float64Array(c);
        for (let k = 0; k < c; k++) {
          a[k] = gamma[k]! * invstd[k]!;
          b[k] = sumG[k]! / m;
          e[k] = sumGx[k]! / m;
        }
        return { a, b, e };
      },
    });
  });
  const { sumG, sumGx, sumDy } = sums!;
  return {
    dy,
    dGamma: Float32Array.from(sumGx),
    dBeta: Float32Array.from(sumG),
    dBias: saved.bias === null ? null : Float32Array.from(sumDy),
  };
}
