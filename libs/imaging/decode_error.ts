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

/**
 * Thrown by `decodeImage` (and the other readers of encoded images) when an input cannot become an RGB image;
 * `code` says why.
 */
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
