import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { DatasetReader } from "@dermanomaly/dataset";
import { type BatchSource, shuffledBatchSource } from "@dermanomaly/gan/training";

/** Options of {@linkcode datasetBatchSource}. */
export interface DatasetBatchSourceOptions {
  /** Seed of the shuffling (the run's `--seed`). @default 0 */
  seed?: number;
}

/**
 * An endless stream of batches from a StyleGAN data set (NCHW float32 in [-1, 1]), reshuffled with a seeded
 * generator every epoch, whose position (`getState`/`setState`) is saved in checkpoints so a resumed run sees the
 * images the uninterrupted run would have seen. Images are decoded per batch, so memory does not grow with the
 * data set. Each batch first yields to the event loop, so a service stays responsive between training steps.
 */
export function datasetBatchSource(
  dataset: DatasetReader,
  options: DatasetBatchSourceOptions = {},
): BatchSource {
  const res = dataset.resolution;
  if (dataset.entries.length < 1) throw new RangeError("The data set holds no images");
  return shuffledBatchSource({
    count: dataset.entries.length,
    imageShape: [3, res, res],
    seed: options.seed ?? 0,
    load: async (index, out, offset) => {
      await dataset.loadChw(index, { out, offset });
    },
    beforeBatch: () => yieldToEventLoop(),
  });
}
