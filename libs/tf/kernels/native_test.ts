import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Tensor, Tensor4D } from "@tensorflow/tfjs";
import { quietCpu, randomValues, relativeError, valuesOn } from "../_testing.ts";
import { disposeBackend, initBackend } from "../backend.ts";
import { loadHeapModules, unloadHeapModules } from "../heap_module.ts";
import { tf } from "../tf.ts";
import { NATIVE_ORT_VERSION, nativeRunCount, nativeRuntime, nativeUnavailable } from "./_native.ts";
import { nativeConvPath, nativeWindowLimits, preferWindows, preferWindowsGradient } from "./native_conv.ts";

// Tolerance against the cpu backend: max |a - b| / max |b| (float32 sums in a different order).
const TOL = 1e-4;

type Shape4 = [number, number, number, number];
type Pad =
  | "same"
  | "valid"
  | number
  | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  x: Shape4;
  filter: Shape4;
  strides: 1 | 2;
  pad: Pad;
}

// Strides 1 and 2 (the ones ONNX Runtime takes), odd and even sizes, symmetric and one-sided padding, 1x1 and
// wider filters: every branch of the pads and crops the kernels compute.
const cases: Case[] = [
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: "same" },
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: "same" },
  { x: [1, 8, 8, 5], filter: [4, 4, 5, 6], strides: 2, pad: "same" },
  { x: [3, 9, 6, 4], filter: [3, 3, 4, 2], strides: 2, pad: "valid" },
  { x: [2, 5, 5, 3], filter: [1, 1, 3, 7], strides: 1, pad: "valid" },
  { x: [2, 6, 7, 3], filter: [1, 1, 3, 5], strides: 2, pad: "same" },
  { x: [2, 8, 8, 4], filter: [4, 4, 4, 4], strides: 1, pad: "valid" },
  { x: [2, 8, 8, 4], filter: [4, 4, 4, 3], strides: 1, pad: "same" },
  { x: [2, 6, 6, 3], filter: [3, 3, 3, 2], strides: 1, pad: 4 },
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 2], strides: 2, pad: 1 },
  { x: [2, 9, 9, 4], filter: [3, 3, 4, 6], strides: 2, pad: "valid" },
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

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const describeCase = (c: Case) =>
  `x ${c.x.join("x")}, filter ${c.filter.join("x")}, stride ${c.strides}, pad ${JSON.stringify(c.pad)}`;
const dyShape = (c: Case): Shape4 =>
  tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape;

/** Values on wasm (asserting that ONNX Runtime ran) and on cpu. */
async function nativeAndCpu(fn: () => Tensor | Tensor[]): Promise<[Float32Array[], Float32Array[]]> {
  const before = nativeRunCount();
  const got = await valuesOn("wasm", fn);
  assert.ok(nativeRunCount() > before, "ran on ONNX Runtime");
  return [got, await valuesOn("cpu", fn)];
}

async function assertSame(fn: () => Tensor | Tensor[]): Promise<void> {
  const [got, want] = await nativeAndCpu(fn);
  assert.equal(got.length, want.length);
  for (const [i, w] of want.entries()) {
    const err = relativeError(got[i]!, w);
    assert.ok(err < TOL, `output ${i}: relative error ${err}`);
  }
}

/**
 * Runs `check` with the kernel forced each way (windows, also in small bands and without the wasm modules, whose
 * windows then come from JavaScript copies; ONNX Runtime's graph) and by choice.
 */
async function eachPath(kernel: "forward" | "inputGradient", check: () => Promise<void>): Promise<void> {
  const saved = nativeWindowLimits.maxFloats;
  try {
    for (const [path, limit, modules] of [
      ["windows", saved, true],
      ["windows", 100, true],
      ["windows", 100, false],
      ["conv", saved, true],
      ["auto", saved, true],
    ] as const) {
      nativeConvPath[kernel] = path;
      nativeWindowLimits.maxFloats = limit;
      if (!modules) unloadHeapModules();
      try {
        await check();
      } finally {
        await loadHeapModules();
      }
    }
  } finally {
    nativeConvPath[kernel] = "auto";
    nativeWindowLimits.maxFloats = saved;
  }
}

describe("native (ONNX Runtime) kernels of the wasm backend match the cpu backend", () => {
  before(async () => {
    const choice = await initBackend({ backend: "wasm", threads: 2, native: "onnxruntime", log: false });
    assert.deepEqual(choice.native, { engine: "onnxruntime", version: NATIVE_ORT_VERSION });
    quietCpu();
  });
  after(() => disposeBackend());

  test(`onnxruntime-node is the ${NATIVE_ORT_VERSION} whose synchronous binding the kernels use`, () => {
    assert.equal(nativeUnavailable(), undefined);
    assert.equal(nativeRuntime()?.threads, 2);
  });

  for (const [i, c] of cases.entries()) {
    test(`Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter: ${describeCase(c)}`, async () => {
      const x = randomValues(size(c.x), 10 + i);
      const w = randomValues(size(c.filter), 20 + i);
      const dy = randomValues(size(dyShape(c)), 30 + i);
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: "NHWC" };
      await assertSame(() => [
        tf.conv2d(tf.tensor4d(x, c.x), tf.tensor4d(w, c.filter), c.strides, c.pad as "same"),
        tf
          .engine()
          .runKernel(
            "Conv2DBackpropInput",
            { dy: tf.tensor4d(dy, dyShape(c)), filter: tf.tensor4d(w, c.filter) },
            { ...attrs, inputShape: c.x },
          ) as Tensor,
        tf
          .engine()
          .runKernel(
            "Conv2DBackpropFilter",
            { x: tf.tensor4d(x, c.x), dy: tf.tensor4d(dy, dyShape(c)) },
            { ...attrs, filterShape: c.filter },
          ) as Tensor,
      ]);
    });
  }

  test("Conv2D as one windows product over the batch (also in bands) and as ONNX Runtime's Conv, for every case", async () => {
    // Channel counts at which the automatic choice takes the windows product for wider filters too.
    const wide: Case[] = [
      { x: [3, 6, 5, 16], filter: [3, 3, 16, 8], strides: 1, pad: "same" },
      { x: [2, 9, 8, 24], filter: [4, 4, 24, 5], strides: 2, pad: 1 },
    ];
    assert.ok(preferWindows(16, 9, 30) && !preferWindows(3, 16, 30) && !preferWindows(64, 9, 64 * 64));
    await eachPath("forward", async () => {
      for (const [i, c] of [...cases, ...wide].entries()) {
        const x = randomValues(size(c.x), 40 + i);
        const w = randomValues(size(c.filter), 50 + i);
        await assertSame(() =>
          tf.conv2d(tf.tensor4d(x, c.x), tf.tensor4d(w, c.filter), c.strides, c.pad as "same"),
        );
      }
    });
  });

  test("Conv2DBackpropInput as col2im of a windows product (also in bands) and on ONNX Runtime, for every case", async () => {
    const wide: Case[] = [
      { x: [3, 6, 5, 16], filter: [3, 3, 16, 8], strides: 1, pad: "same" },
      { x: [2, 9, 8, 24], filter: [4, 4, 24, 5], strides: 2, pad: 1 },
      { x: [2, 7, 7, 5], filter: [3, 3, 5, 4], strides: 2, pad: "valid" },
    ];
    assert.ok(preferWindowsGradient(2, 9, 64 * 64) && preferWindowsGradient(1, 1, 64 * 64));
    assert.ok(preferWindowsGradient(1, 9, 8 * 8) && !preferWindowsGradient(1, 9, 16 * 16));
    await eachPath("inputGradient", async () => {
      for (const [i, c] of [...cases, ...wide].entries()) {
        const w = randomValues(size(c.filter), 60 + i);
        const dy = randomValues(size(dyShape(c)), 70 + i);
        await assertSame(
          () =>
            tf
              .engine()
              .runKernel(
                "Conv2DBackpropInput",
                { dy: tf.tensor4d(dy, dyShape(c)), filter: tf.tensor4d(w, c.filter) },
                { strides: c.strides, pad: c.pad, dataFormat: "NHWC", inputShape: c.x },
              ) as Tensor,
        );
      }
    });
  });

  // cases[0]: k = 27 and 2·7·9 = 126 output pixels.
  for (const [what, limit, c] of [
    ["uneven bands of output pixels", 40 * 27, cases[0]!],
    ["one output pixel at a time with stride 2", 1, cases[1]!],
  ] as const) {
    test(`Conv2DBackpropFilter sums ${what} when the windows matrix would be too large`, async () => {
      const x = randomValues(size(c.x), 5);
      const dy = randomValues(size(dyShape(c)), 6);
      const saved = nativeWindowLimits.maxFloats;
      nativeWindowLimits.maxFloats = limit;
      try {
        await assertSame(
          () =>
            tf
              .engine()
              .runKernel(
                "Conv2DBackpropFilter",
                { x: tf.tensor4d(x, c.x), dy: tf.tensor4d(dy, dyShape(c)) },
                { strides: c.strides, pad: c.pad, dataFormat: "NHWC", filterShape: c.filter },
              ) as Tensor,
        );
      } finally {
        nativeWindowLimits.maxFloats = saved;
      }
    });
  }

  test("conv2dTranspose with stride 2 (generator upsampling) and a stride-3 conv (left to wasm) match cpu", async () => {
    const x = randomValues(2 * 5 * 6 * 4, 7);
    const w = randomValues(3 * 3 * 3 * 4, 8);
    await assertSame(() => [
      tf.conv2dTranspose(
        tf.tensor4d(x, [2, 5, 6, 4]),
        tf.tensor4d(w, [3, 3, 3, 4]),
        [2, 11, 13, 3],
        2,
        "valid",
      ),
      tf.conv2d(tf.tensor4d(x, [2, 5, 6, 4]), tf.tensor4d(w, [3, 3, 4, 3]), 3, "same"),
    ]);
  });

  const t = (shape: number[], seed: number) => tf.tensor(randomValues(size(shape), seed), shape);
  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    test(`BatchMatMul with transposeA=${ta}, transposeB=${tb}: 2-D, equal and broadcast batches`, async () => {
      await assertSame(() => [
        tf.matMul(t(ta ? [7, 5] : [5, 7], 1), t(tb ? [3, 7] : [7, 3], 2), ta, tb),
        tf.matMul(t(ta ? [2, 7, 5] : [2, 5, 7], 3), t(tb ? [2, 3, 7] : [2, 7, 3], 4), ta, tb),
        tf.matMul(t(ta ? [2, 7, 5] : [2, 5, 7], 5), t(tb ? [1, 3, 7] : [1, 7, 3], 6), ta, tb),
        tf.matMul(t(ta ? [1, 7, 5] : [1, 5, 7], 7), t(tb ? [3, 3, 7] : [3, 7, 3], 8), ta, tb),
      ]);
    });
  }

  test("first- and second-order gradients through native convs match the cpu backend (as R1 takes them)", async () => {
    const x = randomValues(2 * 8 * 8 * 3, 40);
    const w1 = randomValues(3 * 3 * 3 * 4, 41);
    const w2 = randomValues(3 * 3 * 4 * 2, 42);
    const act = (h: Tensor) => h.mul(0.6).add(h.abs().mul(0.4));
    const net = (xi: Tensor, a: Tensor, b: Tensor) => {
      const h = act(tf.conv2d(xi as Tensor4D, a as Tensor4D, 2, "same")) as Tensor4D;
      return tf.conv2d(h, b as Tensor4D, 1, "same").sum();
    };
    await assertSame(() => {
      const [xt, a, b] = [
        tf.tensor4d(x, [2, 8, 8, 3]),
        tf.tensor4d(w1, [3, 3, 3, 4]),
        tf.tensor4d(w2, [3, 3, 4, 2]),
      ];
      const first = tf.grads(net)([xt, a, b]);
      const r1 = (xi: Tensor, ai: Tensor, bi: Tensor) =>
        tf
          .grad((u: Tensor) => net(u, ai, bi))(xi)
          .square()
          .sum();
      return [...first, ...tf.grads(r1)([xt, a, b])];
    });
  });
});
