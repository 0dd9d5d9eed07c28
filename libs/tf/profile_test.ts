import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Tensor, Tensor4D } from "@tensorflow/tfjs";
import { disposeBackend, initBackend } from "./backend.ts";
import { profiledSection, profileKernels } from "./profile.ts";
import { tf } from "./tf.ts";

before(async () => {
  await initBackend({ backend: "wasm", threads: 1, native: "none", log: false });
});
after(() => disposeBackend());

test("profileKernels() counts the engine's kernel calls, adds up within the wall time and unwraps afterwards", () => {
  const x = tf.ones([2, 6, 6, 3]) as Tensor4D;
  const w = tf.ones([3, 3, 3, 4]) as Tensor4D;
  const functionsBefore = tf.getKernelsForBackend("wasm").map((k) => k.kernelFunc);
  const p = profileKernels(() =>
    tf.tidy(() => {
      // Conv2DBackpropInput runs Conv2D itself (per phase): those calls count in Conv2DBackpropInput only.
      const dx = tf.grad((t: Tensor) => tf.conv2d(t as Tensor4D, w, 2, "same").sum())(x);
      const y = tf.add(tf.mul(x, 2), 1);
      return [dx.dataSync()[0], y.dataSync()[0]];
    }),
  );
  assert.deepEqual(p.result, [4, 3]);
  const calls = Object.fromEntries(p.kernels.map((k) => [k.name, k.calls]));
  assert.equal(calls["Conv2D"], 1, "the forward conv only");
  assert.equal(calls["Conv2DBackpropInput"], 1);
  assert.ok((calls["Multiply"] ?? 0) >= 1 && (calls["Add"] ?? 0) >= 1, JSON.stringify(calls));
  const inKernels = p.kernels.reduce((a, k) => a + k.ms, 0);
  assert.ok(inKernels <= p.wallMs + 1e-6 && Math.abs(inKernels + p.outsideMs - p.wallMs) < 1e-6);
  assert.ok(
    p.kernels.every((k, i) => i === 0 || p.kernels[i - 1]!.ms >= k.ms),
    "slowest first",
  );
  assert.ok(p.cpuMs >= 0);
  assert.deepEqual(
    tf.getKernelsForBackend("wasm").map((k) => k.kernelFunc),
    functionsBefore,
    "every kernel function is put back",
  );
});

test("profileKernels({ byShape }) keeps calls with different input shapes apart", () => {
  const p = profileKernels(
    () =>
      tf.tidy(() => {
        tf.add(tf.ones([3]), tf.ones([3])).dataSync();
        tf.add(tf.ones([2, 2]), tf.ones([2, 2])).dataSync();
      }),
    { byShape: true },
  );
  const names = p.kernels.map((k) => k.name).filter((n) => n.startsWith("Add"));
  assert.deepEqual(names.sort(), ["Add [2,2] [2,2]", "Add [3] [3]"]);
});

test("profileKernels() puts the kernels back when the profiled function throws", () => {
  const before = tf.getKernelsForBackend("wasm").map((k) => k.kernelFunc);
  assert.throws(() =>
    profileKernels(() => {
      throw new Error("boom");
    }),
  );
  assert.deepEqual(
    tf.getKernelsForBackend("wasm").map((k) => k.kernelFunc),
    before,
  );
});

test("profiledSection() counts work outside the engine as an entry, with the kernels it runs inside it", () => {
  const outside = profiledSection("idle", () => 7);
  assert.equal(outside, 7, "runs as is without a profile");
  const p = profileKernels(() =>
    tf.tidy(() => {
      for (let k = 0; k < 2; k++)
        profiledSection("update", () => {
          const spin = performance.now() + 5;
          while (performance.now() < spin);
          tf.add(tf.ones([4]), 1).dataSync();
        });
      tf.mul(tf.ones([4]), 2).dataSync();
    }),
  );
  const byName = Object.fromEntries(p.kernels.map((k) => [k.name, k]));
  assert.equal(byName["update"]?.calls, 2);
  assert.ok(byName["update"]!.ms >= 10, `${byName["update"]!.ms} ms`);
  assert.equal(byName["Add"], undefined, "the Add inside counts in the section");
  assert.equal(byName["Multiply"]?.calls, 1);
  const inKernels = p.kernels.reduce((a, k) => a + k.ms, 0);
  assert.ok(inKernels <= p.wallMs + 1e-6);
  assert.equal(
    profiledSection("after", () => "done"),
    "done",
  );
});
