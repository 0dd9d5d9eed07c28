import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import { tf } from "../_tf.ts";
import { encodeSafetensors } from "../safetensors.ts";
import type { StateDict } from "../state_dict.ts";
import { arrayBatchSource, type BatchSource } from "./batch_source.ts";
import { decodeCheckpoint, encodeCheckpoint, readCheckpoint, writeCheckpoint } from "./checkpoint.ts";
import type { TrainingOptions } from "./options.ts";
import { type TickInfo, Trainer, type TrainerState } from "./trainer.ts";

before(async () => {
  await tf.setBackend("cpu");
});

// Tiny networks with every phase due often, mirroring, and ADA at work: p starts at 0.5 (see fresh()) and moves by
// 0.004 per iteration, so the augmentation (and its random draws) is active from the first iteration on.
const options: TrainingOptions = {
  batch: 4,
  gamma: 0.5,
  resolution: 8,
  cbase: 32,
  cmax: 8,
  mapDepth: 1,
  zDim: 8,
  wDim: 8,
  mirror: true,
  aug: "ada",
  adaInterval: 1,
  adaKimg: 1,
  gRegInterval: 2,
  dRegInterval: 4,
  seed: 3,
};

/** A new trainer of `options` whose augmentation starts at p 0.5. */
function fresh(o: TrainingOptions = options): Trainer {
  const t = new Trainer(o);
  t.ada!.setState({ ...t.ada!.getState(), p: 0.5 });
  t.augmentPipe!.p = 0.5;
  return t;
}

function images(count: number): Float32Array {
  const out = new Float32Array(count * 3 * 64);
  for (let i = 0; i < out.length; i++) out[i] = Math.sin(i * 0.37) * 0.8;
  return out;
}

function maxDiff(a: StateDict, b: StateDict): number {
  assert.deepEqual([...a.keys()], [...b.keys()]);
  let m = 0;
  for (const [k, t] of a) {
    const u = b.get(k)!;
    assert.deepEqual(t.shape, u.shape, k);
    for (let i = 0; i < t.data.length; i++) m = Math.max(m, Math.abs(t.data[i]! - u.data[i]!));
  }
  return m;
}

function outputs(t: Trainer): Float32Array {
  return tf.tidy(() => {
    const z = tf.randomNormal([4, 8], 0, 1, "float32", 1) as tf.Tensor2D;
    const img = t.G_ema.forward(z, null, { noiseMode: "const" });
    const a = img.dataSync() as Float32Array;
    const b = t.D.forward(img).logits.dataSync() as Float32Array;
    return Float32Array.from([...a, ...b]);
  });
}

test("a checkpoint round trip restores weights, optimizer moments and counters bit for bit", async () => {
  const source = arrayBatchSource(images(6), [6, 3, 8, 8], { seed: 2 });
  const t = fresh();
  await t.run({ source, maxSteps: 5 });
  const state = t.getState({ source });
  assert.ok(state.augmentP > 0 && state.augmentP !== 0.5, "ADA should have moved p");
  const back = decodeCheckpoint(encodeCheckpoint(state));
  const dir = await mkdtemp(join(tmpdir(), "ckpt-"));
  try {
    await writeCheckpoint(join(dir, "run.safetensors"), state);
    const fromFile = await readCheckpoint(join(dir, "run.safetensors"));
    for (const s of [back, fromFile]) {
      for (const k of ["G", "D", "G_ema"] as const) assert.equal(maxDiff(state[k], s[k]), 0);
      for (const k of ["G_opt", "D_opt"] as const) {
        assert.equal(s[k].step, state[k].step);
        assert.equal(maxDiff(state[k].expAvg, s[k].expAvg), 0);
        assert.equal(maxDiff(state[k].expAvgSq, s[k].expAvgSq), 0);
      }
      const scalars = (x: TrainerState) => ({ ...x, G: 0, D: 0, G_ema: 0, G_opt: 0, D_opt: 0 });
      assert.deepEqual(scalars(s), scalars(state));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.equal(state.G_opt.step, 5 + 3);
  assert.equal(state.D_opt.step, 5 + 2);
  const restored = Trainer.fromState(back);
  assert.deepEqual(outputs(restored), outputs(t));
  assert.deepEqual(restored.counters, t.counters);
  assert.equal(restored.augmentP, t.augmentP);
  assert.equal(restored.loss.plMean, t.loss.plMean);
  assert.ok(t.loss.plMean > 0);
  restored.dispose();
  t.dispose();
});

test("a run resumed from a checkpoint at step k repeats the uninterrupted run's step k+1", async () => {
  const data = images(6);
  const sourceA = arrayBatchSource(data, [6, 3, 8, 8], { seed: 2 });
  const a = fresh();
  await a.run({ source: sourceA, maxSteps: 4 });
  const saved: TrainerState = decodeCheckpoint(encodeCheckpoint(a.getState({ source: sourceA })));
  // Step k+1 = iteration 4 runs all four phases with intervals 2 and 4.
  const stepA = a.step(await sourceA.next(4));
  const stateA = a.getState();

  const sourceB = arrayBatchSource(data, [6, 3, 8, 8], { seed: 99 });
  sourceB.setState?.(saved.batchSource);
  const b = Trainer.fromState(saved);
  const stepB = b.step(await sourceB.next(4));
  const stateB = b.getState();

  assert.deepEqual(Object.keys(stepB.phases), ["Gmain", "Greg", "Dmain", "Dreg"]);
  for (const [phase, stats] of Object.entries(stepA.phases)) {
    for (const [k, v] of Object.entries(stats)) {
      const w = stepB.phases[phase as keyof typeof stepB.phases]![k]!;
      assert.ok(Math.abs(v - w) <= 1e-6, `${phase} ${k}: ${v} vs ${w}`);
    }
  }
  for (const k of ["G", "D", "G_ema"] as const) assert.ok(maxDiff(stateA[k], stateB[k]) <= 1e-6, k);
  assert.equal(stateB.augmentP, stateA.augmentP);
  assert.equal(stateB.plMean, stateA.plMean);
  assert.deepEqual(stateB.random, stateA.random);

  // Without the saved state the same step differs (the check above is not vacuous).
  const c = fresh();
  const stepC = c.step(await arrayBatchSource(data, [6, 3, 8, 8], { seed: 2 }).next(4));
  assert.notEqual(stepC.phases.Gmain!["Loss/G/loss"], stepA.phases.Gmain!["Loss/G/loss"]);
  for (const t of [a, b, c]) t.dispose();
});

test("a new run started from a checkpoint's weights (--resume) starts its counters and optimizers afresh", async () => {
  const source = arrayBatchSource(images(6), [6, 3, 8, 8], { seed: 2 });
  const t = fresh();
  await t.run({ source, maxSteps: 2 });
  const state = t.getState();
  const r = new Trainer({ ...options, resumed: true }, { weightsFrom: state });
  assert.equal(maxDiff(r.getState().G_ema, state.G_ema), 0);
  assert.equal(maxDiff(r.getState().D, state.D), 0);
  assert.deepEqual(r.counters, { curNimg: 0, batchIdx: 0, curTick: 0, tickStartNimg: 0 });
  assert.equal(r.G_opt.step, 0);
  assert.equal(r.config.emaRampup, null);
  assert.equal(r.augmentP, 0);
  for (const x of [t, r]) x.dispose();
});

test("an abort between two accumulation rounds snapshots that point, and the run resumed from it ends exactly as the uninterrupted one", async () => {
  // Two rounds per phase: iteration 0 runs 8 rounds (all four phases), iteration 1 runs Gmain and Dmain.
  const o: TrainingOptions = { ...options, batchGpu: 2, mbstdGroup: 2, kimg: 0.02, tick: 0.008, snap: 0 };
  const data = images(6);
  const lastTick = (t: Trainer, source: BatchSource) => {
    let last: TickInfo | undefined;
    const onTick = (info: TickInfo) => {
      last = info;
    };
    return t.run({ source, onTick }).then(() => last!);
  };
  const a = fresh(o);
  const tickA = await lastTick(a, arrayBatchSource(data, [6, 3, 8, 8], { seed: 2 }));
  const endA = a.getState();

  const b = fresh(o);
  const controller = new AbortController();
  let rounds = 0;
  const accumulate = b.loss.accumulateGradients.bind(b.loss);
  b.loss.accumulateGradients = (phase, inputs) => {
    // Stop after the first round of iteration 1's Dmain (8 + 2 + 1 rounds).
    if (++rounds === 11) controller.abort();
    return accumulate(phase, inputs);
  };
  let saved: TrainerState | undefined;
  const sourceB = arrayBatchSource(data, [6, 3, 8, 8], { seed: 2 });
  const result = await b.run({
    source: sourceB,
    signal: controller.signal,
    onSnapshot: (e) => {
      if (e.reason === "aborted") saved = decodeCheckpoint(encodeCheckpoint(e.state));
    },
  });
  assert.deepEqual(result, { reason: "aborted", steps: 1, curNimg: 4 });
  assert.ok(saved?.pending !== undefined, "the snapshot holds the iteration in progress");
  assert.deepEqual([saved.pending.phase, saved.pending.round], [2, 1]);
  assert.ok(saved.pending.grads.size > 0);
  assert.equal(
    saved.G_opt.step,
    2 + 1,
    "G's phases of both iterations (Gmain, Greg; Gmain) were applied already",
  );

  const sourceC = arrayBatchSource(data, [6, 3, 8, 8], { seed: 99 });
  sourceC.setState?.(saved.batchSource);
  const c = Trainer.fromState(saved);
  const tickC = await lastTick(c, sourceC);
  const endC = c.getState();
  for (const k of ["G", "D", "G_ema"] as const) assert.equal(maxDiff(endA[k], endC[k]), 0, k);
  for (const k of ["G_opt", "D_opt"] as const) {
    assert.equal(endC[k].step, endA[k].step);
    assert.equal(maxDiff(endA[k].expAvg, endC[k].expAvg), 0);
  }
  assert.deepEqual(endC.counters, endA.counters);
  assert.deepEqual(endC.random, endA.random);
  assert.equal(endC.augmentP, endA.augmentP);
  assert.equal(endC.plMean, endA.plMean);
  // The tick that was interrupted reports every value of both runs, as the uninterrupted tick did.
  assert.deepEqual(
    Object.fromEntries(Object.entries(tickC.statistics).map(([k, v]) => [k, v.num])),
    Object.fromEntries(Object.entries(tickA.statistics).map(([k, v]) => [k, v.num])),
  );
  for (const [k, v] of Object.entries(tickA.statistics))
    assert.ok(Math.abs(tickC.statistics[k]!.mean - v.mean) <= 1e-12, k);
  for (const t of [a, b, c]) t.dispose();
});

test("decodeCheckpoint() refuses files that are not training checkpoints", () => {
  const plain = encodeSafetensors(new Map([["x", { shape: [1], data: new Float32Array([1]) }]]), {
    metadata: { format: "something-else" },
  });
  assert.throws(
    () => decodeCheckpoint(plain),
    (err) => isStatusError(err),
  );
});
