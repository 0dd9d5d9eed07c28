// Original file: proto/dermanomaly/v1/scorer.proto


/**
 * A photo of any size (PNG, JPEG, BMP, TIFF, WebP).
 */
export interface PhotoToScore {
  /**
   * A name to tell results apart (e.g. the file name); echoed in the result.
   */
  'name'?: (string);
  /**
   * The encoded photo.
   */
  'image'?: (Buffer | Uint8Array | string);
}

/**
 * A photo of any size (PNG, JPEG, BMP, TIFF, WebP).
 */
export interface PhotoToScore__Output {
  /**
   * A name to tell results apart (e.g. the file name); echoed in the result.
   */
  'name': (string);
  /**
   * The encoded photo.
   */
  'image': (Buffer);
}
