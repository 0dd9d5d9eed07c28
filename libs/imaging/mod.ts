/**
 * Image decoding, `dataset_tool.py`-compatible transforms with Pillow-exact Lanczos resampling, tensor
 * conversions and PNG/JPEG encoding, on top of sharp (libvips).
 *
 * @example
 * ```ts
 * import { applyTransform, decodeImage, encodePng, imageToChw } from "@dermanomaly/imaging";
 * const image = await decodeImage("lesion.jpg");
 * const square = applyTransform(image, { transform: "center-crop", width: 256, height: 256 });
 * const png = await encodePng(square!, { compressionLevel: 0 });
 * const chw = imageToChw(square!); // Float32Array of 3 * 256 * 256 values in [-1, 1]
 * ```
 *
 * @module
 */
export * from "./decode.ts";
export * from "./decode_error.ts";
export * from "./grid.ts";
export * from "./header.ts";
export * from "./heatmap.ts";
export * from "./png.ts";
export * from "./resize.ts";
export * from "./tensor.ts";
export * from "./transform.ts";
export * from "./transform_png.ts";
export type * from "./types.ts";
