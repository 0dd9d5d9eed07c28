import { readFile } from "node:fs/promises";
import { decode as decodeBmp } from "bmp-ts";
import sharp from "./_sharp.ts";
import { imageDecodeErrorOf } from "./_sharp_error.ts";
import { DecodeErrorCode, ImageDecodeError } from "./decode_error.ts";
import { Conversion, DEFAULT_MAX_PIXELS, type DecodeInfo, readImageHeader } from "./header.ts";
import type { RgbImage } from "./types.ts";

/** A decoded image plus what was done to it. */
export interface DecodedImage extends RgbImage {
  readonly info: DecodeInfo;
}

/** Options for {@linkcode decodeImage}. */
export interface DecodeOptions {
  /**
   * Largest accepted width x height; larger inputs fail with `TOO_MANY_PIXELS` before their pixels are decoded.
   * @default {DEFAULT_MAX_PIXELS}
   */
  readonly maxPixels?: number;
  /**
   * Colour that transparent pixels are composited over, as `[r, g, b]` bytes.
   * @default [0, 0, 0]
   */
  readonly background?: readonly [number, number, number];
}

/**
 * Decodes JPEG, PNG, WebP, TIFF, GIF (first frame), AVIF or BMP bytes, or a file, to upright 8-bit sRGB: the EXIF
 * orientation is applied, grey is repeated to RGB, CMYK and other colour spaces become sRGB, 16-bit samples become
 * 8-bit, and alpha is composited over `background`. BMP is decoded with `bmp-ts` (libvips has no BMP loader); its
 * alpha, often unset in 32-bit files, is ignored.
 *
 * @throws {ImageDecodeError} `NOT_AN_IMAGE`, `CORRUPT` (also for truncated data), `TOO_MANY_PIXELS`, `UNSUPPORTED`
 */
export async function decodeImage(
  input: Uint8Array | string,
  options: DecodeOptions = {},
): Promise<DecodedImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1) {
    throw new RangeError(`Max pixels must be a positive integer, got '${maxPixels}'`);
  }
  const [r, g, b] = options.background ?? [0, 0, 0];
  const bytes = typeof input === "string" ? await readFile(input) : input;
  const header = await readImageHeader(bytes, { maxPixels });
  const format = header.info.format;
  if (format === "bmp") return decodeBmpBytes(bytes);

  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: "error" })
      .rotate()
      .flatten({ background: { r, g, b } })
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw new ImageDecodeError(
        DecodeErrorCode.UNSUPPORTED,
        `Decoded image has '${info.channels}' channels, not 3`,
      );
    }
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      info: header.info,
    };
  } catch (err) {
    throw imageDecodeErrorOf(err, format);
  }
}

// readImageHeader() has checked the header's size against the limit.
function decodeBmpBytes(bytes: Uint8Array): DecodedImage {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let decoded: { width: number; height: number; data: Buffer; bitPP: number };
  try {
    // ABGR order: bmp-ts ignores `toRGBA` for palette images, so only its default layout is consistent.
    decoded = decodeBmp(buffer, { toRGBA: false });
  } catch (err) {
    throw new ImageDecodeError(DecodeErrorCode.CORRUPT, `Damaged 'bmp' data: ${String(err)}`, { cause: err });
  }
  const { width, height } = decoded;
  const n = width * height;
  if (width < 1 || height < 1 || decoded.data.length < n * 4) {
    throw new ImageDecodeError(DecodeErrorCode.CORRUPT, "Damaged 'bmp' data: pixel data truncated");
  }
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = decoded.data[i * 4 + 3] ?? 0;
    data[i * 3 + 1] = decoded.data[i * 4 + 2] ?? 0;
    data[i * 3 + 2] = decoded.data[i * 4 + 1] ?? 0;
  }
  const conversions: Conversion[] = decoded.bitPP <= 8 ? [Conversion.PALETTE_TO_RGB] : [];
  return {
    data,
    width,
    height,
    info: { format: "bmp", sourceWidth: width, sourceHeight: height, sourceChannels: 3, conversions },
  };
}
