import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { Discriminator, Generator, type StateDict } from "@dermanomaly/gan";
import { arrayBatchSource, Random, type RealBatch } from "@dermanomaly/gan/training";
import { decodeImage } from "@dermanomaly/imaging";
import { disposeBackend, initBackend } from "@dermanomaly/tf";
import { tf } from "./_tf.ts";
import {
  decodeEncoderCheckpoint,
  encodeEncoderCheckpoint,
  readEncoderCheckpoint,
  writeEncoderCheckpoint,
} from "./checkpoint.ts";
import { Encoder } from "./encoder.ts";
import { reconstruct, renderReconstructionGrid } from "./grid.ts";
import { encoderTrainingConfig } from "./options.ts";
import { type EncoderSnapshotEvent, EncoderTrainer, type EpochInfo } from "./trainer.ts";
import { loadEncoderFile } from "./weights.ts";

before(async () => {
  await initBackend({ backend: "wasm", log: false });
});
after(() => disposeBackend());

const RES = 16;
const Z = 32;
const ganConfig = { resolution: RES, channelBase: 64, channelMax: 32, mappingLayers: 1, zDim: Z, wDim: Z };
const G_ema = new Generator(ganConfig, { seed: 1 });
const G = new Generator(ganConfig, { seed: 7 });
const D = new Discriminator(
  { resolution: RES, channelBase: 64, channelMax: 32, mbstdGroupSize: 2 },
  { seed: 2 },
);
const nets = { G_ema, G, D };

// Images the generator can draw: G_ema(z*) for latents inside tanh's range, as NCHW in [-1, 1].
function drawable(count: number, seed = 11): RealBatch {
  return tf.tidy(() => {
    const z = tf.randomUniform([count, Z], -0.7, 0.7, "float32", seed) as tf.Tensor2D;
    const img = tf.transpose(G_ema.forward(z, null, { noiseMode: "const" }), [0, 3, 1, 2]);
    return { images: img.dataSync() as Float32Array, shape: [count, 3, RES, RES] as const };
  });
}

function reconstructionMse(t: EncoderTrainer, real: RealBatch): number {
  const { data } = reconstruct({ encoder: t.encoder, generator: t.generator }, real);
  const x = tf.tidy(() => tf.transpose(tf.tensor4d(real.images, [...real.shape]), [0, 2, 3, 1]).dataSync());
  let s = 0;
  for (let i = 0; i < data.length; i++) s += (data[i]! - x[i]!) ** 2;
  return s / data.length;
}

const bits = (sd: StateDict): [string, string][] =>
  [...sd].map(([k, t]) => [k, Buffer.from(t.data.buffer).toString("base64")]);

const tiny = { preset: "tiny", batch: 4, snapshotEvery: 0 } as const;

test("izif training halves the reconstruction MSE of the training images and leaves G and D bit-identical", async () => {
  const real = drawable(8);
  const before = { G_ema: bits(G_ema.stateDict()), D: bits(D.stateDict()) };
  // lr 1e-3 rather than the original's 1e-4 keeps this test to 60 steps.
  const t = new EncoderTrainer({ ...tiny, epochs: 30, lr: 1e-3 }, nets);
  const start = reconstructionMse(t, real);
  const epochs: EpochInfo[] = [];
  const result = await t.run({
    source: arrayBatchSource(real.images, [8, 3, RES, RES]),
    epochSize: 8,
    onEpoch: (e) => void epochs.push(e),
  });
  const end = reconstructionMse(t, real);
  assert.ok(end <= 0.5 * start, `reconstruction MSE went from ${start} to ${end}`);
  assert.deepEqual(result, { reason: "done", steps: 60, counters: { epoch: 30, stepInEpoch: 0, steps: 60 } });
  assert.equal(epochs.length, 30);
  assert.ok(epochs.at(-1)!.losses.image! < epochs[0]!.losses.image!);
  assert.ok(epochs[0]!.losses.features! > 0 && epochs[0]!.imagesPerSec > 0);
  assert.deepEqual(bits(G_ema.stateDict()), before.G_ema, "G_ema changed");
  assert.deepEqual(bits(D.stateDict()), before.D, "D changed");
  t.dispose();
});

test("a batch in rounds through G and D gives the one-round step (BatchNorm sees the whole batch)", () => {
  const real = drawable(4, 3);
  const whole = new EncoderTrainer(tiny, nets);
  const rounds = new EncoderTrainer({ ...tiny, batchGpu: 2 }, nets);
  const a = whole.step(real);
  const b = rounds.step(real);
  assert.ok(Math.abs(a.loss - b.loss) <= 1e-6 * a.loss, `${a.loss} vs ${b.loss}`);
  const ea = whole.encoder.stateDict();
  for (const [name, t] of rounds.encoder.stateDict()) {
    const ref = ea.get(name)!.data;
    const err = Math.max(...t.data.map((v, i) => Math.abs(v - ref[i]!)));
    assert.ok(err <= 1e-6, `${name} differs by ${err}`);
  }
  whole.dispose();
  rounds.dispose();
});

test("random noise is drawn from the run's seed: it changes the loss, and the same seed repeats it", () => {
  const real = drawable(4, 3);
  // NVIDIA initialises noise strengths to 0; give them some so that noise shows.
  const noisy = new Generator(ganConfig);
  noisy.loadStateDict(
    new Map(
      [...G_ema.stateDict()].map(([k, t]) => [
        k,
        k.endsWith("noise_strength") ? { shape: t.shape, data: Float32Array.of(0.5) } : t,
      ]),
    ),
  );
  const loss = (noiseMode: "const" | "random", seed: number) => {
    const t = new EncoderTrainer({ ...tiny, noiseMode, seed }, { G_ema: noisy, D });
    const value = t.step(real).loss;
    t.dispose();
    return value;
  };
  assert.notEqual(loss("random", 0), loss("const", 0));
  assert.equal(loss("random", 0), loss("random", 0));
  assert.notEqual(loss("random", 0), loss("random", 1));
  noisy.dispose();
});

test("a run continued from a checkpoint repeats the uninterrupted run's next step exactly", async () => {
  const real = drawable(6, 5);
  const options = { ...tiny, epochs: 3, noiseMode: "random", loss: "izif", generator: "G" } as const;
  const source = () => arrayBatchSource(real.images, [6, 3, RES, RES], { seed: 4 });
  const preparation = { transform: "center-crop", resampler: "auto", width: RES, height: RES };
  const full = new EncoderTrainer(options, nets, { inputs: { gan: "memory://test" }, preparation });
  const fullSource = source();
  await full.run({ source: fullSource, epochSize: 6, maxSteps: 3 });
  const saved = decodeEncoderCheckpoint(encodeEncoderCheckpoint(full.getState({ source: fullSource })));
  assert.deepEqual(saved.counters, { epoch: 1, stepInEpoch: 1, steps: 3 });
  assert.deepEqual(saved.lineage, {
    generator: "G",
    noiseMode: "random",
    loss: "izif",
    alpha: 1,
    kappa: 1,
    inputs: { gan: "memory://test" },
    preparation,
  });
  // The weights file reader takes a checkpoint too, lineage included.
  const dir = await mkdtemp(join(tmpdir(), "encoder-ckpt-"));
  await writeEncoderCheckpoint(join(dir, "c.safetensors"), saved);
  const loaded = await loadEncoderFile(join(dir, "c.safetensors"));
  assert.deepEqual(loaded.lineage, saved.lineage);
  assert.deepEqual(bits(loaded.stateDict), bits(saved.E));
  assert.deepEqual(
    bits((await readEncoderCheckpoint(join(dir, "c.safetensors"))).E_opt.expAvgSq),
    bits(saved.E_opt.expAvgSq),
  );
  await rm(dir, { recursive: true });
  const resumed = EncoderTrainer.fromState(saved, nets);
  await full.run({ source: fullSource, epochSize: 6, maxSteps: 1 });
  await resumed.run({ source: source(), epochSize: 6, maxSteps: 1 });
  assert.deepEqual(bits(resumed.encoder.stateDict()), bits(full.encoder.stateDict()));
  assert.deepEqual(resumed.counters, full.counters);
  assert.deepEqual(resumed.getState().E_opt.step, 4);
  assert.deepEqual(resumed.lineage, full.lineage);
  full.dispose();
  resumed.dispose();
});

test("a NaN loss stops the step before any update with ABORTED naming the epoch", () => {
  const real = drawable(4);
  const t = new EncoderTrainer(tiny, nets);
  const before = bits(t.encoder.stateDict());
  const images = real.images.slice();
  images[5] = Number.NaN;
  const fails = () =>
    assert.throws(
      () => t.step({ images, shape: real.shape }),
      (e: unknown) =>
        isStatusError(e) &&
        e.code === Code.ABORTED &&
        /Encoder loss is "NaN" at epoch 1, step 1/.test(e.message),
    );
  fails();
  // (The first step made the conv filters the encoder keeps; a second failure must leave nothing more behind.)
  const start = tf.memory().numTensors;
  fails();
  assert.equal(tf.memory().numTensors, start);
  // Running statistics are updated by the forward pass, as in PyTorch; the weights are not.
  const after = new Map(bits(t.encoder.stateDict()));
  for (const [name, value] of before)
    if (!/running|tracked/.test(name)) assert.equal(after.get(name), value, name);
  assert.equal(t.optimizer.step, 0);
  t.dispose();
});

test("a finite loss whose gradient overflows float32 stops the step before any update", () => {
  const real = drawable(4);
  // alpha 1e38 keeps the loss finite (a few 1e38, a double) but not alpha / N * dMSE/dz in float32.
  const t = new EncoderTrainer({ ...tiny, loss: "izi", alpha: 1e38 }, nets);
  const before = bits(t.encoder.stateDict());
  assert.throws(
    () => t.step(real),
    (e: unknown) =>
      isStatusError(e) &&
      e.code === Code.ABORTED &&
      /^Encoder loss gradient is not finite at epoch 1, step 1 \(loss "\d\.\d+e\+38"\)/.test(e.message),
  );
  const after = new Map(bits(t.encoder.stateDict()));
  for (const [name, value] of before)
    if (!/running|tracked/.test(name)) assert.equal(after.get(name), value, name);
  assert.equal(t.optimizer.step, 0);
  t.dispose();
});

test("a ziz step scores MSE(z, E(G(z))) on latents from the run's seed and lowers it", () => {
  const t = new EncoderTrainer({ ...tiny, loss: "ziz" }, nets);
  const copy = new Encoder(t.encoder.config);
  copy.loadStateDict(t.encoder.stateDict());
  // The step's latents are the first draws of the run's generator.
  const z = tf.tensor2d(new Random(0).normals(4 * Z), [4, Z]);
  const fakes = G_ema.forward(z, null, { noiseMode: "const" });
  const latentMse = (e: Encoder) =>
    tf.tidy(() => tf.mean(tf.square(tf.sub(e.forward(fakes, { training: true }), z))).dataSync()[0]!);
  const before = latentMse(copy);
  const terms = t.step(null);
  assert.deepEqual([terms.image, terms.features], [null, null]);
  assert.ok(Math.abs(terms.latent! - before) <= 1e-6 * before, `${terms.latent} vs ${before}`);
  copy.loadStateDict(t.encoder.stateDict());
  assert.ok(latentMse(copy) < before, "the step did not lower the loss on its own batch");
  for (const x of [z, fakes]) x.dispose();
  copy.dispose();
  t.dispose();
});

test("run() offers snapshots every snapshotEvery epochs, at the end and on abort", async () => {
  const real = drawable(4);
  const t = new EncoderTrainer({ ...tiny, epochs: 5, snapshotEvery: 2 }, nets);
  const seen: [number, string][] = [];
  const onSnapshot = (s: EncoderSnapshotEvent) => void seen.push([s.epoch, s.reason]);
  await t.run({ source: arrayBatchSource(real.images, [4, 3, RES, RES]), epochSize: 4, onSnapshot });
  assert.deepEqual(seen, [
    [2, "interval"],
    [4, "interval"],
    [5, "done"],
  ]);
  const u = new EncoderTrainer({ ...tiny, epochs: 5 }, nets);
  const controller = new AbortController();
  const aborted: EncoderSnapshotEvent[] = [];
  const result = await u.run({
    source: arrayBatchSource(real.images, [4, 3, RES, RES]),
    epochSize: 8,
    signal: controller.signal,
    onProgress: () => controller.abort(),
    progressIntervalMs: 0,
    onSnapshot: (s) => void aborted.push(s),
  });
  assert.equal(result.reason, "aborted");
  assert.deepEqual(
    [aborted[0]!.reason, aborted[0]!.state.counters],
    ["aborted", { epoch: 0, stepInEpoch: 1, steps: 1 }],
  );
  t.dispose();
  u.dispose();
});

test("renderReconstructionGrid() draws the reals above their reconstructions", async () => {
  const real = drawable(3);
  const t = new EncoderTrainer(tiny, nets);
  const png = await renderReconstructionGrid({ encoder: t.encoder, generator: G_ema }, real);
  const { data, width, height } = await decodeImage(png);
  assert.deepEqual([width, height], [3 * RES, 2 * RES]);
  // Top-left pixel of the grid is the first real image's, converted as NVIDIA's code saves images.
  const v = real.images[0]! * 127.5 + 128;
  assert.equal(data[0], Math.min(255, Math.max(0, Math.trunc(v))));
  t.dispose();
});

test("training options are checked against the generator with messages naming the option", () => {
  const shape = { resolution: 64, zDim: 512, imgChannels: 3 };
  assert.throws(
    () => encoderTrainingConfig({ batch: 16, batchGpu: 3 }, shape),
    /batchGpu must divide the batch "16", got "3"/,
  );
  assert.throws(
    () => encoderTrainingConfig({ loss: "izi", kappa: 1 }, shape),
    /kappa must be 0 for the "izi" loss/,
  );
  assert.throws(
    () => encoderTrainingConfig({ preset: "huge" as "paper" }, shape),
    /Unknown encoder preset "huge"/,
  );
  assert.throws(() => encoderTrainingConfig({ lr: 0 }, shape), /lr must be a positive number, got "0"/);
  const c = encoderTrainingConfig({ preset: "small", loss: "izi" }, shape);
  assert.deepEqual(
    [c.kappa, c.generator, c.noiseMode, c.encoder.channelBase, c.encoder.resolution],
    [0, "G_ema", "const", 32, 64],
  );
  assert.throws(() => new EncoderTrainer({ generator: "G" }, { G_ema }), /lack the generator "G"/);
  assert.throws(() => new EncoderTrainer({ preset: "tiny" }, { G_ema }), /needs the discriminator D/);
});
