import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { meanSquaredError, pairwiseDistance } from "./metrics.ts";

interface Pair {
  a: number[];
  b: number[];
  mse: number;
  pairwise: number;
}
const { pairs } = JSON.parse(readFileSync(new URL("./fixtures/metrics.json", import.meta.url), "utf8")) as {
  pairs: Pair[];
};

test("meanSquaredError() and pairwiseDistance() match PyTorch's mse_loss and PairwiseDistance(p=2)", () => {
  assert.equal(pairs.length, 4);
  for (const p of pairs) {
    const a = Float32Array.from(p.a);
    const b = Float32Array.from(p.b);
    assert.ok(Math.abs(meanSquaredError(a, b) - p.mse) <= 1e-12 * Math.max(1, p.mse), `mse ${p.mse}`);
    assert.ok(
      Math.abs(pairwiseDistance(a, b) - p.pairwise) <= 1e-12 * Math.max(1, p.pairwise),
      `pairwise ${p.pairwise}`,
    );
  }
  // Identical vectors keep the eps: sqrt(64) * 1e-6.
  assert.ok(Math.abs(pairwiseDistance(new Float32Array(64), new Float32Array(64)) - 8e-6) < 1e-18);
});

test("meanSquaredError() refuses vectors of different lengths", () => {
  assert.throws(() => meanSquaredError([1, 2], [1]), RangeError);
  assert.throws(() => pairwiseDistance([1], [1, 2]), RangeError);
});
