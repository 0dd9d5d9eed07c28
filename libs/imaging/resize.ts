import type { RgbImage } from "./types.ts";

// Pillow's fixed-point layout for 8-bit images (Resample.c): coefficients are scaled by 2^22 and rounded.
const PRECISION_BITS = 22;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);
const MAX_SUM = 256 * ONE;
const LANCZOS_SUPPORT = 3;

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
}

function lanczos(x: number): number {
  return x >= -LANCZOS_SUPPORT && x < LANCZOS_SUPPORT ? sinc(x) * sinc(x / LANCZOS_SUPPORT) : 0;
}

interface Coefficients {
  /** Taps per output sample (the stride of `weights`). */
  readonly size: number;
  /** Per output sample: first input index, then the number of taps. */
  readonly bounds: Int32Array;
  /** Fixed-point weights, `size` per output sample. */
  readonly weights: Int32Array;
}

/**
 * Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc`: the kernel is widened by the scale factor when
 * downsampling (antialiasing), each output's weights are normalised to sum to 1, then rounded to fixed point.
 */
function coefficients(inSize: number, outSize: number): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = LANCZOS_SUPPORT * filterScale;
  const size = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * size);
  const k = new Float64Array(size);
  const inv = 1 / filterScale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    // C's (int) cast truncates toward zero.
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let sum = 0;
    for (let x = 0; x < xmax; x++) {
      const w = lanczos((x + xmin - center + 0.5) * inv);
      k[x] = w;
      sum += w;
    }
    for (let x = 0; x < xmax; x++) {
      const w = sum !== 0 ? (k[x] as number) / sum : (k[x] as number);
      weights[xx * size + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { size, bounds, weights };
}

function clip8(sum: number): number {
  if (sum >= MAX_SUM) return 255;
  if (sum <= 0) return 0;
  return sum >> PRECISION_BITS;
}

function resampleHorizontal(src: RgbImage, outWidth: number): RgbImage {
  const { width, height, data } = src;
  const { size, bounds, weights } = coefficients(width, outWidth);
  const out = new Uint8Array(outWidth * height * 3);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    const outRow = y * outWidth * 3;
    for (let xx = 0; xx < outWidth; xx++) {
      const xmin = bounds[xx * 2] as number;
      const taps = bounds[xx * 2 + 1] as number;
      const kOff = xx * size;
      let s0 = HALF;
      let s1 = HALF;
      let s2 = HALF;
      let p = row + xmin * 3;
      for (let x = 0; x < taps; x++, p += 3) {
        const w = weights[kOff + x] as number;
        s0 += (data[p] as number) * w;
        s1 += (data[p + 1] as number) * w;
        s2 += (data[p + 2] as number) * w;
      }
      const o = outRow + xx * 3;
      out[o] = clip8(s0);
      out[o + 1] = clip8(s1);
      out[o + 2] = clip8(s2);
    }
  }
  return { data: out, width: outWidth, height };
}

function resampleVertical(src: RgbImage, outHeight: number): RgbImage {
  const { width, height, data } = src;
  const { size, bounds, weights } = coefficients(height, outHeight);
  const rowLen = width * 3;
  const out = new Uint8Array(rowLen * outHeight);
  const acc = new Float64Array(rowLen);
  for (let yy = 0; yy < outHeight; yy++) {
    const ymin = bounds[yy * 2] as number;
    const taps = bounds[yy * 2 + 1] as number;
    acc.fill(HALF);
    for (let y = 0; y < taps; y++) {
      const w = weights[yy * size + y] as number;
      const row = (ymin + y) * rowLen;
      for (let i = 0; i < rowLen; i++) acc[i] = (acc[i] as number) + (data[row + i] as number) * w;
    }
    const outRow = yy * rowLen;
    for (let i = 0; i < rowLen; i++) out[outRow + i] = clip8(acc[i] as number);
  }
  return { data: out, width, height: outHeight };
}

/**
 * Resizes to `width` x `height` exactly as Pillow's `Image.resize((width, height), Image.LANCZOS)` does for an RGB
 * image (the call `dataset_tool.py` makes): separable Lanczos-3, widened by the scale factor when shrinking,
 * Pillow's 22-bit fixed-point weights, horizontal pass first into an 8-bit intermediate, then vertical.
 * Returns a copy when the size is unchanged.
 */
export function resizeLanczos(
  image: RgbImage,
  options: { readonly width: number; readonly height: number },
): RgbImage {
  const { width, height } = options;
  for (const [name, v] of [
    ["Width", width],
    ["Height", height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got '${v}'`);
  }
  let out: RgbImage = image;
  if (width !== image.width) out = resampleHorizontal(out, width);
  if (height !== image.height) out = resampleVertical(out, height);
  return out === image ? { data: image.data.slice(), width: image.width, height: image.height } : out;
}
