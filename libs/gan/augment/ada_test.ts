import assert from "node:assert/strict";
import { test } from "node:test";
import { tf } from "./_tf.ts";
import { AdaController } from "./ada.ts";

test("AdaController moves p by sign(mean sign - 0.6) * batch * 4 / 500k every 4 iterations", () => {
  const ada = new AdaController({ batchSize: 32 });
  const step = (32 * 4) / 500_000;
  assert.equal(ada.stepSize, step);
  // Each iteration reports 4 logits; within an interval the signs average to the listed value.
  const intervals: { logits: number[][]; mean: number }[] = [
    {
      logits: [
        [1, 2, 3, 4],
        [1, 1, 1, 1],
        [1, 1, 1, -1],
        [1, 1, 1, 1],
      ],
      mean: 14 / 16,
    }, // up
    {
      logits: [
        [-1, -2, 1, 0],
        [0, 0, 0, 0],
        [1, -1, 1, -1],
        [1, 1, 1, 1],
      ],
      mean: 3 / 16,
    }, // down
    {
      logits: [
        [1, 1, 1, 1],
        [1, 1, 1, 1],
        [1, 1, 1, 1],
        [1, 1, -1, -1],
      ],
      mean: 12 / 16,
    }, // up
  ];
  let expected = 0;
  let iteration = 0;
  for (const { logits, mean } of intervals) {
    for (const batch of logits) {
      ada.report(batch);
      iteration++;
      const p = ada.endIteration();
      if (iteration % 4 !== 0) assert.equal(p, expected, `p must stay between adjustments (${iteration})`);
    }
    expected = Math.max(0, expected + Math.sign(mean - 0.6) * step);
    assert.ok(Math.abs(ada.p - expected) < 1e-15, `after ${iteration}: ${ada.p} vs ${expected}`);
  }
  assert.ok(Math.abs(ada.p - step) < 1e-15, `final p ${ada.p}`);
});

test("AdaController floors p at 0, has no upper bound, and holds p when nothing was reported", () => {
  const low = new AdaController({ batchSize: 64, interval: 1, kimg: 100 });
  low.report([-1, -1]);
  assert.equal(low.endIteration(), 0);
  assert.equal(low.endIteration(), 0);
  const high = new AdaController({ batchSize: 1000, interval: 1, kimg: 1, p: 0.5 });
  high.report([5]);
  assert.equal(high.endIteration(), 1.5);
  assert.equal(high.endIteration(), 1.5);
});

test("AdaController leaves p unchanged when the mean sign equals the target", () => {
  const ada = new AdaController({ batchSize: 8, interval: 1, target: 0.5, p: 0.25 });
  ada.report([1, 1, 1, -1]);
  assert.equal(ada.endIteration(), 0.25);
});

test("AdaController takes logits as a tensor", () => {
  const ada = new AdaController({ batchSize: 16, interval: 1 });
  ada.report(tf.tensor1d([0.3, 0.2, -0.1]));
  assert.deepEqual(ada.getState(), { p: 0, signSum: 1, signCount: 3, iteration: 0 });
  assert.equal(ada.endIteration(), 0);
});

test("AdaController state round-trips through a checkpoint mid-interval", () => {
  const a = new AdaController({ batchSize: 32 });
  const b = new AdaController({ batchSize: 32 });
  for (let i = 0; i < 6; i++) {
    a.report([1, 1, -1]);
    a.endIteration();
  }
  b.setState(JSON.parse(JSON.stringify(a.getState())));
  for (let i = 0; i < 6; i++) {
    a.report([1]);
    b.report([1]);
    assert.equal(a.endIteration(), b.endIteration());
  }
  assert.deepEqual(a.getState(), b.getState());
  assert.ok(a.p > 0, `p ${a.p}`);
});

test("AdaController rejects bad settings and states", () => {
  assert.throws(() => new AdaController({ batchSize: 0 }), RangeError);
  assert.throws(() => new AdaController({ batchSize: 4, interval: 1.5 }), RangeError);
  assert.throws(() => new AdaController({ batchSize: 4, kimg: 0 }), RangeError);
  assert.throws(() => new AdaController({ batchSize: 4, p: -1 }), RangeError);
  const ada = new AdaController({ batchSize: 4 });
  assert.throws(() => ada.setState({ p: Number.NaN, signSum: 0, signCount: 0, iteration: 0 }), RangeError);
  assert.throws(() => ada.setState({ p: 0, signSum: 0, signCount: -1, iteration: 0 }), RangeError);
});
