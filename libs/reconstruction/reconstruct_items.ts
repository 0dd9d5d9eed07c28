import { openSource, type Source } from "@dermanomaly/dataset/internal";
import type { RgbImage } from "@dermanomaly/imaging";
import { checkAborted, throttled } from "./_progress.ts";
import { readInputImage } from "./input_image.ts";
import type { ReconstructionModels } from "./models.ts";
import {
  type ReconstructionLineage,
  type ReconstructionSetSummary,
  type ReconstructionSetWriter,
  type SkippedInput,
  writeReconstructionSet,
} from "./set.ts";
import { type PlanSourceOptions, planSource, type SourceImage } from "./source.ts";

/** Progress of a reconstruction: inputs handled out of all inputs (planned images and files skipped while listing). */
export interface ReconstructionProgress {
  /** Inputs handled: written + skipped. */
  readonly done: number;
  /** All inputs. */
  readonly total: number;
  /** Images reconstructed into the set. */
  readonly written: number;
  /** Inputs reported in `skipped.csv`. */
  readonly skipped: number;
}

/** Options shared by {@link reconstructItems} and {@link reconstructSource}. */
export interface RunOptions {
  /** Images per inference batch. @default 8 */
  batchSize?: number;
  /** Cancels the run; what was written is removed and the signal's reason is thrown. @default undefined */
  signal?: AbortSignal;
  /** Called with progress at most once per `progressIntervalMs`, and once at the end. @default undefined */
  onProgress?: (progress: ReconstructionProgress) => void;
  /** @default 500 */
  progressIntervalMs?: number;
  /**
   * Checkpoints recorded in the set's lineage (ONNX digests come from the models), and the refinement the models
   * run with. @default { gan: null, encoder: null }
   */
  lineage?: Partial<Pick<ReconstructionLineage, "gan" | "encoder" | "refine">>;
  /**
   * Reads an image's bytes (a service reads from its artifact store); the default reads `entry` from the folder or
   * zip `root`. A file the default reader cannot read is skipped (`UNREADABLE`); an error of a reader given here
   * fails the run instead (the image is not lost to a passing failure of its store).
   * @default undefined
   */
  read?: (image: SourceImage) => Promise<Uint8Array>;
}

/** A list of images to reconstruct into one set: a whole source, or one work item of it. */
export interface ItemsJob {
  /** The images, in the order the set keeps. */
  readonly images: readonly SourceImage[];
  /** The set folder to write (absent or empty). */
  readonly dest: string;
  /** Class -> label of the whole source (every part of a job must carry the same map). */
  readonly classes: Readonly<Record<string, number>>;
  /** The source, as the lineage records it. */
  readonly source: string;
  /** Inputs already known to be skipped, listed first in `skipped.csv` (a job's first item carries its plan's). */
  readonly skipped?: readonly SkippedInput[];
}

// Reads entries from folders and zips, opening each root once.
function sourceReader(): { read(image: SourceImage): Promise<Uint8Array>; close(): void } {
  const open = new Map<string, Promise<Source>>();
  return {
    async read(image) {
      let s = open.get(image.root);
      if (s === undefined) {
        s = openSource(image.root);
        open.set(image.root, s);
      }
      return await (await s).read(image.entry);
    },
    close() {
      for (const s of open.values()) s.then((x) => x.close()).catch(() => {});
    },
  };
}

type Loaded = { image: SourceImage; pixels: RgbImage } | { image: SourceImage; skip: string };

/**
 * Reconstructs a list of images into one set: decodes each (a corrupt file, a non-image or an image that is not the
 * networks' size is reported in `skipped.csv` and skipped; nothing is resized), runs E, G and D in batches, and
 * writes the set. The list can be any share of a job (a work item): parts written this way are joined by
 * `mergeParts()` in a stable order.
 *
 * @example
 * ```ts
 * const plan = await planSource("photos/test_set");
 * const job = { images: plan.images.slice(0, 256), dest: "out/part-0000", classes: plan.classes, source: plan.source };
 * const summary = await reconstructItems(models, job, { batchSize: 8, onProgress: console.log });
 * ```
 * @throws the signal's reason when aborted (the partial set is removed)
 */
export async function reconstructItems(
  models: ReconstructionModels,
  job: ItemsJob,
  options: RunOptions = {},
): Promise<ReconstructionSetSummary> {
  const { images } = job;
  const { signal } = options;
  const batchSize = options.batchSize ?? 8;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`Batch size must be a positive integer, got "${batchSize}"`);
  checkAborted(signal);
  const rec = models.reconstructor;
  const r = rec.resolution;
  const writer = await writeReconstructionSet(job.dest, {
    resolution: r,
    zDim: rec.zDim,
    featureDim: rec.featureDim,
    generator: models.generator,
    noiseMode: models.noiseMode,
    lineage: {
      gan: options.lineage?.gan ?? null,
      encoder: options.lineage?.encoder ?? null,
      onnx: { ...models.digests },
      source: job.source,
      ...(options.lineage?.refine !== undefined && { refine: options.lineage.refine }),
    },
    classes: job.classes,
  });
  const pre = job.skipped ?? [];
  const counts = { done: pre.length, total: images.length + pre.length, written: 0, skipped: pre.length };
  const progress = throttled(options.onProgress, options.progressIntervalMs ?? 500);
  const reader = options.read === undefined ? sourceReader() : undefined;
  const read = options.read ?? ((image: SourceImage) => reader!.read(image));
  const load = (batch: readonly SourceImage[]): Promise<Loaded[]> =>
    Promise.all(
      batch.map(async (image): Promise<Loaded> => {
        let bytes: Uint8Array;
        try {
          bytes = await read(image);
        } catch (err) {
          // A file the source cannot give (a damaged zip entry) is the input's fault; a custom reader's failure
          // (a store away) is not, and must not cost the image.
          if (options.read !== undefined) throw err;
          return { image, skip: `UNREADABLE: ${(err as Error).message}` };
        }
        const input = await readInputImage(bytes, r);
        return input.ok
          ? { image, pixels: input.image }
          : { image, skip: `${input.reason}: ${input.message}` };
      }),
    );
  try {
    for (const s of pre) await writer.skip(s);
    progress.update({ ...counts });
    let pending: Promise<Loaded[]> | null = images.length > 0 ? load(images.slice(0, batchSize)) : null;
    for (let start = 0; pending !== null; start += batchSize) {
      const loaded: Loaded[] = await pending;
      // Decoding the next batch overlaps the inference of this one.
      const next = start + batchSize;
      pending = next < images.length ? load(images.slice(next, next + batchSize)) : null;
      pending?.catch(() => {});
      checkAborted(signal);
      await writeBatch(writer, rec, loaded, counts);
      progress.update({ ...counts });
    }
    checkAborted(signal);
    const summary = await writer.finish();
    progress.flush({ ...counts });
    return summary;
  } catch (err) {
    await writer.abort();
    throw err;
  } finally {
    reader?.close();
  }
}

async function writeBatch(
  writer: ReconstructionSetWriter,
  rec: ReconstructionModels["reconstructor"],
  loaded: Loaded[],
  counts: { done: number; written: number; skipped: number },
): Promise<void> {
  const ok = loaded.filter((l): l is { image: SourceImage; pixels: RgbImage } => "pixels" in l);
  const results = await rec.reconstruct(ok.map((l) => l.pixels));
  const writes: Promise<void>[] = [];
  let k = 0;
  for (const l of loaded) {
    if ("skip" in l) {
      writes.push(writer.skip({ source: l.image.entry, reason: l.skip }));
      counts.skipped++;
    } else {
      const res = results[k++]!;
      writes.push(
        writer.add({
          imageName: l.image.imageName,
          className: l.image.className,
          label: l.image.label,
          input: l.pixels,
          reconstruction: res.reconstruction,
          residual: res.residual,
          z: res.z,
          featuresReal: res.featuresReal,
          featuresRec: res.featuresRec,
          logitReal: res.logitReal,
          logitRec: res.logitRec,
          pixelMse: res.pixelMse,
          pixelPairwise: res.pixelPairwise,
        }),
      );
      counts.written++;
    }
    counts.done++;
  }
  await Promise.all(writes);
}

/** A whole source to reconstruct into one set. */
export interface SourceJob {
  /** A folder or zip of photos in class folders, or a prepared data set (see `planSource()`). */
  readonly source: string;
  /** The set folder to write (absent or empty). */
  readonly dest: string;
}

/** Options of {@link reconstructSource}. */
export interface ReconstructSourceOptions extends RunOptions, PlanSourceOptions {}

/**
 * Reconstructs a whole source into one set: `planSource()` then {@link reconstructItems} over every image.
 *
 * @example
 * ```ts
 * const models = await openReconstructionModels({ encoder: "E.onnx", generator: "G.onnx", discriminator: "D.onnx" });
 * const job = { source: "photos/test_set", dest: "out/set" };
 * const summary = await reconstructSource(models, job, { onProgress: console.log });
 * await models.close();
 * ```
 */
export async function reconstructSource(
  models: ReconstructionModels,
  job: SourceJob,
  options: ReconstructSourceOptions = {},
): Promise<ReconstructionSetSummary> {
  checkAborted(options.signal);
  const plan = await planSource(
    job.source,
    options.classMap === undefined ? {} : { classMap: options.classMap },
  );
  const items = {
    images: plan.images,
    dest: job.dest,
    classes: plan.classes,
    source: job.source,
    skipped: plan.skipped,
  };
  return await reconstructItems(models, items, options);
}
