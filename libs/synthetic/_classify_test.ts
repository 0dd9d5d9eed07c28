import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { decision, fitLogistic, rocAuc } from "./_classify.ts";

interface Fixture {
  x: number[][];
  y: number[];
  mean: number[];
  scale: number[];
  cases: { c: number; weights: number[]; intercept: number; decision: number[] }[];
}
const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/logistic.json", import.meta.url), "utf8"),
) as Fixture;

test("fitLogistic() matches scikit-learn's LogisticRegression on standardised features", () => {
  for (const expected of fixture.cases) {
    const model = fitLogistic(fixture.x, fixture.y, { c: expected.c });
    for (let k = 0; k < fixture.mean.length; k++) {
      assert.ok(Math.abs((model.mean[k] as number) - (fixture.mean[k] as number)) < 1e-9);
      assert.ok(Math.abs((model.scale[k] as number) - (fixture.scale[k] as number)) < 1e-9);
      // Both run Newton steps on the same convex problem to convergence.
      assert.ok(
        Math.abs((model.weights[k] as number) - (expected.weights[k] as number)) < 1e-8,
        `C ${expected.c} weight ${k}: ${model.weights[k]} vs ${expected.weights[k]}`,
      );
    }
    assert.ok(Math.abs(model.intercept - expected.intercept) < 1e-8);
    const values = decision(model, fixture.x);
    for (const [i, v] of values.entries()) assert.ok(Math.abs(v - (expected.decision[i] as number)) < 1e-8);
  }
});

test("fitLogistic() rejects ragged rows, labels other than 0 and 1, and empty input", () => {
  assert.throws(() => fitLogistic([[1, 2], [3]], [0, 1]), RangeError);
  assert.throws(() => fitLogistic([[1], [2]], [0, 2]), RangeError);
  assert.throws(() => fitLogistic([], []), RangeError);
});

test("rocAuc() equals the share of positive-negative pairs ranked right, ties counting half", () => {
  let seed = 3;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  for (let round = 0; round < 20; round++) {
    // Scores on a coarse grid, so ties are frequent.
    const scores = Array.from({ length: 40 }, () => Math.floor(next() * 8));
    const labels = scores.map((_, i) => (i < 3 || next() < 0.4 ? 1 : 0));
    labels[39] = 0;
    let pairs = 0;
    let right = 0;
    for (let i = 0; i < scores.length; i++) {
      for (let j = 0; j < scores.length; j++) {
        if (labels[i] !== 1 || labels[j] !== 0) continue;
        pairs++;
        const a = scores[i] as number;
        const b = scores[j] as number;
        right += a > b ? 1 : a === b ? 0.5 : 0;
      }
    }
    assert.ok(Math.abs(rocAuc(scores, labels) - right / pairs) < 1e-12);
  }
  assert.throws(() => rocAuc([1, 2], [1, 1]), RangeError);
});
