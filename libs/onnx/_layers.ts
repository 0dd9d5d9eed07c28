// Weight arithmetic and node patterns shared by the exporters. Weights arrive in NVIDIA's PyTorch layout (NCHW,
// conv [O, I, kh, kw], linear [out, in]), which is ONNX's own, so only gains are folded in and nothing is permuted
// except the transposed conv's [I, O, kh, kw].
import type { StateDict } from "@dermanomaly/gan";
import type { GraphBuilder } from "./builder.ts";
import { attr } from "./builder.ts";

export const SQRT2 = Math.SQRT2;
export const SQRT_HALF = Math.SQRT1_2;

/** Channels at resolution `res`: `min(floor(channelBase / res), channelMax)`, as `@dermanomaly/gan`'s config. */
export function channelsAt(config: { channelBase: number; channelMax: number }, res: number): number {
  return Math.min(Math.floor(config.channelBase / res), config.channelMax);
}

/** A state dict entry, which must exist (the state dict was checked against its config). */
export function tensor(sd: StateDict, name: string): { shape: number[]; data: Float32Array } {
  const t = sd.get(name);
  if (t === undefined) throw new RangeError(`State dict lacks "${name}"`);
  return t;
}

/** `data · factor` as a new array (float32 rounding of the product, as the networks compute it). */
export function scaled(data: Float32Array, factor: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! * factor;
  return out;
}

/** `[O, I, kh, kw]` -> `[I, O, kh, kw]` (a conv weight as ConvTranspose's filter). */
export function swapOI(data: Float32Array, shape: readonly number[]): Float32Array {
  const [o, i, kh, kw] = shape as [number, number, number, number];
  const k = kh * kw;
  const out = new Float32Array(data.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++) out.set(data.subarray((a * i + b) * k, (a * i + b + 1) * k), (b * o + a) * k);
  return out;
}

/** `Σ_{kh,kw} w²` of a conv weight `[O, I, kh, kw]`, as `[I, O]` times `factor` (the demodulation's norms). */
export function sumSquaresIO(data: Float32Array, shape: readonly number[], factor: number): Float32Array {
  const [o, i, kh, kw] = shape as [number, number, number, number];
  const k = kh * kw;
  const out = new Float32Array(i * o);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++) {
      let s = 0;
      for (let t = 0; t < k; t++) {
        const v = data[(a * i + b) * k + t]!;
        s += v * v;
      }
      out[b * o + a] = s * factor;
    }
  return out;
}

// The [1,3,3,1] outer product normalised to sum 1 (NVIDIA's setup_filter).
const FIR_1D = [1, 3, 3, 1];

/** The 4x4 FIR as a depthwise filter `[C, 1, 4, 4]` times `gain` (symmetric, so no flip is needed). */
export function firWeight(channels: number, gain: number): Float32Array {
  const out = new Float32Array(channels * 16);
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++) out[c * 16 + y * 4 + x] = ((FIR_1D[y]! * FIR_1D[x]!) / 64) * gain;
  return out;
}

/** Depthwise 4x4 FIR over `channels` channels: zero-pad by `pad` on every side, then filter with `stride`. */
export function fir(
  g: GraphBuilder,
  x: string,
  channels: number,
  pad: number,
  gain: number,
  stride = 1,
): string {
  const w = g.initializer("fir", firWeight(channels, gain), [channels, 1, 4, 4]);
  return g.op("Conv", [x, w], {
    group: attr.int(channels),
    kernel_shape: attr.ints([4, 4]),
    pads: attr.ints([pad, pad, pad, pad]),
    strides: attr.ints([stride, stride]),
  });
}

/** NVIDIA's `upsample2d(x, [1,3,3,1])` (zero-insert, pad 2/1, FIR gain 4) as one depthwise stride-2 ConvTranspose. */
export function upsample2d(g: GraphBuilder, x: string, channels: number): string {
  const w = g.initializer("up_fir", firWeight(channels, 4), [channels, 1, 4, 4]);
  // The transposed conv's full output c has 2H + 2 samples; upfirdn's padded FIR gives o[m] = c[m + 1].
  return g.op("ConvTranspose", [x, w], {
    group: attr.int(channels),
    kernel_shape: attr.ints([4, 4]),
    strides: attr.ints([2, 2]),
    pads: attr.ints([1, 1, 1, 1]),
  });
}

/** `lrelu(x, 0.2)`, then `clamp(·, ±c)` when c is not null. */
export function leakyClamp(g: GraphBuilder, x: string, clamp: number | null): string {
  const y = g.op("LeakyRelu", [x], { alpha: attr.float(0.2) });
  return clampTo(g, y, clamp);
}

/** `clamp(x, ±c)`, or x when c is null. */
export function clampTo(g: GraphBuilder, x: string, clamp: number | null): string {
  return clamp === null ? x : g.op("Clip", [x, g.scalar(-clamp), g.scalar(clamp)]);
}

/** `x [N, C] -> [N, C, 1, 1]`, to scale feature maps per sample and channel. */
export function perChannel(g: GraphBuilder, x: string): string {
  return g.op("Unsqueeze", [x, g.int64s([2, 3])]);
}
