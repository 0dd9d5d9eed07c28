import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { disposeBackend, initBackend } from "@dermanomaly/tf";
import { tf } from "../_tf.ts";
import { Random } from "./_rng.ts";
import { arrayBatchSource } from "./batch_source.ts";
import { PHASES } from "./loss.ts";
import { type SnapshotEvent, type TickInfo, Trainer } from "./trainer.ts";

before(async () => {
  // The project's wasm kernels make the few hundred steps below take seconds instead of minutes.
  await initBackend({ backend: "wasm", log: false });
});

after(() => disposeBackend());

const RES = 16;
const tiny = {
  batch: 4,
  gamma: 0.1,
  resolution: RES,
  cbase: 64,
  cmax: 32,
  mapDepth: 1,
  zDim: 32,
  wDim: 32,
  aug: "noaug",
  seed: 1,
} as const;

// Bright centred disks of radius 4-6 on a dark background, NCHW in [-1, 1].
function disks(count: number): Float32Array {
  const out = new Float32Array(count * 3 * RES * RES);
  for (let k = 0; k < count; k++) {
    const r = 4 + (k % 3);
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < RES; y++)
        for (let x = 0; x < RES; x++)
          out[((k * 3 + c) * RES + y) * RES + x] = Math.hypot(x - 7.5, y - 7.5) <= r ? 1 : -1;
  }
  return out;
}

// Centre-minus-corner brightness of G_ema's images (2 for the data set) and D's mean scores of reals and fakes.
function probe(t: Trainer, reals: Float32Array): { contrast: number; dReal: number; dFake: number } {
  return tf.tidy(() => {
    const z = tf.randomNormal([8, 32], 0, 1, "float32", 5) as tf.Tensor2D;
    const ema = t.G_ema.forward(z, null, { noiseMode: "const" });
    const centre = tf.mean(tf.slice(ema, [0, 6, 6, 0], [-1, 4, 4, -1])).dataSync()[0]!;
    const corner = tf.mean(tf.slice(ema, [0, 0, 0, 0], [-1, 3, 3, -1])).dataSync()[0]!;
    const real = tf.transpose(
      tf.tensor4d(reals.subarray(0, 4 * 3 * RES * RES), [4, 3, RES, RES]),
      [0, 2, 3, 1],
    );
    const fake = t.G.forward(tf.slice(z, [0, 0], [4, -1]) as tf.Tensor2D);
    return {
      contrast: centre - corner,
      dReal: tf.mean(t.D.forward(real as tf.Tensor4D).logits).dataSync()[0]!,
      dFake: tf.mean(t.D.forward(fake).logits).dataSync()[0]!,
    };
  });
}

test("training on bright disks teaches D to separate reals from fakes and G to draw a bright centre", async () => {
  const reals = disks(8);
  const steps = 200;
  const t = new Trainer({ ...tiny, kimg: (steps * 4) / 1000, tick: 0.2, snap: 2 });
  const start = probe(t, reals);
  const ticks: TickInfo[] = [];
  const snapshots: SnapshotEvent[] = [];
  const result = await t.run({
    source: arrayBatchSource(reals, [8, 3, RES, RES]),
    onTick: (info) => {
      ticks.push(info);
    },
    onSnapshot: (event) => {
      snapshots.push(event);
    },
  });
  const end = probe(t, reals);
  assert.deepEqual(result, { reason: "done", steps, curNimg: steps * 4 });
  // Tick 0 after the first iteration, then every 50 iterations (0.2 kimg), the last one at the end.
  assert.deepEqual(
    ticks.map((x) => [x.tick, x.curNimg, x.done]),
    [
      [0, 4, false],
      [1, 204, false],
      [2, 404, false],
      [3, 604, false],
      [4, 800, true],
    ],
  );
  assert.deepEqual(
    snapshots.map((s) => [s.tick, s.reason, s.state.counters.curNimg]),
    [
      [0, "interval", 4],
      [2, "interval", 404],
      [4, "done", 800],
    ],
  );
  assert.ok(ticks.every((x) => x.backend === "wasm" && x.augmentP === 0 && x.secPerKimg > 0));
  assert.ok(end.dReal - end.dFake > 1, `D margin ${end.dReal - end.dFake}`);
  assert.ok(
    end.contrast > start.contrast + 0.3,
    `centre-corner contrast ${start.contrast} -> ${end.contrast}`,
  );
  const gLoss = ticks.map((x) => x.stats["Loss/G/loss"]!);
  assert.ok(Math.abs(gLoss.at(-1)! - gLoss[1]!) > 0.05, `G loss per tick ${gLoss}`);
  assert.ok(ticks.slice(1).every((x) => x.stats["Loss/r1_penalty"]! > 0 && x.stats["Loss/pl_penalty"]! > 0));
  t.dispose();
});

test("an aborted run ends after the step in progress with a snapshot", async () => {
  const t = new Trainer({ ...tiny, kimg: 10, tick: 0.008 });
  const controller = new AbortController();
  const snapshots: SnapshotEvent[] = [];
  const result = await t.run({
    source: arrayBatchSource(disks(4), [4, 3, RES, RES]),
    signal: controller.signal,
    onTick: (info) => {
      if (info.tick === 1) controller.abort();
    },
    onSnapshot: (event) => {
      snapshots.push(event);
    },
  });
  assert.deepEqual(result, { reason: "aborted", steps: 3, curNimg: 12 });
  assert.deepEqual(
    snapshots.map((s) => [s.reason, s.state.counters]),
    [
      ["interval", { curNimg: 4, batchIdx: 1, curTick: 1, tickStartNimg: 4 }],
      ["aborted", { curNimg: 12, batchIdx: 3, curTick: 2, tickStartNimg: 12 }],
    ],
  );
  t.dispose();
});

test("G_ema starts as a copy of G and then trails it with the ramped-up half-life", () => {
  const t = new Trainer({ ...tiny, aug: "noaug", emaKimg: 10 });
  const reals = { images: disks(4), shape: [4, 3, RES, RES] as const };
  const name = "synthesis.b16.torgb.weight";
  const snap = (g: "G" | "G_ema") => Float32Array.from(t[g].params.get(name).dataSync());
  t.step(reals);
  // cur_nimg was 0: beta = 0, so G_ema equals G.
  assert.deepEqual(snap("G_ema"), snap("G"));
  const gBefore = snap("G");
  const emaBefore = snap("G_ema");
  t.step(reals);
  // cur_nimg 4: ema_nimg = min(10000, 4 · 0.05) = 0.2, beta = 0.5^(4 / 0.2).
  const beta = 0.5 ** (4 / 0.2);
  const g = snap("G");
  const ema = snap("G_ema");
  for (let i = 0; i < g.length; i++) {
    const expected = g[i]! + beta * (emaBefore[i]! - g[i]!);
    assert.ok(Math.abs(ema[i]! - expected) <= 1e-7, `${ema[i]} vs ${expected}`);
  }
  assert.notDeepEqual(g, gBefore);
  t.dispose();
});

test("with batchGpu half the batch, a phase's gradient is the sum of the two half-batch gradients", () => {
  // ADA on (p 0.3) so that the augmentation and the sign accumulator are part of it.
  const t = new Trainer({ ...tiny, batchGpu: 2, mbstdGroup: 2, aug: "ada" });
  assert.ok(t.augmentPipe !== null && t.ada !== null);
  t.augmentPipe.p = 0.3;
  const real = tf.transpose(tf.tensor4d(disks(4), [4, 3, RES, RES]), [0, 2, 3, 1]) as tf.Tensor4D;
  const z = tf.randomNormal([4, 32], 0, 1, "float32", 3) as tf.Tensor2D;
  for (const phase of PHASES) {
    const gain = phase === "Greg" ? 4 : phase === "Dreg" ? 16 : 1;
    const plMean = t.loss.plMean;
    const signCount = t.ada.getState().signCount;
    const got = t.accumulatePhase(phase, { realImg: real, genZ: z, random: new Random(11) });
    const seen: number = t.ada.getState().signCount - signCount;
    assert.equal(seen, phase[0] === "D" ? 4 : 0, `${phase}: real logits reported to ADA`);
    // Reference: the loss called directly on each half with the same sequence of random draws.
    t.loss.plMean = plMean;
    const random = new Random(11);
    const halves = [0, 2].map((start) =>
      t.loss.accumulateGradients(phase, {
        realImg: tf.slice(real, start, 2),
        genZ: tf.slice(z, start, 2),
        gain,
        random,
      }),
    );
    let checked = 0;
    got.grads.forEach((g, k) => {
      const [a, b] = [halves[0]!.grads[k], halves[1]!.grads[k]];
      if (g === undefined) {
        assert.ok(a === undefined && b === undefined, `${phase}: gradient ${k} missing`);
        return;
      }
      const expected = tf.add(a!, b!).dataSync();
      const actual = g.dataSync();
      let diff = 0;
      let norm = 0;
      for (let i = 0; i < actual.length; i++) {
        diff += (actual[i]! - expected[i]!) ** 2;
        norm += expected[i]! ** 2;
      }
      assert.ok(
        Math.sqrt(diff) <= 1e-5 * Math.sqrt(norm) + 1e-12,
        `${phase} gradient ${k}: |diff| ${Math.sqrt(diff)}, |sum| ${Math.sqrt(norm)}`,
      );
      if (norm > 0) checked++;
    });
    assert.ok(checked > 0, `${phase}: no non-zero gradient compared`);
    for (const h of halves) for (const g of h.grads) g?.dispose();
    for (const g of got.grads) g?.dispose();
  }
  real.dispose();
  z.dispose();
  t.dispose();
});

test("a run with batchGpu smaller than the batch trains with finite losses", async () => {
  const t = new Trainer({ ...tiny, batchGpu: 2, mbstdGroup: 2, kimg: 0.02, tick: 0.008 });
  const ticks: TickInfo[] = [];
  const result = await t.run({
    source: arrayBatchSource(disks(8), [8, 3, RES, RES]),
    onTick: (info) => {
      ticks.push(info);
    },
  });
  assert.equal(result.reason, "done");
  assert.equal(result.steps, 5);
  const keys = ["Loss/G/loss", "Loss/D/loss", "Loss/r1_penalty", "Loss/pl_penalty"];
  for (const k of keys) assert.ok(Number.isFinite(ticks[0]!.stats[k]), `${k}: ${ticks[0]!.stats[k]}`);
  assert.ok(ticks.every((x) => Object.values(x.stats).every(Number.isFinite)));
  assert.equal(t.counters.batchIdx, 5);
  t.dispose();
});

test("each tick's statistics count every value reported over it, with their mean and spread", async () => {
  const t = new Trainer({ ...tiny, kimg: 0.02, tick: 0.008 });
  const ticks: TickInfo[] = [];
  await t.run({
    source: arrayBatchSource(disks(8), [8, 3, RES, RES]),
    onTick: (info) => void ticks.push(info),
  });
  // Tick 0 is the first iteration alone; tick 1 iterations 1-2 (4 images each, one value per image).
  const [t0, t1] = ticks;
  assert.equal(t0!.statistics["Loss/G/loss"]!.num, 4);
  assert.equal(t1!.statistics["Loss/G/loss"]!.num, 8);
  assert.equal(t1!.statistics["Loss/D/loss"]!.num, 8);
  // Lazy terms: R1 on iteration 0 only (interval 16), path length on half of iteration 0's images (interval 4).
  assert.equal(t0!.statistics["Loss/r1_penalty"]!.num, 4);
  assert.equal(t0!.statistics["Loss/pl_penalty"]!.num, 2);
  assert.equal(t1!.statistics["Loss/r1_penalty"], undefined);
  for (const info of ticks) {
    for (const [k, s] of Object.entries(info.statistics)) {
      assert.equal(info.stats[k], s.mean, k);
      assert.ok(Number.isFinite(s.std) && s.std >= 0, `${k} std ${s.std}`);
    }
    // Scores differ between images, so their spread is not zero.
    assert.ok(info.statistics["Loss/scores/real"]!.std > 0);
  }
  t.dispose();
});
