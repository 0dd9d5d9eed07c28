import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { Code, StatusError } from "@dermanomaly/contracts";
import type { DatasetReader } from "@dermanomaly/dataset";
import { type BatchSource, type RealBatch, shuffledBatchSource } from "@dermanomaly/gan/training";

/** The class index of normal images in a labelled data set (a class map `NEV=0,MEL=1`). */
export const NORMAL_LABEL = 0;

/**
 * The images E trains on, as indices into the data set: every image of an unlabelled data set; of one labelled with
 * class indices, those of the normal class ({@linkcode NORMAL_LABEL}). A data set with vector labels has no normal
 * class to pick and is used whole.
 *
 * @throws {StatusError} FAILED_PRECONDITION when a labelled data set holds no normal image
 */
export function normalImages(dataset: DatasetReader): number[] {
  const classes = dataset.hasLabels && dataset.entries.every((e) => typeof e.label === "number");
  if (!classes) return dataset.entries.map((_, i) => i);
  const normal = dataset.entries.flatMap((e, i) => (e.label === NORMAL_LABEL ? [i] : []));
  if (normal.length === 0) {
    const labels = [...new Set(dataset.entries.map((e) => e.label))].sort().join(", ");
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `Data set "${dataset.name}" holds no normal images: its labels are ${labels}, none is ${NORMAL_LABEL}; ` +
        `prepare the training set from the normal images only, or with a class map giving them label ${NORMAL_LABEL}`,
    );
  }
  return normal;
}

/** Options of {@linkcode normalBatchSource}. */
export interface NormalBatchSourceOptions {
  /** Seed of the shuffling (the run's seed). @default 0 */
  seed?: number;
}

/**
 * An endless stream of batches of the given images of a StyleGAN data set (NCHW float32 in [-1, 1]), reshuffled
 * with a seeded generator every epoch, whose position is saved in checkpoints (see `shuffledBatchSource`). Images are
 * decoded per batch, so memory does not grow with the data set; each batch first yields to the event loop, so the
 * service stays responsive between steps.
 */
export function normalBatchSource(
  dataset: DatasetReader,
  images: readonly number[],
  options: NormalBatchSourceOptions = {},
): BatchSource {
  const res = dataset.resolution;
  return shuffledBatchSource({
    count: images.length,
    imageShape: [3, res, res],
    seed: options.seed ?? 0,
    load: async (index, out, offset) => {
      await dataset.loadChw(images[index]!, { out, offset });
    },
    beforeBatch: () => yieldToEventLoop(),
  });
}

/** The first `count` of the given images (fewer when there are fewer) as one batch: the reals of the `rec` grids. */
export async function firstImages(
  dataset: DatasetReader,
  images: readonly number[],
  count: number,
): Promise<RealBatch> {
  const n = Math.min(count, images.length);
  const res = dataset.resolution;
  const size = 3 * res * res;
  const out = new Float32Array(n * size);
  for (let k = 0; k < n; k++) await dataset.loadChw(images[k]!, { out, offset: k * size });
  return { images: out, shape: [n, 3, res, res] };
}
