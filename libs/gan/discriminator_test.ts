import assert from "node:assert/strict";
import { before, test } from "node:test";
import { loadReference } from "./_reference.ts";
import { checkGradient, relMaxError } from "./_testing.ts";
import { tf } from "./_tf.ts";
import { discriminatorConfig } from "./config.ts";
import { describeDiscriminator } from "./describe.ts";
import { Discriminator } from "./discriminator.ts";

before(async () => {
  await tf.setBackend("cpu");
});

const tiny = { resolution: 16, channelBase: 64, channelMax: 8, mbstdGroupSize: 2 } as const;

test("Discriminator variables match describeDiscriminator() names and shapes", () => {
  const d = new Discriminator(tiny);
  const specs = describeDiscriminator(discriminatorConfig(tiny));
  assert.deepEqual(
    [...d.stateDict().entries()].map(([k, v]) => [k, v.shape]),
    specs.map((s) => [s.name, s.shape]),
  );
  assert.deepEqual(Discriminator.fromConfig(d.getConfig()).getConfig(), d.getConfig());
  d.dispose();
});

test("a built 256x256 Discriminator (cbase 16384) has 24,001,089 trainable parameters", () => {
  const d = new Discriminator({ resolution: 256, channelBase: 16384, channelMax: 512 });
  assert.equal(
    d.trainableVariables().reduce((a, v) => a + v.size, 0),
    24_001_089,
  );
  assert.equal(d.params.variables.size, 64);
  d.dispose();
});

test("Discriminator matches NVIDIA's PyTorch logits, b8 features and fc output (mbstd group 2, clamp 2)", () => {
  const ref = loadReference();
  for (const r of [ref.unconditional, ref.conditional]) {
    const d = new Discriminator({ ...tiny, cDim: r.c_dim, resolution: r.resolution, convClamp: 2 });
    d.loadStateDict(r.D);
    const n = 4;
    const img = tf.transpose(
      tf.tensor4d(r.img_nchw, [n, 3, r.resolution, r.resolution]),
      [0, 2, 3, 1],
    ) as tf.Tensor4D;
    const c = r.c_dim > 0 ? tf.tensor2d(r.c, [n, r.c_dim]) : null;
    const out = d.forward(img, c);
    assert.deepEqual(out.logits.shape, [n, 1]);
    assert.deepEqual(out.features.shape, [n, 8 * 16]);
    assert.ok(
      relMaxError(out.logits.dataSync(), r.logits) < 1e-4,
      `logits ${out.logits.dataSync()} vs ${r.logits}`,
    );
    assert.ok(relMaxError(out.features.dataSync(), r.features) < 1e-4);
    assert.ok(relMaxError(out.fc.dataSync(), r.fc) < 1e-4);
    d.dispose();
  }
});

test("Discriminator features do not depend on the rest of the batch, the fc output does", () => {
  const d = new Discriminator(tiny, { seed: 1 });
  const imgs = tf.randomNormal([4, 16, 16, 3], 0, 1, "float32", 5) as tf.Tensor4D;
  const all = d.forward(imgs);
  const first = d.forward(imgs.slice([0, 0, 0, 0], [2, -1, -1, -1]) as tf.Tensor4D);
  assert.ok(relMaxError(first.features.dataSync(), all.features.slice([0, 0], [2, -1]).dataSync()) < 1e-6);
  assert.ok(relMaxError(first.fc.dataSync(), all.fc.slice([0, 0], [2, -1]).dataSync()) > 1e-4);
  d.dispose();
});

test("Discriminator with segments 2 scores each half of the batch as a call of its own would", () => {
  const d = new Discriminator(tiny, { seed: 3 });
  const imgs = tf.randomNormal([8, 16, 16, 3], 0, 1, "float32", 6) as tf.Tensor4D;
  const both = d.forward(imgs, null, { segments: 2 });
  const halves = [0, 4].map((b) => d.forward(imgs.slice([b, 0, 0, 0], [4, -1, -1, -1]) as tf.Tensor4D));
  const cat = (k: "logits" | "fc") => Float32Array.from(halves.flatMap((h) => [...h[k].dataSync()]));
  assert.ok(relMaxError(both.logits.dataSync(), cat("logits")) < 1e-5);
  assert.ok(relMaxError(both.fc.dataSync(), cat("fc")) < 1e-5);
  // One segment of 8 groups the halves together: other fc values.
  assert.ok(relMaxError(d.forward(imgs).fc.dataSync(), cat("fc")) > 1e-4);
  assert.throws(() => d.forward(imgs, null, { segments: 3 }), RangeError);
  d.dispose();
});

test("every trainable discriminator parameter receives a gradient", () => {
  const d = new Discriminator({ ...tiny, cDim: 3 }, { seed: 2 });
  const imgs = tf.randomNormal([2, 16, 16, 3], 0, 1, "float32", 6) as tf.Tensor4D;
  const c = tf.oneHot([0, 2], 3).toFloat() as tf.Tensor2D;
  const { grads } = tf.variableGrads(
    () => tf.sum(d.forward(imgs, c).logits) as tf.Scalar,
    d.trainableVariables(),
  );
  for (const v of d.trainableVariables()) {
    assert.ok(grads[v.name]!.abs().max().dataSync()[0]! > 0, `no gradient for ${v.name}`);
  }
  d.dispose();
});

test("R1 double gradient: d/dθ Σ‖∂D/∂x‖² matches central differences for fromrgb, conv, skip and fc weights", () => {
  const d = new Discriminator(
    { resolution: 8, channelBase: 32, channelMax: 4, mbstdGroupSize: 2 },
    { seed: 3 },
  );
  const x = tf.randomNormal([2, 8, 8, 3], 0, 1, "float32", 7) as tf.Tensor4D;
  const r1 = () => {
    const g = tf.grad((img: tf.Tensor) => tf.sum(d.forward(img as tf.Tensor4D).logits))(x);
    return tf.sum(tf.square(g)) as tf.Scalar;
  };
  for (const name of [
    "b8.fromrgb.weight",
    "b8.conv0.weight",
    "b8.conv1.weight",
    "b8.skip.weight",
    "b4.conv.weight",
    "b4.fc.weight",
  ]) {
    const v = d.params.variable(name);
    const g = tf.variableGrads(r1, [v]).grads[v.name]!.dataSync();
    const indices = Array.from({ length: 10 }, (_, k) => Math.floor((k * (v.size - 1)) / 9));
    const f = () => tf.tidy(() => r1().dataSync()[0]!);
    const compared = checkGradient(v, g, f, { indices, eps: 1e-3, rtol: 2e-2, atol: 2e-5 });
    assert.ok(compared >= 4, `only ${compared} of 10 indices of ${name} away from a kink`);
  }
  d.dispose();
});
