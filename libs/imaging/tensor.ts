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

/**
 * A batch in the TF.js networks' NHWC layout, float32 in [-1, 1], to images with the same conversion as
 * {@linkcode chwToImage}. One channel is repeated to RGB, as NVIDIA's metrics do for grayscale.
 */
export function nhwcToImages(data: ArrayLike<number>, shape: readonly number[]): RgbImage[] {
  const [n, h, w, c] = shape as [number, number, number, number];
  if (shape.length !== 4 || (c !== 1 && c !== 3) || n * h * w * c !== data.length) {
    throw new RangeError(`Expected an NHWC batch with 1 or 3 channels, got shape '[${shape.join(", ")}]'`);
  }
  const out: RgbImage[] = [];
  for (let k = 0; k < n; k++) {
    const px = new Uint8Array(h * w * 3);
    for (let i = 0; i < h * w; i++) {
      for (let ch = 0; ch < 3; ch++) {
        const v = (data[(k * h * w + i) * c + (c === 1 ? 0 : ch)] as number) * 127.5 + 128;
        px[i * 3 + ch] = v > 255 ? 255 : v > 0 ? v : 0;
      }
    }
    out.push({ data: px, width: w, height: h });
  }
  return out;
}
