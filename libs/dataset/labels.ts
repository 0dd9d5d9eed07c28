import { Code, StatusError } from "@dermanomaly/contracts";

/** A class index, or a vector of floats (StyleGAN's two label kinds). */
export type Label = number | readonly number[];

/** Where the labels of a prepared data set come from. */
export const LabelSource = {
  /** A `dataset.json` at the root of the source (`{"labels": [[relative path, label], ...]}`). */
  DATASET_JSON: "dataset.json",
  /** The first-level folder of each image is its class (`NEV/a.jpg` -> class `NEV`). */
  CLASS_FOLDERS: "class-folders",
  /** No labels: `dataset.json` will hold `{"labels": null}`. */
  NONE: "none",
} as const;

/** One of the {@linkcode LabelSource} values. */
export type LabelSource = (typeof LabelSource)[keyof typeof LabelSource];

/** How each source image gets its label. */
export interface LabelPlan {
  /** Where labels come from. */
  readonly source: LabelSource;
  /** Class name -> class index, for `class-folders`; empty otherwise. */
  readonly classes: Readonly<Record<string, number>>;
  /** Label of a source image (relative `/`-separated path), or `undefined` when it has none. */
  labelOf(path: string): Label | undefined;
  /** Class folder of a source image, or `undefined` when labels do not come from folders. */
  classOf(path: string): string | undefined;
}

/** Options for {@linkcode resolveLabels}. */
export interface ResolveLabelsOptions {
  /**
   * Parsed contents of the source's root `dataset.json`, when it has one.
   * @default undefined
   */
  readonly datasetJson?: unknown;
  /**
   * Explicit class folder -> label mapping, e.g. `{ NEV: 0, MEL: 1 }`. It takes precedence over a source
   * `dataset.json`; images outside the listed folders then have no label.
   * @default undefined (folders sorted alphabetically get 0, 1, ...)
   */
  readonly classMap?: Readonly<Record<string, number>>;
}

function isLabel(value: unknown): value is Label {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0;
  return Array.isArray(value) && value.every((v) => typeof v === "number" && Number.isFinite(v));
}

/** The `labels` of a `dataset.json`, checked: a map from relative path to label, or `null`. */
export function parseDatasetJson(json: unknown): Map<string, Label> | null {
  const labels = (json as { labels?: unknown } | null)?.labels;
  if (labels === null || labels === undefined) return null;
  if (!Array.isArray(labels)) {
    throw new StatusError(Code.INVALID_ARGUMENT, "Field 'labels' of 'dataset.json' must be a list or null");
  }
  const out = new Map<string, Label>();
  for (const pair of labels) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || !isLabel(pair[1])) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Entry '${JSON.stringify(pair)}' of 'dataset.json' is not [path, integer or list of numbers]`,
      );
    }
    out.set(pair[0].replaceAll("\\", "/"), pair[1]);
  }
  return out;
}

/**
 * Decides the labels of `images` (relative `/`-separated source paths): an explicit `classMap`, else the source's
 * `dataset.json`, else first-level class folders when every image sits in one (folders sorted alphabetically get
 * 0, 1, ...), else none.
 */
export function resolveLabels(images: readonly string[], options: ResolveLabelsOptions = {}): LabelPlan {
  const { classMap, datasetJson } = options;
  const folderOf = (path: string) => {
    const slash = path.indexOf("/");
    return slash < 0 ? undefined : path.slice(0, slash);
  };
  if (classMap !== undefined) {
    for (const [name, label] of Object.entries(classMap)) {
      if (!Number.isInteger(label) || label < 0) {
        throw new RangeError(`Class '${name}' must map to a non-negative integer, got '${label}'`);
      }
    }
    const classes = { ...classMap };
    return {
      source: LabelSource.CLASS_FOLDERS,
      classes,
      labelOf: (path) => {
        const folder = folderOf(path);
        return folder !== undefined && Object.hasOwn(classes, folder) ? classes[folder] : undefined;
      },
      classOf: folderOf,
    };
  }
  if (datasetJson !== undefined) {
    const labels = parseDatasetJson(datasetJson);
    if (labels !== null) {
      return {
        source: LabelSource.DATASET_JSON,
        classes: {},
        labelOf: (path) => labels.get(path),
        classOf: () => undefined,
      };
    }
  }
  const folders = images.map(folderOf);
  if (images.length > 0 && folders.every((f) => f !== undefined)) {
    const names = [...new Set(folders as string[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const classes = Object.fromEntries(names.map((name, i) => [name, i]));
    return {
      source: LabelSource.CLASS_FOLDERS,
      classes,
      labelOf: (path) => {
        const folder = folderOf(path);
        return folder === undefined ? undefined : classes[folder];
      },
      classOf: folderOf,
    };
  }
  return { source: LabelSource.NONE, classes: {}, labelOf: () => undefined, classOf: () => undefined };
}
