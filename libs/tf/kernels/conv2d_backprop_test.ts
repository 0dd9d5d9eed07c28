import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { quietCpu, randomValues, relativeError, valuesOn } from "../_testing.ts";
import { disposeBackend, initBackend } from "../backend.ts";
import { tf } from "../tf.ts";
import { derivedCacheSize } from "./_wasm.ts";
import { im2colLimits } from "./conv2d_backprop_filter.ts";

// Tolerance for wasm vs the cpu backend: max |a - b| / max |b| (float32 sums in a different order).
const TOL = 1e-4;

type Pad =
  | "same"
  | "valid"
  | number
  | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const cases: Case[] = [
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: "same" },
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: "same" },
  { x: [1, 8, 8, 5], filter: [4, 4, 5, 6], strides: 2, pad: "same" },
  { x: [3, 9, 6, 4], filter: [3, 3, 4, 2], strides: 2, pad: "valid" },
  { x: [2, 5, 5, 3], filter: [1, 1, 3, 7], strides: 1, pad: "valid" },
  { x: [2, 6, 7, 3], filter: [1, 1, 3, 5], strides: 2, pad: "same" },
  { x: [2, 8, 8, 4], filter: [4, 4, 4, 4], strides: 1, pad: "valid" },
  { x: [2, 8, 8, 4], filter: [4, 4, 4, 3], strides: 1, pad: "same" },
  { x: [1, 10, 11, 2], filter: [3, 3, 2, 3], strides: 3, pad: "same" },
  { x: [2, 9, 8, 2], filter: [3, 1, 2, 3], strides: [2, 1], pad: "same" },
  { x: [2, 6, 6, 3], filter: [3, 3, 3, 2], strides: 1, pad: 2 },
  { x: [2, 6, 6, 3], filter: [3, 3, 3, 2], strides: 1, pad: 4 },
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 2], strides: 2, pad: 1 },
  {
    x: [1, 7, 6, 2],
    filter: [3, 3, 2, 3],
    strides: 2,
    pad: [
      [0, 0],
      [1, 2],
      [0, 3],
      [0, 0],
    ],
  },
];

function describeCase(c: Case): string {
  return `x ${c.x.join("x")}, filter ${c.filter.join("x")}, stride ${c.strides}, pad ${JSON.stringify(c.pad)}`;
}

function dyShape(c: Case): [number, number, number, number] {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

describe("wasm conv gradient kernels match the cpu backend", () => {
  before(async () => {
    await initBackend({ backend: "wasm", threads: 1, native: "none", log: false });
    quietCpu();
  });
  after(() => disposeBackend());

  for (const [i, c] of cases.entries()) {
    test(`Conv2DBackpropInput: ${describeCase(c)}`, async () => {
      const dy = randomValues(size(dyShape(c)), 10 + i);
      const w = randomValues(size(c.filter), 20 + i);
      const run = () =>
        tf
          .engine()
          .runKernel(
            "Conv2DBackpropInput",
            { dy: tf.tensor4d(dy, dyShape(c)), filter: tf.tensor4d(w, c.filter) },
            { strides: c.strides, pad: c.pad, dataFormat: "NHWC", inputShape: c.x },
          ) as import("@tensorflow/tfjs").Tensor;
      const [got] = await valuesOn("wasm", run);
      const [want] = await valuesOn("cpu", run);
      assert.ok(relativeError(got!, want!) < TOL, `relative error ${relativeError(got!, want!)}`);
    });

    test(`Conv2DBackpropFilter: ${describeCase(c)}`, async () => {
      const x = randomValues(size(c.x), 30 + i);
      const dy = randomValues(size(dyShape(c)), 40 + i);
      const run = () =>
        tf
          .engine()
          .runKernel(
            "Conv2DBackpropFilter",
            { x: tf.tensor4d(x, c.x), dy: tf.tensor4d(dy, dyShape(c)) },
            { strides: c.strides, pad: c.pad, dataFormat: "NHWC", filterShape: c.filter },
          ) as import("@tensorflow/tfjs").Tensor;
      const [got] = await valuesOn("wasm", run);
      const [want] = await valuesOn("cpu", run);
      assert.ok(relativeError(got!, want!) < TOL, `relative error ${relativeError(got!, want!)}`);
    });
  }

  // cases[0]: 7x9 output rows of 9 columns, k = 27, so a row is 243 columns and an image 1701.
  for (const [what, limit, c] of [
    ["image groups", 2 * 1701, cases[0]!],
    ["single images", 1701, cases[0]!],
    ["uneven bands of output rows", 3 * 243, cases[0]!],
    ["one output row at a time with stride 2", 1, cases[1]!],
  ] as const) {
    test(`Conv2DBackpropFilter sums ${what} when the im2col block would be too large`, async () => {
      const x = randomValues(size(c.x), 5);
      const dy = randomValues(size(dyShape(c)), 6);
      const run = () =>
        tf
          .engine()
          .runKernel(
            "Conv2DBackpropFilter",
            { x: tf.tensor4d(x, c.x), dy: tf.tensor4d(dy, dyShape(c)) },
            { strides: c.strides, pad: c.pad, dataFormat: "NHWC", filterShape: c.filter },
          ) as import("@tensorflow/tfjs").Tensor;
      const saved = im2colLimits.maxColumns;
      im2colLimits.maxColumns = limit;
      try {
        const [got] = await valuesOn("wasm", run);
        const [want] = await valuesOn("cpu", run);
        assert.ok(relativeError(got!, want!) < TOL, `relative error ${relativeError(got!, want!)}`);
      } finally {
        im2colLimits.maxColumns = saved;
      }
    });
  }

  test("conv2dTranspose with stride 2 (generator upsampling) matches cpu", async () => {
    const x = randomValues(2 * 5 * 6 * 4, 7);
    const w = randomValues(3 * 3 * 3 * 4, 8);
    const run = () =>
      tf.conv2dTranspose(
        tf.tensor4d(x, [2, 5, 6, 4]),
        tf.tensor4d(w, [3, 3, 3, 4]),
        [2, 11, 13, 3],
        2,
        "valid",
      );
    const [got] = await valuesOn("wasm", run);
    const [want] = await valuesOn("cpu", run);
    assert.ok(relativeError(got!, want!) < TOL);
  });

  test("reversed filters are cached while the filter lives and freed after", async () => {
    const c = cases[2]!;
    const backend = tf.engine().backend as unknown as { numDataIds(): number };
    const filter = tf.tensor4d(randomValues(size(c.filter), 3), c.filter);
    const dy = tf.tensor4d(randomValues(size(dyShape(c)), 4), dyShape(c));
    assert.equal(derivedCacheSize(), 0, "filters of earlier tests are gone, so are their derived tensors");
    const idsBefore = backend.numDataIds();
    const dx = () =>
      tf
        .engine()
        .runKernel(
          "Conv2DBackpropInput",
          { dy, filter },
          { strides: c.strides, pad: c.pad, dataFormat: "NHWC", inputShape: c.x },
        ) as import("@tensorflow/tfjs").Tensor;
    const first = dx();
    const a = await first.data();
    const cachedIds = backend.numDataIds() - idsBefore - 1;
    assert.equal(derivedCacheSize(), 1);
    assert.equal(cachedIds, 4, "one reversed sub-filter per phase of a stride-2 conv");
    const second = dx();
    assert.deepEqual(await second.data(), a);
    assert.equal(backend.numDataIds() - idsBefore, cachedIds + 2, "the second call reuses the cache");
    tf.dispose([first, second, filter]);
    assert.equal(derivedCacheSize(), 0);
    assert.equal(backend.numDataIds(), idsBefore - 1);
    dy.dispose();
  });
});
