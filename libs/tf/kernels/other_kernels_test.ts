import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Tensor } from "@tensorflow/tfjs";
import { quietCpu, randomValues, relativeError, valuesOn } from "../_testing.ts";
import { disposeBackend, initBackend } from "../backend.ts";
import { tf } from "../tf.ts";

// Tolerance for wasm vs the cpu backend: max |a - b| / max |b|.
const TOL = 1e-4;

async function assertSame(fn: () => Tensor | Tensor[]): Promise<void> {
  const got = await valuesOn("wasm", fn);
  const want = await valuesOn("cpu", fn);
  assert.equal(got.length, want.length);
  for (const [i, w] of want.entries()) {
    const err = relativeError(got[i]!, w);
    assert.ok(err < TOL, `output ${i}: relative error ${err}`);
  }
}

function t(shape: number[], seed: number): Tensor {
  return tf.tensor(
    randomValues(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
  );
}

describe("wasm matmul, depthwise and segment kernels match the cpu backend", () => {
  before(async () => {
    await initBackend({ backend: "wasm", threads: 1, native: "none", log: false });
    quietCpu();
  });
  after(() => disposeBackend());

  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    test(`BatchMatMul with transposeA=${ta}, transposeB=${tb} (2-D and broadcast batches)`, async () => {
      await assertSame(() => [
        tf.matMul(t(ta ? [7, 5] : [5, 7], 1), t(tb ? [3, 7] : [7, 3], 2), ta, tb),
        tf.matMul(t(ta ? [2, 7, 5] : [2, 5, 7], 3), t(tb ? [1, 3, 7] : [1, 7, 3], 4), ta, tb),
      ]);
    });
  }

  test("_FusedMatMul with bias, activation and transposed operands", async () => {
    await assertSame(() =>
      tf.fused.matMul({
        a: t([6, 4], 5),
        b: t([3, 6], 6),
        transposeA: true,
        transposeB: true,
        bias: t([3], 7),
        activation: "relu",
      }),
    );
  });

  test("matMul gradients (transposed products) match", async () => {
    await assertSame(() => {
      const a = t([4, 6], 8);
      const b = t([6, 5], 9);
      const [ga, gb] = tf.grads((x: Tensor, y: Tensor) => tf.matMul(x, y).square().sum())([a, b]);
      return [ga!, gb!];
    });
  });

  for (const { strides, pad, m, k } of [
    { strides: 1, pad: "same", m: 1, k: 4 },
    { strides: 1, pad: "valid", m: 2, k: 3 },
    { strides: 2, pad: "same", m: 1, k: 4 },
    { strides: 2, pad: "valid", m: 2, k: 3 },
    { strides: 1, pad: 3, m: 1, k: 4 },
  ] as const) {
    const label = `stride ${strides}, pad ${pad}, multiplier ${m}, ${k}x${k}`;
    const xShape: [number, number, number, number] = [2, 9, 8, 3];
    const fShape: [number, number, number, number] = [k, k, 3, m];
    const info = () => tf.backend_util.computeConv2DInfo(xShape, fShape, strides, 1, pad, undefined, true);

    test(`DepthwiseConv2dNativeBackpropInput: ${label}`, async () => {
      const dyShape = info().outShape;
      await assertSame(
        () =>
          tf
            .engine()
            .runKernel(
              "DepthwiseConv2dNativeBackpropInput",
              { dy: t(dyShape, 11), filter: t(fShape, 12) },
              { strides, dilations: 1, pad, inputShape: xShape },
            ) as Tensor,
      );
    });

    test(`DepthwiseConv2dNativeBackpropFilter: ${label}`, async () => {
      const dyShape = info().outShape;
      await assertSame(
        () =>
          tf
            .engine()
            .runKernel(
              "DepthwiseConv2dNativeBackpropFilter",
              { x: t(xShape, 13), dy: t(dyShape, 14) },
              { strides, dilations: 1, pad, filterShape: fShape },
            ) as Tensor,
      );
    });
  }

  test("UnsortedSegmentSum sums rows by segment and drops out-of-range ids", async () => {
    await assertSame(() =>
      tf.unsortedSegmentSum(t([6, 3, 2], 15), tf.tensor1d([2, 0, 2, 5, -1, 1], "int32"), 4),
    );
    // An exact case, checked against literal values: int32 and ids of rank 2.
    const got = await valuesOn("wasm", () =>
      tf.unsortedSegmentSum(
        tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], "int32"),
        // tfjs types segment ids as 1-D; the kernel (like TensorFlow's) takes ids of any leading shape.
        tf.tensor2d([1, 1, 0, 1], [2, 2], "int32") as unknown as import("@tensorflow/tfjs").Tensor1D,
        3,
      ),
    );
    assert.deepEqual([...got[0]!], [5, 6, 1 + 3 + 7, 2 + 4 + 8, 0, 0]);
  });

  test("gather gradient (UnsortedSegmentSum) matches", async () => {
    await assertSame(() => {
      const params = t([5, 4], 16);
      const idx = tf.tensor1d([4, 0, 4, 2, 2, 2], "int32");
      return tf.grad((p: Tensor) => tf.gather(p, idx).square().sum())(params);
    });
  });

  test("Identity and same-dtype Cast share the buffer; a saved tensor outlives its source; other casts convert", async () => {
    await tf.setBackend("wasm");
    const x = tf.tensor1d([1.5, -2.25, 3]);
    const buffers = tf.memory().numDataBuffers;
    const clone = tf.clone(x);
    const same = tf.cast(x, "float32");
    assert.equal(
      tf.memory().numDataBuffers,
      buffers,
      "no new buffer for a clone or a float32 -> float32 cast",
    );
    x.dispose();
    assert.deepEqual([...(await clone.data())], [1.5, -2.25, 3]);
    assert.deepEqual([...(await same.data())], [1.5, -2.25, 3]);
    const ints = tf.cast(clone, "int32");
    assert.equal(ints.dtype, "int32");
    assert.deepEqual([...(await ints.data())], [1, -2, 3]);
    tf.dispose([clone, same, ints]);
    // Under a gradient tape (clones of saved tensors), gradients still match the cpu backend.
    await assertSame(() => tf.grad((a: Tensor) => tf.mul(tf.square(a), tf.sin(a)).sum())(t([3, 4], 17)));
  });
});
