import assert from "node:assert/strict";
import { test } from "node:test";
import { principalScores, symmetricEigen } from "./_pca.ts";
import { Random } from "./_random.ts";
import { assertClose, tsneFixture } from "./_testing.ts";

test("principalScores() matches numpy's SVD scores of the first two components, signs as svd_flip", () => {
  const { X, pca_scores } = tsneFixture();
  const n = X.length;
  const d = X[0]!.length;
  const scores = principalScores(Float64Array.from(X.flat()), n, d, 2, new Random(0));
  assertClose(scores, pca_scores.flat(), 1e-8, "scores");
});

test("symmetricEigen() decomposes a symmetric matrix: A v = lambda v", () => {
  const a = Float64Array.of(4, 1, 2, 1, 3, 0, 2, 0, 5);
  const { values, vectors } = symmetricEigen(a, 3);
  for (let e = 0; e < 3; e++) {
    for (let r = 0; r < 3; r++) {
      let av = 0;
      for (let c = 0; c < 3; c++) av += (a[r * 3 + c] as number) * (vectors[c * 3 + e] as number);
      assert.ok(Math.abs(av - (values[e] as number) * (vectors[r * 3 + e] as number)) < 1e-12);
    }
  }
  // The trace is kept.
  assert.ok(Math.abs((values[0] as number) + (values[1] as number) + (values[2] as number) - 12) < 1e-12);
});
