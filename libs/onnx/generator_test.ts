import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { loadNetworkFile } from "@dermanomaly/gan/nvidia";
import * as tf from "@tensorflow/tfjs";
import {
  maxAbs,
  maxAbsDiff,
  NVIDIA_FIXTURES,
  nvidiaExpectations,
  randomArray,
  randomGenerator,
  run,
} from "./_testing.ts";
import { exportGenerator, generatorNoiseInputs } from "./generator.ts";
import { METADATA_KEYS, ONNX_MODEL_FORMAT } from "./lineage.ts";
import { readModelInfo } from "./model_file.ts";
import { openSession } from "./session.ts";

const dir = await mkdtemp(join(tmpdir(), "onnx-g-"));
before(async () => {
  await tf.setBackend("cpu");
});
after(() => rm(dir, { recursive: true, force: true }));

const psiInput = (psi: number) => ({ data: Float32Array.of(psi), dims: [] });

for (const [label, config, n] of [
  ["32x32", { resolution: 32, zDim: 32, wDim: 32, channelBase: 256, channelMax: 16 }, 3],
  ["256x256", { resolution: 256, zDim: 16, wDim: 16, channelBase: 512, channelMax: 8 }, 2],
] as const) {
  test(`the ONNX generator matches the TF.js forward within 1e-4 at ${label} (const noise, psi 1 and 0.7)`, async () => {
    const { net, weights } = randomGenerator(config, 11);
    const path = join(dir, `g${config.resolution}.onnx`);
    await exportGenerator(weights, path);
    const { session } = await openSession(path, { threads: 1 });
    const z = randomArray(n * config.zDim, 5, 4);
    for (const psi of [1, 0.7]) {
      const out = await run(session, { z: { data: z, dims: [n, config.zDim] }, psi: psiInput(psi) });
      assert.deepEqual(out["image"]!.dims, [n, 3, config.resolution, config.resolution]);
      const ref = tf.tidy(() =>
        tf
          .transpose(
            net.forward(tf.tensor2d(z, [n, config.zDim]), null, { psi, noiseMode: "const" }),
            [0, 3, 1, 2],
          )
          .dataSync(),
      );
      const err = maxAbsDiff(out["image"]!.data, ref);
      assert.ok(err < 1e-4, `psi ${psi}: max abs error ${err}`);
      assert.ok(maxAbs(ref) > 0.5, "the image is not trivially small");
    }
    await session.release();
    net.dispose();
  });
}

test("the generator's batch is dynamic: one session runs 1 and 3 samples, each row as alone", async () => {
  const config = { resolution: 16, zDim: 8, wDim: 8, channelBase: 64, channelMax: 8 };
  const { net, weights } = randomGenerator(config, 2);
  const path = join(dir, "g-batch.onnx");
  await exportGenerator(weights, path);
  const { session } = await openSession(path, { threads: 1 });
  const z = randomArray(3 * 8, 9, 4);
  const all = await run(session, {
    z: { data: z, dims: [3, 8] },
    psi: { data: Float32Array.of(0.5), dims: [1] },
  });
  const plane = 3 * 16 * 16;
  for (let i = 0; i < 3; i++) {
    const one = await run(session, {
      z: { data: z.slice(i * 8, (i + 1) * 8), dims: [1, 8] },
      psi: psiInput(0.5),
    });
    assert.ok(maxAbsDiff(one["image"]!.data, all["image"]!.data.subarray(i * plane, (i + 1) * plane)) < 1e-5);
  }
  await session.release();
  net.dispose();
});

test("conv_clamp is applied: a clamped export matches TF.js and differs from the unclamped one", async () => {
  const config = { resolution: 16, zDim: 8, wDim: 8, channelBase: 64, channelMax: 8 };
  const z = randomArray(2 * 8, 3, 4);
  const images: Float32Array[] = [];
  for (const convClamp of [0.5, null]) {
    const { net, weights } = randomGenerator({ ...config, convClamp }, 4);
    const path = join(dir, `g-clamp-${convClamp}.onnx`);
    await exportGenerator(weights, path);
    const { session } = await openSession(path, { threads: 1 });
    const out = await run(session, { z: { data: z, dims: [2, 8] }, psi: psiInput(1) });
    const ref = tf.tidy(() =>
      tf
        .transpose(net.forward(tf.tensor2d(z, [2, 8]), null, { noiseMode: "const" }), [0, 3, 1, 2])
        .dataSync(),
    );
    assert.ok(maxAbsDiff(out["image"]!.data, ref) < 1e-4);
    images.push(out["image"]!.data);
    await session.release();
    net.dispose();
  }
  assert.ok(maxAbsDiff(images[0]!, images[1]!) > 1e-2, "clamping at 0.5 changes the image");
});

test("noise mode random takes one input per layer: noise_const as input equals const, zeros equal none", async () => {
  const config = { resolution: 16, zDim: 8, wDim: 8, channelBase: 64, channelMax: 8 };
  const { net, weights } = randomGenerator(config, 6);
  const paths = {
    const: join(dir, "g-const.onnx"),
    random: join(dir, "g-random.onnx"),
    none: join(dir, "g-none.onnx"),
  };
  for (const mode of ["const", "random", "none"] as const)
    await exportGenerator(weights, paths[mode], { noiseMode: mode });
  const inputs = generatorNoiseInputs(config);
  assert.deepEqual(
    inputs.map((i) => i.name),
    ["noise_b4_conv1", "noise_b8_conv0", "noise_b8_conv1", "noise_b16_conv0", "noise_b16_conv1"],
  );
  assert.deepEqual((await readModelInfo(paths.random)).inputs, ["z", "psi", ...inputs.map((i) => i.name)]);
  const n = 2;
  const z = { data: randomArray(n * 8, 1, 4), dims: [n, 8] };
  const feeds = (fill: (name: string, res: number) => Float32Array) =>
    Object.fromEntries(
      inputs.map((i) => [
        i.name,
        { data: fill(i.name, i.resolution), dims: [n, 1, i.resolution, i.resolution] },
      ]),
    );
  const layerOf = (name: string) => name.replace("noise_", "synthesis.").replace("_", ".");
  const tiled = (name: string, res: number) => {
    const nc = weights.stateDict.get(`${layerOf(name)}.noise_const`)!.data;
    const out = new Float32Array(n * res * res);
    for (let k = 0; k < n; k++) out.set(nc, k * res * res);
    return out;
  };
  const session = async (p: string) => (await openSession(p, { threads: 1 })).session;
  const asConst = await run(await session(paths.random), { z, psi: psiInput(1), ...feeds(tiled) });
  const constant = await run(await session(paths.const), { z, psi: psiInput(1) });
  assert.ok(maxAbsDiff(asConst["image"]!.data, constant["image"]!.data) < 1e-5);
  const zeros = await run(await session(paths.random), {
    z,
    psi: psiInput(1),
    ...feeds((_, r) => new Float32Array(n * r * r)),
  });
  const none = await run(await session(paths.none), { z, psi: psiInput(1) });
  assert.ok(maxAbsDiff(zeros["image"]!.data, none["image"]!.data) < 1e-5);
  const ref = tf.tidy(() =>
    tf
      .transpose(net.forward(tf.tensor2d(z.data, [n, 8]), null, { noiseMode: "none" }), [0, 3, 1, 2])
      .dataSync(),
  );
  assert.ok(maxAbsDiff(none["image"]!.data, ref) < 1e-4);
  assert.ok(maxAbsDiff(none["image"]!.data, constant["image"]!.data) > 1e-3, "the noise matters");
  net.dispose();
});

test("an exported generator carries its lineage: format, network, config, source digest, generator, noise mode", async () => {
  const { net, weights } = randomGenerator(
    { resolution: 8, zDim: 4, wDim: 4, channelBase: 32, channelMax: 4 },
    1,
  );
  const path = join(dir, "g-meta.onnx");
  const sha = "ab".repeat(32);
  await exportGenerator(weights, path, {
    generator: "G",
    noiseMode: "random",
    opset: 18,
    lineage: { sourceSha256: sha, source: "runs/x/network-snapshot-000200.pkl", extra: { note: "test" } },
  });
  const info = await readModelInfo(path);
  assert.equal(info.metadata[METADATA_KEYS.format], ONNX_MODEL_FORMAT);
  assert.equal(info.metadata[METADATA_KEYS.network], "generator");
  assert.deepEqual(JSON.parse(info.metadata[METADATA_KEYS.config]!), weights.config);
  assert.equal(info.metadata[METADATA_KEYS.sourceSha256], sha);
  assert.equal(info.metadata[METADATA_KEYS.source], "runs/x/network-snapshot-000200.pkl");
  assert.equal(info.metadata[METADATA_KEYS.generator], "G");
  assert.equal(info.metadata[METADATA_KEYS.noiseMode], "random");
  assert.equal(info.metadata["note"], "test");
  assert.equal(info.opset, 18);
  assert.deepEqual(info.outputs, ["image"]);
  net.dispose();
});

test("exportGenerator() refuses weights that do not match the config, and conditional generators", async () => {
  const { net, weights } = randomGenerator(
    { resolution: 8, zDim: 4, wDim: 4, channelBase: 32, channelMax: 4 },
    1,
  );
  const sd = new Map(weights.stateDict);
  sd.delete("mapping.w_avg");
  await assert.rejects(
    exportGenerator({ config: weights.config, stateDict: sd }, join(dir, "bad.onnx")),
    (e) => isStatusError(e) && e.code === Code.INVALID_ARGUMENT && /mapping\.w_avg/.test(e.message),
  );
  net.dispose();
  const cond = randomGenerator(
    { resolution: 8, zDim: 4, wDim: 4, channelBase: 32, channelMax: 4, cDim: 2 },
    1,
  );
  await assert.rejects(
    exportGenerator(cond.weights, join(dir, "cond.onnx")),
    (e) => isStatusError(e) && e.code === Code.UNIMPLEMENTED,
  );
  cond.net.dispose();
});

test("the ONNX generator reproduces NVIDIA's PyTorch images of a snapshot pickle (G_ema psi 1 and 0.7, G, clamp off)", async () => {
  const expected = nvidiaExpectations().sg3;
  const nets = await loadNetworkFile(`${NVIDIA_FIXTURES}sg3_snapshot.pkl`, { networks: ["G", "G_ema"] });
  const image = async (weights: typeof nets.G_ema, name: string, z: number[], psi: number) => {
    const path = join(dir, `${name}.onnx`);
    await exportGenerator(weights!, path);
    const { session } = await openSession(path, { threads: 1 });
    const out = await run(session, {
      z: { data: Float32Array.from(z), dims: [1, z.length] },
      psi: psiInput(psi),
    });
    await session.release();
    return out["image"]!.data;
  };
  for (const [i, z] of expected.z.entries()) {
    assert.ok(
      maxAbsDiff(await image(nets.G_ema, "sg3-ema", z, 1), expected.img_psi1[i]!) < 1e-4,
      `seed ${i} psi 1`,
    );
    assert.ok(
      maxAbsDiff(await image(nets.G_ema, "sg3-ema", z, 0.7), expected.img_psi07[i]!) < 1e-4,
      `seed ${i} psi 0.7`,
    );
  }
  assert.ok(maxAbsDiff(await image(nets.G, "sg3-g", expected.z[0]!, 1), expected.G_img_psi1_seed0) < 1e-4);
  const unclamped = { config: { ...nets.G_ema!.config, convClamp: null }, stateDict: nets.G_ema!.stateDict };
  const img = await image(unclamped, "sg3-unclamped", expected.z[0]!, 1);
  assert.ok(maxAbsDiff(img, expected.G_ema_img_psi1_seed0_unclamped) < 1e-4);
  assert.ok(maxAbsDiff(img, expected.img_psi1[0]!) > 1e-2, "the fixture's conv_clamp 2 matters");
});
