import { type ConfusionMatrix, confusionMatrix } from "./confusion.ts";

/** Precision, recall, F1 and support of one class, or an average of them. */
export interface ClassFigures {
  /** Of the images called this class, the fraction that are. */
  readonly precision: number;
  /** Of the images of this class, the fraction called so. */
  readonly recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  readonly f1: number;
  /** Number of images of this class (for averages: of both classes). */
  readonly support: number;
}

/** The figures of one named class. */
export interface NamedClassFigures extends ClassFigures {
  /** Class name, e.g. `naevus`. */
  readonly name: string;
}

/** scikit-learn's `classification_report(..., output_dict=True)` for two classes. */
export interface ClassificationReport {
  /** Class 0 (normal), then class 1 (anomalous). */
  readonly classes: readonly [NamedClassFigures, NamedClassFigures];
  /** Fraction of images called right. */
  readonly accuracy: number;
  /** Unweighted mean of the two classes' figures (`macro avg`). */
  readonly macroAvg: ClassFigures;
  /** Mean of the two classes' figures weighted by support (`weighted avg`). */
  readonly weightedAvg: ClassFigures;
}

/** Options for {@linkcode classificationReport}. */
export interface ClassificationReportOptions {
  /**
   * Names of class 0 and class 1.
   * @default ["naevus", "melanoma"]
   */
  readonly names?: readonly [string, string];
  /**
   * Value of a precision or recall whose denominator is zero (no image called, or none of, that class), as
   * scikit-learn's `zero_division`; its default `"warn"` also gives 0. F1 is 0 whenever precision + recall is 0.
   * @default 0
   */
  readonly zeroDivision?: 0 | 1;
}

const RESERVED = new Set(["accuracy", "macro avg", "weighted avg"]);

/**
 * Per-class precision, recall, F1 and support, accuracy, macro and weighted averages of binary predictions, equal to
 * scikit-learn's `classification_report(labels, predicted, labels=[0, 1], output_dict=True, zero_division=...)`.
 *
 * @throws {RangeError} when lengths differ, there are no labels, a value is not 0/1, or the names are not two
 *   distinct names other than the report's own keys.
 */
export function classificationReport(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  if (labels.length === 0) throw new RangeError("Labels must not be empty");
  return reportFromMatrix(confusionMatrix(labels, predicted), options);
}

/** {@linkcode classificationReport} from a confusion matrix `[[tn, fp], [fn, tp]]` with at least one image. */
export function reportFromMatrix(
  matrix: ConfusionMatrix,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const names = options.names ?? ["naevus", "melanoma"];
  if (names.length !== 2 || names[0] === names[1] || names.some((n) => n === "" || RESERVED.has(n))) {
    throw new RangeError(
      `Class names must be two distinct non-empty names other than ${[...RESERVED].join(", ")}, got '${names.join("', '")}'`,
    );
  }
  const zero = options.zeroDivision ?? 0;
  if (zero !== 0 && zero !== 1) throw new RangeError(`zeroDivision must be 0 or 1, got '${zero}'`);
  const [[tn, fp], [fn, tp]] = matrix;
  const total = tn + fp + fn + tp;
  if (total === 0) throw new RangeError("Confusion matrix must count at least one image");
  const divide = (num: number, den: number) => (den === 0 ? zero : num / den);
  const figures = (name: string, hits: number, called: number, actual: number): NamedClassFigures => {
    const precision = divide(hits, called);
    const recall = divide(hits, actual);
    const denom = precision + recall;
    // scikit-learn's order of operations: (1 + beta^2) * p * r / (beta^2 * p + r), 0/0 read as 0.
    return {
      name,
      precision,
      recall,
      f1: (2 * precision * recall) / (denom === 0 ? 1 : denom),
      support: actual,
    };
  };
  const neg = figures(names[0], tn, tn + fn, tn + fp);
  const pos = figures(names[1], tp, tp + fp, fn + tp);
  const average = (w0: number, w1: number): ClassFigures => {
    const mean = (a: number, b: number) => (a * w0 + b * w1) / (w0 + w1);
    return {
      precision: mean(neg.precision, pos.precision),
      recall: mean(neg.recall, pos.recall),
      f1: mean(neg.f1, pos.f1),
      support: total,
    };
  };
  return {
    classes: [neg, pos],
    accuracy: (tn + tp) / total,
    macroAvg: average(1, 1),
    weightedAvg: average(neg.support, pos.support),
  };
}

/** A report as the dictionary scikit-learn's `output_dict=True` gives, with `f1` for its `f1-score`. */
export function reportAsDict(report: ClassificationReport): Record<string, ClassFigures | number> {
  const plain = ({ precision, recall, f1, support }: ClassFigures): ClassFigures => ({
    precision,
    recall,
    f1,
    support,
  });
  const [neg, pos] = report.classes;
  return {
    [neg.name]: plain(neg),
    [pos.name]: plain(pos),
    accuracy: report.accuracy,
    "macro avg": plain(report.macroAvg),
    "weighted avg": plain(report.weightedAvg),
  };
}
