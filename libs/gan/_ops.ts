// Differentiable-to-any-order building blocks of StyleGAN2 in NHWC. Each op avoids the kernels whose gradients
// tfjs lacks (leakyRelu/clip use comparisons; depthwise backprops have no gradient), so R1 and path-length
// regularisation can differentiate through them twice.
import {
  fusedActivationGrad,
  fusedBiasAct,
  fusedChannelDot,
  fusedChannelScale,
  sumChannels,
  sumToLast,
} from "./_fused.ts";
import { tf } from "./_tf.ts";

export const SQRT2 = Math.SQRT2;

/**
 * `lrelu(x, 0.2) · gain`. Its custom gradient `dy · gain · (0.6 + 0.4·sign(x))` replaces leakyRelu's, which uses a
 * comparison without a gradient and so fails at second order; `sign` has a (zero) gradient.
 */
export function lrelu(x: tf.Tensor, gain: number): tf.Tensor {
  const op = tf.customGrad<tf.Tensor>((...inputs) => {
    const input = inputs[0] as tf.Tensor;
    (inputs[1] as tf.GradSaveFunc)([input]);
    return {
      value: tf.mul(tf.leakyRelu(input, 0.2), gain),
      gradFunc: (dy, saved) =>
        tf.tidy(() => tf.mul(dy, tf.add(tf.mul(tf.sign(saved[0]!), 0.4 * gain), 0.6 * gain))),
    };
  });
  return op(x);
}

/**
 * `clamp(x, −c, c)`; identity when c is null. A custom gradient `dy · step(c − |x|)` replaces clipByValue's, whose
 * comparisons have no gradients (so R1 / path length could not differentiate it twice); `step` and `abs` do.
 */
export function clamp<T extends tf.Tensor>(x: T, c: number | null): T {
  if (c === null) return x;
  const op = tf.customGrad<tf.Tensor>((...inputs) => {
    const input = inputs[0] as tf.Tensor;
    (inputs[1] as tf.GradSaveFunc)([input]);
    return {
      value: tf.clipByValue(input, -c, c),
      gradFunc: (dy, saved) => tf.tidy(() => tf.mul(dy, tf.step(tf.sub(c, tf.abs(saved[0]!))))),
    };
  });
  return op(x) as T;
}

/** Options of {@link biasAct}. */
export interface BiasActOptions {
  /** Factor on `x` before the bias (an equalised-lr weight gain). @default 1 */
  scale?: number;
  /** Added with the bias, broadcast to `x` (per-pixel noise `[N|1, H, W, 1]`), or none. @default null */
  noise?: tf.Tensor4D | null;
  /** Gain of `lrelu(·, 0.2)`, or null for no activation. @default null */
  gain?: number | null;
  /** Clamp bound `c` of `clamp(·, −c, c)`, or null for none. @default null */
  clamp?: number | null;
}

/**
 * `clamp(lrelu(x·scale + noise + bias)·gain, c)` as one op whose gradient keeps only `u = x·scale + noise + bias`,
 * where the separate ops would keep four full-size tensors on a gradient tape. Its gradient w.r.t. x is
 * {@link activationGrad}`(dy, u)`, whose own gradient needs nothing more than u either; u enters it only through
 * sign and step, whose gradients are zero, so R1 and path length differentiate it exactly.
 */
export function biasAct(x: tf.Tensor4D, bias: tf.Tensor1D, options: BiasActOptions = {}): tf.Tensor4D {
  const { scale = 1, noise = null, gain = null, clamp: c = null } = options;
  const op = tf.customGrad<tf.Tensor4D>((...args) => {
    const save = args.at(-1) as tf.GradSaveFunc;
    const [xi, bi, ni] = args as tf.Tensor[];
    const [v, u] = fusedBiasAct(
      xi as tf.Tensor4D,
      bi as tf.Tensor1D,
      noise === null ? null : (ni as tf.Tensor4D),
      {
        scale,
        gain,
        clamp: c,
      },
    );
    save([u]);
    return {
      value: v,
      gradFunc: (dy, saved) =>
        tf.tidy(() => {
          // dL/du, times scale: dL/dx. The bias and noise take dL/du = gx / scale.
          const gx = activationGrad(dy as tf.Tensor4D, saved[0]!, { gain, clamp: c, scale });
          const unscaled = (t: tf.Tensor) => (scale === 1 ? t : tf.mul(t, 1 / scale));
          const gb = unscaled(sumToLast(gx));
          if (noise === null) return [gx, gb];
          // Noise [N|1, H, W, 1]: summed over channels, and over the batch where it is shared.
          return [gx, gb, unscaled(sumChannels(gx, noise.shape[0] === gx.shape[0]))];
        }),
    };
  });
  return noise === null ? op(x, bias) : op(x, bias, noise);
}

/**
 * `dy · scale · gain·(0.6 + 0.4·sign(u)) · step(c − |lrelu(u)·gain|)`: the derivative of {@link biasAct} w.r.t. x,
 * given its pre-activation u. One op, linear in dy, whose gradient is itself applied to ddy: under a second-order
 * tape it keeps only u (already kept by the forward op), where the equivalent separate ops keep about six
 * full-size tensors. Its gradient w.r.t. u is zero almost everywhere, so u is not an input.
 */
export function activationGrad(
  dy: tf.Tensor4D,
  u: tf.Tensor,
  options: { gain: number | null; clamp: number | null; scale: number },
): tf.Tensor4D {
  const { gain, clamp: c, scale } = options;
  const op = tf.customGrad<tf.Tensor4D>((...args) => {
    const d = args[0] as tf.Tensor4D;
    (args.at(-1) as tf.GradSaveFunc)([u]);
    return {
      value: fusedActivationGrad(d, u, { gain, clamp: c, scale }),
      gradFunc: (ddy, saved) => activationGrad(ddy as tf.Tensor4D, saved[0]!, options),
    };
  });
  return op(dy);
}

/**
 * `x · s` with per-sample, per-channel factors `s [N, C]` broadcast over H and W, as one op whose gradients are
 * {@link channelScale} and {@link channelDot} again. A broadcast multiply's gradient sums a full-size product, and
 * tfjs' Sum keeps its input for the shape: under a second-order tape this op keeps x and s only.
 */
export function channelScale(x: tf.Tensor4D, s: tf.Tensor2D): tf.Tensor4D {
  const n = x.shape[0];
  const op = tf.customGrad<tf.Tensor4D>((...args) => {
    const [xi, si] = args as [tf.Tensor4D, tf.Tensor2D];
    (args.at(-1) as tf.GradSaveFunc)([xi, si]);
    return {
      value: fusedChannelScale(xi, si),
      gradFunc: (dy, saved) => {
        const [xs, ss] = saved as [tf.Tensor4D, tf.Tensor2D];
        const ds = channelDot(dy as tf.Tensor4D, xs);
        // A factor shared by the batch ([1, C]) takes the sum over samples.
        return [channelScale(dy as tf.Tensor4D, ss), ss.shape[0] === n ? ds : tf.sum(ds, 0, true)];
      },
    };
  });
  return op(x, s);
}

/** `Σ_{H,W} a · b` per sample and channel, `[N, C]`; its gradients are {@link channelScale}s of a and b. */
export function channelDot(a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor2D {
  const op = tf.customGrad<tf.Tensor2D>((...args) => {
    const [ai, bi] = args as [tf.Tensor4D, tf.Tensor4D];
    (args.at(-1) as tf.GradSaveFunc)([ai, bi]);
    return {
      value: fusedChannelDot(ai, bi),
      gradFunc: (dy, saved) => [
        channelScale(saved[1] as tf.Tensor4D, dy as tf.Tensor2D),
        channelScale(saved[0] as tf.Tensor4D, dy as tf.Tensor2D),
      ],
    };
  });
  return op(a, b);
}

/**
 * `Σ_{kh,kw} w²` of a conv weight `[kh, kw, A, B]` -> `[A, B]` (the demodulation's weight norms): {@link channelDot}
 * of w with itself seen as `[1, kh·kw, 1, A·B]`, so its gradient `2·w·dy` keeps only w (a variable, shared) where
 * tfjs' square-then-sum keeps w², its float32 cast and, through Sum's gradient, a weight-sized `ones` on a
 * second-order tape.
 */
export function sumSquares(w: tf.Tensor4D): tf.Tensor2D {
  const [kh, kw, a, b] = w.shape;
  return tf.tidy(() => {
    const flat = tf.reshape(w, [1, kh * kw, 1, a * b]) as tf.Tensor4D;
    return tf.reshape(channelDot(flat, flat), [a, b]) as tf.Tensor2D;
  });
}

// Taps of the separable [1,3,3,1] filter, normalised to sum 1 per pass.
const TAPS = [1 / 8, 3 / 8, 3 / 8, 1 / 8];
const filterCache = new Map<string, { v: tf.Tensor4D; h: tf.Tensor4D }>();

function firFilters(channels: number, gain: number): { v: tf.Tensor4D; h: tf.Tensor4D } {
  const key = `${channels}:${gain}`;
  let f = filterCache.get(key);
  if (f === undefined || f.v.isDisposed) {
    const g = Math.sqrt(gain);
    const data = new Float32Array(4 * channels);
    for (let t = 0; t < 4; t++) data.fill(TAPS[t]! * g, t * channels, (t + 1) * channels);
    f = {
      v: tf.keep(tf.tensor4d(data, [4, 1, channels, 1])),
      h: tf.keep(tf.tensor4d(data, [1, 4, channels, 1])),
    };
    filterCache.set(key, f);
  }
  return f;
}

/** Padding `[top, bottom, left, right]` of a FIR pass; each in 0..3. */
export type FirPad = [number, number, number, number];

function firRaw(x: tf.Tensor4D, pad: FirPad, gain: number): tf.Tensor4D {
  const f = firFilters(x.shape[3], gain);
  const y = tf.depthwiseConv2d(x, f.v, 1, [
    [0, 0],
    [pad[0], pad[1]],
    [0, 0],
    [0, 0],
  ]);
  return tf.depthwiseConv2d(y, f.h, 1, [
    [0, 0],
    [0, 0],
    [pad[2], pad[3]],
    [0, 0],
  ]);
}

/**
 * Zero-pads by `pad` and filters every channel with the 4x4 `[1,3,3,1]` kernel times `gain` ("valid"):
 * output H = H + top + bottom − 3. Its gradient is the same op with padding `3 − p` (the filter is symmetric),
 * so the op is differentiable to any order without depthwise-conv backprop kernels.
 */
export function fir(x: tf.Tensor4D, pad: FirPad, gain = 1): tf.Tensor4D {
  for (const p of pad)
    if (!(Number.isInteger(p) && p >= 0 && p <= 3)) throw new RangeError(`FIR pad must be 0..3, got "${p}"`);
  const op = tf.customGrad<tf.Tensor4D>((...inputs) => ({
    value: tf.tidy(() => firRaw(inputs[0] as tf.Tensor4D, pad, gain)),
    gradFunc: (dy) => tf.tidy(() => fir(dy, [3 - pad[0], 3 - pad[1], 3 - pad[2], 3 - pad[3]], gain)),
  }));
  return op(x);
}

/** Inserts a zero after every sample in H and W: [N,H,W,C] -> [N,2H,2W,C], samples at even indices. */
export function zeroInsert(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  let y = tf.reshape(x, [n, h, 1, w * c]);
  y = tf.pad(y, [
    [0, 0],
    [0, 0],
    [0, 1],
    [0, 0],
  ]);
  y = tf.reshape(y, [n * 2 * h, w, 1, c]);
  y = tf.pad(y, [
    [0, 0],
    [0, 0],
    [0, 1],
    [0, 0],
  ]);
  return tf.reshape(y, [n, 2 * h, 2 * w, c]);
}

/** NVIDIA's `upsample2d(x, [1,3,3,1])`: zero-insert, pad 2 before / 1 after, FIR with gain 4. */
export function upsample2d(x: tf.Tensor4D): tf.Tensor4D {
  return fir(zeroInsert(x), [2, 1, 2, 1], 4);
}

/** Options of {@link modulatedConv}. */
export interface ModulatedConvOptions {
  /** Normalise each output channel's effective weight to unit norm. @default true */
  demodulate?: boolean;
  /** Upsample 2x (3x3 kernels only; the weight must then be in conv-transpose layout [kh,kw,O,I]). @default false */
  up?: boolean;
}

/**
 * Non-fused modulated convolution in NHWC: `conv(x · s, w) · d`, where `d[n,o] = 1/√(Σ_{i,kh,kw} (w·s)² + 1e-8)`.
 * `weight` is the raw variable ([kh,kw,I,O], or [kh,kw,O,I] when `up`), so the backend sees the same filter tensor
 * each call. Odd kernels get "same" padding; `up` follows NVIDIA's transposed conv + FIR(pad 1, gain 4).
 */
export function modulatedConv(
  x: tf.Tensor4D,
  weight: tf.Tensor4D,
  styles: tf.Tensor2D,
  options: ModulatedConvOptions = {},
): tf.Tensor4D {
  const { demodulate = true, up = false } = options;
  const [n, h, w] = x.shape;
  const [kh, kw] = weight.shape;
  const cout = up ? weight.shape[2] : weight.shape[3];
  let y = channelScale(x, styles);
  if (up) {
    if (kh !== 3 || kw !== 3)
      throw new RangeError(`Upsampling modulated conv needs a 3x3 kernel, got "${kh}x${kw}"`);
    y = tf.conv2dTranspose(y, weight, [n, 2 * h + 1, 2 * w + 1, cout], 2, "valid");
    y = fir(y, [1, 1, 1, 1], 4);
  } else {
    const ph = (kh - 1) / 2;
    const pw = (kw - 1) / 2;
    y = tf.conv2d(y, weight, 1, [
      [0, 0],
      [ph, ph],
      [pw, pw],
      [0, 0],
    ]);
  }
  if (!demodulate) return y;
  // Σ_{kh,kw} w² as [I, O], then d = rsqrt(s² · wsq + 1e-8).
  const wsq = up ? tf.transpose(sumSquares(weight)) : sumSquares(weight);
  const d = tf.rsqrt(tf.add(tf.matMul(tf.square(styles), wsq as tf.Tensor2D), 1e-8));
  return channelScale(y, d as tf.Tensor2D);
}

/** `x · rsqrt(mean(x², features) + 1e-8)` per sample. */
export function normalize2ndMoment(x: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), 1, true), 1e-8))) as tf.Tensor2D;
}

/**
 * Minibatch standard deviation (NHWC): groups of `min(groupSize, N)` samples taken G-major (sample g·n + j is in
 * group j), per group the std over members averaged over (c, H, W) for each of `numChannels` feature slices, appended
 * as `numChannels` extra channels. With `segments` > 1 the batch is that many batches of equal size one after the
 * other, each grouped on its own (as if D saw them in separate calls).
 */
export function minibatchStd(
  x: tf.Tensor4D,
  groupSize: number,
  numChannels: number,
  segments = 1,
): tf.Tensor4D {
  const [total, h, w, c] = x.shape;
  if (!Number.isInteger(segments) || segments < 1 || total % segments !== 0)
    throw new RangeError(`Batch size "${total}" must split into "${segments}" equal segments`);
  const n = total / segments;
  const g = Math.min(groupSize, n);
  if (n % g !== 0) throw new RangeError(`Batch size "${n}" must be divisible by the mbstd group size "${g}"`);
  const f = numChannels;
  const groups = n / g;
  // Six axes at most: wasm's element-wise kernels (XNNPACK) take no more.
  const y = tf.reshape(x, [segments, g, groups, h * w, f, c / f]);
  const centred = tf.sub(y, tf.mean(y, 1, true));
  const std = tf.sqrt(tf.add(tf.mean(tf.square(centred), 1), 1e-8)); // [segments, groups, h·w, f, c/f]
  const perGroup = tf.mean(std, [2, 4]); // [segments, groups, f]
  // Sample s·n + g·groups + j -> segment s, group j.
  const perSample = tf.tile(tf.reshape(perGroup, [segments, 1, groups, f]), [1, g, 1, 1]);
  const channels = tf.mul(tf.reshape(perSample, [total, 1, 1, f]), tf.ones([1, h, w, 1]));
  return tf.concat([x, channels], 3) as tf.Tensor4D;
}
