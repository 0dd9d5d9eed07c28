import assert from "node:assert/strict";
import { test } from "node:test";
import { binarySearchPerplexity } from "./_perplexity.ts";
import { tsneFixture } from "./_testing.ts";
import { trustworthiness } from "./trustworthiness.ts";
import { tsne } from "./tsne.ts";
import type { Matrix } from "./types.ts";

const fixture = tsneFixture();
const matrix = (rows: number[][]): Matrix => ({
  data: Float64Array.from(rows.flat()),
  rows: rows.length,
  cols: rows[0]?.length ?? 0,
});
const X = matrix(fixture.X);

test("trustworthiness() matches scikit-learn's trustworthiness for k = 1, 5 and 12", () => {
  for (const [k, want] of Object.entries(fixture.trustworthiness)) {
    const got = trustworthiness(X, matrix(fixture.Y), { neighbours: Number(k) });
    assert.ok(Math.abs(got - want) <= 1e-9, `k=${k}: ${got} vs ${want}`);
  }
  assert.equal(trustworthiness(X, X, { neighbours: 5 }), 1);
  assert.throws(() => trustworthiness(X, X, { neighbours: 75 }), /Neighbours must be an integer/);
});

test("tsne() embeds the fixture blobs as well as scikit-learn's TSNE does (trustworthiness within 0.02)", async () => {
  const { embedding, iterations, klDivergence } = await tsne(X, { seed: 0 });
  assert.equal(embedding.rows, 150);
  assert.ok(iterations > 250 && iterations <= 1000);
  assert.ok(Number.isFinite(klDivergence) && klDivergence > 0);
  const t = trustworthiness(X, embedding);
  assert.ok(
    t >= fixture.sklearn_tsne_trustworthiness - 0.02,
    `${t} vs scikit-learn ${fixture.sklearn_tsne_trustworthiness}`,
  );
  // Same seed, same embedding.
  const first = await tsne(X, { seed: 0, iterations: 300 });
  const second = await tsne(X, { seed: 0, iterations: 300 });
  assert.deepEqual(first.embedding.data, second.embedding.data);
});

test("tsne() separates the three blobs: every point's nearest embedded neighbour is of its blob", async () => {
  const { embedding } = await tsne(X, { seed: 1, init: "random" });
  const y = embedding.data;
  let agree = 0;
  for (let i = 0; i < 150; i++) {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let j = 0; j < 150; j++) {
      if (j === i) continue;
      const d =
        ((y[2 * i] as number) - (y[2 * j] as number)) ** 2 +
        ((y[2 * i + 1] as number) - (y[2 * j + 1] as number)) ** 2;
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    if (fixture.labels[best] === fixture.labels[i]) agree++;
  }
  assert.equal(agree, 150);
});

test("binarySearchPerplexity() finds conditional probabilities whose perplexity is the one asked", () => {
  const k = 10;
  const d = Float64Array.from({ length: 2 * k }, (_, t) => ((t % k) + 1) * (t < k ? 0.5 : 3));
  const p = binarySearchPerplexity(d, 2, k, 4);
  for (let i = 0; i < 2; i++) {
    let h = 0;
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = p[i * k + j] as number;
      sum += v;
      if (v > 0) h -= v * Math.log(v);
    }
    assert.ok(Math.abs(sum - 1) < 1e-12);
    assert.ok(Math.abs(Math.exp(h) - 4) < 1e-3, `perplexity ${Math.exp(h)}`);
  }
});

test("tsne() reports throttled progress, stops on abort and refuses bad options", async () => {
  const seen: number[] = [];
  await tsne(X, { iterations: 260, onProgress: (p) => seen.push(p.iteration), progressIntervalMs: 0 });
  assert.equal(seen.length, 261);
  assert.equal(seen.at(-1), 260);
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(tsne(X, { signal: controller.signal }), /stop/);
  await assert.rejects(tsne(X, { perplexity: -1 }), /Perplexity must be positive/);
  await assert.rejects(tsne({ data: Float64Array.of(1, Number.NaN), rows: 1, cols: 2 }), /row 0, column 1/);
});
