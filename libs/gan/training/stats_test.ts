import assert from "node:assert/strict";
import { test } from "node:test";
import { addMoments, momentsOf, type StatMoments, summarize } from "./stats.ts";

test("summarize() of moments added piecewise equals the mean and population std of all the values", () => {
  const values = Array.from({ length: 37 }, (_, i) => Math.sin(i * 1.3) * 4 + i * 0.1);
  const parts = [values.slice(0, 5), values.slice(5, 6), values.slice(6)];
  const acc = new Map<string, StatMoments>();
  for (const part of parts) addMoments(acc, [["x", momentsOf(part)]]);
  const s = summarize(acc.get("x")!);
  // Naive reference: two passes over the values.
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  assert.equal(s.num, 37);
  assert.ok(Math.abs(s.mean - mean) <= 1e-12, `${s.mean} vs ${mean}`);
  assert.ok(Math.abs(s.std - std) <= 1e-9, `${s.std} vs ${std}`);
});

test("summarize() gives a zero spread for equal values and NaN for no value", () => {
  assert.deepEqual(summarize(momentsOf([2, 2, 2])), { num: 3, mean: 2, std: 0 });
  const none = summarize({ num: 0, sum: 0, sumSq: 0 });
  assert.equal(none.num, 0);
  assert.ok(Number.isNaN(none.mean));
});
