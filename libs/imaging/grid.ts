import { checkImage, encodePng } from "./png.ts";
import type { RgbImage } from "./types.ts";

/** Options for {@linkcode tileImages}. */
export interface TileOptions {
  /**
   * Images per row; the number of rows follows.
   * @default Math.ceil(Math.sqrt(images.length))
   */
  readonly cols?: number;
  /**
   * Pixels between images and around the grid.
   * @default 0
   */
  readonly padding?: number;
  /**
   * Colour of padding and empty cells, as `[r, g, b]`.
   * @default [0, 0, 0]
   */
  readonly background?: readonly [number, number, number];
}

/**
 * Tiles same-size images row by row into one image (NVIDIA's `save_image_grid` layout when `padding` is 0).
 * Encode the result with `encodePng`.
 */
export function tileImages(images: readonly RgbImage[], options: TileOptions = {}): RgbImage {
  const first = images[0];
  if (first === undefined) throw new RangeError("Cannot tile an empty list of images");
  const cols = options.cols ?? Math.ceil(Math.sqrt(images.length));
  const pad = options.padding ?? 0;
  if (!Number.isInteger(cols) || cols < 1)
    throw new RangeError(`Columns must be a positive integer, got '${cols}'`);
  if (!Number.isInteger(pad) || pad < 0)
    throw new RangeError(`Padding must be a non-negative integer, got '${pad}'`);
  const { width: w, height: h } = first;
  for (const image of images) {
    checkImage(image);
    if (image.width !== w || image.height !== h) {
      throw new RangeError(`All images must be '${w}x${h}', got '${image.width}x${image.height}'`);
    }
  }
  const rows = Math.ceil(images.length / cols);
  const width = cols * w + (cols + 1) * pad;
  const height = rows * h + (rows + 1) * pad;
  const data = new Uint8Array(width * height * 3);
  const [r, g, b] = options.background ?? [0, 0, 0];
  if (r !== 0 || g !== 0 || b !== 0) {
    for (let i = 0; i < width * height; i++) {
      data[i * 3] = r;
      data[i * 3 + 1] = g;
      data[i * 3 + 2] = b;
    }
  }
  images.forEach((image, k) => {
    const x0 = pad + (k % cols) * (w + pad);
    const y0 = pad + Math.floor(k / cols) * (h + pad);
    for (let y = 0; y < h; y++) {
      data.set(image.data.subarray(y * w * 3, (y + 1) * w * 3), ((y0 + y) * width + x0) * 3);
    }
  });
  return { data, width, height };
}

/** {@linkcode tileImages} then a PNG (zlib level 6): a contact sheet of samples or reconstructions. */
export async function imageGrid(images: readonly RgbImage[], options: TileOptions = {}): Promise<Uint8Array> {
  return await encodePng(tileImages(images, options));
}
