import assert from "node:assert/strict";
import { before, test } from "node:test";
import { disposeBackend, heapModule, initBackend } from "@dermanomaly/tf";
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

test("on wasm, Adam updates in place (SIMD) as torch's formula does, and leaves a shared parameter's data alone", async () => {
  await initBackend({ backend: "wasm", threads: 1, log: false });
  try {
    const settings = { lr: 0.01, betas: [0.5, 0.9] as [number, number], eps: 1e-8 };
    // Sizes 8 (SIMD) and 3 (the loop), gradients with NaN and ±Infinity.
    const inits = [Float32Array.from([0.5, -1, 2, 3, -0.25, 4, 1e-3, -7]), Float32Array.from([1, -2, 0.5])];
    const raws = [
      Float32Array.from([0.1, Number.NaN, Infinity, -Infinity, 3e6, -0.2, 0, 5]),
      Float32Array.from([0.3, -Infinity, 0.01]),
    ];
    // Made in a tidy, as the networks make theirs, so that each variable alone holds its data.
    const vars = inits.map((v) => tf.tidy(() => tf.variable(tf.tensor1d(v))));
    const dataIds = vars.map((v) => v.dataId);
    const adam = new Adam(vars, settings);
    const grads = raws.map((g) => tf.tensor1d(g));
    assert.ok(heapModule("gan-adam") !== null, "the SIMD module is loaded");
    for (let k = 0; k < 3; k++) adam.apply(grads);
    assert.deepEqual(
      vars.map((v) => v.dataId),
      dataIds,
      "updated in place (same data)",
    );
    inits.forEach((init, j) => {
      const clean = Array.from(raws[j]!, (g) =>
        Number.isNaN(g) ? 0 : g === Infinity ? 1e5 : g === -Infinity ? -1e5 : g,
      );
      const p = Array.from(init);
      const m = p.map(() => 0);
      const s = p.map(() => 0);
      for (const step of [1, 2, 3])
        for (let i = 0; i < p.length; i++) {
          m[i] = 0.5 * m[i]! + 0.5 * clean[i]!;
          s[i] = 0.9 * s[i]! + 0.1 * clean[i]! ** 2;
          p[i] =
            p[i]! -
            (0.01 / (1 - 0.5 ** step)) * (m[i]! / (Math.sqrt(s[i]!) / Math.sqrt(1 - 0.9 ** step) + 1e-8));
        }
      const got = vars[j]!.dataSync();
      for (let i = 0; i < p.length; i++)
        assert.ok(
          Math.abs(got[i]! - p[i]!) < 1e-6 * Math.max(1, Math.abs(p[i]!)),
          `${j}[${i}]: ${got[i]} vs ${p[i]}`,
        );
    });
    // A parameter whose data another tensor shares (a reshape) gets new data; the other tensor keeps its values.
    const shared = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3, 4])));
    const view = tf.reshape(shared, [2, 2]);
    const before = Array.from(view.dataSync());
    const other = new Adam([shared], settings);
    other.apply([tf.tensor1d([1, 1, 1, 1])]);
    assert.deepEqual(Array.from(view.dataSync()), before);
    assert.notDeepEqual(Array.from(shared.dataSync()), before);
    adam.dispose();
    other.dispose();
  } finally {
    disposeBackend();
    await tf.setBackend("cpu");
  }
});
