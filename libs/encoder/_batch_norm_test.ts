import assert from "node:assert/strict";
import { test } from "node:test";
import { disposeBackend, initBackend } from "@dermanomaly/tf";
import { batchNormReluBackward, batchNormReluForward } from "./_batch_norm.ts";
import { tf } from "./_tf.ts";

// The reference: the passes as plain JavaScript loops over float32 arrays, in double precision where they compute
// (the PyTorch parity of this arithmetic is checked in encoder_test.ts). The WebAssembly passes must give the same
// bits.

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

function referenceForward(
  v: Float32Array,
  c: number,
  p: { bias: Float32Array; gamma: Float32Array; beta: Float32Array; eps: number },
) {
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  const invstd = new Float32Array(c);
  const out = new Float32Array(v.length);
  const xhat = new Float32Array(v.length);
  batchStatistics(v, p.bias, { mean, variance });
  for (let k = 0; k < c; k++) invstd[k] = 1 / Math.sqrt(variance[k]! + p.eps);
  normaliseRelu(v, out, { bias: p.bias, mean, invstd, gamma: p.gamma, beta: p.beta, xhat });
  return { out, xhat, mean, variance, invstd };
}

function referenceBackward(
  d: Float32Array,
  c: number,
  p: { xhat: Float32Array; invstd: Float32Array; gamma: Float32Array; beta: Float32Array },
) {
  const m = d.length / c;
  const sumG = new Float64Array(c);
  const sumGx = new Float64Array(c);
  const sumDy = new Float64Array(c);
  const out = new Float32Array(d.length);
  reluMaskedSums(d, out, { xhat: p.xhat, gamma: p.gamma, beta: p.beta, sumG, sumGx });
  const a = new Float64Array(c);
  const b = new Float64Array(c);
  const e = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    a[k] = p.gamma[k]! * p.invstd[k]!;
    b[k] = sumG[k]! / m;
    e[k] = sumGx[k]! / m;
  }
  inputGradient(out, { xhat: p.xhat, a, b, e, sumDy });
  return {
    dy: out,
    dGamma: Float32Array.from(sumGx),
    dBeta: Float32Array.from(sumG),
    dBias: Float32Array.from(sumDy),
  };
}

function values(n: number, seed: number, scale: number, offset = 0): Float32Array {
  let x = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return (x / 2 ** 32 - 0.5) * scale + offset;
  });
}

for (const backend of ["wasm", "cpu"] as const) {
  test(`on ${backend}, BatchNorm + ReLU and its gradient give the reference loops' bits`, async (t) => {
    await initBackend({ backend, threads: 1, log: false });
    t.after(() => disposeBackend());
    // One to a few channels, and a layer over the kernel's chunk of 2^18 values whose rows do not divide it.
    for (const shape of [
      [2, 3, 5, 1],
      [3, 4, 4, 3],
      [2, 200, 220, 3],
      [4, 8, 8, 16],
    ] as [number, number, number, number][]) {
      const c = shape[3];
      const size = shape[0] * shape[1] * shape[2] * c;
      // Values off zero (the one-pass variance's shift matters) and half the outputs negative (ReLU's mask).
      const v = values(size, size + c, 4, 3);
      const layer = {
        bias: values(c, 1, 1),
        gamma: values(c, 2, 2, 0.5),
        beta: values(c, 3, 1),
        eps: 1e-5,
      };
      const ref = referenceForward(v, c, layer);
      const conv = tf.tensor4d(v, shape);
      const xhat = new Float32Array(size);
      const fwd = batchNormReluForward(conv, { ...layer, xhat });
      assert.deepEqual(fwd.out.dataSync(), ref.out, `output of ${shape}`);
      assert.deepEqual(xhat, ref.xhat, `x̂ of ${shape}`);
      assert.deepEqual([fwd.mean, fwd.variance, fwd.invstd], [ref.mean, ref.variance, ref.invstd]);
      const d = values(size, 7, 2);
      const refBack = referenceBackward(d, c, {
        xhat: ref.xhat,
        invstd: ref.invstd,
        gamma: layer.gamma,
        beta: layer.beta,
      });
      const dOut = tf.tensor4d(d, shape);
      const back = batchNormReluBackward(dOut, { ...layer, xhat, invstd: fwd.invstd });
      assert.deepEqual(back.dy.dataSync(), refBack.dy, `dy of ${shape}`);
      assert.deepEqual([back.dGamma, back.dBeta, back.dBias], [refBack.dGamma, refBack.dBeta, refBack.dBias]);
      tf.dispose([conv, fwd.out, dOut, back.dy]);
    }
  });
}
