// Original file: proto/dermanomaly/v1/preprocess.proto

/**
 * Which implementation of the Lanczos resize prepares the images. Measured against Pillow's
 * `Image.resize(..., LANCZOS)` (what `dataset_tool.py` calls) on test patterns with a 2-pixel checkerboard:
 * libvips' lanczos3 is 41 dB PSNR from Pillow at 1500 -> 64, 50 dB at 450 -> 64 and 55-58 dB at 450 -> 256 and
 * 1500 -> 256 when shrinking, but only 27 dB when enlarging (203 -> 256); the TypeScript port is bit-identical.
 * On 600x450 dermoscopy-like JPEGs against `dataset_tool.py` itself: RESAMPLER_AUTO 55.5 dB at 256x256 and 48.4 dB
 * at 64x64, RESAMPLER_PIL identical.
 * The manifest records the resampler each image went through.
 */
export const Resampler = {
  /**
   * Not set: RESAMPLER_AUTO.
   */
  RESAMPLER_UNSPECIFIED: 'RESAMPLER_UNSPECIFIED',
  /**
   * The default: libvips' lanczos3 (sharp, in its thread pool) for images it shrinks, the Pillow-exact TypeScript
   * Lanczos for images it enlarges. Close to `dataset_tool.py` (figures above), not bit-identical; the fastest.
   */
  RESAMPLER_AUTO: 'RESAMPLER_AUTO',
  /**
   * Pillow-exact Lanczos in TypeScript for every image: bit-identical to `dataset_tool.py`'s PIL path, slower.
   */
  RESAMPLER_PIL: 'RESAMPLER_PIL',
  /**
   * libvips' lanczos3 for every image, enlarged ones included (27 dB from Pillow there).
   */
  RESAMPLER_SHARP: 'RESAMPLER_SHARP',
} as const;

/**
 * Which implementation of the Lanczos resize prepares the images. Measured against Pillow's
 * `Image.resize(..., LANCZOS)` (what `dataset_tool.py` calls) on test patterns with a 2-pixel checkerboard:
 * libvips' lanczos3 is 41 dB PSNR from Pillow at 1500 -> 64, 50 dB at 450 -> 64 and 55-58 dB at 450 -> 256 and
 * 1500 -> 256 when shrinking, but only 27 dB when enlarging (203 -> 256); the TypeScript port is bit-identical.
 * On 600x450 dermoscopy-like JPEGs against `dataset_tool.py` itself: RESAMPLER_AUTO 55.5 dB at 256x256 and 48.4 dB
 * at 64x64, RESAMPLER_PIL identical.
 * The manifest records the resampler each image went through.
 */
export type Resampler =
  /**
   * Not set: RESAMPLER_AUTO.
   */
  | 'RESAMPLER_UNSPECIFIED'
  | 0
  /**
   * The default: libvips' lanczos3 (sharp, in its thread pool) for images it shrinks, the Pillow-exact TypeScript
   * Lanczos for images it enlarges. Close to `dataset_tool.py` (figures above), not bit-identical; the fastest.
   */
  | 'RESAMPLER_AUTO'
  | 1
  /**
   * Pillow-exact Lanczos in TypeScript for every image: bit-identical to `dataset_tool.py`'s PIL path, slower.
   */
  | 'RESAMPLER_PIL'
  | 2
  /**
   * libvips' lanczos3 for every image, enlarged ones included (27 dB from Pillow there).
   */
  | 'RESAMPLER_SHARP'
  | 3

/**
 * Which implementation of the Lanczos resize prepares the images. Measured against Pillow's
 * `Image.resize(..., LANCZOS)` (what `dataset_tool.py` calls) on test patterns with a 2-pixel checkerboard:
 * libvips' lanczos3 is 41 dB PSNR from Pillow at 1500 -> 64, 50 dB at 450 -> 64 and 55-58 dB at 450 -> 256 and
 * 1500 -> 256 when shrinking, but only 27 dB when enlarging (203 -> 256); the TypeScript port is bit-identical.
 * On 600x450 dermoscopy-like JPEGs against `dataset_tool.py` itself: RESAMPLER_AUTO 55.5 dB at 256x256 and 48.4 dB
 * at 64x64, RESAMPLER_PIL identical.
 * The manifest records the resampler each image went through.
 */
export type Resampler__Output = typeof Resampler[keyof typeof Resampler]
