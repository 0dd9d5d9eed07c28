import type { RgbImage } from "./types.ts";

/** Options for {@linkcode imageToChw}. */
export interface ImageToChwOptions {
  /**
   * Array to write into (for example one batch buffer of shape [N, 3, H, W]); a new one is made when absent.
   * @default undefined
   */
  readonly out?: Float32Array;
  /**
   * Index in `out` where this image's 3 * H * W values start.
   * @default 0
   */
  readonly offset?: number;
}

/**
 * HWC uint8 RGB -> CHW float32 in [-1, 1] with `x / 127.5 - 1`, the scaling StyleGAN2-ADA applies to real images.
 * Returns `out` (or a new array of 3 * H * W values).
 */
export function imageToChw(image: RgbImage, options: ImageToChwOptions = {}): Float32Array {
  const { width, height, data } = image;
  const plane = width * height;
  const offset = options.offset ?? 0;
  const out = options.out ?? new Float32Array(plane * 3);
  if (!Number.isInteger(offset) || offset < 0 || offset + plane * 3 > out.length) {
    throw new RangeError(
      `Output of length '${out.length}' cannot hold '${plane * 3}' values at offset '${offset}'`,
    );
  }
  for (let i = 0; i < plane; i++) {
    out[offset + i] = (data[i * 3] as number) / 127.5 - 1;
    out[offset + plane + i] = (data[i * 3 + 1] as number) / 127.5 - 1;
    out[offset + 2 * plane + i] = (data[i * 3 + 2] as number) / 127.5 - 1;
  }
  return out;
}

/** Options for {@linkcode chwToImage}. */
export interface ChwToImageOptions {
  /** Image width. */
  readonly width: number;
  /** Image height. */
  readonly height: number;
  /**
   * Index in `data` where the image's 3 * H * W values start (to read one image of a batch).
   * @default 0
   */
  readonly offset?: number;
}

/**
 * CHW float32 in [-1, 1] -> HWC uint8 RGB as NVIDIA's code saves images: `(x * 127.5 + 128).clamp(0, 255)` then a
 * truncating cast to uint8. NaN becomes 0.
 */
export function chwToImage(data: Float32Array, options: ChwToImageOptions): RgbImage {
  const { width, height } = options;
  const offset = options.offset ?? 0;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(`Image size must be positive integers, got '${width}x${height}'`);
  }
  const plane = width * height;
  if (!Number.isInteger(offset) || offset < 0 || offset + plane * 3 > data.length) {
    throw new RangeError(
      `Input of length '${data.length}' has no '${plane * 3}' values at offset '${offset}'`,
    );
  }
  const out = new Uint8Array(plane * 3);
  for (let c = 0; c < 3; c++) {
    const base = offset + c * plane;
    for (let i = 0; i < plane; i++) {
      const v = (data[base + i] as number) * 127.5 + 128;
      // Uint8Array stores truncate toward zero once the value is clamped to [0, 255].
      out[i * 3 + c] = v > 255 ? 255 : v > 0 ? v : 0;
    }
  }
  return { data: out, width, height };
}
