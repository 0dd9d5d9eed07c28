import { readFile } from "node:fs/promises";
import { decode as decodeBmp } from "bmp-ts";
import sharp from "sharp";
import type { RgbImage } from "./types.ts";

/**
 * Default largest number of pixels (width x height) a decoder accepts: PIL's hard limit (`2 * MAX_IMAGE_PIXELS`),
 * beyond which `dataset_tool.py` fails with a decompression-bomb error too. About 537 MB of RGB bytes.
 */
export const DEFAULT_MAX_PIXELS = 178_956_970;

/** Why an input could not be decoded. */
export const DecodeErrorCode = {
  /** The bytes are not in any image format this library knows (for example a text file named `.jpg`). */
  NOT_AN_IMAGE: "NOT_AN_IMAGE",
  /** A known image format whose data is damaged or truncated. */
  CORRUPT: "CORRUPT",
  /** The image has more pixels than the limit allows. */
  TOO_MANY_PIXELS: "TOO_MANY_PIXELS",
  /** A recognised image format that cannot be decoded here (for example HEIC). */
  UNSUPPORTED: "UNSUPPORTED",
} as const;

/** One of the {@linkcode DecodeErrorCode} values. */
export type DecodeErrorCode = (typeof DecodeErrorCode)[keyof typeof DecodeErrorCode];

/** Thrown by {@linkcode decodeImage} when an input cannot become an RGB image; `code` says why. */
export class ImageDecodeError extends Error {
  readonly code: DecodeErrorCode;
  constructor(code: DecodeErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ImageDecodeError";
    this.code = code;
  }
}

/** Whether `err` is an {@linkcode ImageDecodeError}, without relying on `instanceof` across package copies. */
export function isImageDecodeError(err: unknown): err is ImageDecodeError {
  return (
    typeof err === "object" &&
    err !== null &&
    (err as { name?: unknown }).name === "ImageDecodeError" &&
    typeof (err as { code?: unknown }).code === "string"
  );
}

/** A conversion {@linkcode decodeImage} applied to reach 8-bit sRGB. */
export const Conversion = {
  /** One grey channel was repeated into R, G and B. */
  GRAYSCALE_TO_RGB: "GRAYSCALE_TO_RGB",
  /** CMYK was converted to sRGB (embedded ICC profile, else a default CMYK profile). */
  CMYK_TO_RGB: "CMYK_TO_RGB",
  /** The alpha channel was removed by compositing the image over the background colour (black by default). */
  ALPHA_DROPPED: "ALPHA_DROPPED",
  /** 16-bit samples were scaled to 8 bits. */
  HIGH_BIT_DEPTH_TO_8BIT: "HIGH_BIT_DEPTH_TO_8BIT",
  /** A palette (indexed) image was expanded to RGB. */
  PALETTE_TO_RGB: "PALETTE_TO_RGB",
  /** The EXIF orientation tag (2 to 8) was applied, so the pixels are upright. */
  EXIF_ORIENTED: "EXIF_ORIENTED",
  /** Another colour space (for example Lab or scRGB) was converted to sRGB. */
  COLOURSPACE_TO_SRGB: "COLOURSPACE_TO_SRGB",
} as const;

/** One of the {@linkcode Conversion} values. */
export type Conversion = (typeof Conversion)[keyof typeof Conversion];

/** What {@linkcode decodeImage} found in the input and what it changed. */
export interface DecodeInfo {
  /** Container format as detected: `jpeg`, `png`, `webp`, `tiff`, `gif`, `bmp`, ... */
  readonly format: string;
  /** Width of the stored image, before EXIF orientation. */
  readonly sourceWidth: number;
  /** Height of the stored image, before EXIF orientation. */
  readonly sourceHeight: number;
  /** Channels of the stored image, alpha included (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA or CMYK). */
  readonly sourceChannels: number;
  /** Conversions applied, in no particular order; empty when the input was already upright 8-bit RGB. */
  readonly conversions: readonly Conversion[];
}

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

/** Formats recognised by their first bytes; anything else is `NOT_AN_IMAGE`. */
function sniffFormat(bytes: Uint8Array): string | undefined {
  const at = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return "jpeg";
  if (at(0) === 0x89 && ascii(1, 4) === "PNG") return "png";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  if (ascii(0, 4) === "II*\0" || ascii(0, 4) === "MM\0*") return "tiff";
  if (ascii(0, 4) === "GIF8") return "gif";
  if (ascii(0, 2) === "BM") return "bmp";
  if (ascii(4, 8) === "ftyp") return "heif";
  return undefined;
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
  const format = sniffFormat(bytes);
  if (format === undefined) {
    throw new ImageDecodeError(DecodeErrorCode.NOT_AN_IMAGE, "Data is not in a known image format");
  }
  if (format === "bmp") return decodeBmpBytes(bytes, maxPixels);

  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw classifySharpError(err, format);
  }
  const width = meta.width;
  const height = meta.height;
  if (width * height > maxPixels) {
    throw new ImageDecodeError(
      DecodeErrorCode.TOO_MANY_PIXELS,
      `Image of '${width}x${height}' pixels exceeds the limit of '${maxPixels}' pixels`,
    );
  }
  const conversions: Conversion[] = [];
  const channels = meta.channels;
  const space = meta.space ?? "srgb";
  if (space === "b-w" || space === "grey16") conversions.push(Conversion.GRAYSCALE_TO_RGB);
  else if (space === "cmyk") conversions.push(Conversion.CMYK_TO_RGB);
  else if (space !== "srgb" && space !== "rgb16" && space !== "rgb")
    conversions.push(Conversion.COLOURSPACE_TO_SRGB);
  if (meta.hasAlpha) conversions.push(Conversion.ALPHA_DROPPED);
  if (meta.depth !== undefined && meta.depth !== "uchar" && meta.depth !== "char") {
    conversions.push(Conversion.HIGH_BIT_DEPTH_TO_8BIT);
  }
  if (meta.isPalette === true) conversions.push(Conversion.PALETTE_TO_RGB);
  if (meta.orientation !== undefined && meta.orientation > 1) conversions.push(Conversion.EXIF_ORIENTED);

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
      info: {
        format: meta.format ?? format,
        sourceWidth: width,
        sourceHeight: height,
        sourceChannels: channels,
        conversions,
      },
    };
  } catch (err) {
    throw classifySharpError(err, format);
  }
}

function classifySharpError(err: unknown, format: string): ImageDecodeError {
  if (isImageDecodeError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) {
    return new ImageDecodeError(DecodeErrorCode.TOO_MANY_PIXELS, message, { cause: err });
  }
  if (/unsupported image format|no loader|not a known file format/i.test(message) || format === "heif") {
    return new ImageDecodeError(DecodeErrorCode.UNSUPPORTED, `Cannot decode '${format}' data: ${message}`, {
      cause: err,
    });
  }
  return new ImageDecodeError(DecodeErrorCode.CORRUPT, `Damaged '${format}' data: ${message}`, {
    cause: err,
  });
}

function decodeBmpBytes(bytes: Uint8Array, maxPixels: number): DecodedImage {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 26)
    throw new ImageDecodeError(DecodeErrorCode.CORRUPT, "Damaged 'bmp' data: header truncated");
  // Read the size from the header first so a huge declared size is refused before any allocation.
  const headerWidth = buffer.readInt32LE(18);
  const headerHeight = Math.abs(buffer.readInt32LE(22));
  if (headerWidth * headerHeight > maxPixels) {
    throw new ImageDecodeError(
      DecodeErrorCode.TOO_MANY_PIXELS,
      `Image of '${headerWidth}x${headerHeight}' pixels exceeds the limit of '${maxPixels}' pixels`,
    );
  }
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
