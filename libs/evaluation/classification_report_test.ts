import assert from "node:assert/strict";
import { test } from "node:test";
import { type FixtureFigures, metricsCases } from "./_testing.ts";
import { classificationReport, reportAsDict } from "./classification_report.ts";
import { confusionMatrix, predictAbove } from "./confusion.ts";

const TOL = 1e-9;

function assertReport(
  actual: Record<string, unknown>,
  expected: Record<string, FixtureFigures | number>,
): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key];
    if (typeof want === "number") {
      assert.ok(Math.abs((got as number) - want) <= TOL, `${key}: ${got} vs ${want}`);
      continue;
    }
    const figures = got as FixtureFigures;
    for (const f of ["precision", "recall", "f1", "support"] as const) {
      assert.ok(Math.abs(figures[f] - want[f]) <= TOL, `${key}.${f}: ${figures[f]} vs ${want[f]}`);
    }
  }
}

for (const c of metricsCases()) {
  test(`confusionMatrix() at the median matches scikit-learn's confusion_matrix on the '${c.name}' fixture`, () => {
    assert.deepEqual(confusionMatrix(c.labels, predictAbove(c.scores, c.median)), c.confusion_at_median);
  });

  test(`classificationReport() matches scikit-learn's classification_report with zero_division 0 and 1 on '${c.name}'`, () => {
    const cases = [
      [predictAbove(c.scores, c.median), c.report_at_median],
      [new Uint8Array(c.labels.length), c.report_all_negative],
      [new Uint8Array(c.labels.length).fill(1), c.report_all_positive],
    ] as const;
    for (const [predicted, expected] of cases) {
      for (const zero of [0, 1] as const) {
        const report = classificationReport(c.labels, predicted, { zeroDivision: zero });
        assertReport(reportAsDict(report), expected[String(zero) as "0" | "1"]);
      }
    }
  });
}

test("classificationReport() names its classes as asked and refuses names that clash with its own keys", () => {
  const report = classificationReport([0, 1, 1], [0, 1, 0], { names: ["NEV", "MEL"] });
  assert.deepEqual(Object.keys(reportAsDict(report)), [
    "NEV",
    "MEL",
    "accuracy",
    "macro avg",
    "weighted avg",
  ]);
  assert.equal(report.classes[1].recall, 0.5);
  assert.throws(() => classificationReport([0, 1], [0, 1], { names: ["accuracy", "MEL"] }), RangeError);
  assert.throws(() => classificationReport([], []), /must not be empty/);
});

test("predictAbove() calls a score equal to the threshold normal", () => {
  assert.deepEqual([...predictAbove([0.1, 0.5, 0.9], 0.5)], [0, 0, 1]);
});
