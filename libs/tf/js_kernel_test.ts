import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Tensor } from "@tensorflow/tfjs";
import { quietCpu, randomValues, valuesOn } from "./_testing.ts";
import { disposeBackend, initBackend } from "./backend.ts";
import { defineJsKernel, runJsKernel } from "./js_kernel.ts";
import { tf } from "./tf.ts";

// y = a·x + b[c] per row of C channels, and the row sums: two outputs, an attribute, a broadcast input.
defineJsKernel({
  name: "TestAffineRows",
  inputs: ["x", "b"],
  outputShapes: ([x]) => [[...x!], [x![0]!]],
  compute: ([x, b], [y, sums], { inputs }, attrs) => {
    const [rows, c] = inputs[0] as [number, number];
    const a = attrs["a"] as number;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let k = 0; k < c; k++) {
        y![r * c + k] = a * x![r * c + k]! + b![k]!;
        s += x![r * c + k]!;
      }
      sums![r] = s;
    }
  },
});

before(async () => {
  await initBackend({ backend: "wasm", threads: 1, log: false });
  quietCpu();
});
after(() => disposeBackend());

test("a JavaScript kernel gives the same outputs on wasm (on its heap) and on cpu, as a naive loop", async () => {
  const x = randomValues(5 * 3, 1);
  const b = randomValues(3, 2);
  const run = () =>
    runJsKernel("TestAffineRows", { x: tf.tensor2d(x, [5, 3]), b: tf.tensor1d(b) }, { a: 2 }) as Tensor[];
  for (const backend of ["wasm", "cpu"]) {
    const [y, sums] = await valuesOn(backend, run);
    assert.equal(y!.length, 15);
    for (let i = 0; i < 15; i++)
      assert.ok(Math.abs(y![i]! - (2 * x[i]! + b[i % 3]!)) < 1e-6, `${backend} y[${i}]`);
    for (let r = 0; r < 5; r++)
      assert.ok(
        Math.abs(sums![r]! - (x[3 * r]! + x[3 * r + 1]! + x[3 * r + 2]!)) < 1e-6,
        `${backend} sum ${r}`,
      );
  }
});

test("a JavaScript kernel refuses a non-float32 input and an unknown name, naming them", () => {
  assert.throws(
    () => runJsKernel("TestAffineRows", { x: tf.tensor2d([1, 2], [1, 2], "int32"), b: tf.tensor1d([1, 2]) }),
    /takes float32 input "x", got "int32"/,
  );
  assert.throws(() => runJsKernel("NoSuchKernel", {}), /Unknown JavaScript kernel "NoSuchKernel"/);
  assert.throws(
    () => defineJsKernel({ name: "TestAffineRows", inputs: [], outputShapes: () => [], compute: () => {} }),
    /already defined differently/,
  );
});
