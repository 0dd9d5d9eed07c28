import { checkImage } from "./png.ts";
import type { RgbImage } from "./types.ts";

/**
 * Per-pixel residual |a - b| averaged over the three channels, in [0, 1] (a difference of 255 is 1): the anomaly
 * localisation map f-AnoGAN shows between an image and its reconstruction. Row-major, `width * height` values.
 */
export function residualMap(a: RgbImage, b: RgbImage): Float32Array {
  checkImage(a);
  checkImage(b);
  if (a.width !== b.width || a.height !== b.height) {
    throw new RangeError(
      `Images must have the same size, got '${a.width}x${a.height}' and '${b.width}x${b.height}'`,
    );
  }
  const n = a.width * a.height;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < 3; c++)
      sum += Math.abs((a.data[i * 3 + c] as number) - (b.data[i * 3 + c] as number));
    out[i] = sum / (3 * 255);
  }
  return out;
}

// Matplotlib's "inferno" at 0, 1/4, 1/2, 3/4 and 1, linearly interpolated between.
const INFERNO: readonly (readonly [number, number, number])[] = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

/** Options for {@linkcode colorizeMap}. */
export interface ColorizeOptions {
  /** Map width. */
  readonly width: number;
  /** Map height. */
  readonly height: number;
  /**
   * Value drawn as the darkest colour.
   * @default the smallest value
   */
  readonly min?: number;
  /**
   * Value drawn as the brightest colour.
   * @default the largest value
   */
  readonly max?: number;
}

/** Draws a scalar map with an inferno-like colour scale (dark purple = `min`, pale yellow = `max`). */
export function colorizeMap(values: Float32Array, options: ColorizeOptions): RgbImage {
  const { width, height } = options;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(`Map size must be positive integers, got '${width}x${height}'`);
  }
  if (values.length !== width * height) {
    throw new RangeError(
      `Map of '${width}x${height}' needs '${width * height}' values, got '${values.length}'`,
    );
  }
  let lo = options.min ?? Number.POSITIVE_INFINITY;
  let hi = options.max ?? Number.NEGATIVE_INFINITY;
  if (options.min === undefined || options.max === undefined) {
    for (const v of values) {
      if (options.min === undefined && v < lo) lo = v;
      if (options.max === undefined && v > hi) hi = v;
    }
  }
  const span = hi > lo ? hi - lo : 1;
  const data = new Uint8Array(width * height * 3);
  const last = INFERNO.length - 1;
  for (let i = 0; i < values.length; i++) {
    const t = Math.min(Math.max(((values[i] as number) - lo) / span, 0), 1) * last;
    const k = Math.min(Math.floor(t), last - 1);
    const f = t - k;
    const c0 = INFERNO[k] as readonly [number, number, number];
    const c1 = INFERNO[k + 1] as readonly [number, number, number];
    data[i * 3] = Math.round(c0[0] + (c1[0] - c0[0]) * f);
    data[i * 3 + 1] = Math.round(c0[1] + (c1[1] - c0[1]) * f);
    data[i * 3 + 2] = Math.round(c0[2] + (c1[2] - c0[2]) * f);
  }
  return { data, width, height };
}

/** `base * (1 - alpha) + overlay * alpha`, rounded, for drawing a heat map over the image it explains. */
export function blendImages(
  base: RgbImage,
  overlay: RgbImage,
  options: { readonly alpha?: number } = {},
): RgbImage {
  const alpha = options.alpha ?? 0.5;
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`Alpha must be in [0, 1], got '${alpha}'`);
  checkImage(base);
  checkImage(overlay);
  if (base.width !== overlay.width || base.height !== overlay.height) {
    throw new RangeError(
      `Images must have the same size, got '${base.width}x${base.height}' and '${overlay.width}x${overlay.height}'`,
    );
  }
  const data = new Uint8Array(base.data.length);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.round((base.data[i] as number) * (1 - alpha) + (overlay.data[i] as number) * alpha);
  }
  return { data, width: base.width, height: base.height };
}
