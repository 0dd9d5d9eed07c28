import assert from "node:assert/strict";
import { before, test } from "node:test";
import { reflectPad, SYM6_FILTER } from "./_resample.ts";
import { createRandom } from "./_rng.ts";
import { tf } from "./_tf.ts";

before(async () => {
  await tf.setBackend("cpu");
});

test("reflectPad() matches PyTorch 'reflect' padding written as a loop", () => {
  const random = createRandom(1);
  const [n, c, h, w] = [2, 2, 5, 6];
  const data = Float32Array.from({ length: n * c * h * w }, () => random());
  const [left, right, top, bottom] = [3, 5, 4, 1];
  const out = reflectPad(tf.tensor4d(data, [n, c, h, w]), [left, right, top, bottom]);
  const hp = h + top + bottom;
  const wp = w + left + right;
  assert.deepEqual(out.shape, [n, c, hp, wp]);
  const got = out.dataSync();
  const reflect = (k: number, size: number): number => Math.abs(k) - (k >= size ? 2 * (k - size + 1) : 0);
  for (let plane = 0; plane < n * c; plane++) {
    for (let i = 0; i < hp; i++) {
      for (let j = 0; j < wp; j++) {
        const expected = data[plane * h * w + reflect(i - top, h) * w + reflect(j - left, w)]!;
        assert.equal(got[(plane * hp + i) * wp + j], expected, `plane ${plane} at ${i}, ${j}`);
      }
    }
  }
});

test("reflectPad() gradient folds the reflected border back (unlike tf.mirrorPad's)", () => {
  const x = tf.tensor4d([1, 2, 3, 4], [1, 1, 1, 4]);
  const grad = tf.grad((t: tf.Tensor) => tf.sum(reflectPad(t as tf.Tensor4D, [2, 1, 0, 0])))(x);
  // Padded row: x2 x1 | x0 x1 x2 x3 | x2.
  assert.deepEqual(Array.from(grad.dataSync()), [1, 2, 3, 1]);
});

test("reflectPad() rejects padding as large as the image", () => {
  const x = tf.zeros([1, 1, 3, 3]) as tf.Tensor4D;
  assert.throws(() => reflectPad(x, [3, 0, 0, 0]), RangeError);
  assert.throws(() => reflectPad(x, [0, 0, -1, 0]), RangeError);
});

test("SYM6_FILTER is the 12-tap symlet normalised to unit sum and orthogonal to its even shifts", () => {
  assert.equal(SYM6_FILTER.length, 12);
  assert.ok(Math.abs(SYM6_FILTER.reduce((a, b) => a + b, 0) - 1) < 1e-15, "unit sum");
  // An orthonormal wavelet filter h (sum sqrt 2) has sum h[k] h[k + 2m] = delta(m); scaled to sum 1, 1/2.
  for (let m = 0; m < 6; m++) {
    let dot = 0;
    for (let k = 0; k + 2 * m < 12; k++) dot += SYM6_FILTER[k]! * SYM6_FILTER[k + 2 * m]!;
    assert.ok(Math.abs(dot - (m === 0 ? 0.5 : 0)) < 1e-12, `shift ${2 * m}: ${dot}`);
  }
});
