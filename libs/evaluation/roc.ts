import { binaryCurve } from "./_binary_curve.ts";
import { checkBothClasses, checkScored } from "./_validate.ts";

/** A receiver operating characteristic curve, scikit-learn's `roc_curve` output. */
export interface RocCurve {
  /** False positive rate at each threshold, increasing from 0 to 1. */
  readonly fpr: Float64Array;
  /** True positive rate at each threshold, increasing from 0 to 1. */
  readonly tpr: Float64Array;
  /**
   * Decreasing thresholds: a score >= `thresholds[k]` is called positive at point k. The first is the largest score
   * plus 1 (scikit-learn 1.2's convention for the (0, 0) point).
   */
  readonly thresholds: Float64Array;
}

/** Options for {@linkcode rocCurve}. */
export interface RocCurveOptions {
  /**
   * Drop thresholds that lie on a straight segment of the curve, as scikit-learn's `drop_intermediate`.
   * @default true
   */
  readonly dropIntermediate?: boolean;
}

/**
 * The ROC curve of `scores` against binary `labels` (1 = positive), equal to scikit-learn's
 * `roc_curve(labels, scores)` (ties give one point each).
 *
 * @throws {RangeError} when lengths differ, a label is not 0/1, a score is not finite, or one class is missing.
 */
export function rocCurve(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: RocCurveOptions = {},
): RocCurve {
  checkScored(labels, scores);
  checkBothClasses(labels);
  let { fps, tps, thresholds } = binaryCurve(labels, scores);
  if ((options.dropIntermediate ?? true) && fps.length > 2) {
    // Keep the ends and every point where the second difference of fps or tps is not zero (a corner).
    const keep: number[] = [0];
    for (let k = 1; k < fps.length - 1; k++) {
      const d2f = (fps[k + 1] as number) - 2 * (fps[k] as number) + (fps[k - 1] as number);
      const d2t = (tps[k + 1] as number) - 2 * (tps[k] as number) + (tps[k - 1] as number);
      if (d2f !== 0 || d2t !== 0) keep.push(k);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (k) => fps[k] as number);
    tps = Float64Array.from(keep, (k) => tps[k] as number);
    thresholds = Float64Array.from(keep, (k) => thresholds[k] as number);
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thr = new Float64Array(m);
  const negatives = fps[fps.length - 1] as number;
  const positives = tps[tps.length - 1] as number;
  thr[0] = (thresholds[0] as number) + 1;
  for (let k = 1; k < m; k++) {
    fpr[k] = (fps[k - 1] as number) / negatives;
    tpr[k] = (tps[k - 1] as number) / positives;
    thr[k] = thresholds[k - 1] as number;
  }
  return { fpr, tpr, thresholds: thr };
}

/** Area under a curve by the trapezoidal rule, as numpy's `trapz(y, x)`. */
export function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length)
    throw new RangeError(`x and y must have the same length, got '${x.length}' and '${y.length}'`);
  let area = 0;
  for (let k = 1; k < x.length; k++) {
    area += ((x[k] as number) - (x[k - 1] as number)) * (((y[k] as number) + (y[k - 1] as number)) / 2);
  }
  return area;
}

/**
 * Area under the ROC curve, equal to scikit-learn's `roc_auc_score(labels, scores)` for binary labels: the
 * trapezoidal area under {@linkcode rocCurve}, so tied scores count one half.
 *
 * @throws {RangeError} as {@linkcode rocCurve}.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { fpr, tpr } = rocCurve(labels, scores);
  return trapezoid(fpr, tpr);
}
