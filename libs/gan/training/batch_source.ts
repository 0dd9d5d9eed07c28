import { Random, type RandomState } from "./_rng.ts";

/** A batch of real images: NCHW float32 in [-1, 1] (`x / 127.5 − 1` of the uint8 pixels). */
export interface RealBatch {
  /** Row-major `[N, C, H, W]` values. */
  images: Float32Array;
  /** `[N, C, H, W]`. */
  shape: readonly [number, number, number, number];
}

/**
 * Where training takes its real images from (a data set reader, or anything producing batches). A source that can
 * report and restore its position (`getState`/`setState`, JSON-serialisable) is saved in checkpoints, so a resumed
 * run sees the same images next.
 */
export interface BatchSource {
  /** The next `batchSize` images. */
  next(batchSize: number): Promise<RealBatch>;
  /** Position in the stream, JSON-serialisable. */
  getState?(): unknown;
  /** Returns to a position reported by {@link getState}. */
  setState?(state: unknown): void;
}

/** Options of {@link shuffledBatchSource}. */
export interface ShuffledBatchSourceOptions {
  /** Number of images. */
  count: number;
  /** `[C, H, W]` of one image. */
  imageShape: readonly [number, number, number];
  /** Writes image `index` (NCHW float32 in [-1, 1]) into `out` at `offset`. */
  load(index: number, out: Float32Array, offset: number): void | Promise<void>;
  /** Seed of the shuffling. @default 0 */
  seed?: number;
  /** Awaited before each batch (e.g. to yield to the event loop). @default none */
  beforeBatch?: () => Promise<unknown>;
}

/**
 * An endless stream over `count` images, reshuffled with a seeded generator every epoch, whose position
 * (`getState`/`setState`: generator state, order, index) is saved in checkpoints so a resumed run sees the images
 * the uninterrupted run would have seen.
 */
export function shuffledBatchSource(options: ShuffledBatchSourceOptions): BatchSource {
  const { count, imageShape, load, beforeBatch } = options;
  const [c, h, w] = imageShape;
  const size = c * h * w;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`A batch source needs images, got "${count}"`);
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
      await beforeBatch?.();
      const out = new Float32Array(batchSize * size);
      for (let k = 0; k < batchSize; k++) {
        if (pos === count) shuffle();
        await load(order[pos++]!, out, k * size);
      }
      return { images: out, shape: [batchSize, c, h, w] };
    },
    getState: () => ({ random: random.getState(), order: [...order], pos }),
    setState(state: unknown): void {
      const s = state as { random?: RandomState; order?: number[]; pos?: number } | undefined;
      if (!Array.isArray(s?.order) || s.order.length !== count || !Number.isInteger(s.pos) || !s.random)
        throw new RangeError("Batch source state does not match this data set");
      random = Random.fromState(s.random);
      order = [...s.order];
      pos = s.pos as number;
    },
  };
}

/** Options of {@link arrayBatchSource}. */
export interface ArrayBatchSourceOptions {
  /** Seed of the shuffling. @default 0 */
  seed?: number;
}

/**
 * An endless, seeded, reshuffled-every-epoch stream over images held in memory (NCHW float32 in [-1, 1]), with a
 * saveable position. Meant for small data sets and tests.
 */
export function arrayBatchSource(
  images: Float32Array,
  shape: readonly [number, number, number, number],
  options: ArrayBatchSourceOptions = {},
): BatchSource {
  const [count, c, h, w] = shape;
  const size = c * h * w;
  if (!Number.isInteger(count) || count < 1 || images.length !== count * size)
    throw new RangeError(`Images hold ${images.length} values but shape "${shape}" needs ${count * size}`);
  return shuffledBatchSource({
    count,
    imageShape: [c, h, w],
    seed: options.seed ?? 0,
    load: (i, out, offset) => out.set(images.subarray(i * size, (i + 1) * size), offset),
  });
}
