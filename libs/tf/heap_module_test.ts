import assert from "node:assert/strict";
import { after, test } from "node:test";
import type { Tensor } from "@tensorflow/tfjs";
import { disposeBackend, initBackend } from "./backend.ts";
import { defineHeapModule, heapModule, loadHeapModules } from "./heap_module.ts";
import { tf } from "./tf.ts";

// x[i] *= s for n float32 values at byte offset x (n a multiple of 4).
const SCALE = `(func (export "scale") (param $x i32) (param $n i32) (param $s f32) (local $end i32)
  (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
    (v128.store (local.get $x) (f32x4.mul (v128.load (local.get $x)) (f32x4.splat (local.get $s))))
    (local.set $x (i32.add (local.get $x) (i32.const 16)))
    (br $each))))`;
defineHeapModule("test-scale", SCALE);

after(() => disposeBackend());

function offsetOf(t: Tensor): number {
  return (tf.backend() as unknown as { typedArrayFromHeap(t: Tensor): Float32Array }).typedArrayFromHeap(t)
    .byteOffset;
}

test("a heap module computes on wasm tensors in place, also after the heap grows, and is gone with the backend", async () => {
  await initBackend({ backend: "wasm", threads: 1, log: false });
  const fns = heapModule("test-scale");
  assert.ok(fns !== null, "initBackend() loaded it");
  const x = tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8]);
  fns["scale"]!(offsetOf(x), 8, 0.5);
  assert.deepEqual(Array.from(x.dataSync()), [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]);
  // 256 MiB more heap: the module imported the memory itself, so it sees the new pages.
  const big = tf.fill([64 * 1024 * 1024], 3);
  fns["scale"]!(offsetOf(big) + 4 * (big.size - 4), 4, 2);
  const tail = big.dataSync().subarray(big.size - 5);
  assert.deepEqual(Array.from(tail), [3, 6, 6, 6, 6]);
  tf.dispose([x, big]);
  disposeBackend();
  assert.equal(heapModule("test-scale"), null, "not for a heap that is gone");
  await tf.setBackend("cpu");
  await loadHeapModules();
  assert.equal(heapModule("test-scale"), null, "nothing on cpu");
});

test("on threaded wasm (a shared heap) a module imports the shared memory and computes there", async () => {
  await initBackend({ backend: "wasm", threads: 2, native: "none", log: false });
  try {
    const fns = heapModule("test-scale");
    assert.ok(fns !== null);
    const x = tf.tensor1d([2, 4, 6, 8]);
    fns["scale"]!(offsetOf(x), 4, 0.25);
    assert.deepEqual(Array.from(x.dataSync()), [0.5, 1, 1.5, 2]);
  } finally {
    disposeBackend();
  }
});

test("a module name takes one text, and text that does not assemble fails to load, naming the module", async () => {
  defineHeapModule("test-scale", SCALE);
  assert.throws(() => defineHeapModule("test-scale", `${SCALE} `), /already defined differently/);
  defineHeapModule("test-broken", `(func (export "f") (result i32) (f32.const 1))`);
  await assert.rejects(
    initBackend({ backend: "wasm", threads: 1, log: false }),
    /test-broken\.wat.*type mismatch/,
  );
});
