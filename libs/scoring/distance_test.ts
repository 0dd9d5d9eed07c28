import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture } from "./_testing.ts";
import { distance, resolveMetric } from "./distance.ts";

interface Pair {
  kind: string;
  a: number[];
  b: number[];
  expected: Record<string, number>;
}

const { pairs } = fixture<{ pairs: Pair[] }>("distances.json");

for (const pair of pairs) {
  test(`distance() matches scikit-learn's pairwise_distances for every metric and alias ('${pair.kind}' vectors)`, () => {
    for (const [name, want] of Object.entries(pair.expected)) {
      const [metricName, pText] = name.split("_p");
      const metric = resolveMetric(metricName as string);
      const got = distance(pair.a, pair.b, pText === undefined ? { metric } : { metric, p: Number(pText) });
      assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${name}: ${got} vs ${want}`);
    }
  });
}

test("resolveMetric() knows scikit-learn's aliases and lists the names it knows", () => {
  assert.equal(resolveMetric("cityblock"), "manhattan");
  assert.equal(resolveMetric("L1"), "manhattan");
  assert.equal(resolveMetric("l2"), "euclidean");
  assert.throws(
    () => resolveMetric("hamming"),
    /Unknown distance metric 'hamming', expected one of euclidean, .*cityblock/,
  );
});

test("distance() cosine counts a zero vector as orthogonal, as scikit-learn, and refuses unequal lengths", () => {
  assert.equal(distance([0, 0], [1, 2], { metric: "cosine" }), 1);
  assert.throws(() => distance([1], [1, 2], { metric: "manhattan" }), RangeError);
  assert.throws(() => distance([1], [2], { metric: "minkowski", p: 0.5 }), /Minkowski p must be/);
  assert.equal(distance([0, 0], [3, 4]), 5);
});
