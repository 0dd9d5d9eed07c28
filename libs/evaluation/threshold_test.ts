import assert from "node:assert/strict";
import { test } from "node:test";
import { metricsCases } from "./_testing.ts";
import { confusionMatrix, predictAbove } from "./confusion.ts";
import { chooseThreshold } from "./threshold.ts";

for (const c of metricsCases()) {
  test(`chooseThreshold() youden and max-f1 reach scikit-learn's best J and F1 on the '${c.name}' fixture`, () => {
    const youden = chooseThreshold(c.scores, c.labels, { rule: "youden" });
    const [[tn, fp], [fn, tp]] = confusionMatrix(c.labels, predictAbove(c.scores, youden.value));
    assert.ok(Math.abs(tp / (tp + fn) - fp / (fp + tn) - c.best_youden_j) <= 1e-12);
    const f1 = chooseThreshold(c.scores, c.labels, { rule: "max-f1" });
    const m = confusionMatrix(c.labels, predictAbove(c.scores, f1.value));
    const got = (2 * m[1][1]) / (2 * m[1][1] + m[0][1] + m[1][0]);
    assert.ok(Math.abs(got - c.best_f1) <= 1e-12, `${got} vs ${c.best_f1}`);
  });

  test(`chooseThreshold() median is numpy's median of the scores on the '${c.name}' fixture`, () => {
    const t = chooseThreshold(c.scores, c.labels, { rule: "median" });
    assert.deepEqual(t, { method: "median", value: c.median });
  });
}

test("chooseThreshold() puts youden's cut midway between the neighbouring scores, and calls all anomalous below the lowest", () => {
  assert.deepEqual(chooseThreshold([0.1, 0.3, 0.7, 0.9], [0, 0, 1, 1], { rule: "youden" }), {
    method: "youden",
    value: 0.5,
  });
  // Every image anomalous maximises F1 here (3 positives of 4): the cut lies below the lowest score.
  const t = chooseThreshold([0.1, 0.2, 0.3, 0.4], [1, 0, 1, 1], { rule: "max-f1" });
  assert.ok(t.value < 0.1);
});

test("chooseThreshold() calibrated returns the given value and refuses a missing one", () => {
  assert.deepEqual(chooseThreshold([1, 2], [0, 1], { rule: "calibrated", calibrated: 1.5 }), {
    method: "calibrated",
    value: 1.5,
  });
  assert.throws(() => chooseThreshold([1, 2], [0, 1], { rule: "calibrated" }), /finite calibrated threshold/);
  assert.throws(
    () => chooseThreshold([1, 2], [0, 1], { rule: "mean" as never }),
    /Unknown threshold rule 'mean'/,
  );
});
