import { bootstrapAuc } from "./bootstrap.ts";
import {
  type ClassFigures,
  type ClassificationReport,
  classificationReport,
  reportAsDict,
} from "./classification_report.ts";
import { confusionMatrix, predictAbove } from "./confusion.ts";
import { averagePrecision, type PrecisionRecallCurve, precisionRecallCurve } from "./precision_recall.ts";
import { type RocCurve, rocCurve, trapezoid } from "./roc.ts";
import { chooseThreshold, type ThresholdRule } from "./threshold.ts";

/**
 * The figures of one score sheet, as `<out>/<tag>/metrics.json` stores them (a stable format: keys are only ever
 * added in a new format version). Anomalous (label 1) is the positive class; an image is called anomalous when its
 * raw score is greater than `threshold.value`.
 *
 * ```jsonc
 * {
 *   "auc": 0.80,                      // ROC AUC (scikit-learn's roc_auc_score)
 *   "auc_ci95": [0.78, 0.82],         // stratified percentile bootstrap, 2000 resamples, seeded
 *   "average_precision": 0.79,        // scikit-learn's average_precision_score
 *   "threshold": { "method": "median", "value": 0.0123 },  // rule and value on the sheet's raw scores
 *   "confusion_matrix": [[923, 337], [388, 973]],          // [[tn, fp], [fn, tp]] at the threshold
 *   "report": {                       // scikit-learn's classification_report (zero_division 0), "f1-score" as "f1"
 *     "naevus":   { "precision": 0.704, "recall": 0.733, "f1": 0.718, "support": 1260 },
 *     "melanoma": { "precision": 0.743, "recall": 0.715, "f1": 0.729, "support": 1361 },
 *     "accuracy": 0.72,
 *     "macro avg":    { "precision": ..., "recall": ..., "f1": ..., "support": 2621 },
 *     "weighted avg": { "precision": ..., "recall": ..., "f1": ..., "support": 2621 }
 *   },
 *   "n": 2621                         // images in the sheet
 * }
 * ```
 */
export interface SheetMetrics {
  readonly auc: number;
  readonly auc_ci95: readonly [number, number];
  readonly average_precision: number;
  readonly threshold: { readonly method: ThresholdRule; readonly value: number };
  readonly confusion_matrix: readonly [readonly [number, number], readonly [number, number]];
  readonly report: Readonly<Record<string, ClassFigures | number>>;
  readonly n: number;
}

/** Everything computed for one sheet: its metrics and the curves behind its plots. */
export interface SheetEvaluation {
  readonly metrics: SheetMetrics;
  readonly roc: RocCurve;
  readonly pr: PrecisionRecallCurve;
  readonly report: ClassificationReport;
}

/** Options for {@linkcode evaluateScores}. */
export interface EvaluateScoresOptions {
  /**
   * Threshold rule.
   * @default "median"
   */
  readonly rule?: ThresholdRule;
  /** Calibrated raw threshold, required by the `calibrated` rule. */
  readonly calibrated?: number;
  /**
   * Names of class 0 and class 1 in the report.
   * @default ["naevus", "melanoma"]
   */
  readonly names?: readonly [string, string];
  /**
   * Bootstrap resamples of the AUC interval.
   * @default 2000
   */
  readonly resamples?: number;
  /**
   * Seed of the bootstrap.
   * @default 0
   */
  readonly seed?: number;
}

/**
 * Every figure of one sheet: ROC curve and AUC with its bootstrap interval, precision-recall curve and average
 * precision, the threshold by `rule`, and the confusion matrix and classification report at it.
 *
 * @throws {RangeError} for bad scores or labels, one class only, or bad options.
 */
export function evaluateScores(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: EvaluateScoresOptions = {},
): SheetEvaluation {
  const names = options.names ?? ["naevus", "melanoma"];
  const roc = rocCurve(labels, scores);
  const pr = precisionRecallCurve(labels, scores);
  const ci = bootstrapAuc(labels, scores, { resamples: options.resamples ?? 2000, seed: options.seed ?? 0 });
  const threshold = chooseThreshold(scores, labels, {
    rule: options.rule ?? "median",
    ...(options.calibrated === undefined ? {} : { calibrated: options.calibrated }),
  });
  const predicted = predictAbove(scores, threshold.value);
  const report = classificationReport(labels, predicted, { names });
  return {
    metrics: {
      auc: trapezoid(roc.fpr, roc.tpr),
      auc_ci95: [ci.lo, ci.hi],
      average_precision: averagePrecision(labels, scores),
      threshold,
      confusion_matrix: confusionMatrix(labels, predicted),
      report: reportAsDict(report),
      n: labels.length,
    },
    roc,
    pr,
    report,
  };
}
