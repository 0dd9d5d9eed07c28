import { binaryCurve } from "./_binary_curve.ts";
import { checkBothClasses, checkScored } from "./_validate.ts";
import { median } from "./quantile.ts";

/** How a sheet's decision threshold is chosen; an image is called anomalous when its score > the threshold. */
export const ThresholdRule = {
  /** The original's: the median of the evaluated scores themselves (uses the test set: optimistic). */
  MEDIAN: "median",
  /** The cut that maximises Youden's J = TPR - FPR on the evaluated scores (uses the labels: optimistic). */
  YOUDEN: "youden",
  /** The cut that maximises the anomalous class's F1 on the evaluated scores (uses the labels: optimistic). */
  MAX_F1: "max-f1",
  /** A threshold fixed beforehand on held-out normal images (`calibration.json`): the honest one. */
  CALIBRATED: "calibrated",
} as const;

/** One of the {@linkcode ThresholdRule} values. */
export type ThresholdRule = (typeof ThresholdRule)[keyof typeof ThresholdRule];

/** Whether `value` names a {@linkcode ThresholdRule}. */
export function isThresholdRule(value: unknown): value is ThresholdRule {
  return Object.values(ThresholdRule).includes(value as ThresholdRule);
}

/** A chosen threshold, on the sheet's raw scores. */
export interface Threshold {
  /** The rule that gave it. */
  readonly method: ThresholdRule;
  /** Threshold on raw scores: anomalous when score > value. */
  readonly value: number;
}

/** Options for {@linkcode chooseThreshold}. */
export interface ChooseThresholdOptions {
  /**
   * The rule.
   * @default "median"
   */
  readonly rule?: ThresholdRule;
  /** The calibrated threshold on raw scores; required by, and only used by, the `calibrated` rule. */
  readonly calibrated?: number;
}

/**
 * The decision threshold of `scores` by a {@linkcode ThresholdRule}.
 *
 * `youden` and `max-f1` try every cut between two neighbouring distinct scores (the points of the full ROC curve)
 * and return the midpoint of the best gap, so that `score > value` reproduces the cut; a tie between cuts goes to
 * the highest. A cut above every score (nothing anomalous) is the largest score; below every score, the smallest
 * minus 1.
 *
 * @throws {RangeError} for bad scores or labels, one class only (youden, max-f1), an unknown rule, or `calibrated`
 *   without a finite `calibrated` value.
 */
export function chooseThreshold(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: ChooseThresholdOptions = {},
): Threshold {
  const rule = options.rule ?? ThresholdRule.MEDIAN;
  checkScored(labels, scores);
  if (scores.length === 0) throw new RangeError("Scores must not be empty");
  switch (rule) {
    case ThresholdRule.MEDIAN:
      return { method: rule, value: median(scores) };
    case ThresholdRule.CALIBRATED: {
      const value = options.calibrated;
      if (value === undefined || !Number.isFinite(value)) {
        throw new RangeError(`The calibrated rule needs a finite calibrated threshold, got '${value}'`);
      }
      return { method: rule, value };
    }
    case ThresholdRule.YOUDEN:
    case ThresholdRule.MAX_F1: {
      checkBothClasses(labels);
      const { fps, tps, thresholds } = binaryCurve(labels, scores);
      const negatives = fps[fps.length - 1] as number;
      const positives = tps[tps.length - 1] as number;
      const gain = (tp: number, fp: number) =>
        rule === ThresholdRule.YOUDEN
          ? tp / positives - fp / negatives
          : (2 * tp) / (2 * tp + fp + (positives - tp));
      // Cut k calls the k highest distinct scores anomalous; cut 0 calls nothing anomalous.
      let best = 0;
      let bestGain = gain(0, 0);
      for (let k = 1; k <= thresholds.length; k++) {
        const g = gain(tps[k - 1] as number, fps[k - 1] as number);
        if (g > bestGain) {
          best = k;
          bestGain = g;
        }
      }
      const above = best === 0 ? undefined : (thresholds[best - 1] as number);
      const below = thresholds[best] as number | undefined;
      let value: number;
      if (above === undefined) value = thresholds[0] as number;
      else if (below === undefined) value = above - 1;
      else {
        value = below + (above - below) / 2;
        // Two neighbouring doubles have no midpoint: the lower one cuts the same way.
        if (!(value < above)) value = below;
      }
      return { method: rule, value };
    }
    default:
      throw new RangeError(
        `Unknown threshold rule '${String(rule)}', expected one of ${Object.values(ThresholdRule).join(", ")}`,
      );
  }
}
