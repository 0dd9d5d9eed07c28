import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { DatasetReader } from "@dermanomaly/dataset";
import { type BatchSource, Random, type RandomState, type RealBatch } from "@dermanomaly/gan/training";

/** Options of {@linkcode datasetBatchSource}. */
export interface DatasetBatchSourceOptions {
  /** Seed of the shuffling (the run's `--seed`). @default 0 */
  seed?: number;
}

/** The position a {@linkcode datasetBatchSource} reports, saved in checkpoints. */
interface DatasetSourceState {
  random: RandomState;
  order: number[];
  pos: number;
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
  const count = dataset.entries.length;
  const res = dataset.resolution;
  const size = 3 * res * res;
  if (count < 1) throw new RangeError("The data set holds no images");
  let random = new Random(options.seed ?? 0);
  let order: number[] = [];
  let pos = 0;
  const shuffle = (): void => {
    order = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(random.uniform() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    pos = 0;
  };
  shuffle();
  return {
    async next(batchSize: number): Promise<RealBatch> {
      if (!Number.isInteger(batchSize) || batchSize < 1)
        throw new RangeError(`Batch size must be a positive integer, got "${batchSize}"`);
      await yieldToEventLoop();
      const out = new Float32Array(batchSize * size);
      for (let k = 0; k < batchSize; k++) {
        if (pos === count) shuffle();
        await dataset.loadChw(order[pos++]!, { out, offset: k * size });
      }
      return { images: out, shape: [batchSize, 3, res, res] };
    },
    getState: (): DatasetSourceState => ({ random: random.getState(), order: [...order], pos }),
    setState(state: unknown): void {
      const s = state as Partial<DatasetSourceState> | undefined;
      if (!Array.isArray(s?.order) || s.order.length !== count || !Number.isInteger(s.pos) || !s.random)
        throw new RangeError("Batch source state does not match this data set");
      random = Random.fromState(s.random);
      order = [...s.order];
      pos = s.pos as number;
    },
  };
}
