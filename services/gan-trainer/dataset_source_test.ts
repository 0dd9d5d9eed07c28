import assert from "node:assert/strict";
import { test } from "node:test";
import type { DatasetReader } from "@dermanomaly/dataset";
import { datasetBatchSource } from "./dataset_source.ts";

// A 5-image data set of 2x2 images whose every value is the image's index, so batches reveal their order.
function fakeDataset(count: number): DatasetReader {
  const size = 3 * 2 * 2;
  return {
    name: "fake",
    entries: Array.from({ length: count }, (_, i) => ({ file: `img${i}.png` })),
    resolution: 2,
    hasLabels: false,
    manifest: undefined,
    loadImage: () => Promise.reject(new Error("unused")),
    loadChw: (index, options = {}) => {
      const out = options.out ?? new Float32Array(size);
      out.fill(index, options.offset ?? 0, (options.offset ?? 0) + size);
      return Promise.resolve(out);
    },
    close: () => undefined,
  };
}

const indices = (images: Float32Array) =>
  Array.from({ length: images.length / 12 }, (_, k) => images[k * 12]!);

test("each epoch shows every image once, in a seeded order", async () => {
  const source = datasetBatchSource(fakeDataset(5), { seed: 1 });
  const a = await source.next(5);
  const b = await source.next(5);
  assert.deepEqual(a.shape, [5, 3, 2, 2]);
  assert.deepEqual([...indices(a.images)].sort(), [0, 1, 2, 3, 4]);
  assert.deepEqual([...indices(b.images)].sort(), [0, 1, 2, 3, 4]);
  const again = datasetBatchSource(fakeDataset(5), { seed: 1 });
  assert.deepEqual(indices((await again.next(5)).images), indices(a.images));
  const other = datasetBatchSource(fakeDataset(5), { seed: 2 });
  const o = [indices((await other.next(5)).images), indices((await other.next(5)).images)];
  assert.notDeepEqual(o, [indices(a.images), indices(b.images)]);
});

test("a restored position continues the stream exactly, across an epoch boundary", async () => {
  const source = datasetBatchSource(fakeDataset(5), { seed: 4 });
  await source.next(3);
  const saved = JSON.parse(JSON.stringify(source.getState?.()));
  const expected = [indices((await source.next(4)).images), indices((await source.next(4)).images)];
  const resumed = datasetBatchSource(fakeDataset(5), { seed: 99 });
  resumed.setState?.(saved);
  assert.deepEqual(
    [indices((await resumed.next(4)).images), indices((await resumed.next(4)).images)],
    expected,
  );
  assert.throws(() => datasetBatchSource(fakeDataset(4)).setState?.(saved), /does not match this data set/);
});
