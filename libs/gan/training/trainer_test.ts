import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { disposeBackend, initBackend } from "@dermanomaly/tf";
import { tf } from "../_tf.ts";
import { arrayBatchSource } from "./batch_source.ts";
import { type SnapshotEvent, type TickInfo, Trainer, trainingConfig } from "./trainer.ts";

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

test("trainingConfig() fills train.py's defaults and the --resume variants", () => {
  const c = trainingConfig({ batch: 32, gamma: 1 });
  assert.equal(c.glr, 0.002);
  assert.equal(c.emaKimg, 10);
  assert.equal(c.emaRampup, 0.05);
  assert.equal(c.adaKimg, 500);
  assert.equal(c.gRegInterval, 4);
  assert.equal(c.dRegInterval, 16);
  assert.equal(c.styleMixingProb, 0.9);
  assert.equal(c.aug, "ada");
  const r = trainingConfig({ batch: 64, gamma: 1, resumed: true });
  assert.equal(r.emaRampup, null);
  assert.equal(r.adaKimg, 100);
  assert.equal(r.emaKimg, 20);
  assert.throws(() => trainingConfig({ batch: 2, gamma: 1 }), RangeError);
  assert.throws(() => trainingConfig({ batch: 4, gamma: -1 }), RangeError);
});
