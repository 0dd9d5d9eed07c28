import assert from "node:assert/strict";
import { before, test } from "node:test";
import { checkGradient, relMaxError } from "./_testing.ts";
import { tf } from "./_tf.ts";
import { Discriminator } from "./discriminator.ts";
import { Generator } from "./generator.ts";
import {
  discriminatorAdversarialLoss,
  generatorAdversarialLoss,
  mixStyles,
  pathLengthPenalty,
  pathLengths,
  r1Penalty,
} from "./losses.ts";

before(async () => {
  await tf.setBackend("cpu");
});

const softplus = (t: number) => Math.log1p(Math.exp(t));

test("adversarial losses are softplus(−fake) for G and softplus(fake) + softplus(−real) for D", () => {
  const fake = tf.tensor2d([[-1.5], [0.2]]);
  const real = tf.tensor2d([[0.7], [-3]]);
  assert.ok(relMaxError(generatorAdversarialLoss(fake).dataSync(), [softplus(1.5), softplus(-0.2)]) < 1e-6);
  assert.ok(
    relMaxError(discriminatorAdversarialLoss(fake, real).dataSync(), [
      softplus(-1.5) + softplus(-0.7),
      softplus(0.2) + softplus(3),
    ]) < 1e-6,
  );
});

const tinyD = { resolution: 8, channelBase: 32, channelMax: 4, mbstdGroupSize: 2 } as const;

test("r1Penalty() is the squared norm of ∂ΣD/∂x, checked against central differences of D", () => {
  const d = new Discriminator(tinyD, { seed: 1 });
  const x = tf.randomNormal([2, 8, 8, 3], 0, 1, "float32", 2) as tf.Tensor4D;
  const penalty = r1Penalty(d, x).dataSync();
  const base = x.dataSync();
  const total = (data: Float32Array) =>
    tf.tidy(() => tf.sum(d.forward(tf.tensor4d(data, x.shape)).logits).dataSync()[0]!);
  const eps = 1e-2;
  let sq = 0;
  for (let i = 0; i < 192; i++) {
    const p = Float32Array.from(base);
    const m = Float32Array.from(base);
    p[i]! += eps;
    m[i]! -= eps;
    sq += ((total(p) - total(m)) / (2 * eps)) ** 2;
  }
  assert.ok(Math.abs(penalty[0]! - sq) <= 2e-2 * sq, `${penalty[0]} vs ${sq}`);
  d.dispose();
});

test("r1Penalty() is differentiable w.r.t. D's parameters through an augmentation", () => {
  const d = new Discriminator(tinyD, { seed: 3 });
  const x = tf.randomNormal([2, 8, 8, 3], 0, 1, "float32", 4) as tf.Tensor4D;
  const augment = (t: tf.Tensor4D) => tf.reverse(tf.mul(t, 0.8), 2) as tf.Tensor4D;
  const loss = () => tf.sum(r1Penalty(d, x, { augment })) as tf.Scalar;
  const v = d.params.variable("b8.conv1.weight");
  const g = tf.variableGrads(loss, [v]).grads[v.name]!.dataSync();
  const indices = Array.from({ length: 8 }, (_, k) => Math.floor((k * (v.size - 1)) / 7));
  const compared = checkGradient(v, g, () => tf.tidy(() => loss().dataSync()[0]!), {
    indices,
    eps: 1e-3,
    rtol: 2e-2,
    atol: 2e-5,
  });
  assert.ok(compared >= 4, `only ${compared} indices away from a kink`);
  d.dispose();
});

test("path-length double gradient matches central differences for synthesis and mapping parameters", () => {
  const g = new Generator({ zDim: 4, wDim: 4, resolution: 8, channelBase: 32, channelMax: 4 }, { seed: 5 });
  const z = tf.randomNormal([2, 4], 0, 1, "float32", 6) as tf.Tensor2D;
  const probe = tf.randomNormal([2, 8, 8, 3], 0, 1, "float32", 7) as tf.Tensor4D;
  const loss = () => {
    const ws = g.mapping.forward(z, null) as tf.Tensor3D;
    return tf.sum(
      tf.square(tf.sub(pathLengths(g.synthesis, ws, { noiseMode: "const", probe }), 0.1)),
    ) as tf.Scalar;
  };
  const names = [
    "synthesis.b8.conv0.weight",
    "synthesis.b8.conv1.affine.weight",
    "synthesis.b4.torgb.affine.weight",
    "synthesis.b4.const",
    "mapping.fc1.weight",
  ];
  for (const name of names) {
    const v = g.params.variable(name);
    const grad = tf.variableGrads(loss, [v]).grads[v.name]!.dataSync();
    const indices = Array.from({ length: 8 }, (_, k) => Math.floor((k * (v.size - 1)) / 7));
    const eps = name.startsWith("mapping") ? 1e-1 : 1e-3;
    const compared = checkGradient(v, grad, () => tf.tidy(() => loss().dataSync()[0]!), {
      indices,
      eps,
      rtol: 2e-2,
      atol: 2e-5,
    });
    assert.ok(compared >= 4, `only ${compared} indices of ${name} away from a kink`);
  }
  g.dispose();
});

test("pathLengthPenalty() uses the updated running mean", () => {
  const { penalty, plMean } = pathLengthPenalty(tf.tensor1d([1, 3]), 1);
  assert.ok(Math.abs(plMean - 1.01) < 1e-9);
  assert.ok(relMaxError(penalty.dataSync(), [0.01 ** 2, 1.99 ** 2]) < 1e-5);
});

test("mixStyles() takes ws[:, cutoff:] from the second latent, or none with probability 1 − prob", () => {
  const g = new Generator({ zDim: 4, wDim: 4, resolution: 16, channelBase: 64, channelMax: 4 }, { seed: 8 });
  const z = tf.randomNormal([2, 4], 0, 1, "float32", 9) as tf.Tensor2D;
  const z2 = tf.randomNormal([2, 4], 0, 1, "float32", 10) as tf.Tensor2D;
  const ws = g.mapping.forward(z, null) as tf.Tensor3D;
  const other = g.mapping.forward(z2, null) as tf.Tensor3D;
  const draws = [0.5, 0.3]; // cutoff = 1 + floor(0.5·5) = 3; 0.3 < 0.9 mixes
  const mixed = mixStyles(g.mapping, ws, z2, { random: () => draws.shift()! }).arraySync();
  const a = ws.arraySync();
  const b = other.arraySync();
  for (let i = 0; i < 6; i++) assert.deepEqual(mixed[0]![i], i < 3 ? a[0]![i] : b[0]![i]);
  const none = [0.5, 0.95];
  assert.equal(mixStyles(g.mapping, ws, z2, { random: () => none.shift()! }), ws);
  g.dispose();
});
