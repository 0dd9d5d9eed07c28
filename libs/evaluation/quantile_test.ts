import assert from "node:assert/strict";
import { test } from "node:test";
import { metricsCases } from "./_testing.ts";
import { median, minMaxNormalise, quantile } from "./quantile.ts";

for (const c of metricsCases()) {
  test(`quantile() and median() match numpy's on the '${c.name}' fixture`, () => {
    for (const [q, want] of Object.entries(c.quantiles)) {
      assert.ok(Math.abs(quantile(c.scores, Number(q)) - want) <= 1e-12, `q=${q}`);
    }
    assert.ok(Math.abs(median(c.scores) - c.median) <= 1e-12);
  });
}

test("quantile() interpolates linearly between order statistics and refuses NaN", () => {
  assert.equal(quantile([4, 1, 3, 2], 0.5), 2.5);
  assert.equal(quantile([0, 10], 0.95), 9.5);
  assert.throws(() => quantile([1, Number.NaN], 0.5), /Value 1 must be a finite number/);
  assert.throws(() => quantile([1], 1.5), RangeError);
});

test("minMaxNormalise() maps min to 0 and max to 1, or given bounds, without clipping", () => {
  assert.deepEqual([...minMaxNormalise([2, 4, 3])], [0, 1, 0.5]);
  assert.deepEqual([...minMaxNormalise([2, 6], { min: 2, max: 4 })], [0, 2]);
  assert.deepEqual([...minMaxNormalise([5, 5])], [0, 0]);
  assert.throws(() => minMaxNormalise([1], { min: 2, max: 1 }), RangeError);
});
