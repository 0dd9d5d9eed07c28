import { stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import { decodeImage, imageToChw, type RgbImage } from "@dermanomaly/imaging";
import { extensionOf, IMAGE_EXTENSIONS, openSource, type Source } from "./_source.ts";
import { type Label, parseDatasetJson } from "./labels.ts";
import type { DatasetManifest } from "./manifest.ts";

/** One image of a StyleGAN data set. */
export interface DatasetEntry {
  /** Name inside the data set, e.g. `00000/img00000000.png`. */
  readonly file: string;
  /** Its label from `dataset.json`, or `undefined` when the data set has none. */
  readonly label?: Label;
}

/** A StyleGAN data set (folder or zip) opened for reading, like stylegan3's `ImageFolderDataset`. */
export interface DatasetReader {
  /** Path's basename without extension, as upstream names a data set. */
  readonly name: string;
  /** Images sorted by name. */
  readonly entries: readonly DatasetEntry[];
  /** Side of the (square) images, from the first image. */
  readonly resolution: number;
  /** Whether every image has a label. */
  readonly hasLabels: boolean;
  /** `manifest.json`, when the data set has one. */
  readonly manifest: DatasetManifest | undefined;
  /** Decodes image `index` to HWC uint8 RGB. */
  loadImage(index: number): Promise<RgbImage>;
  /**
   * Decodes image `index` to CHW float32 in [-1, 1] (`x / 127.5 - 1`), optionally into `out` at `offset`
   * (one slot of a batch).
   */
  loadChw(
    index: number,
    options?: { readonly out?: Float32Array; readonly offset?: number },
  ): Promise<Float32Array>;
  /** Releases the zip file, if any. */
  close(): void;
}

/**
 * Opens a data set written by `prepareDataset` or `dataset_tool.py`: every file with an image extension, sorted,
 * labels from `dataset.json`. All images must be square and of one size (checked on load).
 *
 * @throws {StatusError} NOT_FOUND, or FAILED_PRECONDITION for an empty or non-square data set
 */
export async function openDataset(path: string): Promise<DatasetReader> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new StatusError(Code.NOT_FOUND, `Data set '${path}' does not exist`);
  const source: Source = await openSource(path);
  try {
    const names = source.files.filter((f) => IMAGE_EXTENSIONS.has(extensionOf(f)));
    if (names.length === 0)
      throw new StatusError(Code.FAILED_PRECONDITION, `Data set '${path}' holds no images`);
    const json = async (name: string): Promise<unknown> =>
      source.files.includes(name)
        ? JSON.parse(Buffer.from(await source.read(name)).toString("utf8"))
        : undefined;
    const labels = parseDatasetJson((await json("dataset.json")) ?? null);
    const manifest = (await json("manifest.json")) as DatasetManifest | undefined;
    const entries: DatasetEntry[] = names.map((file) => {
      const label = labels?.get(file);
      return label === undefined ? { file } : { file, label };
    });
    const load = async (index: number): Promise<RgbImage> => {
      const entry = entries[index];
      if (entry === undefined) throw new RangeError(`Index '${index}' is outside [0, ${entries.length})`);
      return await decodeImage(await source.read(entry.file));
    };
    const first = await load(0);
    if (first.width !== first.height) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `Images of data set '${path}' must be square, got '${first.width}x${first.height}'`,
      );
    }
    const resolution = first.width;
    const loadImage = async (index: number) => {
      const image = await load(index);
      if (image.width !== resolution || image.height !== resolution) {
        throw new StatusError(
          Code.FAILED_PRECONDITION,
          `Image '${entries[index]?.file}' is '${image.width}x${image.height}', expected '${resolution}x${resolution}'`,
        );
      }
      return image;
    };
    return {
      name: basename(path, extname(path)),
      entries,
      resolution,
      hasLabels: entries.every((e) => e.label !== undefined),
      manifest,
      loadImage,
      loadChw: async (index, options = {}) => imageToChw(await loadImage(index), options),
      close: () => source.close(),
    };
  } catch (err) {
    source.close();
    throw err;
  }
}
