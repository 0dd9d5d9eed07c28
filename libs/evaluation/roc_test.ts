import assert from "node:assert/strict";
import { test } from "node:test";
import { assertClose, metricsCases } from "./_testing.ts";
import { rocAuc, rocCurve, trapezoid } from "./roc.ts";

const TOL = 1e-9;

for (const c of metricsCases()) {
  test(`rocCurve() matches scikit-learn's roc_curve on the '${c.name}' fixture, with and without drop_intermediate`, () => {
    const dropped = rocCurve(c.labels, c.scores);
    assertClose(dropped.fpr, c.roc.fpr, TOL, "fpr");
    assertClose(dropped.tpr, c.roc.tpr, TOL, "tpr");
    assertClose(dropped.thresholds, c.roc.thresholds, TOL, "thresholds");
    const full = rocCurve(c.labels, c.scores, { dropIntermediate: false });
    assertClose(full.fpr, c.roc_full.fpr, TOL, "full fpr");
    assertClose(full.tpr, c.roc_full.tpr, TOL, "full tpr");
    assertClose(full.thresholds, c.roc_full.thresholds, TOL, "full thresholds");
  });

  test(`rocAuc() matches scikit-learn's roc_auc_score on the '${c.name}' fixture`, () => {
    assert.ok(Math.abs(rocAuc(c.labels, c.scores) - c.auc) <= TOL);
  });
}

test("rocAuc() counts a tie between classes as one half, as the Mann-Whitney statistic", () => {
  // Pairs (pos, neg): 0.9>0.1, 0.9>0.5, 0.5=0.5 (half), 0.5>0.1 -> 3.5 of 4.
  assert.equal(rocAuc([1, 1, 0, 0], [0.9, 0.5, 0.5, 0.1]), 3.5 / 4);
});

test("trapezoid() integrates a straight line exactly", () => {
  assert.equal(trapezoid([0, 0.5, 1], [0, 0.5, 1]), 0.5);
});

test("rocCurve() refuses one class, NaN scores and labels other than 0/1", () => {
  assert.throws(() => rocCurve([0, 0, 0], [1, 2, 3]), /both classes/);
  assert.throws(() => rocCurve([0, 1], [1, Number.NaN]), /Score 1 must be a finite number/);
  assert.throws(() => rocCurve([0, 2], [1, 2]), /Label 1 must be 0 or 1/);
  assert.throws(() => rocCurve([0, 1], [1]), /same length/);
});
