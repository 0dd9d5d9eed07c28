import { availableParallelism } from "node:os";
import type { Writable } from "node:stream";
import { Code, StatusError } from "@dermanomaly/contracts";
import {
  applyTransform,
  type Conversion,
  DEFAULT_MAX_PIXELS,
  decodeImage,
  encodePng,
  type ImageHeader,
  isImageDecodeError,
  isTransform,
  planTransform,
  type RgbImage,
  readImageHeader,
  Transform,
  type TransformPlan,
  transformEncodedToPng,
  transformToPng,
} from "@dermanomaly/imaging";
import { extensionOf, IMAGE_EXTENSIONS, openSource, UNSUPPORTED_IMAGE_EXTENSIONS } from "./_source.ts";
import type { ZipLimits } from "./_zip.ts";
import { type Label, type LabelPlan, resolveLabels } from "./labels.ts";
import { type DatasetManifest, type ManifestImage, type ManifestSkipped, SkipReason } from "./manifest.ts";
import { checkSplit, type DatasetSplit, splitNames } from "./split.ts";
import { archiveName, createDatasetWriter } from "./writer.ts";

/**
 * Which resampler resizes images. Measured against Pillow's `Image.resize(..., LANCZOS)` on test patterns with a
 * 2-pixel checkerboard (`libs/imaging/fixtures`): the TypeScript port is bit-identical; libvips' lanczos3 reaches
 * 41 dB (1500 -> 64), 50 dB (450 -> 64) and 55-58 dB (450 -> 256, 1500 -> 256) when shrinking but only 27 dB when
 * enlarging (203 -> 256). On 12 rendered 600x450 dermoscopy-like JPEGs against `dataset_tool.py`'s own path
 * (`compare_pillow.py`), `auto` is 55.5 dB (256) and 48.4 dB (64) and `pil` identical.
 */
export const Resampler = {
  /** sharp when no side is enlarged (>= 35 dB from Pillow, and it runs in sharp's thread pool), else `pil`. */
  AUTO: "auto",
  /** Pillow-exact Lanczos in TypeScript, on the main thread: bit-identical to `dataset_tool.py`, slower. */
  PIL: "pil",
  /** libvips' lanczos3 always; departs from Pillow when enlarging. */
  SHARP: "sharp",
} as const;

/** One of the {@linkcode Resampler} values. */
export type Resampler = (typeof Resampler)[keyof typeof Resampler];

/** Whether `value` names a {@linkcode Resampler}. */
export function isResampler(value: unknown): value is Resampler {
  return Object.values(Resampler).includes(value as Resampler);
}

/**
 * The photo-to-image step a data set's manifest records (transform, resampler, output size), so that a photo
 * prepared later on its own (one scored online) matches the set's images; undefined for a data set without a
 * manifest (`dataset_tool.py`'s) or whose manifest does not say it in a form this version knows.
 */
export function manifestPreparation(
  manifest: DatasetManifest | undefined,
): { transform: Transform; resampler: Resampler; width: number; height: number } | undefined {
  const s = manifest?.settings;
  if (s === undefined || !isTransform(s.transform) || !isResampler(s.resampler)) return undefined;
  if (!Number.isInteger(s.width) || !Number.isInteger(s.height)) return undefined;
  return { transform: s.transform, resampler: s.resampler, width: s.width, height: s.height };
}

/** Progress of {@linkcode prepareDataset}. */
export interface PrepareProgress {
  /** Source images handled (written or skipped). */
  readonly done: number;
  /** Source images to handle (files with an image extension). */
  readonly total: number;
  /** Images written. */
  readonly written: number;
  /** Images skipped. */
  readonly skipped: number;
  /** Skipped images by reason. */
  readonly skippedByReason: Readonly<Partial<Record<SkipReason, number>>>;
}

/** Options for {@linkcode prepareDataset}. */
export interface PrepareOptions {
  /** A folder (searched recursively) or a `.zip` of images. */
  readonly source: string;
  /**
   * A folder (must be empty or absent) or a path ending in `.zip` (must not exist).
   * @default none: the data set goes to `zipStreams` only (one of the two is needed)
   */
  readonly dest?: string;
  /**
   * Streams that each receive the data set as a zip while it is prepared (the bytes a `.zip` destination gets),
   * e.g. an upload into an artifact store, so that a data set is written once; ended when it is complete, destroyed
   * when the preparation fails. See `createDatasetWriter`.
   * @default []
   */
  readonly zipStreams?: readonly Writable[];
  /**
   * `dataset_tool.py` transform.
   * @default "center-crop"
   */
  readonly transform?: Transform;
  /** Output width; the final image (letterboxed for `center-crop-wide`) must be square, a power of two. */
  readonly width: number;
  /** Output height. */
  readonly height: number;
  /**
   * Stop after writing this many images (upstream counts inputs instead; here skipped files do not count).
   * @default undefined (all)
   */
  readonly maxImages?: number;
  /**
   * Explicit class folder -> label map such as `{ NEV: 0, MEL: 1 }`; see `resolveLabels`.
   * @default undefined
   */
  readonly classMap?: Readonly<Record<string, number>>;
  /**
   * Images in flight at once: reads, decodes, sharp resizes and PNG encodes run in libuv's thread pool (4 threads
   * by default), the Pillow-exact resize on the main thread; each image waits on several of them in turn, so more
   * images than threads keep every thread busy.
   * @default min(16, max(4, 4 * availableParallelism()))
   */
  readonly concurrency?: number;
  /**
   * Largest width x height accepted; larger images are skipped as TOO_MANY_PIXELS.
   * @default DEFAULT_MAX_PIXELS (178,956,970, Pillow's decompression-bomb error limit)
   */
  readonly maxPixels?: number;
  /**
   * Images whose shorter side (after EXIF orientation) is below this are skipped as TOO_SMALL. `1` keeps
   * everything and enlarges small images as upstream does.
   * @default min(width, height)
   */
  readonly minSide?: number;
  /**
   * Resampler for the resize; see {@linkcode Resampler}.
   * @default "auto"
   */
  readonly resampler?: Resampler;
  /**
   * Limits on a zip source's entries (zip bombs are refused, naming the entry).
   * @default DEFAULT_ZIP_LIMITS (256 MiB per entry, compression ratio 200)
   */
  readonly zipLimits?: ZipLimits;
  /**
   * Prepare only one part of a seeded split of the source's images (see `splitNames`), e.g. the training naevi
   * without the ones held out for calibration; the manifest records it.
   * @default undefined (every image)
   */
  readonly split?: DatasetSplit;
  /** Cancels between images; the output written so far is removed and the promise rejects with the reason. */
  readonly signal?: AbortSignal;
  /** Progress, at most every `progressIntervalMs` and once at the end. */
  readonly onProgress?: (progress: PrepareProgress) => void;
  /**
   * Least time between two progress calls.
   * @default 100
   */
  readonly progressIntervalMs?: number;
}

/** What {@linkcode prepareDataset} did. */
export interface PrepareSummary {
  /** The destination path; absent when the data set went to `zipStreams` only. */
  readonly dest?: string;
  /** Images written. */
  readonly written: number;
  /** Source images skipped. */
  readonly skipped: number;
  /** Skipped images by reason. */
  readonly skippedByReason: Readonly<Partial<Record<SkipReason, number>>>;
  /** Output image size (square). */
  readonly resolution: number;
  /** Label origin and class map; `dataset.json` has labels only if every written image has one. */
  readonly labels: DatasetManifest["labels"] & { readonly written: boolean };
  /** Names of the written images inside the data set, in order. */
  readonly files: readonly string[];
  /** The manifest, as written into the data set's `manifest.json`. */
  readonly manifest: DatasetManifest;
  /** Concurrency used. */
  readonly concurrency: number;
  /** Wall time in milliseconds. */
  readonly elapsedMs: number;
}

type Outcome =
  | { readonly ok: true; readonly png: Uint8Array; readonly conversions: readonly Conversion[] }
  | { readonly ok: false; readonly reason: SkipReason; readonly detail: string }
  | { readonly ok: "error"; readonly error: unknown };

const ROOT_FILES = new Set(["dataset.json", "manifest.json"]);

/**
 * Turns a folder or zip of photos into a StyleGAN2-ADA data set like `dataset_tool.py`: inputs in sorted path
 * order, the transform with upstream arithmetic and the Lanczos of `resampler` (Pillow-exact with `pil`; by
 * default libvips' when shrinking, close to Pillow but not identical), uncompressed PNGs
 * `00000/img00000000.png` (1000 per folder, numbered without gaps), `dataset.json` labels and a `manifest.json`.
 *
 * Rules for bad inputs (each becomes a `skipped` manifest entry, never an error):
 * - damaged or truncated data: CORRUPT; an image extension but no image inside: NOT_AN_IMAGE;
 * - a format this library cannot decode: UNSUPPORTED; more than `maxPixels`: TOO_MANY_PIXELS;
 * - shorter side below `minSide` (default the output's shorter side, so nothing is enlarged): TOO_SMALL;
 * - `center-crop-wide` dropping it: DROPPED_BY_TRANSFORM; outside an explicit `classMap`: UNLABELLED.
 * Sizes come from each image's header, before its pixels are decoded: a damaged image that is too small or dropped
 * by the transform is skipped for that. Grey, CMYK, 16-bit and palette images are converted to 8-bit RGB, EXIF
 * orientation is applied, alpha is composited over black; each such conversion is listed with the image in the
 * manifest.
 *
 * Speed: images are prepared `concurrency` at a time in libuv's and libvips' threads; with the libvips resampler an
 * upright 8-bit RGB image goes from its encoded bytes to the PNG in one libvips pipeline; the zip is written once,
 * into the destination and every `zipStreams` stream together, with native CRC-32s.
 *
 * @throws {StatusError} NOT_FOUND (no source), FAILED_PRECONDITION (destination not empty, or no image written)
 */
export async function prepareDataset(options: PrepareOptions): Promise<PrepareSummary> {
  try {
    return await prepare(options);
  } catch (err) {
    // Streams handed over are always ended or destroyed, so that their readers (an upload) never wait forever.
    for (const stream of options.zipStreams ?? [])
      stream.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

async function prepare(options: PrepareOptions): Promise<PrepareSummary> {
  const started = performance.now();
  const { source: sourcePath, dest, signal, onProgress, classMap } = options;
  const transform = options.transform ?? Transform.CENTER_CROP;
  const { width, height } = options;
  const resampler = options.resampler ?? Resampler.AUTO;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const minSide = options.minSide ?? Math.min(width, height);
  const maxImages = options.maxImages ?? Number.POSITIVE_INFINITY;
  const concurrency = options.concurrency ?? Math.min(16, Math.max(4, 4 * availableParallelism()));
  const interval = options.progressIntervalMs ?? 100;
  if (!isTransform(transform)) throw new RangeError(`Unknown transform '${String(transform)}'`);
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(`Output size must be positive integers, got '${width}x${height}'`);
  }
  const outHeight = transform === Transform.CENTER_CROP_WIDE ? width : height;
  if (width !== outHeight || (width & (width - 1)) !== 0) {
    throw new RangeError(
      `Output must be square with a power-of-two side, got '${width}x${outHeight}' for transform '${transform}'`,
    );
  }
  if (transform === Transform.CENTER_CROP_WIDE && height > width) {
    throw new RangeError(`Transform 'center-crop-wide' needs height <= width, got '${width}x${height}'`);
  }
  if (!isResampler(resampler)) {
    throw new RangeError(`Unknown resampler '${String(resampler)}'`);
  }
  if (!(maxImages >= 1) || (Number.isFinite(maxImages) && !Number.isInteger(maxImages))) {
    throw new RangeError(`Max images must be a positive integer, got '${maxImages}'`);
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`Concurrency must be a positive integer, got '${concurrency}'`);
  }
  if (!Number.isInteger(minSide) || minSide < 1)
    throw new RangeError(`Min side must be a positive integer, got '${minSide}'`);
  if (options.split !== undefined) checkSplit(options.split);
  if (dest === undefined && (options.zipStreams ?? []).length === 0)
    throw new TypeError("A destination or a zip stream is needed");
  signal?.throwIfAborted();

  const source = await openSource(sourcePath, { ...(options.zipLimits && { zipLimits: options.zipLimits }) });
  try {
    const inputs: string[] = [];
    const ignored: string[] = [];
    for (const name of source.files) {
      const ext = extensionOf(name);
      if (IMAGE_EXTENSIONS.has(ext) || UNSUPPORTED_IMAGE_EXTENSIONS.has(ext)) inputs.push(name);
      else if (!ROOT_FILES.has(name)) ignored.push(name);
    }
    if (options.split !== undefined) inputs.splice(0, inputs.length, ...splitNames(inputs, options.split));
    let datasetJson: unknown;
    if (source.files.includes("dataset.json")) {
      const text = Buffer.from(await source.read("dataset.json")).toString("utf8");
      try {
        datasetJson = JSON.parse(text);
      } catch (err) {
        throw new StatusError(Code.INVALID_ARGUMENT, `Source 'dataset.json' is not valid JSON`, {
          cause: err,
        });
      }
    }
    const labelPlan = resolveLabels(inputs, { datasetJson, ...(classMap === undefined ? {} : { classMap }) });

    const writer = await createDatasetWriter(dest, { zipStreams: options.zipStreams ?? [] });
    const images: ManifestImage[] = [];
    const skipped: ManifestSkipped[] = [];
    const skippedByReason: Partial<Record<SkipReason, number>> = {};
    const files: string[] = [];
    let lastReport = Number.NEGATIVE_INFINITY;
    const report = (done: number, force: boolean) => {
      if (onProgress === undefined) return;
      const now = performance.now();
      if (!force && now - lastReport < interval) return;
      lastReport = now;
      onProgress({
        done,
        total: inputs.length,
        written: images.length,
        skipped: skipped.length,
        skippedByReason: { ...skippedByReason },
      });
    };

    const settings = { transform, width, height, resampler, maxPixels, minSide };
    const process = async (name: string): Promise<Outcome> => {
      try {
        return await processOne(name, source.read, labelPlan, classMap !== undefined, settings);
      } catch (error) {
        return { ok: "error", error };
      }
    };

    const pending = new Map<number, Promise<Outcome>>();
    let manifest: DatasetManifest | undefined;
    let next = 0;
    let done = 0;
    try {
      while (done < inputs.length && images.length < maxImages) {
        signal?.throwIfAborted();
        while (next < inputs.length && next - done < concurrency) {
          pending.set(next, process(inputs[next] as string));
          next++;
        }
        const outcome = await (pending.get(done) as Promise<Outcome>);
        pending.delete(done);
        const name = inputs[done] as string;
        done++;
        if (outcome.ok === "error") throw outcome.error;
        if (outcome.ok) {
          const file = archiveName(images.length);
          await writer.add(file, outcome.png);
          const label = labelPlan.labelOf(name);
          const cls = labelPlan.classOf(name);
          images.push({
            file,
            source: name,
            ...(cls === undefined ? {} : { class: cls }),
            ...(label === undefined ? {} : { label }),
            conversions: outcome.conversions,
          });
          files.push(file);
        } else {
          skipped.push({ source: name, reason: outcome.reason, detail: outcome.detail });
          skippedByReason[outcome.reason] = (skippedByReason[outcome.reason] ?? 0) + 1;
        }
        report(done, false);
      }
      signal?.throwIfAborted();
      if (images.length === 0) {
        const reasons = Object.entries(skippedByReason)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ");
        throw new StatusError(
          Code.FAILED_PRECONDITION,
          inputs.length === 0
            ? `Source '${sourcePath}' holds no image files`
            : `No image of source '${sourcePath}' could be used (skipped: ${reasons})`,
        );
      }
      const labelled = images.every((image) => image.label !== undefined);
      manifest = {
        version: 1,
        source: sourcePath,
        settings: { ...settings, maxImages: Number.isFinite(maxImages) ? maxImages : null },
        ...(options.split !== undefined && { split: { ...options.split } }),
        labels: { source: labelPlan.source, classes: labelPlan.classes },
        images,
        skipped,
        ignored,
      };
      await writer.finish(
        { labels: labelled ? images.map((image) => [image.file, image.label as Label] as const) : null },
        manifest,
      );
    } catch (err) {
      // Let work in flight settle before removing the output it might still be reading from.
      await Promise.all(pending.values());
      await writer.abort();
      throw err;
    }
    report(done, true);
    return {
      ...(dest === undefined ? {} : { dest }),
      written: images.length,
      skipped: skipped.length,
      skippedByReason,
      resolution: width,
      labels: {
        source: labelPlan.source,
        classes: labelPlan.classes,
        written: images.every((image) => image.label !== undefined),
      },
      files,
      manifest,
      concurrency,
      elapsedMs: performance.now() - started,
    };
  } finally {
    source.close();
  }
}

interface Settings {
  readonly transform: Transform;
  readonly width: number;
  readonly height: number;
  readonly resampler: Resampler;
  readonly maxPixels: number;
  readonly minSide: number;
}

async function processOne(
  name: string,
  read: (name: string) => Promise<Uint8Array>,
  labels: LabelPlan,
  explicitClasses: boolean,
  settings: Settings,
): Promise<Outcome> {
  if (UNSUPPORTED_IMAGE_EXTENSIONS.has(extensionOf(name))) {
    return {
      ok: false,
      reason: SkipReason.UNSUPPORTED,
      detail: `Extension '${extensionOf(name)}' is not decoded`,
    };
  }
  if (explicitClasses && labels.labelOf(name) === undefined) {
    return { ok: false, reason: SkipReason.UNLABELLED, detail: "Not in a folder of the class map" };
  }
  const { maxPixels } = settings;
  let bytes: Uint8Array;
  let header: ImageHeader;
  try {
    // A damaged zip entry fails its read as CORRUPT, like damaged image data.
    bytes = await read(name);
    header = await readImageHeader(bytes, { maxPixels });
  } catch (err) {
    if (isImageDecodeError(err)) return { ok: false, reason: err.code, detail: err.message };
    throw err;
  }
  // Sizes come from the header, so an image is refused before its pixels are decoded.
  if (Math.min(header.width, header.height) < settings.minSide) {
    return {
      ok: false,
      reason: SkipReason.TOO_SMALL,
      detail: `Image of '${header.width}x${header.height}' has a side below '${settings.minSide}'`,
    };
  }
  const transformOptions = { transform: settings.transform, width: settings.width, height: settings.height };
  const plan = planTransform(header.width, header.height, transformOptions);
  if (plan === null) {
    return {
      ok: false,
      reason: SkipReason.DROPPED_BY_TRANSFORM,
      detail: `Transform '${settings.transform}' drops an image of '${header.width}x${header.height}'`,
    };
  }
  try {
    const png = usesSharp(plan, settings.resampler)
      ? await transformEncodedToPng(bytes, plan, { header, maxPixels })
      : await pilPng(await decodeImage(bytes, { maxPixels }), transformOptions);
    return { ok: true, png, conversions: header.info.conversions };
  } catch (err) {
    if (isImageDecodeError(err)) return { ok: false, reason: err.code, detail: err.message };
    throw err;
  }
}

/** Options of {@linkcode prepareImage}. */
export interface PrepareImageOptions {
  /**
   * Transform, as {@linkcode PrepareOptions.transform}.
   * @default "center-crop"
   */
  readonly transform?: Transform;
  /** Output width. */
  readonly width: number;
  /** Output height. */
  readonly height: number;
  /**
   * Resampler, as {@linkcode PrepareOptions.resampler}.
   * @default "auto"
   */
  readonly resampler?: Resampler;
}

/** One image as the data set preparation writes it, and how it was made. */
export interface PreparedImage {
  /** The PNG, as written into a data set. */
  readonly png: Uint8Array;
  /** The crop, resize and padding applied. */
  readonly plan: TransformPlan;
  /** The resampler that resized it: `pil` (Pillow-exact) or `sharp` (libvips' lanczos3). */
  readonly resampler: "pil" | "sharp";
}

/**
 * One decoded image through the very steps of {@linkcode prepareDataset}: its transform and the resampler it would
 * pick, so that an image prepared on its own (e.g. a photo scored online) matches the images of a data set.
 * Returns null when the transform drops the image.
 *
 * @throws {RangeError} for an unknown transform or resampler, or a bad size
 */
export async function prepareImage(
  image: RgbImage,
  options: PrepareImageOptions,
): Promise<PreparedImage | null> {
  const resampler = options.resampler ?? Resampler.AUTO;
  if (!isResampler(resampler)) throw new RangeError(`Unknown resampler '${String(resampler)}'`);
  const transformOptions = {
    transform: options.transform ?? Transform.CENTER_CROP,
    width: options.width,
    height: options.height,
  };
  const plan = planTransform(image.width, image.height, transformOptions);
  if (plan === null) return null;
  const sharpUsed = usesSharp(plan, resampler);
  const png = await transformPlanned(image, plan, transformOptions, resampler);
  return { png, plan, resampler: sharpUsed ? "sharp" : "pil" };
}

function usesSharp(plan: TransformPlan, resampler: Resampler): boolean {
  const shrinks = plan.resize.width <= plan.crop.width && plan.resize.height <= plan.crop.height;
  return resampler === Resampler.SHARP || (resampler === Resampler.AUTO && shrinks);
}

// The transform of `plan` with the resampler `resampler` picks for it, encoded as a data set's PNG.
async function transformPlanned(
  image: RgbImage,
  plan: TransformPlan,
  transformOptions: { transform: Transform; width: number; height: number },
  resampler: Resampler,
): Promise<Uint8Array> {
  if (usesSharp(plan, resampler)) return await transformToPng(image, plan);
  return await pilPng(image, transformOptions);
}

// The Pillow-exact transform, stored uncompressed as dataset_tool.py stores its PNGs (they go into a stored zip).
async function pilPng(
  image: RgbImage,
  transformOptions: { transform: Transform; width: number; height: number },
): Promise<Uint8Array> {
  return await encodePng(applyTransform(image, transformOptions) as RgbImage, { compressionLevel: 0 });
}
