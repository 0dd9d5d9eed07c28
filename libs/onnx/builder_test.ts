import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { randomArray, run } from "./_testing.ts";
import { attr, GraphBuilder } from "./builder.ts";
import { modelDigest, readModelInfo, writeModel } from "./model_file.ts";
import { openSession } from "./session.ts";

const dir = await mkdtemp(join(tmpdir(), "onnx-b-"));
after(() => rm(dir, { recursive: true, force: true }));

// y = lrelu(x · W + b, 0.2) with W [4, 3] and b [3], batch dynamic.
function affineModel(w: Float32Array, b: Float32Array) {
  const g = new GraphBuilder("affine");
  const x = g.input("x", "float32", ["N", 4]);
  const y = g.scope("layer", () => {
    const m = g.op("MatMul", [x, g.initializer("weight", w, [4, 3])]);
    return g.op("LeakyRelu", [g.op("Add", [m, g.initializer("bias", b, [3])])], { alpha: attr.float(0.2) });
  });
  g.output(g.op("Identity", [y], {}, "y"), "float32", ["N", 3]);
  return g;
}

function reference(x: Float32Array, w: Float32Array, b: Float32Array, n: number): Float64Array {
  const out = new Float64Array(n * 3);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < 3; j++) {
      let s = b[j]!;
      for (let k = 0; k < 4; k++) s += x[i * 4 + k]! * w[k * 3 + j]!;
      out[i * 3 + j] = s > 0 ? s : 0.2 * s;
    }
  return out;
}

test("a built graph runs in ONNX Runtime with a dynamic batch and matches a naive loop", async () => {
  const w = randomArray(12, 1);
  const b = randomArray(3, 2);
  const path = join(dir, "affine.onnx");
  const written = await writeModel(affineModel(w, b).build({ metadata: { purpose: "test" } }), path);
  assert.equal(written.data, null);
  assert.equal(await modelDigest(path), written.modelSha256);
  assert.match(written.sha256, /^[0-9a-f]{64}$/);
  assert.equal(written.sizeBytes, (await stat(path)).size);
  const { session } = await openSession(path, { threads: 1 });
  for (const n of [1, 5]) {
    const x = randomArray(n * 4, n + 10, 4);
    const out = await run(session, { x: { data: x, dims: [n, 4] } });
    const ref = reference(x, w, b, n);
    assert.ok(out["y"]!.data.every((v, i) => Math.abs(v - ref[i]!) < 1e-6));
  }
  const info = await readModelInfo(path);
  assert.deepEqual(info, {
    metadata: { purpose: "test" },
    opset: 17,
    irVersion: 8,
    inputs: ["x"],
    outputs: ["y"],
    externalData: [],
  });
});

test("initializers at or above the threshold go to page-aligned external data that ONNX Runtime reads", async () => {
  const w = randomArray(12, 3);
  const b = randomArray(3, 4);
  const path = join(dir, "external.onnx");
  // 48 bytes of weight go out, 12 bytes of bias stay in.
  const written = await writeModel(affineModel(w, b).build(), path, { externalDataThreshold: 48 });
  assert.equal(written.data?.path, `${path}.data`);
  assert.equal(written.data?.sizeBytes, 48);
  const data = await readFile(`${path}.data`);
  assert.deepEqual(new Float32Array(data.buffer, data.byteOffset, 12), w);
  assert.deepEqual((await readModelInfo(path)).externalData, ["external.onnx.data"]);
  assert.notEqual(written.modelSha256, written.sha256);
  assert.equal(await modelDigest(path), written.modelSha256);
  const { session } = await openSession(path, { threads: 1 });
  const x = randomArray(8, 5, 4);
  const out = await run(session, { x: { data: x, dims: [2, 4] } });
  const ref = reference(x, w, b, 2);
  assert.ok(out["y"]!.data.every((v, i) => Math.abs(v - ref[i]!) < 1e-6));
  // Two tensors out: the second starts on the next 4096-byte boundary.
  const both = await writeModel(affineModel(w, b).build(), join(dir, "both.onnx"), {
    externalDataThreshold: 0,
  });
  assert.equal(both.data?.sizeBytes, 4096 + 12);
});

test("the builder refuses unknown inputs, reused names, bad opsets and non-integer int attributes", () => {
  const g = new GraphBuilder("bad");
  const x = g.input("x", "float32", [1]);
  assert.throws(() => g.op("Relu", ["nope"]), /Input "nope" of Relu/);
  assert.throws(() => g.input("x", "float32", [1]), /already used/);
  assert.throws(() => g.op("Conv", [x], { group: attr.int(1.5) }), /must be an integer/);
  assert.throws(() => g.build(), /no outputs/);
  g.output(g.op("Relu", [x], {}, "y"), "float32", [1]);
  assert.throws(() => g.build({ opset: 16 }), /Opset must be an integer from 17 to 25/);
  assert.throws(() => g.initializer("w", new Float32Array(3), [2, 2]), /holds 3 values/);
  assert.equal(g.int64s([1, 2]), g.int64s([1, 2]), "identical constants are shared");
});

test("readModelInfo() reports a missing file as NOT_FOUND and other bytes as INVALID_ARGUMENT", async () => {
  await assert.rejects(
    readModelInfo(join(dir, "none.onnx")),
    (e) => isStatusError(e) && e.code === Code.NOT_FOUND,
  );
  const junk = join(dir, "junk.onnx");
  await writeFile(junk, "not a model at all, just text");
  await assert.rejects(readModelInfo(junk), (e) => isStatusError(e) && e.code === Code.INVALID_ARGUMENT);
});
