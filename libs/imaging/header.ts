import type { Metadata } from "sharp";
import sharp from "./_sharp.ts";
import { imageDecodeErrorOf } from "./_sharp_error.ts";
import { DecodeErrorCode, ImageDecodeError } from "./decode_error.ts";

/**
 * Default largest number of pixels (width x height) a decoder accepts: PIL's hard limit (`2 * MAX_IMAGE_PIXELS`),
 * beyond which `dataset_tool.py` fails with a decompression-bomb error too. About 537 MB of RGB bytes.
 */
export const DEFAULT_MAX_PIXELS = 178_956_970;

/** A conversion `decodeImage` applies to reach 8-bit sRGB. */
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

/** What the decoder finds in an input and what it changes to reach upright 8-bit sRGB. */
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

/** An encoded image's header: its upright size and what decoding it involves, read without decoding pixels. */
export interface ImageHeader {
  /** Width after EXIF orientation: the width `decodeImage` returns. */
  readonly width: number;
  /** Height after EXIF orientation. */
  readonly height: number;
  /** What `decodeImage` reports for this input. */
  readonly info: DecodeInfo;
}

/** Options of {@linkcode readImageHeader}. */
export interface ReadImageHeaderOptions {
  /**
   * Largest accepted width x height; larger inputs fail with `TOO_MANY_PIXELS`.
   * @default {DEFAULT_MAX_PIXELS}
   */
  readonly maxPixels?: number;
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
 * Reads an encoded image's header (libvips reads no pixel data for it; BMP's is parsed here, libvips has no BMP
 * loader): the size after EXIF orientation and the conversions `decodeImage` would apply, so that sizes can be
 * checked, and a crop planned, before anything is decoded.
 *
 * @throws {ImageDecodeError} `NOT_AN_IMAGE`, `CORRUPT` (an unreadable header), `TOO_MANY_PIXELS`, `UNSUPPORTED`
 */
export async function readImageHeader(
  bytes: Uint8Array,
  options: ReadImageHeaderOptions = {},
): Promise<ImageHeader> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1) {
    throw new RangeError(`Max pixels must be a positive integer, got '${maxPixels}'`);
  }
  const format = sniffFormat(bytes);
  if (format === undefined) {
    throw new ImageDecodeError(DecodeErrorCode.NOT_AN_IMAGE, "Data is not in a known image format");
  }
  if (format === "bmp") return bmpHeader(bytes, maxPixels);
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw imageDecodeErrorOf(err, format);
  }
  const { width, height } = meta;
  checkPixels(width, height, maxPixels);
  const conversions: Conversion[] = [];
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
  return {
    width: meta.autoOrient.width,
    height: meta.autoOrient.height,
    info: {
      format: meta.format ?? format,
      sourceWidth: width,
      sourceHeight: height,
      sourceChannels: meta.channels,
      conversions,
    },
  };
}

function checkPixels(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    throw new ImageDecodeError(
      DecodeErrorCode.TOO_MANY_PIXELS,
      `Image of '${width}x${height}' pixels exceeds the limit of '${maxPixels}' pixels`,
    );
  }
}

// BITMAPINFOHEADER (or later) fields: width at 18, height at 22 (negative for top-down rows), bits per pixel at 28.
function bmpHeader(bytes: Uint8Array, maxPixels: number): ImageHeader {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 30)
    throw new ImageDecodeError(DecodeErrorCode.CORRUPT, "Damaged 'bmp' data: header truncated");
  const width = buffer.readInt32LE(18);
  const height = Math.abs(buffer.readInt32LE(22));
  if (width < 1 || height < 1) {
    throw new ImageDecodeError(DecodeErrorCode.CORRUPT, `Damaged 'bmp' data: size '${width}x${height}'`);
  }
  checkPixels(width, height, maxPixels);
  const conversions: Conversion[] = buffer.readUInt16LE(28) <= 8 ? [Conversion.PALETTE_TO_RGB] : [];
  return {
    width,
    height,
    info: { format: "bmp", sourceWidth: width, sourceHeight: height, sourceChannels: 3, conversions },
  };
}
