// One-pass JavaScript kernels for the element-wise and per-channel work of StyleGAN2's layers. The backends' own
// kernels take one pass (and one full-size tensor) per op, and wasm's broadcasting and reductions over the
// leading axes go through transposes; these loops read each input once and write each output once. They are the
// values of the custom-gradient ops in `_ops.ts`, whose gradients are again these ops (so any order works).
import { readFileSync } from "node:fs";
import { defineHeapModule, defineJsKernel, type HeapModuleExports, runJsKernel } from "@dermanomaly/tf";
import { tf } from "./_tf.ts";

// The same kernels in wasm SIMD for the wasm backend (5-20x faster than these loops); the loops serve the other
// backends, the shapes the SIMD code does not take, and as the reference its tests compare with.
const HEAP = "gan-fused";
defineHeapModule(HEAP, readFileSync(new URL("./_fused.wat", import.meta.url), "utf8"));

// Attribute encoding of "none" for an optional gain or clamp.
const NONE = -1;

/** `u = x·scale + bias[c] (+ noise[n|0, h, w])`, `v = clamp(lrelu(u)·gain, ±c)`: outputs [v, u]. */
defineJsKernel({
  name: "DermanomalyBiasAct",
  inputs: ["x", "bias"],
  outputShapes: ([x]) => [[...x!], [...x!]],
  compute: ([x, bias], [v, u], _shapes, attrs) => biasActLoop(x!, bias!, null, 0, v!, u!, attrs),
  heap: {
    module: HEAP,
    run: (fns, [x, bias], [v, u], { inputs }, attrs) =>
      biasActHeap(fns, inputs[0]!, x!, bias!, null, 0, v!, u!, attrs),
  },
});
defineJsKernel({
  name: "DermanomalyBiasActNoise",
  inputs: ["x", "bias", "noise"],
  outputShapes: ([x]) => [[...x!], [...x!]],
  // Noise [N|1, H, W, 1]: one value per pixel, shared by the batch when its batch is 1.
  compute: ([x, bias, noise], [v, u], { inputs }, attrs) =>
    biasActLoop(x!, bias!, noise!, noisePeriod(inputs[2]!), v!, u!, attrs),
  heap: {
    module: HEAP,
    run: (fns, [x, bias, noise], [v, u], { inputs }, attrs) =>
      biasActHeap(fns, inputs[0]!, x!, bias!, noise!, noisePeriod(inputs[2]!), v!, u!, attrs),
  },
});

const noisePeriod = (shape: readonly number[]) => (shape[0] === 1 ? shape[1]! * shape[2]! : 0);

function biasActHeap(
  fns: HeapModuleExports,
  shape: readonly number[],
  x: number,
  bias: number,
  noise: number | null,
  period: number,
  v: number,
  u: number,
  attrs: Record<string, unknown>,
): boolean {
  const channels = shape.at(-1)!;
  if (channels % 4 !== 0) return false;
  const { scale, pos, negDiff, hi } = activation(attrs);
  const pixels = shape.reduce((a, b) => a * b, 1) / channels;
  fns["bias_act"]!(
    x,
    bias,
    noise ?? 0,
    noise === null ? 0 : 1,
    period,
    v,
    u,
    pixels,
    channels,
    scale,
    pos,
    pos - negDiff,
    hi,
  );
  return true;
}

// The forward activation's constants: lrelu(u)·gain is u·pos for u >= 0 and u·(pos − negDiff) below, clamped to
// ±hi (Infinity without a clamp).
function activation(attrs: Record<string, unknown>): {
  scale: number;
  pos: number;
  negDiff: number;
  hi: number;
} {
  const gain = attrs["gain"] as number;
  const c = attrs["clamp"] as number;
  return {
    scale: attrs["scale"] as number,
    pos: gain === NONE ? 1 : gain,
    negDiff: gain === NONE ? 0 : 0.8 * gain,
    hi: c === NONE ? Infinity : c,
  };
}

// `period`: the noise repeats every `period` pixels (shared by the batch), or 0 for one value per pixel.
function biasActLoop(
  x: Float32Array,
  bias: Float32Array,
  noise: Float32Array | null,
  period: number,
  v: Float32Array,
  u: Float32Array,
  attrs: Record<string, unknown>,
): void {
  const { scale, pos, negDiff, hi } = activation(attrs);
  const channels = bias.length;
  const pixels = x.length / channels;
  // lrelu(u)·gain without a data-dependent branch: the factor from u's sign bit, read back as an integer.
  const ub = bitsOf(u);
  let i = 0;
  for (let p = 0; p < pixels; p++) {
    const nv = noise === null ? 0 : noise[period === 0 ? p : p % period]!;
    for (let ch = 0; ch < channels; ch++, i++) {
      // Rounded to float32 where the separate ops would round, so that u agrees with them.
      let t = x[i]! * scale;
      if (noise !== null) t = Math.fround(t) + nv;
      u[i] = Math.fround(t) + bias[ch]!;
      let w = u[i]! * (pos - negDiff * (ub[i]! >>> 31));
      if (w > hi) w = hi;
      else if (w < -hi) w = -hi;
      v[i] = w;
    }
  }
}

const step32 = new Float32Array(1);
const bits32 = new Int32Array(step32.buffer);

/** The smallest float32 at least v (so that `u < v` and `u < f32AtLeast(v)` agree for every float32 u). */
export function f32AtLeast(v: number): number {
  const r = Math.fround(v);
  if (r >= v || Number.isNaN(v)) return r;
  step32[0] = r;
  // One ulp towards +Infinity: the integer view grows with the magnitude of a positive value, shrinks for a negative.
  if (r === 0) return 2 ** -149;
  bits32[0]! += r > 0 ? 1 : -1;
  return step32[0]!;
}

/** The largest float32 at most v. */
export function f32AtMost(v: number): number {
  return -f32AtLeast(-v);
}

/** The same memory as 32-bit integers (sign bits). */
function bitsOf(f: Float32Array): Int32Array {
  return new Int32Array(f.buffer, f.byteOffset, f.length);
}

/** `dy · m(u)`, m the derivative of {@link biasAct}'s activation times `scale` (see `activationGrad`). */
defineJsKernel({
  name: "DermanomalyActivationGrad",
  inputs: ["dy", "u"],
  outputShapes: ([dy]) => [[...dy!]],
  compute: ([dyIn, uIn], [outIn], _shapes, attrs) => {
    const [dy, u, out] = [dyIn!, uIn!, outIn!];
    const { pos, negDiff, zero, lo, hi } = slopes(attrs);
    const ub = bitsOf(u);
    for (let i = 0; i < dy.length; i++) {
      const t = u[i]!;
      let m = t > lo && t < hi ? pos - negDiff * (ub[i]! >>> 31) : 0;
      if (t === 0) m = zero;
      out[i] = dy[i]! * m;
    }
  },
  heap: {
    module: HEAP,
    run: (fns, [dy, u], [out], { inputs }, attrs) => {
      const n = inputs[0]!.reduce((a, b) => a * b, 1);
      if (n % 4 !== 0) return false;
      const { pos, negDiff, zero, lo, hi } = slopes(attrs);
      // float32 bounds that select the same u as the float64 ones.
      fns["activation_grad"]!(dy!, u!, out!, n, pos, pos - negDiff, zero, f32AtMost(lo), f32AtLeast(hi));
      return true;
    },
  },
});

// gain·scale·(0.6 + 0.4·sign(u)), zero where the clamp is active (|gain·lrelu(u)| >= c, i.e. u outside (lo, hi));
// the slope from u's sign bit rather than a data-dependent branch.
function slopes(attrs: Record<string, unknown>): {
  pos: number;
  negDiff: number;
  zero: number;
  lo: number;
  hi: number;
} {
  const scale = attrs["scale"] as number;
  const gain = attrs["gain"] as number;
  const c = attrs["clamp"] as number;
  return {
    pos: gain === NONE ? scale : gain * scale,
    negDiff: gain === NONE ? 0 : 0.8 * gain * scale,
    zero: gain === NONE ? scale : 0.6 * gain * scale,
    hi: c === NONE ? Infinity : gain === NONE ? c : c / gain,
    lo: c === NONE ? -Infinity : gain === NONE ? -c : -c / (0.2 * gain),
  };
}

/** `x[n, h, w, c] · s[n|0, c]`. */
defineJsKernel({
  name: "DermanomalyChannelScale",
  inputs: ["x", "s"],
  outputShapes: ([x]) => [[...x!]],
  compute: ([x, s], [out], { inputs }) => {
    const [n, h, w, c] = inputs[0] as [number, number, number, number];
    const shared = inputs[1]![0] === 1 && n !== 1;
    let i = 0;
    for (let b = 0; b < n; b++) {
      const row = shared ? 0 : b * c;
      for (let p = 0; p < h * w; p++) for (let ch = 0; ch < c; ch++, i++) out![i] = x![i]! * s![row + ch]!;
    }
  },
  heap: {
    module: HEAP,
    run: (fns, [x, s], [out], { inputs }) => {
      const [n, h, w, c] = inputs[0] as [number, number, number, number];
      if (c % 4 !== 0) return false;
      fns["channel_scale"]!(x!, s!, out!, n, h * w, c, inputs[1]![0] === 1 && n !== 1 ? 1 : 0);
      return true;
    },
  },
});

/** `Σ_{h,w} a[n, h, w, c] · b[n, h, w, c]` -> `[N, C]`, summed in float64. */
defineJsKernel({
  name: "DermanomalyChannelDot",
  inputs: ["a", "b"],
  outputShapes: ([a]) => [[a![0]!, a![3]!]],
  compute: ([a, b], [out], { inputs }) => {
    const [n, h, w, c] = inputs[0] as [number, number, number, number];
    const acc = new Float64Array(c);
    let i = 0;
    for (let s = 0; s < n; s++) {
      acc.fill(0);
      for (let p = 0; p < h * w; p++) for (let ch = 0; ch < c; ch++, i++) acc[ch]! += a![i]! * b![i]!;
      out!.set(acc, s * c);
    }
  },
  heap: {
    module: HEAP,
    run: (fns, [a, b], [out], { inputs }) => {
      const [n, h, w, c] = inputs[0] as [number, number, number, number];
      if (c % 16 !== 0) return false;
      fns["channel_dot"]!(a!, b!, out!, n, h * w, c);
      return true;
    },
  },
});

/** `Σ` over every leading axis of `x [..., C]` -> `[C]`, in float64. */
defineJsKernel({
  name: "DermanomalySumToLast",
  inputs: ["x"],
  outputShapes: ([x]) => [[x!.at(-1)!]],
  compute: ([xIn], [out], { inputs }) => {
    const x = xIn!;
    const c = inputs[0]!.at(-1)!;
    const acc = new Float64Array(c);
    for (let i = 0; i < x.length; i += c) for (let ch = 0; ch < c; ch++) acc[ch] = acc[ch]! + x[i + ch]!;
    out!.set(acc);
  },
  heap: {
    module: HEAP,
    run: (fns, [x], [out], { inputs }) => {
      const c = inputs[0]!.at(-1)!;
      if (c % 16 !== 0) return false;
      // Every leading position a row of one sample.
      fns["channel_sum"]!(x!, out!, 1, inputs[0]!.reduce((a, b) => a * b, 1) / c, c);
      return true;
    },
  },
});

/** `Σ_c x[n, h, w, c]` -> `[N, H, W, 1]`, or `[1, H, W, 1]` over the batch too (`batch: false`), in float64. */
defineJsKernel({
  name: "DermanomalySumChannels",
  inputs: ["x"],
  outputShapes: ([x], attrs) => [[attrs["batch"] ? x![0]! : 1, x![1]!, x![2]!, 1]],
  compute: ([x], [out], { inputs }, attrs) => {
    const [n, h, w, c] = inputs[0] as [number, number, number, number];
    const hw = h * w;
    if (attrs["batch"]) {
      for (let p = 0; p < n * hw; p++) {
        let s = 0;
        for (let ch = 0; ch < c; ch++) s += x![p * c + ch]!;
        out![p] = s;
      }
    } else {
      const acc = new Float64Array(hw);
      for (let p = 0; p < n * hw; p++) {
        let s = 0;
        for (let ch = 0; ch < c; ch++) s += x![p * c + ch]!;
        acc[p % hw]! += s;
      }
      out!.set(acc);
    }
  },
});

const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number | boolean> = {}) =>
  runJsKernel(name, inputs, attrs);

/** Options of {@link fusedBiasAct}, with null for "none". */
export interface FusedActivation {
  scale: number;
  gain: number | null;
  clamp: number | null;
}

const attrsOf = (a: FusedActivation) => ({ scale: a.scale, gain: a.gain ?? NONE, clamp: a.clamp ?? NONE });

/** The forward values of `biasAct`: `[v, u]` (u is what its gradient keeps). No gradient of its own. */
export function fusedBiasAct(
  x: tf.Tensor4D,
  bias: tf.Tensor1D,
  noise: tf.Tensor4D | null,
  a: FusedActivation,
): [tf.Tensor4D, tf.Tensor4D] {
  return (
    noise === null
      ? run("DermanomalyBiasAct", { x, bias }, attrsOf(a))
      : run("DermanomalyBiasActNoise", { x, bias, noise }, attrsOf(a))
  ) as [tf.Tensor4D, tf.Tensor4D];
}

/** The value of `activationGrad`. No gradient of its own. */
export function fusedActivationGrad(dy: tf.Tensor, u: tf.Tensor, a: FusedActivation): tf.Tensor4D {
  return run("DermanomalyActivationGrad", { dy, u }, attrsOf(a)) as tf.Tensor4D;
}

/** The value of `channelScale`. No gradient of its own. */
export function fusedChannelScale(x: tf.Tensor4D, s: tf.Tensor2D): tf.Tensor4D {
  return run("DermanomalyChannelScale", { x, s }) as tf.Tensor4D;
}

/** The value of `channelDot`. No gradient of its own. */
export function fusedChannelDot(a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor2D {
  return run("DermanomalyChannelDot", { a, b }) as tf.Tensor2D;
}

/** `Σ` of `x [..., C]` over every axis but the last, differentiable to any order (dy broadcast back to x). */
export function sumToLast(x: tf.Tensor): tf.Tensor1D {
  const op = tf.customGrad<tf.Tensor1D>((...args) => {
    const xi = args[0] as tf.Tensor;
    return {
      value: run("DermanomalySumToLast", { x: xi }) as tf.Tensor1D,
      gradFunc: (dy) => tf.broadcastTo(dy, xi.shape),
    };
  });
  return op(x);
}

/**
 * `Σ_c` of `x [N, H, W, C]` -> `[N, H, W, 1]` (`batch`), or also over the batch -> `[1, H, W, 1]`, differentiable
 * to any order: its gradient broadcasts dy back to x's shape.
 */
export function sumChannels(x: tf.Tensor4D, batch: boolean): tf.Tensor4D {
  const op = tf.customGrad<tf.Tensor4D>((...args) => {
    const xi = args[0] as tf.Tensor4D;
    return {
      value: run("DermanomalySumChannels", { x: xi }, { batch }) as tf.Tensor4D,
      gradFunc: (dy) => tf.broadcastTo(dy, xi.shape),
    };
  });
  return op(x);
}
