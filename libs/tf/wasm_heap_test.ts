import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

// A child process per case, so that the heap grown here is not this process's.
const modUrl = new URL("./mod.ts", import.meta.url).href;
const cwd = fileURLToPath(new URL(".", import.meta.url));

async function child(body: string): Promise<Record<string, unknown>> {
  const code = `import * as m from ${JSON.stringify(modUrl)};
const { tf } = m;
await m.initBackend({ backend: "wasm", threads: 1, log: false });
const out = {};
${body}
console.log(JSON.stringify(out));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", code],
    { cwd, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
}

const MESSAGE = /^TF\.js wasm heap exhausted \("\d+" bytes requested, heap "\d+" bytes of at most 4 GiB\)/;

test("a tensor larger than the wasm heap can hold throws RESOURCE_EXHAUSTED instead of sharing address 0", async () => {
  const out = await child(`
    try { tf.fill([2 ** 30 - 4], 1); out.error = "none"; }
    catch (e) { out.error = e.constructor.name + ": " + e.message; out.code = e.code; }
    // Normal allocation still works afterwards, with distinct memory.
    const a = tf.fill([1000], 2);
    const b = tf.fill([1000], 3);
    out.sum = Array.from(tf.add(a, b).dataSync().slice(0, 3));
    out.a = a.dataSync()[999];
    out.heap = m.wasmHeapBytes();
  `);
  assert.match(String(out.error), /^StatusError: /);
  assert.match(String(out.error).replace(/^StatusError: /, ""), MESSAGE);
  assert.equal(out.code, 8, "RESOURCE_EXHAUSTED");
  assert.match(String(out.error), /"4294967280" bytes requested/);
  assert.deepEqual(out.sum, [5, 5, 5]);
  assert.equal(out.a, 2);
  assert.ok((out.heap as number) > 0 && (out.heap as number) < 2 ** 31, `heap ${out.heap}`);
});

test("allocating until the heap is full throws once it cannot grow", async () => {
  // Outputs are allocated without being written, so the heap grows in address space only (little resident memory).
  const out = await child(`
    const backend = tf.backend();
    const sizes = [];
    try {
      for (let i = 0; i < 8; i++) { backend.makeOutput([2 ** 28], "float32"); sizes.push(m.wasmHeapBytes()); }
      out.error = "none";
    } catch (e) { out.error = e.constructor.name + ": " + e.message; }
    out.allocated = sizes.length;
    out.heap = m.wasmHeapBytes();
  `);
  assert.match(String(out.error), /^StatusError: TF\.js wasm heap exhausted \("1073741824" bytes requested/);
  // 1 GiB each: three fit below 4 GiB with the heap already in use, the fourth cannot.
  assert.equal(out.allocated, 3);
  assert.ok((out.heap as number) > 3 * 2 ** 30 && (out.heap as number) <= 2 ** 32, `heap ${out.heap}`);
});

test("a block past the heap's end throws, then every request does until initBackend() starts wasm afresh", async () => {
  // The allocator's failure at the top of a full 4 GiB heap, stood in for by a malloc that hands out the heap's last
  // 16 bytes whatever the size (the guard wraps whatever `_malloc` the module is given later).
  const out = await child(`
    const wasm = tf.backend().wasm;
    const heap = m.wasmHeapBytes();
    wasm._malloc = () => (heap - 16) | 0;
    const error = (f) => { try { f(); return "none"; } catch (e) { return e.constructor.name + ": " + e.message; } };
    out.first = error(() => tf.fill([1000], 1));
    out.broken = m.wasmHeapBroken();
    out.later = error(() => tf.fill([10], 1));
    await m.initBackend({ backend: "wasm", threads: 1, log: false });
    out.brokenAfter = m.wasmHeapBroken();
    const a = tf.fill([1000], 2);
    out.sum = Array.from(tf.add(a, tf.fill([1000], 3)).dataSync().slice(-3));
  `);
  assert.match(
    String(out.first),
    /^StatusError: TF\.js wasm heap exhausted \("4000" bytes requested, heap "\d+" bytes/,
  );
  assert.equal(out.broken, true);
  assert.match(
    String(out.later),
    /^StatusError: TF\.js wasm heap exhausted \("40" bytes requested.*must restart/,
  );
  assert.equal(out.brokenAfter, false);
  assert.deepEqual(out.sum, [5, 5, 5]);
});
