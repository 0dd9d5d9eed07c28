import assert from "node:assert/strict";
import { before, test } from "node:test";
import { tf } from "../_tf.ts";
import { Adam, lazyRegularizationSettings, nanToNum } from "./adam.ts";

before(async () => {
  await tf.setBackend("cpu");
});

test("lazyRegularizationSettings() scales lr by I/(I+1) and raises the betas to that power", () => {
  const g = lazyRegularizationSettings({ lr: 0.002, betas: [0, 0.99], eps: 1e-8 }, 4);
  assert.ok(Math.abs(g.lr - 0.0016) < 1e-15);
  assert.equal(g.betas[0], 0);
  assert.ok(Math.abs(g.betas[1] - 0.9919919678) < 1e-10);
  const d = lazyRegularizationSettings({ lr: 0.0025, betas: [0.5, 0.99], eps: 1e-8 }, 16);
  assert.ok(Math.abs(d.lr - 0.0023529412) < 1e-10);
  assert.ok(Math.abs(d.betas[0] - 0.5 ** (16 / 17)) < 1e-15);
  assert.ok(Math.abs(d.betas[1] - 0.9905854573) < 1e-10);
  assert.deepEqual(lazyRegularizationSettings({ lr: 0.1, betas: [0.9, 0.999], eps: 1e-8 }, null), {
    lr: 0.1,
    betas: [0.9, 0.999],
    eps: 1e-8,
  });
});

test("Trainer-style Adam follows torch.optim.Adam's update over several steps", () => {
  const settings = { lr: 0.01, betas: [0.5, 0.9] as [number, number], eps: 1e-8 };
  const init = [0.5, -1, 2];
  const v = tf.variable(tf.tensor1d(init));
  const adam = new Adam([v], settings);
  const gradsSeq = [
    [0.1, -0.2, 0.3],
    [1, 0, -2],
    [-0.5, 0.25, 0.125],
  ];
  // Reference in double precision, torch's formula.
  const p = [...init];
  const m = [0, 0, 0];
  const s = [0, 0, 0];
  gradsSeq.forEach((g, t) => {
    const step = t + 1;
    for (let i = 0; i < 3; i++) {
      m[i] = 0.5 * m[i]! + 0.5 * g[i]!;
      s[i] = 0.9 * s[i]! + 0.1 * g[i]! ** 2;
      const denom = Math.sqrt(s[i]!) / Math.sqrt(1 - 0.9 ** step) + 1e-8;
      p[i] = p[i]! - (0.01 / (1 - 0.5 ** step)) * (m[i]! / denom);
    }
    const gt = tf.tensor1d(g);
    adam.apply([gt]);
    gt.dispose();
  });
  const got = v.dataSync();
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(got[i]! - p[i]!) < 1e-6, `${got[i]} vs ${p[i]}`);
  assert.equal(adam.step, 3);
  const state = adam.getState();
  assert.ok(Math.abs(state.moments[0]!.expAvgSq[2]! - s[2]!) < 1e-6);
  adam.dispose();
});

test("a missing gradient counts as zero and leaves a beta1 = 0 parameter in place", () => {
  const v = tf.variable(tf.tensor1d([1, 2]));
  const adam = new Adam([v], { lr: 0.1, betas: [0, 0.99], eps: 1e-8 });
  adam.apply([undefined]);
  assert.deepEqual(Array.from(v.dataSync()), [1, 2]);
  adam.dispose();
});

test("nanToNum() maps NaN to 0 and ±Infinity to ±1e5, keeping large finite values", () => {
  const out = nanToNum(tf.tensor1d([Number.NaN, Infinity, -Infinity, 3e6, -2])).dataSync();
  assert.deepEqual(Array.from(out), [0, 1e5, -1e5, 3e6, -2]);
});

test("Adam updates with NaN and ±Infinity gradients as torch does after nan_to_num (0, ±1e5)", () => {
  const init = [0.5, -1, 2, 3];
  const v = tf.variable(tf.tensor1d(init));
  const adam = new Adam([v], { lr: 0.01, betas: [0.5, 0.9], eps: 1e-8 });
  const raw = [Number.NaN, Infinity, -Infinity, 0.25];
  const clean = [0, 1e5, -1e5, 0.25];
  const g = tf.tensor1d(raw);
  adam.apply([g]);
  adam.apply([g]);
  g.dispose();
  // Reference in double precision, torch's formula on the cleaned gradient, two steps.
  const p = [...init];
  const m = [0, 0, 0, 0];
  const s = [0, 0, 0, 0];
  for (const step of [1, 2])
    for (let i = 0; i < 4; i++) {
      m[i] = 0.5 * m[i]! + 0.5 * clean[i]!;
      s[i] = 0.9 * s[i]! + 0.1 * clean[i]! ** 2;
      p[i] =
        p[i]! - (0.01 / (1 - 0.5 ** step)) * (m[i]! / (Math.sqrt(s[i]!) / Math.sqrt(1 - 0.9 ** step) + 1e-8));
    }
  const got = v.dataSync();
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(got[i]! - p[i]!) < 1e-6, `${i}: ${got[i]} vs ${p[i]}`);
  adam.dispose();
});
