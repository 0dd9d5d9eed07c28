import assert from "node:assert/strict";
import { test } from "node:test";
import { assertClose, metricsCases } from "./_testing.ts";
import { averagePrecision, precisionRecallCurve } from "./precision_recall.ts";

const TOL = 1e-9;

for (const c of metricsCases()) {
  test(`precisionRecallCurve() matches scikit-learn's precision_recall_curve on the '${c.name}' fixture`, () => {
    const pr = precisionRecallCurve(c.labels, c.scores);
    assertClose(pr.precision, c.pr.precision, TOL, "precision");
    assertClose(pr.recall, c.pr.recall, TOL, "recall");
    assertClose(pr.thresholds, c.pr.thresholds, TOL, "thresholds");
  });

  test(`averagePrecision() matches scikit-learn's average_precision_score on the '${c.name}' fixture`, () => {
    assert.ok(Math.abs(averagePrecision(c.labels, c.scores) - c.average_precision) <= TOL);
  });
}

test("averagePrecision() of a perfect ranking is 1 and of a reversed one is the mean of precisions at each hit", () => {
  assert.equal(averagePrecision([0, 0, 1, 1], [1, 2, 3, 4]), 1);
  // Positives at ranks 3 and 4 of 4: (1/3 + 2/4) / 2.
  assert.ok(Math.abs(averagePrecision([1, 1, 0, 0], [1, 2, 3, 4]) - (1 / 3 + 2 / 4) / 2) < 1e-15);
});
