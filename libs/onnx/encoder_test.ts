import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { Encoder } from "@dermanomaly/encoder";
import type { StateDict } from "@dermanomaly/gan";
import * as tf from "@tensorflow/tfjs";
import { maxAbs, maxAbsDiff, randomArray, run, uniform } from "./_testing.ts";
import { type EncoderArchitecture, exportEncoder } from "./encoder.ts";
import { METADATA_KEYS } from "./lineage.ts";
import { readModelInfo } from "./model_file.ts";
import { openSession } from "./session.ts";

const dir = await mkdtemp(join(tmpdir(), "onnx-e-"));
after(() => rm(dir, { recursive: true, force: true }));

interface Case {
  config: EncoderArchitecture;
  stateDict: Record<string, { shape: number[]; data: number[] }>;
  x: number[];
  n: number;
  z: number[];
}
const { cases } = JSON.parse(readFileSync(new URL("./fixtures/encoder.json", import.meta.url), "utf8")) as {
  cases: Case[];
};
const stateDictOf = (c: Case): StateDict =>
  new Map(
    Object.entries(c.stateDict).map(([k, v]) => [k, { shape: v.shape, data: Float32Array.from(v.data) }]),
  );

test("the ONNX encoder matches PyTorch's eval-mode Sequential (BatchNorm on running statistics) within 1e-5", async () => {
  assert.equal(cases.length, 2);
  for (const c of cases) {
    const path = join(dir, `e${c.config.resolution}.onnx`);
    await exportEncoder({ config: c.config, stateDict: stateDictOf(c) }, path, {
      externalDataThreshold: 4096,
    });
    const { session } = await openSession(path, { threads: 1 });
    const r = c.config.resolution;
    const out = await run(session, { image: { data: Float32Array.from(c.x), dims: [c.n, 3, r, r] } });
    assert.deepEqual(out["z"]!.dims, [c.n, c.config.zDim]);
    const err = maxAbsDiff(out["z"]!.data, c.z);
    assert.ok(err < 1e-5, `resolution ${r}, conv bias ${c.config.convBias}: max abs error ${err}`);
    await session.release();
  }
});

test("an exported encoder records the generator and noise mode it was trained with", async () => {
  const c = cases[0]!;
  const path = join(dir, "e-meta.onnx");
  await exportEncoder({ config: c.config, stateDict: stateDictOf(c) }, path, {
    generator: "G",
    noiseMode: "random",
  });
  const info = await readModelInfo(path);
  assert.equal(info.metadata[METADATA_KEYS.network], "encoder");
  assert.equal(info.metadata[METADATA_KEYS.generator], "G");
  assert.equal(info.metadata[METADATA_KEYS.noiseMode], "random");
  assert.deepEqual(JSON.parse(info.metadata[METADATA_KEYS.config]!), c.config);
  assert.deepEqual(info.outputs, ["z"]);
});

test("exportEncoder() names the first tensor that does not match the config", async () => {
  const c = cases[0]!;
  const sd = stateDictOf(c);
  sd.delete("1.running_var");
  await assert.rejects(
    exportEncoder({ config: c.config, stateDict: sd }, join(dir, "bad.onnx")),
    (e) => isStatusError(e) && e.code === Code.INVALID_ARGUMENT && /1\.running_var/.test(e.message),
  );
  await assert.rejects(
    exportEncoder({ config: { ...c.config, zDim: 7 }, stateDict: stateDictOf(c) }, join(dir, "bad.onnx")),
    /has shape \[6, 128\] but its settings imply \[7, 128\]/,
  );
});

for (const [label, config, n] of [
  ["32x32", { resolution: 32, zDim: 16, channelBase: 8, channelMax: 32 }, 3],
  ["256x256", { resolution: 256, zDim: 16, channelBase: 2, channelMax: 16 }, 2],
] as const) {
  test(`the ONNX encoder matches the TF.js Encoder's inference-mode forward within 1e-4 at ${label}`, async () => {
    await tf.setBackend("cpu");
    const e = new Encoder(config, { seed: 5 });
    // Running statistics away from their initial 0 / 1, so that inference-mode BatchNorm matters.
    const sd = e.stateDict();
    const next = uniform(3);
    for (const [name, t] of sd) {
      if (name.endsWith("running_mean")) t.data = t.data.map(() => next() * 0.4);
      if (name.endsWith("running_var")) t.data = t.data.map(() => 0.8 + next());
      if (/^\d+\.(weight|bias)$/.test(name) && t.shape.length === 1) t.data = t.data.map(() => 1 + next());
    }
    e.loadStateDict(sd);
    const path = join(dir, `tfjs-e${config.resolution}.onnx`);
    await exportEncoder({ config: e.config, stateDict: sd }, path);
    const { session } = await openSession(path, { threads: 1 });
    const r = config.resolution;
    const x = randomArray(n * 3 * r * r, 7, 2);
    const out = await run(session, { image: { data: x, dims: [n, 3, r, r] } });
    const ref = tf.tidy(() =>
      e.forward(tf.transpose(tf.tensor4d(x, [n, 3, r, r]), [0, 2, 3, 1]) as tf.Tensor4D).dataSync(),
    );
    const err = maxAbsDiff(out["z"]!.data, ref);
    assert.ok(err < 1e-4, `max abs error ${err}`);
    assert.ok(maxAbs(ref) > 0.05, "z is not trivially small");
    await session.release();
    e.dispose();
  });
}
