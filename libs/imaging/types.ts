/**
 * An 8-bit RGB image in row-major HWC order: `data[(y * width + x) * 3 + c]`, c = 0 (red), 1 (green), 2 (blue).
 * `data.length` is always `width * height * 3`.
 */
export interface RgbImage {
  /** Pixel bytes, HWC, 3 channels, sRGB. */
  readonly data: Uint8Array;
  /** Width in pixels (> 0). */
  readonly width: number;
  /** Height in pixels (> 0). */
  readonly height: number;
}
