import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

// Threads depend on tfjs-backend-wasm 4.22 internals (see _wasm_threads.ts): these tests pin them, with the
// convolutions on wasm (ONNX Runtime would make the wasm module single-threaded). Each thread
// count needs its own process, since the wasm module starts its pool once.
const modUrl = new URL("./mod.ts", import.meta.url).href;
const utilUrl = new URL("./_testing.ts", import.meta.url).href;
const cwd = fileURLToPath(new URL(".", import.meta.url));

/** Conv forward, input and weight gradients (strides 1 and 2) and a matmul; prints a digest of every output. */
async function digests(threads: number): Promise<{ threads: number; digests: string[] }> {
  const code = `
    import * as m from ${JSON.stringify(modUrl)};
    import { randomValues } from ${JSON.stringify(utilUrl)};
    import { createHash } from "node:crypto";
    const c = await m.initBackend({ backend: "wasm", threads: ${threads}, native: "none", log: false });
    const tf = m.tf;
    const x = tf.tensor4d(randomValues(2 * 24 * 24 * 32, 1), [2, 24, 24, 32]);
    const w = tf.tensor4d(randomValues(3 * 3 * 32 * 48, 2), [3, 3, 32, 48]);
    const outs = [];
    for (const s of [1, 2]) {
      const f = (a, b) => tf.conv2d(a, b, s, "same").square().sum();
      outs.push(tf.conv2d(x, w, s, "same"), ...tf.grads(f)([x, w]));
    }
    outs.push(tf.matMul(x.reshape([96, 384]), x.reshape([384, 96])));
    const digests = [];
    for (const t of outs) digests.push(createHash("sha256").update(await t.data()).digest("hex"));
    // No disposeBackend(): the pool must not keep the process alive.
    console.log(JSON.stringify({ threads: c.threads, digests }));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", code],
    { cwd, timeout: 60_000 },
  );
  return JSON.parse(stdout);
}

describe("wasm with two threads in Node", () => {
  test("starts a pool of two, gives results bit-identical to one thread, and lets the process exit", async () => {
    const one = await digests(1);
    const two = await digests(2);
    assert.equal(one.threads, 1);
    assert.equal(two.threads, 2);
    assert.equal(two.digests.length, 7);
    assert.deepEqual(two.digests, one.digests);
    // Guard against digesting nothing: outputs differ from one another.
    assert.equal(new Set(one.digests).size, 7);
    assert.notEqual(one.digests[0], createHash("sha256").digest("hex"));
  });

  test("restarts with threads after disposeBackend(), and with one thread after that", async () => {
    const code = `
      import * as m from ${JSON.stringify(modUrl)};
      const seen = [];
      for (const threads of [2, 2, 1]) {
        const c = await m.initBackend({ backend: "wasm", threads, native: "none", log: false });
        const y = m.tf.conv2d(m.tf.ones([1, 12, 12, 16]), m.tf.ones([3, 3, 16, 8]), 1, "same");
        seen.push([c.threads, (await y.data())[13 * 8]]);
        m.disposeBackend();
      }
      console.log(JSON.stringify(seen));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", code],
      { cwd, timeout: 60_000 },
    );
    // Pixel (1, 1) sees a full 3x3x16 window of ones.
    assert.deepEqual(JSON.parse(stdout), [
      [2, 144],
      [2, 144],
      [1, 144],
    ]);
  });
});
