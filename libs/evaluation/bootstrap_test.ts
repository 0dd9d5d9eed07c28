import assert from "node:assert/strict";
import { test } from "node:test";
import { metricsCases } from "./_testing.ts";
import { bootstrapAuc, rankGroups, weightedAuc } from "./bootstrap.ts";
import { rocAuc } from "./roc.ts";

const cases = metricsCases();

for (const c of cases) {
  test(`weightedAuc() with unit counts equals rocAuc() on the '${c.name}' fixture`, () => {
    const auc = weightedAuc(rankGroups(c.labels, c.scores), new Uint32Array(c.labels.length).fill(1));
    assert.ok(Math.abs(auc - rocAuc(c.labels, c.scores)) <= 1e-12);
  });
}

test("weightedAuc() with counts equals rocAuc() of the data with images repeated", () => {
  const labels = [0, 1, 0, 1, 1, 0];
  const scores = [0.2, 0.4, 0.4, 0.9, 0.1, 0.6];
  const counts = [2, 0, 1, 3, 1, 2];
  const l: number[] = [];
  const s: number[] = [];
  counts.forEach((n, i) => {
    for (let k = 0; k < n; k++) {
      l.push(labels[i] as number);
      s.push(scores[i] as number);
    }
  });
  assert.ok(Math.abs(weightedAuc(rankGroups(labels, scores), counts) - rocAuc(l, s)) <= 1e-12);
});

for (const name of ["random", "ties", "imbalanced"]) {
  test(`bootstrapAuc() gives an interval as wide as DeLong's within 20% on the '${name}' fixture, around the AUC`, () => {
    const c = cases.find((c) => c.name === name)!;
    const auc = rocAuc(c.labels, c.scores);
    for (const stratified of [true, false]) {
      const ci = bootstrapAuc(c.labels, c.scores, { seed: 3, stratified });
      assert.ok(ci.lo < auc && auc < ci.hi, `${ci.lo} < ${auc} < ${ci.hi}`);
      const width = ci.hi - ci.lo;
      const delong = c.delong95[1] - c.delong95[0];
      assert.ok(
        Math.abs(width / delong - 1) < 0.2,
        `width ${width} vs DeLong ${delong} (stratified ${stratified})`,
      );
    }
  });
}

test("bootstrapAuc() is deterministic for a seed and differs across seeds", () => {
  const c = cases[0]!;
  const a = bootstrapAuc(c.labels, c.scores, { seed: 1, resamples: 300 });
  assert.deepEqual(bootstrapAuc(c.labels, c.scores, { seed: 1, resamples: 300 }), a);
  assert.notDeepEqual(bootstrapAuc(c.labels, c.scores, { seed: 2, resamples: 300 }), a);
  assert.equal(a.resamples, 300);
  assert.throws(() => bootstrapAuc([0, 0], [1, 2]), /both classes/);
});
