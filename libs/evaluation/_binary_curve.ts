/**
 * Cumulative counts at each distinct score, scores descending: scikit-learn's `_binary_clf_curve`.
 * `tps[k]` / `fps[k]` are the positives / negatives with score >= `thresholds[k]`.
 */
export interface BinaryCurve {
  readonly fps: Float64Array;
  readonly tps: Float64Array;
  readonly thresholds: Float64Array;
}

/** Counts for {@linkcode BinaryCurve}; inputs are checked by the caller. */
export function binaryCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): BinaryCurve {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    tp += labels[i] as number;
    const next = order[k + 1];
    // The end of a run of equal scores is one point of the curve.
    if (next === undefined || scores[next] !== scores[i]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(scores[i] as number);
    }
  }
  return {
    fps: Float64Array.from(fps),
    tps: Float64Array.from(tps),
    thresholds: Float64Array.from(thresholds),
  };
}
