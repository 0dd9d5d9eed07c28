// Original file: proto/dermanomaly/v1/reconstructor.proto


/**
 * One image to reconstruct online.
 */
export interface OnlineImage {
  /**
   * The caller's name for the image, echoed in its result (e.g. its file name).
   */
  'id'?: (string);
  /**
   * The encoded image (PNG, JPEG, WebP, ...), 8-bit RGB of the generator's resolution. Required.
   */
  'data'?: (Buffer | Uint8Array | string);
}

/**
 * One image to reconstruct online.
 */
export interface OnlineImage__Output {
  /**
   * The caller's name for the image, echoed in its result (e.g. its file name).
   */
  'id': (string);
  /**
   * The encoded image (PNG, JPEG, WebP, ...), 8-bit RGB of the generator's resolution. Required.
   */
  'data': (Buffer);
}
