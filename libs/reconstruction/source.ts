import { basename } from "node:path";
import { openDataset } from "@dermanomaly/dataset";
import {
  extensionOf,
  IMAGE_EXTENSIONS,
  openSource,
  UNSUPPORTED_IMAGE_EXTENSIONS,
} from "@dermanomaly/dataset/internal";
import { IMAGE_FOLDERS, type SkippedInput, setImagePath, UNLABELLED, UNLABELLED_CLASS } from "./set.ts";

/** One image to reconstruct: where its bytes are and what the set calls it. Plain data, so it can travel in a work item. */
export interface SourceImage {
  /** The folder or zip that holds it. */
  readonly root: string;
  /** Its path inside `root`, `/`-separated: `MEL/ISIC_0000002.jpg`, or `00000/img00000003.png` in a data set. */
  readonly entry: string;
  /** The source photo's file name, kept in the set (`ISIC_0000002.jpg`; for a data set, as its manifest records it). */
  readonly imageName: string;
  /** Class folder, or `_` when unlabelled. */
  readonly className: string;
  /** The class's label, or -1. */
  readonly label: number;
}

/** What a source holds, ready to be split into work items. */
export interface SourcePlan {
  /** The source as given. */
  readonly source: string;
  /** A folder or zip of photos in class folders, or a data set prepared by the preprocess stage. */
  readonly kind: "photos" | "dataset";
  /** Images to reconstruct, in sorted source order. */
  readonly images: readonly SourceImage[];
  /** Files left out while listing (not images by their extension, unsupported formats, clashing names). */
  readonly skipped: readonly SkippedInput[];
  /** Class -> label of every class among the images. */
  readonly classes: Readonly<Record<string, number>>;
}

/** The labels of NEV and MEL, the classes of the method. */
export const DEFAULT_CLASS_MAP: Readonly<Record<string, number>> = { NEV: 0, MEL: 1 };

/** Options of {@link planSource}. */
export interface PlanSourceOptions {
  /**
   * Class folder -> label. Class folders not in the map get the next free labels, in sorted order; images outside
   * any class folder are unlabelled (class `_`, label -1).
   * @default DEFAULT_CLASS_MAP ({ NEV: 0, MEL: 1 })
   */
  classMap?: Readonly<Record<string, number>>;
}

/**
 * Lists the images of a source: a folder or `.zip` of photos whose first-level folders are classes (`NEV/`, `MEL/`),
 * or a data set prepared by the preprocess stage (recognised by its root `dataset.json`), whose `manifest.json`
 * gives each image's source name and class. Files with other extensions are reported as skipped (`NOT_AN_IMAGE`,
 * `UNSUPPORTED`), as are images whose name (without extension) clashes with an earlier one of their class
 * (`DUPLICATE_NAME`), since the set keeps `<class>/<name>.png`. Nothing is decoded yet.
 *
 * @example
 * ```ts
 * const plan = await planSource("photos/test_set");
 * console.log(plan.images.length, plan.classes, plan.skipped);
 * ```
 * @throws {StatusError} NOT_FOUND for a missing source; INVALID_ARGUMENT for a path that is neither a folder nor a zip
 */
export async function planSource(source: string, options: PlanSourceOptions = {}): Promise<SourcePlan> {
  const classMap = options.classMap ?? DEFAULT_CLASS_MAP;
  for (const [k, v] of Object.entries(classMap)) {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeError(`Label of class "${k}" must be a non-negative integer, got "${v}"`);
  }
  const files = await listFiles(source);
  if (files.includes("dataset.json")) return await planDataset(source);
  const skipped: SkippedInput[] = [];
  const candidates: { entry: string; className: string; imageName: string }[] = [];
  for (const entry of files) {
    const ext = extensionOf(entry);
    if (!IMAGE_EXTENSIONS.has(ext)) {
      const reason = UNSUPPORTED_IMAGE_EXTENSIONS.has(ext)
        ? `UNSUPPORTED: "${ext}" images are not decoded here`
        : `NOT_AN_IMAGE: extension "${ext}" is not an image's`;
      skipped.push({ source: entry, reason });
      continue;
    }
    const slash = entry.indexOf("/");
    candidates.push({
      entry,
      className: slash < 0 ? UNLABELLED_CLASS : entry.slice(0, slash),
      imageName: basename(entry),
    });
  }
  const classes: Record<string, number> = {};
  const extra = [...new Set(candidates.map((c) => c.className))].filter((c) => c !== UNLABELLED_CLASS).sort();
  let next = Math.max(-1, ...Object.values(classMap)) + 1;
  for (const c of extra) classes[c] = classMap[c] ?? next++;
  const images = unique(
    candidates.map((c) => ({
      ...c,
      root: source,
      label: c.className === UNLABELLED_CLASS ? UNLABELLED : classes[c.className]!,
    })),
    skipped,
  );
  return { source, kind: "photos", images, skipped, classes };
}

async function listFiles(source: string): Promise<readonly string[]> {
  const s = await openSource(source);
  try {
    return s.files;
  } finally {
    s.close();
  }
}

// A data set's images, named and classed by its manifest (else by its file names and dataset.json labels).
async function planDataset(source: string): Promise<SourcePlan> {
  const dataset = await openDataset(source);
  try {
    const bySource = new Map((dataset.manifest?.images ?? []).map((m) => [m.file, m]));
    const classes: Record<string, number> = {};
    const skipped: SkippedInput[] = [];
    const candidates = dataset.entries.map((e) => {
      const m = bySource.get(e.file);
      const label =
        typeof (m?.label ?? e.label) === "number" ? ((m?.label ?? e.label) as number) : UNLABELLED;
      // Without a class name, an integer label names its class.
      const className = m?.class ?? (label === UNLABELLED ? UNLABELLED_CLASS : String(label));
      if (className !== UNLABELLED_CLASS) classes[className] = label;
      return { root: source, entry: e.file, imageName: basename(m?.source ?? e.file), className, label };
    });
    return { source, kind: "dataset", images: unique(candidates, skipped), skipped, classes };
  } finally {
    dataset.close();
  }
}

// Keeps the first image of each `<class>/<name>.png` and skips the rest (and names no file system keeps).
function unique(images: SourceImage[], skipped: SkippedInput[]): SourceImage[] {
  const seen = new Map<string, string>();
  const out: SourceImage[] = [];
  for (const image of images) {
    let key: string;
    try {
      key = setImagePath("input", image.className, image.imageName).slice(IMAGE_FOLDERS.input.length + 1);
    } catch {
      skipped.push({
        source: image.entry,
        reason: `INVALID_NAME: "${image.className}/${image.imageName}" cannot be a file path`,
      });
      continue;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      skipped.push({
        source: image.entry,
        reason: `DUPLICATE_NAME: "${key}" is already taken by "${first}"`,
      });
      continue;
    }
    seen.set(key, image.entry);
    out.push(image);
  }
  return out;
}
