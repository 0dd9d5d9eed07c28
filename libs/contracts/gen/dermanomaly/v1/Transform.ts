// Original file: proto/dermanomaly/v1/preprocess.proto

/**
 * How each photo is cropped before resizing (`dataset_tool.py --transform`).
 */
export const Transform = {
  /**
   * No crop (the tool's default): resize to exactly width x height with the resize filter when a resolution is given
   * and differs from the image size (the aspect ratio may change), otherwise keep the image as is.
   */
  TRANSFORM_NONE: 'TRANSFORM_NONE',
  /**
   * `center-crop`: keep the central square of side min(h, w), convert to RGB, resize to width x height.
   * Needs a resolution. The method uses this with 256x256.
   */
  TRANSFORM_CENTER_CROP: 'TRANSFORM_CENTER_CROP',
  /**
   * `center-crop-wide`: for width > height (e.g. 512x384); keeps the central round(width*h/w) rows, resizes to
   * width x height and letterboxes into a black width x width square. Images too small for it are skipped
   * (reason `DROPPED_BY_TRANSFORM`). Needs a resolution.
   */
  TRANSFORM_CENTER_CROP_WIDE: 'TRANSFORM_CENTER_CROP_WIDE',
} as const;

/**
 * How each photo is cropped before resizing (`dataset_tool.py --transform`).
 */
export type Transform =
  /**
   * No crop (the tool's default): resize to exactly width x height with the resize filter when a resolution is given
   * and differs from the image size (the aspect ratio may change), otherwise keep the image as is.
   */
  | 'TRANSFORM_NONE'
  | 0
  /**
   * `center-crop`: keep the central square of side min(h, w), convert to RGB, resize to width x height.
   * Needs a resolution. The method uses this with 256x256.
   */
  | 'TRANSFORM_CENTER_CROP'
  | 1
  /**
   * `center-crop-wide`: for width > height (e.g. 512x384); keeps the central round(width*h/w) rows, resizes to
   * width x height and letterboxes into a black width x width square. Images too small for it are skipped
   * (reason `DROPPED_BY_TRANSFORM`). Needs a resolution.
   */
  | 'TRANSFORM_CENTER_CROP_WIDE'
  | 2

/**
 * How each photo is cropped before resizing (`dataset_tool.py --transform`).
 */
export type Transform__Output = typeof Transform[keyof typeof Transform]
