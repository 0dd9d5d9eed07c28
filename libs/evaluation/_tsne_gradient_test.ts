import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "./_random.ts";
import { RepulsionPool } from "./_repulsion_pool.ts";
import { type Affinities, klGradient } from "./_tsne_gradient.ts";

// A random symmetric sparse P over n points (each point linked to a few others), summing to 1, and a random layout.
function problem(n: number, seed: number): { p: Affinities; dense: Float64Array; y: Float64Array } {
  const random = new Random(seed);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let e = 0; e < 4; e++) {
      const j = random.below(n);
      if (j === i) continue;
      const v = random.next();
      dense[i * n + j] = (dense[i * n + j] as number) + v;
      dense[j * n + i] = (dense[j * n + i] as number) + v;
    }
  }
  const total = dense.reduce((a, b) => a + b, 0);
  const rowStart = new Int32Array(n + 1);
  const columns: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      dense[i * n + j] = (dense[i * n + j] as number) / total;
      if ((dense[i * n + j] as number) > 0) {
        columns.push(j);
        values.push(dense[i * n + j] as number);
      }
    }
    rowStart[i + 1] = columns.length;
  }
  const y = Float64Array.from({ length: 2 * n }, () => random.normal() * 3);
  return { p: { rowStart, columns: Int32Array.from(columns), values: Float64Array.from(values) }, dense, y };
}

// The exact t-SNE gradient and KL divergence by the textbook double loop.
function naive(
  dense: Float64Array,
  y: Float64Array,
  n: number,
  scale: number,
): { grad: Float64Array; kl: number } {
  let z = 0;
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const d2 =
        ((y[2 * i] as number) - (y[2 * j] as number)) ** 2 +
        ((y[2 * i + 1] as number) - (y[2 * j + 1] as number)) ** 2;
      w[i * n + j] = 1 / (1 + d2);
      z += w[i * n + j] as number;
    }
  }
  const grad = new Float64Array(2 * n);
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const p = (dense[i * n + j] as number) * scale;
      const wij = w[i * n + j] as number;
      const f = 4 * (p - wij / z) * wij;
      grad[2 * i] = (grad[2 * i] as number) + f * ((y[2 * i] as number) - (y[2 * j] as number));
      grad[2 * i + 1] =
        (grad[2 * i + 1] as number) + f * ((y[2 * i + 1] as number) - (y[2 * j + 1] as number));
      if (p > 0) kl += p * Math.log(p / (wij / z));
    }
  }
  return { grad, kl };
}

test("klGradient() with angle 0 equals the exact t-SNE gradient and KL divergence of the double loop", async () => {
  const n = 60;
  const { p, dense, y } = problem(n, 7);
  for (const scale of [1, 12]) {
    const grad = new Float64Array(2 * n);
    const pool = await RepulsionPool.start(n, 1);
    const kl = klGradient(y, n, p, scale, 0, pool, grad, true);
    await pool.close();
    const ref = naive(dense, y, n, scale);
    for (let t = 0; t < 2 * n; t++) {
      assert.ok(
        Math.abs((grad[t] as number) - (ref.grad[t] as number)) <= 1e-12,
        `${t}: ${grad[t]} vs ${ref.grad[t]}`,
      );
    }
    assert.ok(Math.abs(kl - ref.kl) <= 1e-10, `${kl} vs ${ref.kl}`);
  }
});

test("klGradient() with angle 0.5 stays within 2% of the exact gradient's norm, on one thread or three", async () => {
  const n = 400;
  const { p, dense, y } = problem(n, 8);
  const grad = new Float64Array(2 * n);
  const one = await RepulsionPool.start(n, 1);
  const kl = klGradient(y, n, p, 1, 0.25, one, grad, true);
  await one.close();
  const three = await RepulsionPool.start(n, 3);
  const grad3 = new Float64Array(2 * n);
  // Bit-identical: each point's terms are summed alone, Z in point order.
  assert.equal(klGradient(y, n, p, 1, 0.25, three, grad3, true), kl);
  assert.deepEqual(grad3, grad);
  await three.close();
  const ref = naive(dense, y, n, 1).grad;
  let err = 0;
  let norm = 0;
  for (let t = 0; t < 2 * n; t++) {
    err += ((grad[t] as number) - (ref[t] as number)) ** 2;
    norm += (ref[t] as number) ** 2;
  }
  assert.ok(Math.sqrt(err / norm) < 0.02, `relative error ${Math.sqrt(err / norm)}`);
});

test("RepulsionPool counts coincident points once each and skips only the point's own place", async () => {
  const pool = await RepulsionPool.start(3, 2);
  const force = new Float64Array(6);
  // (0, 0) twice and (3, 4): from (0, 0) the coincident point is skipped and (3, 4) gives q = 1 / 26; from (3, 4)
  // both points at (0, 0) count.
  const z = pool.compute(Float64Array.of(0, 0, 0, 0, 3, 4), 0, force);
  await pool.close();
  assert.ok(Math.abs(z - (1 / 26 + 1 / 26 + 2 / 26)) < 1e-15);
  assert.ok(Math.abs((force[4] as number) - (2 / 26 / 26) * 3) < 1e-15);
  assert.ok(Math.abs((force[0] as number) + (1 / 26 / 26) * 3) < 1e-15);
});
