import assert from "node:assert/strict";
import { before, test } from "node:test";
import { createRandom } from "./_rng.ts";
import { tf } from "./_tf.ts";
import { gridSample } from "./grid_sample.ts";

before(async () => {
  await tf.setBackend("cpu");
});

/** PyTorch grid_sample (bilinear, zeros, align_corners=False) written as a plain loop. */
function naiveGridSample(
  x: Float32Array,
  [n, c, h, w]: number[],
  grid: Float64Array,
  ho: number,
  wo: number,
): Float64Array {
  const out = new Float64Array(n! * c! * ho * wo);
  const at = (b: number, ch: number, yy: number, xx: number): number =>
    yy < 0 || yy >= h! || xx < 0 || xx >= w! ? 0 : x[((b * c! + ch) * h! + yy) * w! + xx]!;
  for (let b = 0; b < n!; b++) {
    for (let i = 0; i < ho; i++) {
      for (let j = 0; j < wo; j++) {
        const g = 2 * ((b * ho + i) * wo + j);
        const ix = ((grid[g]! + 1) * w! - 1) / 2;
        const iy = ((grid[g + 1]! + 1) * h! - 1) / 2;
        const x0 = Math.floor(ix);
        const y0 = Math.floor(iy);
        const fx = ix - x0;
        const fy = iy - y0;
        for (let ch = 0; ch < c!; ch++) {
          out[((b * c! + ch) * ho + i) * wo + j] =
            at(b, ch, y0, x0) * (1 - fx) * (1 - fy) +
            at(b, ch, y0, x0 + 1) * fx * (1 - fy) +
            at(b, ch, y0 + 1, x0) * (1 - fx) * fy +
            at(b, ch, y0 + 1, x0 + 1) * fx * fy;
        }
      }
    }
  }
  return out;
}

function randomCase(seed: number) {
  const random = createRandom(seed);
  const shape = [2, 3, 7, 9];
  const size = shape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: size }, () => random() * 2 - 1);
  const ho = 5;
  const wo = 6;
  // Positions up to 1.6 outside the image, so the zero padding and partial corners are exercised.
  const grid = Float64Array.from({ length: 2 * ho * wo * 2 }, () => (random() * 2 - 1) * 1.6);
  return { shape, x, grid, ho, wo };
}

test("gridSample() matches a naive bilinear loop, inside and outside the image, within 1e-6", () => {
  const { shape, x, grid, ho, wo } = randomCase(7);
  const out = gridSample(tf.tensor4d(x, shape as [number, number, number, number]), {
    data: grid,
    height: ho,
    width: wo,
  });
  assert.deepEqual(out.shape, [2, 3, ho, wo]);
  const expected = naiveGridSample(x, shape, grid, ho, wo);
  const got = out.dataSync();
  let outside = 0;
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(got[i]! - expected[i]!) < 1e-6, `index ${i}: ${got[i]} vs ${expected[i]}`);
    if (expected[i] === 0) outside++;
  }
  assert.ok(outside > 0, "some samples should fall fully outside the image");
});

test("gridSample() reproduces pixels exactly at pixel centres", () => {
  const shape: [number, number, number, number] = [1, 1, 4, 5];
  const x = tf.tensor4d(
    Float32Array.from({ length: 20 }, (_, i) => i),
    shape,
  );
  const grid = new Float64Array(4 * 5 * 2);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 5; j++) {
      grid[2 * (i * 5 + j)] = (2 * j + 1) / 5 - 1;
      grid[2 * (i * 5 + j) + 1] = (2 * i + 1) / 4 - 1;
    }
  }
  assert.deepEqual(
    Array.from(gridSample(x, { data: grid, height: 4, width: 5 }).dataSync()),
    Array.from(x.dataSync()),
  );
});

test("gridSample() gradient is the adjoint of the sampling, to second order", () => {
  const { shape, x, grid, ho, wo } = randomCase(11);
  const random = createRandom(3);
  const y = tf.tensor4d(
    Float32Array.from({ length: 2 * 3 * ho * wo }, () => random() * 2 - 1),
    [2, 3, ho, wo],
  );
  const xt = tf.tensor4d(x, shape as [number, number, number, number]);
  const sample = (t: tf.Tensor): tf.Tensor4D =>
    gridSample(t as tf.Tensor4D, { data: grid, height: ho, width: wo });
  // <A x, y> = <x, A^T y>, with A^T y taken as the gradient of <A x, y>.
  const adjoint = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(sample(t), y)))(xt);
  const lhs = tf.sum(tf.mul(sample(xt), y)).dataSync()[0]!;
  const rhs = tf.sum(tf.mul(xt, adjoint)).dataSync()[0]!;
  assert.ok(Math.abs(lhs - rhs) < 1e-4, `${lhs} vs ${rhs}`);
  // d/dy ||A^T y||^2 = 2 A A^T y: the scatter's own gradient is the gather.
  const second = tf.grad((v: tf.Tensor) =>
    tf.sum(tf.square(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(sample(t), v)))(xt))),
  )(y);
  const expected = tf.mul(2, sample(adjoint as tf.Tensor4D)).dataSync();
  const got = second.dataSync();
  for (let i = 0; i < got.length; i++) {
    assert.ok(Math.abs(got[i]! - expected[i]!) < 1e-4, `index ${i}: ${got[i]} vs ${expected[i]}`);
  }
});

test("gridSample() rejects a grid of the wrong size", () => {
  const x = tf.zeros([1, 1, 2, 2]) as tf.Tensor4D;
  assert.throws(() => gridSample(x, { data: new Float64Array(6), height: 2, width: 2 }), RangeError);
});
