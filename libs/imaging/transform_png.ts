import type { Sharp } from "sharp";
import sharp from "./_sharp.ts";
import { imageDecodeErrorOf } from "./_sharp_error.ts";
import { decodeImage } from "./decode.ts";
import { DEFAULT_MAX_PIXELS, type ImageHeader, readImageHeader } from "./header.ts";
import { checkImage } from "./png.ts";
import type { TransformPlan } from "./transform.ts";
import type { RgbImage } from "./types.ts";

/** Options of {@linkcode transformToPng}. */
export interface TransformToPngOptions {
  /**
   * zlib level of the PNG, 0 (stored) to 9.
   * @default 0: data set images are stored uncompressed, as `dataset_tool.py` writes them (into a zip that is not
   * compressed either), which saves the encoding time of every image and their decoding time in training
   */
  readonly compressionLevel?: number;
}

/** Options of {@linkcode transformEncodedToPng}. */
export interface TransformEncodedToPngOptions extends TransformToPngOptions {
  /**
   * The input's header, when the caller has read it already (e.g. to plan the transform).
   * @default read here with {@linkcode readImageHeader}
   */
  readonly header?: ImageHeader;
  /**
   * Largest accepted width x height, as `decodeImage` takes it.
   * @default {DEFAULT_MAX_PIXELS}
   */
  readonly maxPixels?: number;
}

// Formats whose decoders read every column of each row they decode, so that a crop reaching the last row decodes
// (and checks) the whole file, as `decodeImage` does. A tiled TIFF may skip tiles outside the crop.
const WHOLE_ROW_FORMATS = new Set(["jpeg", "png", "webp"]);

/**
 * Applies a transform plan (see `planTransform`) with libvips' lanczos3 (crop, resize, black padding) and encodes
 * the result as an 8-bit RGB PNG, in one libvips pipeline.
 *
 * @throws {RangeError} when `plan` does not fit the image
 */
export async function transformToPng(
  image: RgbImage,
  plan: TransformPlan,
  options: TransformToPngOptions = {},
): Promise<Uint8Array> {
  checkImage(image);
  checkPlan(plan, image.width, image.height);
  const input = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  return await planned(input, plan, pngLevel(options));
}

/**
 * {@linkcode transformToPng} of encoded image bytes, with the very pixels of `decodeImage` followed by
 * `transformToPng`. An upright 8-bit RGB JPEG, PNG or WebP (no conversion in its header) whose crop reaches its
 * last row goes through one libvips pipeline from the encoded bytes, so its decoded pixels never pass through
 * JavaScript (about 15% less CPU per image); a crop that ends above the last row would leave the rows below it
 * unread, and damage there unnoticed, so such images, and every other one, are decoded whole first.
 *
 * @throws {ImageDecodeError} as `decodeImage`: `NOT_AN_IMAGE`, `CORRUPT`, `TOO_MANY_PIXELS`, `UNSUPPORTED`
 * @throws {RangeError} when `plan` does not fit the image
 */
export async function transformEncodedToPng(
  bytes: Uint8Array,
  plan: TransformPlan,
  options: TransformEncodedToPngOptions = {},
): Promise<Uint8Array> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const level = pngLevel(options);
  const header = options.header ?? (await readImageHeader(bytes, { maxPixels }));
  checkPlan(plan, header.width, header.height);
  const { crop } = plan;
  const whole =
    header.info.conversions.length === 0 &&
    WHOLE_ROW_FORMATS.has(header.info.format) &&
    crop.top + crop.height === header.height;
  if (!whole)
    return await transformToPng(await decodeImage(bytes, { maxPixels }), plan, { compressionLevel: level });
  try {
    return await planned(sharp(bytes, { limitInputPixels: maxPixels, failOn: "error" }), plan, level);
  } catch (err) {
    throw imageDecodeErrorOf(err, header.info.format);
  }
}

function pngLevel(options: TransformToPngOptions): number {
  const level = options.compressionLevel ?? 0;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new RangeError(`Compression level must be an integer from 0 to 9, got '${level}'`);
  }
  return level;
}

function checkPlan(plan: TransformPlan, width: number, height: number): void {
  const { crop, resize, padTop, output } = plan;
  if (
    crop.left < 0 ||
    crop.top < 0 ||
    crop.left + crop.width > width ||
    crop.top + crop.height > height ||
    resize.width !== output.width ||
    padTop < 0 ||
    padTop + resize.height > output.height
  ) {
    throw new RangeError(
      `Transform plan (crop '${crop.width}x${crop.height}+${crop.left}+${crop.top}', output ` +
        `'${output.width}x${output.height}') does not fit an image of '${width}x${height}'`,
    );
  }
}

async function planned(input: Sharp, plan: TransformPlan, level: number): Promise<Uint8Array> {
  const { crop, resize, padTop, output } = plan;
  let pipeline = input.extract(crop).resize(resize.width, resize.height, { kernel: "lanczos3", fit: "fill" });
  if (output.height !== resize.height) {
    pipeline = pipeline.extend({
      top: padTop,
      bottom: output.height - resize.height - padTop,
      background: { r: 0, g: 0, b: 0 },
    });
  }
  const buf = await pipeline
    .png({ compressionLevel: level, adaptiveFiltering: false, palette: false })
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
