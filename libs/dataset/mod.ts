/**
 * StyleGAN2-ADA data sets in `dataset_tool.py`'s layout: prepare one from a folder or zip of photos (centre crop,
 * Lanczos: by default libvips' when shrinking, 41-58 dB PSNR from Pillow on test patterns and 48-55 dB on photos,
 * or with `resampler: "pil"` bit-identical to the tool; uncompressed PNGs, `dataset.json` labels, a
 * `manifest.json` of sources and skipped files), and read one back for training.
 *
 * @example
 * ```ts
 * import { openDataset, prepareDataset } from "@dermanomaly/dataset";
 * const summary = await prepareDataset({ source: "photos/train_set", dest: "nev-256.zip", width: 256, height: 256 });
 * console.log(summary.written, summary.skippedByReason);
 * const dataset = await openDataset("nev-256.zip");
 * const x = await dataset.loadChw(0); // Float32Array, 3 x 256 x 256, in [-1, 1]
 * dataset.close();
 * ```
 *
 * @module
 */
export { checkSource, type OpenSourceOptions } from "./_source.ts";
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from "./_zip.ts";
export * from "./labels.ts";
export * from "./manifest.ts";
export * from "./prepare.ts";
export * from "./reader.ts";
export * from "./split.ts";
export * from "./writer.ts";
