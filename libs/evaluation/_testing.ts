// Test helpers: the scikit-learn reference numbers written by fixtures/make_fixtures.py.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Figures of one class in the fixtures' reports. */
export interface FixtureFigures {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** One case of fixtures/metrics.json. */
export interface MetricsCase {
  name: string;
  labels: number[];
  scores: number[];
  roc: { fpr: number[]; tpr: number[]; thresholds: number[] };
  roc_full: { fpr: number[]; tpr: number[]; thresholds: number[] };
  auc: number;
  pr: { precision: number[]; recall: number[]; thresholds: number[] };
  average_precision: number;
  median: number;
  confusion_at_median: [[number, number], [number, number]];
  report_at_median: Record<"0" | "1", Record<string, FixtureFigures | number>>;
  report_all_negative: Record<"0" | "1", Record<string, FixtureFigures | number>>;
  report_all_positive: Record<"0" | "1", Record<string, FixtureFigures | number>>;
  best_youden_j: number;
  best_f1: number;
  quantiles: Record<string, number>;
  delong95: [number, number];
}

/** The cases of fixtures/metrics.json (random scores, ties, imbalanced classes, degenerate cases). */
export function metricsCases(): MetricsCase[] {
  const text = readFileSync(join(import.meta.dirname, "fixtures", "metrics.json"), "utf8");
  return (JSON.parse(text) as { cases: MetricsCase[] }).cases;
}

/** The t-SNE fixture: points, labels, their PCA scores, an embedding and scikit-learn's trustworthiness figures. */
export interface TsneFixture {
  X: number[][];
  labels: number[];
  Y: number[][];
  pca_scores: number[][];
  trustworthiness: Record<string, number>;
  sklearn_tsne_trustworthiness: number;
}

/** fixtures/tsne.json. */
export function tsneFixture(): TsneFixture {
  return JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "tsne.json"), "utf8")) as TsneFixture;
}

/** Asserts two arrays have the same length and agree element-wise within `tol` (absolute). */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: number,
  what = "",
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    assert.ok(Math.abs(a - e) <= tol, `${what}[${i}]: ${a} vs ${e}`);
  }
}
