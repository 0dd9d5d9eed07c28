import assert from "node:assert/strict";
import { test } from "node:test";
import { nearestNeighbours } from "./_knn.ts";
import { Random } from "./_random.ts";

test("nearestNeighbours() finds each row's k nearest rows as a full sort of exact distances does (odd and even counts)", () => {
  const random = new Random(4);
  for (const [n, d, k] of [
    [37, 9, 5],
    [40, 3, 12],
    [7, 2, 6],
  ] as const) {
    const data = Float64Array.from({ length: n * d }, () => random.normal());
    const { indices, sqDistances } = nearestNeighbours({ data, rows: n, cols: d }, k);
    for (let i = 0; i < n; i++) {
      const ranked = Array.from({ length: n }, (_, j) => j)
        .filter((j) => j !== i)
        .map((j) => {
          let s = 0;
          for (let t = 0; t < d; t++) s += ((data[i * d + t] as number) - (data[j * d + t] as number)) ** 2;
          return { j, s };
        })
        .sort((a, b) => a.s - b.s)
        .slice(0, k);
      assert.deepEqual(
        [...indices.subarray(i * k, (i + 1) * k)],
        ranked.map((r) => r.j),
        `row ${i}`,
      );
      ranked.forEach((r, m) => {
        assert.ok(Math.abs((sqDistances[i * k + m] as number) - r.s) < 1e-12);
      });
    }
  }
  assert.throws(() => nearestNeighbours({ data: new Float64Array(4), rows: 2, cols: 2 }, 2), RangeError);
});
