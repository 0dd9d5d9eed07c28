import { DecodeErrorCode, ImageDecodeError, isImageDecodeError } from "./decode_error.ts";

/** The {@linkcode ImageDecodeError} a libvips failure on `format` data stands for. */
export function imageDecodeErrorOf(err: unknown, format: string): ImageDecodeError {
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
