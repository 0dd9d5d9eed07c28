import assert from "node:assert/strict";
import { before, test } from "node:test";
import { loadReference } from "./_reference.ts";
import { checkGradient, relMaxError } from "./_testing.ts";
import { tf } from "./_tf.ts";
import { generatorConfig } from "./config.ts";
import { describeGenerator, trainableCount } from "./describe.ts";
import { Generator } from "./generator.ts";

before(async () => {
  await tf.setBackend("cpu");
});

const tiny = { zDim: 8, wDim: 8, resolution: 16, channelBase: 64, channelMax: 8 } as const;

test("Generator variables match describeGenerator() names, shapes and counts", () => {
  const g = new Generator(tiny);
  const sd = g.stateDict();
  const specs = describeGenerator(generatorConfig(tiny));
  assert.deepEqual(
    [...sd.entries()].map(([k, v]) => [k, v.shape]),
    specs.map((s) => [s.name, s.shape]),
  );
  const trainable = g.trainableVariables().reduce((a, v) => a + v.size, 0);
  assert.equal(trainable, trainableCount(specs));
  assert.equal(g.numWs, 6);
  g.dispose();
});

test("a built 256x256 Generator (cbase 16384, map-depth 2) has 23,191,522 trainable parameters and 14 ws", () => {
  const g = new Generator({ resolution: 256, channelBase: 16384, channelMax: 512, mappingLayers: 2 });
  assert.equal(
    g.trainableVariables().reduce((a, v) => a + v.size, 0),
    23_191_522,
  );
  assert.equal(g.numWs, 14);
  assert.equal(g.params.variables.size, 132);
  g.dispose();
});

test("Generator matches NVIDIA's PyTorch outputs (16x16 and conditional 8x8; psi 0.7, distinct ws per layer, const noise)", () => {
  const ref = loadReference();
  for (const r of [ref.unconditional, ref.conditional]) {
    const g = new Generator({ ...tiny, cDim: r.c_dim, resolution: r.resolution, convClamp: 2 });
    g.loadStateDict(r.G);
    const n = 4;
    const z = tf.tensor2d(r.z, [n, 8]);
    const c = r.c_dim > 0 ? tf.tensor2d(r.c, [n, r.c_dim]) : null;
    const ws = g.mapping.forward(z, c, { psi: r.psi });
    assert.ok(relMaxError(ws.dataSync(), r.ws) < 1e-5, `ws error ${relMaxError(ws.dataSync(), r.ws)}`);
    const img = g.forward(z, c, { psi: r.psi, noiseMode: "const" });
    assert.deepEqual(img.shape, [n, r.resolution, r.resolution, 3]);
    const nchw = tf.transpose(img, [0, 3, 1, 2]).dataSync();
    assert.ok(relMaxError(nchw, r.img_nchw) < 1e-4, `image error ${relMaxError(nchw, r.img_nchw)}`);
    const distinct = g.synthesis.forward(tf.tensor3d(r.ws_distinct, [n, g.numWs, 8]), { noiseMode: "const" });
    const distinctNchw = tf.transpose(distinct, [0, 3, 1, 2]).dataSync();
    assert.ok(
      relMaxError(distinctNchw, r.img_distinct_nchw) < 1e-4,
      `distinct-w error ${relMaxError(distinctNchw, r.img_distinct_nchw)}`,
    );
    // The state dict comes back unchanged (PyTorch layout round trip).
    const back = g.stateDict();
    for (const [k, v] of r.G) assert.deepEqual(back.get(k)?.data, v.data, k);
    g.dispose();
  }
});

test("Generator initialises like NVIDIA, reproducibly from a seed", () => {
  const a = new Generator({ ...tiny, wDim: 256, zDim: 256 }, { seed: 7 });
  const b = new Generator({ ...tiny, wDim: 256, zDim: 256 }, { seed: 7 });
  const sa = a.stateDict();
  const sb = b.stateDict();
  const std = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
  assert.ok(Math.abs(std(sa.get("mapping.fc0.weight")!.data) / 100 - 1) < 0.02);
  assert.ok(Math.abs(std(sa.get("synthesis.b16.conv0.weight")!.data) - 1) < 0.1);
  assert.ok(Math.abs(std(sa.get("synthesis.b16.conv1.noise_const")!.data) - 1) < 0.2);
  assert.ok(sa.get("synthesis.b8.conv0.affine.bias")!.data.every((v) => v === 1));
  assert.ok(sa.get("mapping.w_avg")!.data.every((v) => v === 0));
  assert.deepEqual(sa.get("synthesis.b8.conv0.noise_strength"), { shape: [], data: new Float32Array([0]) });
  assert.equal(sa.get("synthesis.b4.resample_filter")!.data[0], 1 / 64);
  for (const [k, v] of sa) assert.deepEqual(v.data, sb.get(k)!.data, k);
  const c = new Generator({ ...tiny, wDim: 256, zDim: 256 }, { seed: 8 });
  assert.notDeepEqual(
    c.stateDict().get("synthesis.b8.conv1.weight")!.data,
    sa.get("synthesis.b8.conv1.weight")!.data,
  );
  for (const g of [a, b, c]) g.dispose();
});

test("loadStateDict() names the offending parameter for a wrong shape, a missing or an unexpected entry", () => {
  const g = new Generator(tiny);
  const sd = g.stateDict();
  const bad = new Map(sd);
  bad.set("synthesis.b8.conv0.weight", { shape: [8, 8, 3, 1], data: new Float32Array(8 * 8 * 3) });
  assert.throws(
    () => g.loadStateDict(bad),
    /"synthesis\.b8\.conv0\.weight" has shape \[8, 8, 3, 1\] but the network expects \[8, 8, 3, 3\]/,
  );
  const missing = new Map(sd);
  missing.delete("mapping.fc1.bias");
  assert.throws(() => g.loadStateDict(missing), /lacks 1 entries: "mapping\.fc1\.bias"/);
  const extra = new Map(sd);
  extra.set("mapping.fc9.bias", { shape: [8], data: new Float32Array(8) });
  assert.throws(() => g.loadStateDict(extra), /unexpected entries: "mapping\.fc9\.bias"/);
  // Non-strict: the missing entry keeps its value, the unexpected one is ignored.
  const before = g.stateDict().get("mapping.fc1.bias")!.data;
  const changed = new Map(missing);
  changed.set("mapping.fc0.bias", { shape: [8], data: new Float32Array(8).fill(0.5) });
  g.loadStateDict(changed, { strict: false });
  assert.deepEqual(g.stateDict().get("mapping.fc1.bias")!.data, before);
  assert.ok(
    g
      .stateDict()
      .get("mapping.fc0.bias")!
      .data.every((v) => v === 0.5),
  );
  g.dispose();
});

test("Generator truncation: psi 0 gives w_avg, a cutoff truncates only the first ws", () => {
  const g = new Generator(tiny, { seed: 3 });
  const avg = new Float32Array(8).map((_, i) => i / 8);
  const sd = g.stateDict();
  sd.set("mapping.w_avg", { shape: [8], data: avg });
  g.loadStateDict(sd);
  const z = tf.randomNormal([2, 8], 0, 1, "float32", 1) as tf.Tensor2D;
  const full = g.mapping.forward(z, null).arraySync() as number[][][];
  const cut = g.mapping.forward(z, null, { psi: 0, truncationCutoff: 2 }).arraySync() as number[][][];
  for (let n = 0; n < 2; n++) {
    for (let i = 0; i < 6; i++) {
      const want = i < 2 ? Array.from(avg) : full[n]![i]!;
      assert.ok(relMaxError(cut[n]![i]!, want) < 1e-6);
    }
  }
  g.dispose();
});

test("updateEmas moves w_avg to 0.998·w_avg + 0.002·mean(w)", () => {
  const g = new Generator(tiny, { seed: 4 });
  const z = tf.randomNormal([3, 8], 0, 1, "float32", 2) as tf.Tensor2D;
  const w = (g.mapping.forward(z, null) as tf.Tensor3D).slice([0, 0, 0], [-1, 1, -1]).mean([0, 1]).dataSync();
  g.mapping.forward(z, null, { updateEmas: true });
  const got = g.stateDict().get("mapping.w_avg")!.data;
  // mean + β·(w_avg − mean) cancels in float32 (as upstream), hence the loose bound.
  assert.ok(
    relMaxError(
      got,
      Array.from(w, (v) => 0.002 * v),
    ) < 1e-3,
  );
  g.dispose();
});

test("updateEma() moves parameters towards the source and copies buffers", () => {
  const ema = new Generator(tiny, { seed: 1 });
  const g = new Generator(tiny, { seed: 2 });
  const before = ema.stateDict();
  ema.updateEma(g, 0.75);
  const after = ema.stateDict();
  const src = g.stateDict();
  for (const spec of ema.specs) {
    const want = spec.trainable
      ? src.get(spec.name)!.data.map((p, i) => p + 0.75 * (before.get(spec.name)!.data[i]! - p))
      : src.get(spec.name)!.data;
    assert.ok(relMaxError(after.get(spec.name)!.data, want) < 1e-6, spec.name);
  }
  ema.dispose();
  g.dispose();
});

test("noise modes: const is repeatable, random varies, none differs from const once noise_strength is set", () => {
  const g = new Generator(tiny, { seed: 6 });
  const sd = g.stateDict();
  for (const [k, v] of sd) if (k.endsWith("noise_strength")) v.data[0] = 0.5;
  g.loadStateDict(sd);
  const z = tf.randomNormal([1, 8], 0, 1, "float32", 11) as tf.Tensor2D;
  const run = (noiseMode: "random" | "const" | "none") => g.forward(z, null, { noiseMode }).dataSync();
  assert.deepEqual(run("const"), run("const"));
  assert.notDeepEqual(run("random"), run("random"));
  assert.ok(relMaxError(run("none"), run("const")) > 1e-3);
  g.dispose();
});

test("random noise with a noiseSeed: the same seed repeats the image, another seed changes it, Math.random unused", () => {
  const g = new Generator(tiny, { seed: 6 });
  const sd = g.stateDict();
  for (const [k, v] of sd) if (k.endsWith("noise_strength")) v.data[0] = 0.5;
  g.loadStateDict(sd);
  const z = tf.randomNormal([2, 8], 0, 1, "float32", 11) as tf.Tensor2D;
  const run = (noiseSeed: number) => g.forward(z, null, { noiseMode: "random", noiseSeed }).dataSync();
  const saved = Math.random;
  Math.random = () => {
    throw new Error("Math.random called");
  };
  let a: Float32Array | Int32Array | Uint8Array;
  let b: typeof a;
  let other: typeof a;
  try {
    a = run(7);
    b = run(7);
    other = run(8);
  } finally {
    Math.random = saved;
  }
  assert.deepEqual(a, b);
  assert.ok(relMaxError(other, a) > 1e-3, `seeds 7 and 8 differ by ${relMaxError(other, a)}`);
  // The noise is really added: seeded random noise is neither "none" nor the stored noise_const.
  const none = g.forward(z, null, { noiseMode: "none" }).dataSync();
  assert.ok(relMaxError(a, none) > 1e-3);
  assert.ok(relMaxError(a, g.forward(z, null, { noiseMode: "const" }).dataSync()) > 1e-3);
  // Modes without random noise ignore the seed.
  assert.deepEqual(g.forward(z, null, { noiseMode: "none", noiseSeed: 7 }).dataSync(), none);
  assert.throws(() => g.forward(z, null, { noiseSeed: 1.5 }), RangeError);
  g.dispose();
});

test("synthesis gradients w.r.t. ws and parameters match central differences", () => {
  const g = new Generator({ ...tiny, convClamp: 0.5 }, { seed: 9 });
  const ws = tf.variable(tf.randomNormal([2, 6, 8], 0, 1, "float32", 12));
  const probe = tf.randomNormal([2, 16, 16, 3], 0, 1, "float32", 13);
  const loss = () =>
    tf.sum(
      tf.mul(g.synthesis.forward(ws as unknown as tf.Tensor3D, { noiseMode: "const" }), probe),
    ) as tf.Scalar;
  const f = () => tf.tidy(() => loss().dataSync()[0]!);
  for (const v of [ws, g.params.variable("synthesis.b16.conv0.weight")]) {
    const grad = tf.variableGrads(loss, [v]).grads[v.name]!.dataSync();
    const indices = Array.from({ length: 8 }, (_, k) => Math.floor((k * (v.size - 1)) / 7));
    const compared = checkGradient(v, grad, f, { indices, eps: 1e-2, rtol: 2e-2, atol: 1e-4 });
    assert.ok(compared >= 4, `only ${compared} indices of ${v.name} away from a kink`);
  }
  g.dispose();
});

test("every trainable generator parameter receives a gradient", () => {
  const g = new Generator(tiny, { seed: 5 });
  const z = tf.randomNormal([2, 8], 0, 1, "float32", 3) as tf.Tensor2D;
  const probe = tf.randomNormal([2, 16, 16, 3], 0, 1, "float32", 4);
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.mul(g.forward(z, null, { noiseMode: "const" }), probe)) as tf.Scalar,
    g.trainableVariables(),
  );
  for (const v of g.trainableVariables()) {
    const gv = grads[v.name];
    assert.ok(gv !== undefined && gv.abs().max().dataSync()[0]! > 0, `no gradient for ${v.name}`);
  }
  g.dispose();
});
