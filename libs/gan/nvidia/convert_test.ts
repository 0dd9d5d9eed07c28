import assert from "node:assert/strict";
import { before, test } from "node:test";
import { Code, StatusError } from "@dermanomaly/contracts";
import { tf } from "../_tf.ts";
import { Discriminator } from "../discriminator.ts";
import { Generator } from "../generator.ts";
import { readNetworkPickle } from "../pickle/mod.ts";
import { fixturePath, loadExpectations, maxAbsDiff } from "./_testing.ts";
import {
  discriminatorConfigFromKwargs,
  generatorConfigFromKwargs,
  networksFromPickle,
  nvidiaInitKwargs,
  WHOLE_BATCH,
} from "./convert.ts";
import { loadNetworkFile } from "./network_file.ts";

before(async () => {
  await tf.setBackend("cpu");
});

const ref = loadExpectations();

function nchw(img: tf.Tensor4D): Float32Array {
  return tf.tidy(() => tf.transpose(img, [0, 3, 1, 2]).dataSync() as Float32Array);
}

test("networksFromPickle() reads G, D and G_ema of a stylegan3 snapshot with their settings and NVIDIA's names", async () => {
  const nets = networksFromPickle(await readNetworkPickle(fixturePath("sg3_snapshot.pkl")));
  assert.deepEqual(nets.G_ema!.config, {
    network: "generator",
    zDim: 8,
    wDim: 8,
    cDim: 0,
    resolution: 16,
    imgChannels: 3,
    channelBase: 64,
    channelMax: 8,
    mappingLayers: 2,
    mappingLrMultiplier: 0.01,
    wAvgBeta: 0.998,
    convClamp: 2,
  });
  assert.equal(nets.D!.config.mbstdGroupSize, 2);
  assert.equal(nets.D!.config.convClamp, 2);
  for (const key of ["G", "D", "G_ema"] as const) {
    assert.deepEqual(
      [...nets[key]!.stateDict].map(([k, t]) => [k, t.shape]),
      ref.sg3.names[key],
      key,
    );
  }
});

test("G_ema from a stylegan3 pickle renders numpy-seeded z like PyTorch (const noise, psi 1 and 0.7) within 1e-3", async () => {
  const { G_ema, G, D } = networksFromPickle(await readNetworkPickle(fixturePath("sg3_snapshot.pkl")));
  const g = new Generator(G_ema!.config);
  g.loadStateDict(G_ema!.stateDict);
  const d = new Discriminator(D!.config);
  d.loadStateDict(D!.stateDict);
  const z = tf.tensor2d(ref.sg3.z.flat(), [ref.sg3.seeds.length, 8]);
  const img1 = g.forward(z, null, { noiseMode: "const" });
  const err1 = maxAbsDiff(nchw(img1), ref.sg3.img_psi1.flat());
  assert.ok(err1 < 1e-3, `psi 1 max abs error ${err1}`);
  const err07 = maxAbsDiff(
    nchw(g.forward(z, null, { psi: 0.7, noiseMode: "const" })),
    ref.sg3.img_psi07.flat(),
  );
  assert.ok(err07 < 1e-3, `psi 0.7 max abs error ${err07}`);
  // D on the same images, one at a time as PyTorch ran it (minibatch stddev groups of 1).
  const logits = [0, 1].map((i) => d.forward(img1.slice(i, 1)).logits.dataSync()[0]!);
  assert.ok(maxAbsDiff(logits, ref.sg3.logits.flat()) < 1e-3, `D logits ${logits} vs ${ref.sg3.logits}`);
  // The training G is a different network (so G and G_ema are not mixed up).
  const gTrain = new Generator(G!.config);
  gTrain.loadStateDict(G!.stateDict);
  const errG = maxAbsDiff(
    nchw(gTrain.forward(z.slice(0, 1), null, { noiseMode: "const" })),
    ref.sg3.G_img_psi1_seed0,
  );
  assert.ok(errG < 1e-3, `G max abs error ${errG}`);
  assert.ok(maxAbsDiff(ref.sg3.G_img_psi1_seed0, ref.sg3.img_psi1[0]!) > 1e-2);
  // conv_clamp 2 changes these images, so the clamp is exercised: off, the port matches PyTorch unclamped.
  const gOpen = new Generator({ ...G_ema!.config, convClamp: null });
  gOpen.loadStateDict(G_ema!.stateDict);
  const open = nchw(gOpen.forward(z.slice(0, 1), null, { noiseMode: "const" }));
  assert.ok(maxAbsDiff(open, ref.sg3.G_ema_img_psi1_seed0_unclamped) < 1e-3, "unclamped G_ema");
  assert.ok(maxAbsDiff(ref.sg3.G_ema_img_psi1_seed0_unclamped, ref.sg3.img_psi1[0]!) > 1e-2);
  for (const n of [g, d, gTrain, gOpen]) n.dispose();
});

test("a conditional stylegan2-ada-pytorch G_ema (nested synthesis_kwargs, w_avg_beta 0.995) matches PyTorch within 1e-3", async () => {
  const { G_ema } = networksFromPickle(await readNetworkPickle(fixturePath("ada_g_ema.pkl")));
  const c = G_ema!.config;
  assert.equal(c.wAvgBeta, ref.ada.w_avg_beta);
  assert.equal(c.convClamp, null);
  assert.equal(c.mappingLayers, 3);
  assert.equal(c.cDim, 2);
  const g = new Generator(c);
  g.loadStateDict(G_ema!.stateDict);
  const img = g.forward(tf.tensor2d(ref.ada.z, [1, 8]), tf.tensor2d(ref.ada.c, [1, 2]), {
    psi: ref.ada.psi,
    noiseMode: "const",
  });
  const err = maxAbsDiff(nchw(img), ref.ada.img);
  assert.ok(err < 1e-3, `max abs error ${err}`);
  g.dispose();
});

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof StatusError ? err.code : -1;
  }
  return undefined;
}

test("settings this port cannot honour are refused with UNIMPLEMENTED naming them", () => {
  const base = ref.sg3.init_kwargs.G as Record<string, never>;
  assert.throws(
    () => generatorConfigFromKwargs({ ...base, architecture: "resnet" }),
    /G setting "architecture" = "resnet" is not supported \(only the 'skip' generator\)/,
  );
  assert.throws(
    () => generatorConfigFromKwargs({ ...base, resample_filter: [1, 2, 1] }),
    /"resample_filter" = \[1,2,1\] is not supported/,
  );
  assert.throws(() => generatorConfigFromKwargs({ ...base, use_noise: false }), /"use_noise"/);
  assert.throws(
    () => generatorConfigFromKwargs({ ...base, frobnicate: 1 }),
    /G setting "frobnicate" is not supported/,
  );
  assert.throws(
    () => generatorConfigFromKwargs({ ...base, mapping_kwargs: { num_layers: 2, w_avg_beta: null } }),
    /w_avg_beta" = null/,
  );
  assert.equal(
    code(() => generatorConfigFromKwargs({ ...base, architecture: "orig" })),
    Code.UNIMPLEMENTED,
  );
  const dBase = ref.sg3.init_kwargs.D as Record<string, never>;
  assert.throws(() => discriminatorConfigFromKwargs({ ...dBase, architecture: "skip" }), /only the 'resnet'/);
  assert.throws(
    () => discriminatorConfigFromKwargs({ ...dBase, epilogue_kwargs: { mbstd_num_channels: 0 } }),
    /mbstd_num_channels" = 0/,
  );
  // Precision-only settings are accepted: this port computes in float32.
  assert.equal(
    generatorConfigFromKwargs({ ...base, num_fp16_res: 4, fp16_channels_last: true }).resolution,
    16,
  );
  // Missing required settings are malformed input.
  const { z_dim: _, ...noZ } = base;
  assert.equal(
    code(() => generatorConfigFromKwargs(noZ)),
    Code.INVALID_ARGUMENT,
  );
});

test("defaults follow the writing code base: conv_clamp 256 / w_avg_beta 0.998 (stylegan3), None / 0.995 (ada)", () => {
  const kw = { z_dim: 8, c_dim: 0, w_dim: 8, img_resolution: 16, img_channels: 3 };
  const sg3 = generatorConfigFromKwargs(kw);
  assert.deepEqual([sg3.convClamp, sg3.wAvgBeta, sg3.channelBase, sg3.mappingLayers], [256, 0.998, 32768, 8]);
  const ada = generatorConfigFromKwargs(kw, { source: "stylegan2-ada-pytorch" });
  assert.deepEqual([ada.convClamp, ada.wAvgBeta], [null, 0.995]);
});

test("the kwargs legacy.py writes for converted TensorFlow pickles (e.g. NVIDIA's FFHQ) are accepted", () => {
  // Exactly the keys and default values of stylegan2-ada-pytorch legacy.py's convert_tf_generator/discriminator.
  const g = generatorConfigFromKwargs(
    {
      z_dim: 512,
      c_dim: 0,
      w_dim: 512,
      img_resolution: 1024,
      img_channels: 3,
      mapping_kwargs: {
        num_layers: 8,
        embed_features: null,
        layer_features: null,
        activation: "lrelu",
        lr_multiplier: 0.01,
        w_avg_beta: 0.995,
      },
      synthesis_kwargs: {
        channel_base: 32768,
        channel_max: 512,
        num_fp16_res: 0,
        conv_clamp: null,
        architecture: "skip",
        resample_filter: [1, 3, 3, 1],
        use_noise: true,
        activation: "lrelu",
      },
    },
    { source: "stylegan2-ada-pytorch" },
  );
  assert.deepEqual([g.resolution, g.mappingLayers, g.wAvgBeta, g.convClamp], [1024, 8, 0.995, null]);
  const d = discriminatorConfigFromKwargs(
    {
      c_dim: 0,
      img_resolution: 1024,
      img_channels: 3,
      architecture: "resnet",
      channel_base: 32768,
      channel_max: 512,
      num_fp16_res: 0,
      conv_clamp: null,
      cmap_dim: null,
      block_kwargs: { activation: "lrelu", resample_filter: [1, 3, 3, 1], freeze_layers: 0 },
      mapping_kwargs: {
        num_layers: 0,
        embed_features: null,
        layer_features: null,
        activation: "lrelu",
        lr_multiplier: 0.1,
      },
      epilogue_kwargs: { mbstd_group_size: null, mbstd_num_channels: 1, activation: "lrelu" },
    },
    { source: "stylegan2-ada-pytorch" },
  );
  assert.equal(d.mbstdGroupSize, WHOLE_BATCH);
  assert.equal(d.convClamp, null);
  // A conditional D does build its label mapping, so there lr_multiplier 0.1 cannot be honoured.
  assert.throws(
    () =>
      discriminatorConfigFromKwargs({
        c_dim: 2,
        img_resolution: 16,
        img_channels: 3,
        mapping_kwargs: { num_layers: 2, lr_multiplier: 0.1 },
      }),
    /"lr_multiplier" = 0.1 is not supported/,
  );
});

test("nvidiaInitKwargs() inverts the conversion", () => {
  const g = generatorConfigFromKwargs(ref.sg3.init_kwargs.G as never);
  assert.deepEqual(generatorConfigFromKwargs(nvidiaInitKwargs(g)), g);
  const d = discriminatorConfigFromKwargs(ref.sg3.init_kwargs.D as never);
  assert.deepEqual(discriminatorConfigFromKwargs(nvidiaInitKwargs(d)), d);
});

test("weights that do not fit their settings, StyleGAN3 and TensorFlow pickles fail with clear messages", async () => {
  const pkl = await readNetworkPickle(fixturePath("sg3_snapshot.pkl"), { networks: ["G_ema"] });
  pkl.G_ema!.initKwargs = { ...pkl.G_ema!.initKwargs, channel_max: 16 };
  assert.throws(
    () => networksFromPickle(pkl),
    /G_ema parameter "synthesis.b4.const" has shape \[8, 4, 4\] but its settings imply \[16, 4, 4\]/,
  );
  const pkl2 = await readNetworkPickle(fixturePath("sg3_snapshot.pkl"), { networks: ["G_ema"] });
  pkl2.G_ema!.stateDict.delete("mapping.w_avg");
  assert.throws(
    () => networksFromPickle(pkl2),
    /G_ema weights do not match its settings \(lacks "mapping.w_avg"\)/,
  );
  // The pickle reader's refusals come through loadNetworkFile() as they are.
  await assert.rejects(
    loadNetworkFile(fixturePath("../../pickle/fixtures/stylegan3_p4.pkl")),
    (err: StatusError) => err.code === Code.UNIMPLEMENTED && /StyleGAN3/.test(err.message),
  );
  await assert.rejects(
    loadNetworkFile(fixturePath("../../pickle/fixtures/tensorflow_p3.pkl")),
    (err: StatusError) => err.code === Code.UNIMPLEMENTED && /TensorFlow-era pickle/.test(err.message),
  );
});
