import { checkLabels } from "./_validate.ts";

/** Binary confusion counts laid out as scikit-learn's `confusion_matrix`: `[[tn, fp], [fn, tp]]`. */
export type ConfusionMatrix = readonly [readonly [number, number], readonly [number, number]];

/**
 * The confusion matrix of binary predictions, equal to scikit-learn's `confusion_matrix(labels, predicted,
 * labels=[0, 1])`: rows are the true class, columns the predicted one.
 *
 * @throws {RangeError} when lengths differ or a value is not 0/1.
 */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>): ConfusionMatrix {
  checkLabels(labels);
  checkLabels(predicted);
  if (labels.length !== predicted.length) {
    throw new RangeError(
      `Labels and predictions must have the same length, got '${labels.length}' and '${predicted.length}'`,
    );
  }
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let tp = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      if (predicted[i] === 1) tp++;
      else fn++;
    } else if (predicted[i] === 1) fp++;
    else tn++;
  }
  return [
    [tn, fp],
    [fn, tp],
  ];
}

/** Predictions at a threshold, as the original: anomalous (1) when score > threshold, else 0. */
export function predictAbove(scores: ArrayLike<number>, threshold: number): Uint8Array {
  if (Number.isNaN(threshold)) throw new RangeError("Threshold must be a number, got 'NaN'");
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = (scores[i] as number) > threshold ? 1 : 0;
  return out;
}
