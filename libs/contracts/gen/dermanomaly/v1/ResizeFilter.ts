// Original file: proto/dermanomaly/v1/preprocess.proto

/**
 * Resampling filter of the resize (stylegan2-ada-pytorch's `--resize-filter`; stylegan3 always uses Lanczos).
 */
export const ResizeFilter = {
  /**
   * Lanczos (PIL `LANCZOS`), the default of both tools.
   */
  RESIZE_FILTER_LANCZOS: 'RESIZE_FILTER_LANCZOS',
  /**
   * Box (PIL `BOX`): area averaging.
   */
  RESIZE_FILTER_BOX: 'RESIZE_FILTER_BOX',
} as const;

/**
 * Resampling filter of the resize (stylegan2-ada-pytorch's `--resize-filter`; stylegan3 always uses Lanczos).
 */
export type ResizeFilter =
  /**
   * Lanczos (PIL `LANCZOS`), the default of both tools.
   */
  | 'RESIZE_FILTER_LANCZOS'
  | 0
  /**
   * Box (PIL `BOX`): area averaging.
   */
  | 'RESIZE_FILTER_BOX'
  | 1

/**
 * Resampling filter of the resize (stylegan2-ada-pytorch's `--resize-filter`; stylegan3 always uses Lanczos).
 */
export type ResizeFilter__Output = typeof ResizeFilter[keyof typeof ResizeFilter]
