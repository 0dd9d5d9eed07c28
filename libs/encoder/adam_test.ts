import assert from "node:assert/strict";
import { test } from "node:test";
import { HostAdam } from "./adam.ts";

// The reference: HostAdam's update as a plain loop over float32 arrays, in double precision where it computes (the
// PyTorch parity of this arithmetic is checked in encoder_test.ts).
function referenceStep(
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  w: Float32Array,
  s: { b1: number; b2: number; stepSize: number; eps: number },
): void {
  for (let i = 0; i < g.length; i++) {
    const gi = g[i] as number;
    const mi = Math.fround(s.b1 * (m[i] as number) + (1 - s.b1) * gi);
    const vi = Math.fround(s.b2 * (v[i] as number) + (1 - s.b2) * gi * gi);
    m[i] = mi;
    v[i] = vi;
    w[i] = (w[i] as number) - (s.stepSize * mi) / (Math.sqrt(vi) + s.eps);
  }
}

function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

// Sizes around the kernel's groups of four, and ones over a 64 KiB page (the memory grows).
const SIZES = [1, 3, 4, 5, 37, 40_001];
const SETTINGS = { lr: 1e-3, betas: [0.5, 0.9] as [number, number], eps: 1e-8 };

/** Runs `steps` steps on HostAdam and on the reference, each parameter's gradient handed over in random chunks. */
function compare(adam: HostAdam, weights: Float32Array[], steps: number, seed: number) {
  const rand = random(seed);
  const state = adam.getState();
  const ref = { w: weights.map((w) => w.slice()), m: state.expAvg, v: state.expAvgSq };
  for (let step = 0; step < steps; step++) {
    const t = adam.step + 1;
    const [b1, b2] = SETTINGS.betas;
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    const scalars = {
      b1,
      b2,
      stepSize: (SETTINGS.lr / (1 - b1 ** t)) * bc2Sqrt,
      eps: SETTINGS.eps * bc2Sqrt,
    };
    const sink = adam.beginStep();
    SIZES.forEach((n, i) => {
      // Gradients over many magnitudes, zeros among them.
      const g = Float32Array.from({ length: n }, () => {
        const r = rand();
        return r < 0.05 ? 0 : (rand() - 0.5) * 10 ** Math.floor(rand() * 8 - 5);
      });
      for (let at = 0; at < n; ) {
        const len = Math.min(n - at, 1 + Math.floor(rand() * n));
        const chunk = g.subarray(at, at + len);
        sink.accept(i, at, chunk, weights[i] as Float32Array);
        referenceStep(
          chunk,
          (ref.m[i] as Float32Array).subarray(at, at + len),
          (ref.v[i] as Float32Array).subarray(at, at + len),
          (ref.w[i] as Float32Array).subarray(at, at + len),
          scalars,
        );
        at += len;
      }
    });
  }
  const after = adam.getState();
  SIZES.forEach((_, i) => {
    // Bit for bit: the kernel does the reference's double-precision operations in its order.
    assert.deepEqual(weights[i], ref.w[i], `weights of parameter ${i}`);
    assert.deepEqual(after.expAvg[i], ref.m[i], `exp_avg of parameter ${i}`);
    assert.deepEqual(after.expAvgSq[i], ref.v[i], `exp_avg_sq of parameter ${i}`);
  });
}

test("HostAdam gives the reference loop's weights and moments bit for bit, whatever the chunks", () => {
  const rand = random(7);
  const weights = SIZES.map((n) => Float32Array.from({ length: n }, () => rand() - 0.5));
  const adam = new HostAdam(SIZES, SETTINGS);
  compare(adam, weights, 4, 1);
  assert.equal(adam.step, 4);
});

test("HostAdam's state restores into a new optimizer, which then goes on as the first would", () => {
  const rand = random(3);
  const weights = SIZES.map((n) => Float32Array.from({ length: n }, () => rand() - 0.5));
  const first = new HostAdam(SIZES, SETTINGS);
  compare(first, weights, 2, 5);
  const second = new HostAdam(SIZES, SETTINGS);
  second.setState(first.getState());
  assert.equal(second.step, 2);
  const copies = weights.map((w) => w.slice());
  compare(first, weights, 2, 9);
  compare(second, copies, 2, 9);
  assert.deepEqual(copies, weights);
});

test("HostAdam refuses a chunk outside its parameter and an unknown parameter", () => {
  const adam = new HostAdam([4, 6], SETTINGS);
  const sink = adam.beginStep();
  assert.throws(
    () => sink.accept(1, 4, new Float32Array(3), new Float32Array(6)),
    /Gradient \[4, 7\) does not fit parameter "1" of 6 values/,
  );
  assert.throws(() => sink.accept(2, 0, new Float32Array(1), new Float32Array(1)), /No parameter "2"/);
  assert.throws(
    () => adam.setState({ step: 1, expAvg: [new Float32Array(4)], expAvgSq: [new Float32Array(4)] }),
    /Expected exp_avg of 2 parameters/,
  );
});
