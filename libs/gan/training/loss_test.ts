import assert from "node:assert/strict";
import { before, test } from "node:test";
import { checkGradient } from "../_testing.ts";
import { tf } from "../_tf.ts";
import { AugmentPipe } from "../augment/mod.ts";
import { Discriminator } from "../discriminator.ts";
import { Generator } from "../generator.ts";
import { Random } from "./_rng.ts";
import { StyleGAN2Loss } from "./loss.ts";

before(async () => {
  await tf.setBackend("cpu");
});

const tinyG = { resolution: 8, channelBase: 32, channelMax: 4, zDim: 8, wDim: 8, mappingLayers: 1 } as const;
const tinyD = { resolution: 8, channelBase: 32, channelMax: 4, mbstdGroupSize: 2 } as const;

// Indices of the k largest |g|, where central differences are least affected by float32 round-off.
function largest(g: Float32Array, k: number): number[] {
  return [...g.keys()].sort((a, b) => Math.abs(g[b]!) - Math.abs(g[a]!)).slice(0, k);
}

test("R1 penalty through the augmentation equals the squared norm of central differences of ΣD(aug(x))", () => {
  const g = new Generator(tinyG, { seed: 1 });
  const d = new Discriminator(tinyD, { seed: 2 });
  const pipe = new AugmentPipe({ p: 0.6 });
  const loss = new StyleGAN2Loss(g, d, { r1Gamma: 2, augmentPipe: pipe });
  const realImg = tf.randomNormal([2, 8, 8, 3], 0, 0.5, "float32", 3) as tf.Tensor4D;
  const genZ = tf.zeros([2, 8]) as tf.Tensor2D;
  const state = new Random(11).getState();
  // gamma/2 = 1 and gain 1: the loss is the batch mean of the penalty.
  const value = loss.phaseLoss("Dreg", { realImg, genZ, random: Random.fromState(state) });
  // The augmentation seed is the first draw of the phase.
  const seed = Random.fromState(state).uint32();
  const total = (data: Float32Array): number =>
    tf.tidy(() => {
      const x = tf.transpose(tf.tensor4d(data, [2, 8, 8, 3]), [0, 3, 1, 2]) as tf.Tensor4D;
      const aug = tf.transpose(pipe.apply(x, { seed }), [0, 2, 3, 1]) as tf.Tensor4D;
      return tf.sum(d.forward(aug).logits).dataSync()[0]!;
    });
  const base = realImg.dataSync() as Float32Array;
  const eps = 1e-2;
  let sq = 0;
  for (let i = 0; i < base.length; i++) {
    const p = Float32Array.from(base);
    const m = Float32Array.from(base);
    p[i]! += eps;
    m[i]! -= eps;
    sq += ((total(p) - total(m)) / (2 * eps)) ** 2;
  }
  const expected = sq / 2;
  assert.ok(value > 0);
  assert.ok(Math.abs(value - expected) <= 0.02 * expected, `R1 ${value} vs differences ${expected}`);
  g.dispose();
  d.dispose();
});

test("Dreg gradients w.r.t. D's parameters match central differences of the R1 loss (second order)", () => {
  const g = new Generator(tinyG, { seed: 1 });
  const d = new Discriminator(tinyD, { seed: 4 });
  const pipe = new AugmentPipe({ p: 0.5 });
  const loss = new StyleGAN2Loss(g, d, { r1Gamma: 3, augmentPipe: pipe });
  const realImg = tf.randomNormal([2, 8, 8, 3], 0, 0.5, "float32", 5) as tf.Tensor4D;
  const inputs = (r: Random) => ({ realImg, genZ: tf.zeros([2, 8]) as tf.Tensor2D, gain: 16, random: r });
  const state = new Random(12).getState();
  const out = loss.accumulateGradients("Dreg", inputs(Random.fromState(state)));
  // Biases are left out: they reach R1 only through activation kinks (a jump per crossing), which central
  // differences smear into a slope the almost-everywhere derivative does not have.
  const f = () => loss.phaseLoss("Dreg", inputs(Random.fromState(state)));
  let compared = 0;
  for (const name of ["b8.conv0.weight", "b4.fc.weight", "b8.conv1.weight"]) {
    const i = d.trainableVariables().indexOf(d.params.variable(name));
    const grad = out.grads[i]!.dataSync() as Float32Array;
    compared += checkGradient(d.params.variable(name), grad, f, {
      indices: largest(grad, 4),
      eps: 1e-2,
      rtol: 0.03,
      atol: 1e-4,
    });
  }
  assert.ok(compared >= 6, `only ${compared} elements away from kinks`);
  assert.equal(out.realLogits?.length, 2);
  g.dispose();
  d.dispose();
});

test("path-length loss equals weight·(pl − plMean')² with pl from central differences of Σ(img·y)/√(HW) in ws", () => {
  const g = new Generator(tinyG, { seed: 6 });
  const d = new Discriminator(tinyD, { seed: 7 });
  const loss = new StyleGAN2Loss(g, d, { r1Gamma: 1, styleMixingProb: 0, plWeight: 2, plDecay: 0.01 });
  const genZ = tf.randomNormal([2, 8], 0, 1, "float32", 8) as tf.Tensor2D;
  const state = new Random(13).getState();
  const value = loss.phaseLoss("Greg", {
    realImg: tf.zeros([2, 8, 8, 3]),
    genZ,
    random: Random.fromState(state),
  });
  // Without style mixing the phase draws the probe, then the noise seed; the batch shrinks to one latent.
  const r = Random.fromState(state);
  const probe = r.normals(8 * 8 * 3);
  const seed = r.uint32();
  const ws = tf.tidy(
    () => g.mapping.forward(tf.slice(genZ, [0, 0], [1, -1]), null).dataSync() as Float32Array,
  );
  const f = (w: Float32Array): number =>
    tf.tidy(() => {
      const img = g.synthesis.forward(tf.tensor3d(w, [1, 2 * 3 - 2, 8]), { noiseSeed: seed });
      return tf.sum(tf.mul(img, tf.tensor4d(probe, [1, 8, 8, 3]))).dataSync()[0]! / 8;
    });
  const eps = 1e-2;
  let sq = 0;
  for (let i = 0; i < ws.length; i++) {
    const p = Float32Array.from(ws);
    const m = Float32Array.from(ws);
    p[i]! += eps;
    m[i]! -= eps;
    sq += ((f(p) - f(m)) / (2 * eps)) ** 2;
  }
  const pl = Math.sqrt(sq / 4);
  const plMean = 0.01 * pl;
  assert.ok(Math.abs(loss.plMean - plMean) <= 0.02 * plMean, `pl_mean ${loss.plMean} vs ${plMean}`);
  const expected = 2 * (pl - plMean) ** 2;
  assert.ok(Math.abs(value - expected) <= 0.04 * expected, `PL loss ${value} vs differences ${expected}`);
  g.dispose();
  d.dispose();
});

test("Greg gradients w.r.t. mapping and synthesis parameters match central differences (second order)", () => {
  const g = new Generator(tinyG, { seed: 9 });
  const d = new Discriminator(tinyD, { seed: 10 });
  const loss = new StyleGAN2Loss(g, d, { r1Gamma: 1, plMean: 0.3 });
  const genZ = tf.randomNormal([4, 8], 0, 1, "float32", 11) as tf.Tensor2D;
  const inputs = (r: Random) => ({
    realImg: tf.zeros([4, 8, 8, 3]) as tf.Tensor4D,
    genZ,
    gain: 4,
    random: r,
  });
  const state = new Random(14).getState();
  const out = loss.accumulateGradients("Greg", inputs(Random.fromState(state)));
  const f = () => {
    loss.plMean = 0.3;
    return loss.phaseLoss("Greg", inputs(Random.fromState(state)));
  };
  let compared = 0;
  for (const name of [
    "mapping.fc0.weight",
    "synthesis.b8.conv0.weight",
    "synthesis.b4.conv1.affine.weight",
  ]) {
    const i = g.trainableVariables().indexOf(g.params.variable(name));
    const grad = out.grads[i]!.dataSync() as Float32Array;
    compared += checkGradient(g.params.variable(name), grad, f, {
      indices: largest(grad, 4),
      eps: 1e-2,
      rtol: 0.03,
      atol: 1e-4,
    });
  }
  assert.ok(compared >= 6, `only ${compared} elements away from kinks`);
  g.dispose();
  d.dispose();
});

test("Gmain and Dmain give non-saturating logistic losses and update w_avg only in Dmain", () => {
  const g = new Generator(tinyG, { seed: 12 });
  const d = new Discriminator(tinyD, { seed: 13 });
  const loss = new StyleGAN2Loss(g, d, { r1Gamma: 1 });
  const realImg = tf.randomNormal([2, 8, 8, 3], 0, 0.5, "float32", 14) as tf.Tensor4D;
  const genZ = tf.randomNormal([2, 8], 0, 1, "float32", 15) as tf.Tensor2D;
  const wAvg = () => Float32Array.from(g.params.get("mapping.w_avg").dataSync());
  const before = wAvg();
  const gm = loss.accumulateGradients("Gmain", { realImg, genZ, random: new Random(1) });
  assert.deepEqual(wAvg(), before);
  const softplus = (t: number) => Math.log1p(Math.exp(t));
  // With batch 2 the mean of softplus(−s) is between softplus(−mean s) and its chord; check the sign relation.
  assert.ok(gm.stats["Loss/G/loss"]! >= softplus(-gm.stats["Loss/scores/fake"]!) - 1e-6);
  assert.equal(gm.grads.length, g.trainableVariables().length);
  const dm = loss.accumulateGradients("Dmain", { realImg, genZ, random: new Random(1) });
  assert.notDeepEqual(wAvg(), before);
  const fake = dm.stats["Loss/scores/fake"]!;
  const real = dm.stats["Loss/scores/real"]!;
  assert.ok(dm.stats["Loss/D/loss"]! >= softplus(fake) + softplus(-real) - 1e-6);
  assert.ok(dm.grads.every((t) => t !== undefined));
  for (const t of [...gm.grads, ...dm.grads]) t?.dispose();
  g.dispose();
  d.dispose();
});

test("Dmain scores fakes and reals in one pass of D with the scores and gradients of two separate passes", () => {
  const g = new Generator(tinyG, { seed: 16 });
  const d = new Discriminator({ ...tinyD, mbstdGroupSize: 2 }, { seed: 17 });
  const loss = new StyleGAN2Loss(g, d, { r1Gamma: 1, augmentPipe: new AugmentPipe({ p: 0.5 }) });
  const realImg = tf.randomNormal([4, 8, 8, 3], 0, 0.5, "float32", 18) as tf.Tensor4D;
  const genZ = tf.randomNormal([4, 8], 0, 1, "float32", 19) as tf.Tensor2D;
  const state = new Random(20).getState();
  const one = loss.accumulateGradients("Dmain", { realImg, genZ, random: Random.fromState(state) });
  // The same draws: G's (outside the tape), then the augmentation of the fakes, then of the reals.
  const r = Random.fromState(state);
  const fake = tf.tidy(() => loss.runG(genZ, r));
  let scores: number[] = [];
  const two = tf.variableGrads(() => {
    const gen = loss.runD(fake, r);
    const real = loss.runD(realImg, r);
    scores = [...gen.dataSync(), ...real.dataSync()];
    return tf.add(tf.mean(tf.softplus(gen)), tf.mean(tf.softplus(tf.neg(real)))) as tf.Scalar;
  }, d.trainableVariables());
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(Math.abs(one.stats["Loss/scores/fake"]! - mean(scores.slice(0, 4))) < 1e-5);
  assert.ok(Math.abs(one.stats["Loss/scores/real"]! - mean(scores.slice(4))) < 1e-5);
  assert.deepEqual(Array.from(one.realLogits!), scores.slice(4).map(Math.fround));
  d.trainableVariables().forEach((v, i) => {
    const a = one.grads[i]!.dataSync();
    const b = two.grads[v.name]!.dataSync();
    let diff = 0;
    let scale = 1e-6;
    for (let k = 0; k < a.length; k++) {
      diff = Math.max(diff, Math.abs(a[k]! - b[k]!));
      scale = Math.max(scale, Math.abs(b[k]!));
    }
    assert.ok(diff / scale < 1e-5, `${v.name}: relative difference ${diff / scale}`);
  });
  g.dispose();
  d.dispose();
});
