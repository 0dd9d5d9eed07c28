import { binaryCurve } from "./_binary_curve.ts";
import { checkBothClasses, checkScored } from "./_validate.ts";

/** A precision-recall curve, scikit-learn's `precision_recall_curve` output. */
export interface PrecisionRecallCurve {
  /** Precision at each threshold, then 1 for the end point (recall 0). One more value than `thresholds`. */
  readonly precision: Float64Array;
  /** Recall at each threshold, decreasing, then 0. One more value than `thresholds`. */
  readonly recall: Float64Array;
  /** Increasing distinct scores: a score >= `thresholds[k]` is called positive at point k. */
  readonly thresholds: Float64Array;
}

/**
 * The precision-recall curve of `scores` against binary `labels` (1 = positive), equal to scikit-learn 1.2's
 * `precision_recall_curve(labels, scores)`: one point per distinct score, increasing thresholds, precision 0 where
 * nothing is called positive.
 *
 * @throws {RangeError} when lengths differ, a label is not 0/1, a score is not finite, or one class is missing.
 */
export function precisionRecallCurve(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): PrecisionRecallCurve {
  checkScored(labels, scores);
  checkBothClasses(labels);
  const { fps, tps, thresholds } = binaryCurve(labels, scores);
  const m = tps.length;
  const positives = tps[m - 1] as number;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thr = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const src = m - 1 - k;
    const tp = tps[src] as number;
    const called = tp + (fps[src] as number);
    precision[k] = called === 0 ? 0 : tp / called;
    recall[k] = tp / positives;
    thr[k] = thresholds[src] as number;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: thr };
}

/**
 * Average precision, equal to scikit-learn's `average_precision_score(labels, scores)`: the sum over thresholds of
 * precision times the recall gained, `-sum(diff(recall) * precision[:-1])` (a step function, no interpolation).
 *
 * @throws {RangeError} as {@linkcode precisionRecallCurve}.
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { precision, recall } = precisionRecallCurve(labels, scores);
  let sum = 0;
  for (let k = 0; k + 1 < recall.length; k++) {
    sum += ((recall[k + 1] as number) - (recall[k] as number)) * (precision[k] as number);
  }
  return -sum;
}
