import assert from "node:assert/strict";
import { before, test } from "node:test";
import { randn } from "./_testing.ts";
import { tf } from "./_tf.ts";
import { Generator } from "./generator.ts";
import { refineLatents } from "./inversion.ts";

before(async () => {
  await tf.setBackend("cpu");
});

const tiny = { zDim: 8, wDim: 8, resolution: 16, channelBase: 64, channelMax: 8 } as const;

function setup(n: number, seed: number): { G: Generator; z: tf.Tensor2D; x: tf.Tensor4D } {
  const G = new Generator(tiny, { seed });
  const z = tf.tensor2d(Float32Array.from(randn(n * 8, seed + 1)), [n, 8]);
  // Targets the generator can make, from other latents.
  const x = tf.tidy(() =>
    G.forward(tf.tensor2d(Float32Array.from(randn(n * 8, seed + 2)), [n, 8]), null, {
      noiseMode: "const",
    }),
  );
  return { G, z, x };
}

// Features standing in for D's: 4x4 average pools of each channel, then a square (a non-linear map).
const poolFeatures = (img: tf.Tensor4D): tf.Tensor2D =>
  tf.reshape(tf.square(tf.avgPool(img, 4, 4, "valid")), [img.shape[0], -1]) as tf.Tensor2D;

for (const variant of [
  { name: "pixel MSE", options: {} },
  { name: "pixel MSE + 0.5 x feature MSE", options: { features: poolFeatures, kappa: 0.5 } },
])
  test(`refinement follows a float64 Adam on central-difference gradients of each image's ${variant.name} (3 steps)`, () => {
    const { G, z, x } = setup(2, 11);
    const lr = 0.02;
    const steps = 3;
    const got = refineLatents(G, x, z, { steps, lr, ...variant.options });
    const numWs = G.numWs;
    // The reference: the loss through G's forward pass alone, its gradient by central differences, Adam by hand.
    const loss = (w: Float64Array, i: number): number =>
      tf.tidy(() => {
        const ws = tf.tile(tf.tensor3d(Float32Array.from(w), [1, 1, 8]), [1, numWs, 1]) as tf.Tensor3D;
        const img = G.synthesis.forward(ws, { noiseMode: "const" });
        const xi = tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
        const pixels = tf.mean(tf.squaredDifference(img, xi));
        const f = variant.options.features;
        const kappa = variant.options.kappa ?? 0;
        const feats = f === undefined ? tf.scalar(0) : tf.mean(tf.squaredDifference(f(img), f(xi)));
        return tf.add(pixels, tf.mul(kappa, feats)).dataSync()[0]!;
      });
    const w0 = tf.tidy(() => tf.slice(G.mapping.forward(z, null), [0, 0, 0], [2, 1, 8]).dataSync());
    const h = 3e-3;
    for (let i = 0; i < 2; i++) {
      const w = Float64Array.from(w0.subarray(i * 8, (i + 1) * 8));
      const m = new Float64Array(8);
      const v = new Float64Array(8);
      for (let t = 1; t <= steps; t++) {
        const g = w.map((_, k) => {
          const plus = Float64Array.from(w);
          const minus = Float64Array.from(w);
          plus[k]! += h;
          minus[k]! -= h;
          return (loss(plus, i) - loss(minus, i)) / (2 * h);
        });
        for (let k = 0; k < 8; k++) {
          m[k] = 0.9 * m[k]! + 0.1 * g[k]!;
          v[k] = 0.999 * v[k]! + 0.001 * g[k]! ** 2;
          w[k]! -= (lr * (m[k]! / (1 - 0.9 ** t))) / (Math.sqrt(v[k]! / (1 - 0.999 ** t)) + 1e-8);
        }
      }
      const refined = got.w.dataSync().subarray(i * 8, (i + 1) * 8);
      for (let k = 0; k < 8; k++) {
        // Adam moves each coordinate by about lr per step, whatever the gradient's size; 1e-3 is 5% of one step.
        assert.ok(Math.abs(refined[k]! - w[k]!) < 1e-3, `image ${i} w[${k}]: ${refined[k]} against ${w[k]}`);
        assert.ok(Math.abs(refined[k]! - w0[i * 8 + k]!) > 0.5 * lr, "every coordinate moved");
      }
    }
    tf.dispose([got.images, got.w, z, x]);
    G.dispose();
  });

test("refinement brings reachable targets much closer, and each image's result does not depend on its batch", () => {
  const { G, z, x } = setup(3, 5);
  const all = refineLatents(G, x, z, { steps: 60, lr: 0.05 });
  for (let i = 0; i < 3; i++) {
    assert.ok(
      all.lossAfter[i]! < 0.2 * all.lossBefore[i]!,
      `image ${i}: ${all.lossBefore[i]} -> ${all.lossAfter[i]}`,
    );
  }
  const one = refineLatents(G, tf.slice(x, [1, 0, 0, 0], [1, -1, -1, -1]), tf.slice(z, [1, 0], [1, -1]), {
    steps: 60,
    lr: 0.05,
  });
  const a = tf.slice(all.images, [1, 0, 0, 0], [1, -1, -1, -1]).dataSync();
  const b = one.images.dataSync();
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
  assert.ok(worst < 1e-4, `batch of 3 against alone: ${worst}`);
  tf.dispose([all.images, all.w, one.images, one.w, z, x]);
  G.dispose();
});

test("zero steps give G(z) with const noise; bad arguments are RangeErrors", () => {
  const { G, z, x } = setup(2, 3);
  const got = refineLatents(G, x, z, { steps: 0 });
  const want = G.forward(z, null, { noiseMode: "const" });
  assert.deepEqual(got.images.dataSync(), want.dataSync());
  assert.deepEqual(got.lossBefore, got.lossAfter);
  assert.throws(() => refineLatents(G, x, z, { steps: 1.5 }), /non-negative integer, got "1.5"/);
  assert.throws(() => refineLatents(G, x, z, { steps: 1, lr: 0 }), /learning rate must be positive/);
  assert.throws(
    () => refineLatents(G, x, tf.zeros([1, 8]) as tf.Tensor2D, { steps: 1 }),
    /Latents must be \[2, 8\]/,
  );
  assert.throws(
    () => refineLatents(G, tf.zeros([2, 8, 8, 3]) as tf.Tensor4D, z, { steps: 1 }),
    /\[N, 16, 16, 3\]/,
  );
  tf.dispose([got.images, got.w, want, z, x]);
  G.dispose();
});
