import { join } from "node:path";
import { writeFileAtomic } from "@dermanomaly/evaluation/internal";
import { decodeImage, encodeJpeg, resizeLanczos } from "@dermanomaly/imaging";
import type { ReportImageSet, ReportSetImage } from "./types.ts";

/** The thumbnails of one image, relative to the report folder. */
export interface ImageThumbnails {
  readonly input: string;
  readonly reconstruction: string;
  readonly residual: string;
}

/** Options for {@linkcode writeThumbnails}. */
export interface ThumbnailOptions {
  /**
   * Longest side of a thumbnail in pixels (images are not enlarged).
   * @default 128
   */
  readonly size?: number;
  /** Checked between images; the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after each image with the images done and in all. */
  readonly onImage?: (done: number, total: number) => void;
}

const KINDS = ["input", "reconstruction", "residual"] as const;

/**
 * Writes small JPEG copies of every image of the sets (input, reconstruction, residual) under
 * `<out>/thumbs/<set index>/<class>/<name>_<kind>.jpg`, so the report links them by relative paths and keeps
 * working when its folder is copied elsewhere. Returns, per set, the thumbnails of each of its images (same order).
 */
export async function writeThumbnails(
  sets: readonly ReportImageSet[],
  out: string,
  options: ThumbnailOptions = {},
): Promise<ImageThumbnails[][]> {
  const size = options.size ?? 128;
  if (!Number.isInteger(size) || size < 8 || size > 1024) {
    throw new RangeError(`Thumbnail size must be an integer from 8 to 1024, got '${size}'`);
  }
  const total = sets.reduce((n, s) => n + s.images.length, 0);
  let done = 0;
  const result: ImageThumbnails[][] = [];
  for (const [s, set] of sets.entries()) {
    const thumbs: ImageThumbnails[] = [];
    // Names that differ only in characters a file name cannot keep get the image's index appended.
    const used = new Set<string>();
    for (const [i, image] of set.images.entries()) {
      options.signal?.throwIfAborted();
      let stem = thumbnailStem(s, image);
      if (used.has(stem)) stem = `${stem}-${i}`;
      used.add(stem);
      const paths = {} as Record<(typeof KINDS)[number], string>;
      for (const kind of KINDS) {
        const relative = `${stem}_${kind}.jpg`;
        const decoded = await decodeImage(join(set.dir, image[kind]));
        const scale = Math.min(1, size / Math.max(decoded.width, decoded.height));
        const small =
          scale < 1
            ? resizeLanczos(decoded, {
                width: Math.max(1, Math.round(decoded.width * scale)),
                height: Math.max(1, Math.round(decoded.height * scale)),
              })
            : decoded;
        await writeFileAtomic(join(out, relative), await encodeJpeg(small, { quality: 88 }));
        paths[kind] = relative;
      }
      thumbs.push(paths);
      options.onImage?.(++done, total);
    }
    result.push(thumbs);
  }
  return result;
}

/** `thumbs/<set>/<class>/<name without extension>`, `/`-separated (a URL path as much as a file path). */
function thumbnailStem(setIndex: number, image: ReportSetImage): string {
  return `thumbs/${setIndex}/${safe(image.className)}/${safe(image.imageName.replace(/\.[^.]*$/, ""))}`;
}

// File names keep letters, digits, '.', '-' and '_'; anything else becomes '_' (names also go into URLs).
function safe(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  return s === "" ? "_" : s;
}
