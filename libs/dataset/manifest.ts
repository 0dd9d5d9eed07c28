import type { Conversion, DecodeErrorCode } from "@dermanomaly/imaging";
import type { Label, LabelSource } from "./labels.ts";
import type { DatasetSplit } from "./split.ts";

/** Why a source file was left out of a prepared data set. */
export const SkipReason = {
  /** A known image format whose data is damaged or truncated. */
  CORRUPT: "CORRUPT",
  /** An image extension but not image data (for example a text file named `.jpg`). */
  NOT_AN_IMAGE: "NOT_AN_IMAGE",
  /** Shorter side below `minSide`. */
  TOO_SMALL: "TOO_SMALL",
  /** More pixels than `maxPixels` (decompression-bomb guard). */
  TOO_MANY_PIXELS: "TOO_MANY_PIXELS",
  /** A format Pillow opens but this library does not decode (PPM, TGA, HEIC, ...). */
  UNSUPPORTED: "UNSUPPORTED",
  /** `center-crop-wide` drops images narrower than the output or too short for it (upstream rule). */
  DROPPED_BY_TRANSFORM: "DROPPED_BY_TRANSFORM",
  /** An explicit class map was given and the image is not in one of its folders. */
  UNLABELLED: "UNLABELLED",
} as const satisfies Record<DecodeErrorCode, string> & Record<string, string>;

/** One of the {@linkcode SkipReason} values. */
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

/** Whether `value` is a {@linkcode SkipReason}. */
export function isSkipReason(value: unknown): value is SkipReason {
  return typeof value === "string" && Object.hasOwn(SkipReason, value);
}

/** One written image. */
export interface ManifestImage {
  /** Name inside the data set, e.g. `00000/img00000000.png`. */
  readonly file: string;
  /** Source path relative to the source root, `/`-separated. */
  readonly source: string;
  /** Class folder, when labels come from folders. */
  readonly class?: string;
  /** Label written to `dataset.json`, when the image has one. */
  readonly label?: Label;
  /** Conversions applied while decoding (GRAYSCALE_TO_RGB, CMYK_TO_RGB, ALPHA_DROPPED, ...). */
  readonly conversions: readonly Conversion[];
}

/** One source file left out. */
export interface ManifestSkipped {
  /** Source path relative to the source root, `/`-separated. */
  readonly source: string;
  /** Why. */
  readonly reason: SkipReason;
  /** A human-readable detail (decoder message, sizes). */
  readonly detail: string;
}

/**
 * `manifest.json`, written beside `dataset.json`: where every output came from and why every other source file
 * was left out.
 */
export interface DatasetManifest {
  /** Format version of this file. */
  readonly version: 1;
  /** The source folder or zip as given. */
  readonly source: string;
  /** Transform, output size and limits used. */
  readonly settings: {
    readonly transform: string;
    readonly width: number;
    readonly height: number;
    readonly resampler: string;
    readonly maxImages: number | null;
    readonly maxPixels: number;
    readonly minSide: number;
  };
  /** The part of a seeded split this data set holds, when it holds one (absent: every image of the source). */
  readonly split?: DatasetSplit;
  /** Where labels came from, and the class -> label map for class folders. */
  readonly labels: { readonly source: LabelSource; readonly classes: Readonly<Record<string, number>> };
  /** Written images, in output order. */
  readonly images: readonly ManifestImage[];
  /** Source images left out, in source order. */
  readonly skipped: readonly ManifestSkipped[];
  /** Source files that are not images by extension (ignored, as upstream does). */
  readonly ignored: readonly string[];
}
