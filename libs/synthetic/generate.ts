import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import { encodeJpeg } from "@dermanomaly/imaging";
import { mixSeed } from "./_random.ts";
import { checkRenderOptions, renderTraits } from "./_render.ts";
import { drawTraits } from "./_traits.ts";
import { LesionKind, LesionStyle } from "./features.ts";
import { type LesionMixOptions, resolveMix } from "./mix.ts";
import type { LesionTraits } from "./traits.ts";

/** Progress of {@linkcode generateSyntheticSet}. */
export interface SyntheticProgress {
  /** Images written so far. */
  readonly done: number;
  /** Images to write in all. */
  readonly total: number;
}

/** Options for {@linkcode generateSyntheticSet}. */
export interface SyntheticSetOptions {
  /** Output folder; created if missing, refused if it exists and is not empty. */
  readonly out: string;
  /**
   * Naevi in `train_set/NEV`.
   * @default 100
   */
  readonly trainNev?: number;
  /**
   * Naevi in `test_set/NEV`.
   * @default 20
   */
  readonly testNev?: number;
  /**
   * Melanomas in `test_set/MEL`.
   * @default 20
   */
  readonly testMel?: number;
  /**
   * Image width.
   * @default 600
   */
  readonly width?: number;
  /**
   * Image height.
   * @default 450
   */
  readonly height?: number;
  /**
   * Seed; the same seed and options give byte-identical files.
   * @default 0
   */
  readonly seed?: number;
  /**
   * Generator family; both write the same layout.
   * @default "a"
   */
  readonly style?: LesionStyle;
  /**
   * Feature shares; missing fields take {@linkcode DEFAULT_MIX}'s.
   * @default DEFAULT_MIX
   */
  readonly mix?: LesionMixOptions;
  /**
   * JPEG quality.
   * @default 90
   */
  readonly quality?: number;
  /** Stops between images; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after each image. */
  readonly onProgress?: (progress: SyntheticProgress) => void;
}

/** One generated file. */
export interface SyntheticFile {
  /** Path relative to `out`, with `/` separators, e.g. `test_set/MEL/test_MEL_00003.jpg`. */
  readonly path: string;
  /** `train` or `test`. */
  readonly split: "train" | "test";
  /** Lesion class, also the folder name. */
  readonly kind: LesionKind;
  /** Anomaly label as the scorer uses it: 0 naevus, 1 melanoma. */
  readonly label: 0 | 1;
  /** What the image shows (difficulty and features), e.g. to break results down by difficulty. */
  readonly traits: LesionTraits;
}

/** What {@linkcode generateSyntheticSet} wrote. */
export interface SyntheticSetSummary {
  /** The output folder. */
  readonly out: string;
  /** Every file, in writing order (train NEV, test NEV, test MEL; by index). */
  readonly files: readonly SyntheticFile[];
}

const SPLIT_ID = { train: 1, test: 2 } as const;
const KIND_ID = { NEV: 1, MEL: 2 } as const;

function count(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 0)
    throw new RangeError(`${name} must be a non-negative integer, got '${v}'`);
  return v;
}

/**
 * Writes a dermoscopy-like data set in the layout of the original project:
 * `out/train_set/NEV`, `out/test_set/NEV`, `out/test_set/MEL`, JPEG files named `<split>_<CLASS>_<index>.jpg`.
 * Each image's seed mixes `seed`, split, class and index, so an image does not depend on how many others are made;
 * its traits follow the mix and do not depend on the style (style `b` draws the same lesions its own way).
 *
 * @throws {StatusError} `FAILED_PRECONDITION` when `out` exists and is not empty
 * @throws {RangeError} for a bad count, size, seed, style or mix (nothing is written)
 */
export async function generateSyntheticSet(options: SyntheticSetOptions): Promise<SyntheticSetSummary> {
  const { out, signal, onProgress } = options;
  const trainNev = count("Train NEV count", options.trainNev, 100);
  const testNev = count("Test NEV count", options.testNev, 20);
  const testMel = count("Test MEL count", options.testMel, 20);
  const width = options.width ?? 600;
  const height = options.height ?? 450;
  const seed = options.seed ?? 0;
  const quality = options.quality ?? 90;
  const style = options.style ?? LesionStyle.A;
  if (typeof out !== "string" || out === "") throw new TypeError("Output folder must be a non-empty path");
  if (!Number.isInteger(seed)) throw new RangeError(`Seed must be an integer, got '${seed}'`);
  checkRenderOptions(style, width, height);
  const mix = resolveMix(options.mix);
  signal?.throwIfAborted();

  const existing = await readdir(out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    if (err.code === "ENOTDIR")
      throw new StatusError(Code.FAILED_PRECONDITION, `Output '${out}' is not a folder`);
    throw err;
  });
  if (existing.length > 0) {
    throw new StatusError(Code.FAILED_PRECONDITION, `Output folder '${out}' is not empty`);
  }

  const plan: { file: SyntheticFile; seed: number }[] = [];
  const add = (split: "train" | "test", kind: LesionKind, n: number) => {
    for (let index = 0; index < n; index++) {
      const name = `${split}_${kind}_${String(index).padStart(5, "0")}.jpg`;
      const label = kind === LesionKind.MEL ? 1 : 0;
      const imageSeed = mixSeed(seed, SPLIT_ID[split], KIND_ID[kind], index);
      const traits = drawTraits(kind, imageSeed, mix);
      plan.push({
        file: { path: `${split}_set/${kind}/${name}`, split, kind, label, traits },
        seed: imageSeed,
      });
    }
  };
  add("train", LesionKind.NEV, trainNev);
  add("test", LesionKind.NEV, testNev);
  add("test", LesionKind.MEL, testMel);

  const folders = new Set(plan.map(({ file }) => file.path.slice(0, file.path.lastIndexOf("/"))));
  for (const folder of folders) await mkdir(join(out, folder), { recursive: true });

  let done = 0;
  // Render the next image (synchronous) while sharp encodes and writes the previous one.
  let pending: Promise<void> = Promise.resolve();
  try {
    for (const { file, seed: imageSeed } of plan) {
      signal?.throwIfAborted();
      const image = renderTraits(file.traits, style, width, height, imageSeed);
      await pending;
      pending = encodeJpeg(image, { quality }).then(async (bytes) => {
        await writeFile(join(out, file.path), bytes);
        done++;
        onProgress?.({ done, total: plan.length });
      });
    }
    await pending;
  } finally {
    await pending.catch(() => {});
  }
  return { out, files: plan.map(({ file }) => file) };
}
