import sharp from "./_sharp.ts";
import type { RgbImage } from "./types.ts";

/** Options for {@linkcode encodePng}. */
export interface EncodePngOptions {
  /**
   * zlib level, 0 (stored, as `dataset_tool.py` writes datasets) to 9.
   * @default 6
   */
  readonly compressionLevel?: number;
}

/** Encodes an RGB image as an 8-bit RGB PNG without filtering choices beyond libpng's defaults. */
export async function encodePng(image: RgbImage, options: EncodePngOptions = {}): Promise<Uint8Array> {
  const level = options.compressionLevel ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new RangeError(`Compression level must be an integer from 0 to 9, got '${level}'`);
  }
  checkImage(image);
  const buf = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png({ compressionLevel: level, adaptiveFiltering: false, palette: false })
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Encodes an RGB image as a baseline JPEG. */
export async function encodeJpeg(
  image: RgbImage,
  options: { readonly quality?: number } = {},
): Promise<Uint8Array> {
  const quality = options.quality ?? 90;
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new RangeError(`Quality must be an integer from 1 to 100, got '${quality}'`);
  }
  checkImage(image);
  const buf = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Throws when `image.data` does not hold `width * height * 3` bytes. */
export function checkImage(image: RgbImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(`Image size must be positive integers, got '${width}x${height}'`);
  }
  if (data.length !== width * height * 3) {
    throw new RangeError(
      `Image of '${width}x${height}' needs '${width * height * 3}' bytes, got '${data.length}'`,
    );
  }
}
