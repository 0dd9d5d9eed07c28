// Small classifiers for measuring how separable a synthetic set is: L2 logistic regression fitted by Newton's
// method (what scikit-learn's LogisticRegression(C) solves: the intercept unpenalised) on standardised features,
// and the ROC AUC. Written here because the set checks need nothing more and no well-kept npm package offers
// both without a heavy runtime.

/** A fitted logistic regression on standardised features. */
export interface LogisticModel {
  /** Per-feature mean and standard deviation of the training set, applied before the weights. */
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  /** Weights on the standardised features, then the intercept. */
  readonly weights: readonly number[];
  readonly intercept: number;
}

/** Options for {@linkcode fitLogistic}. */
export interface FitLogisticOptions {
  /**
   * Inverse L2 strength, as scikit-learn's `C`: minimises `C * sum(logloss) + |w|^2 / 2`.
   * @default 1
   */
  readonly c?: number;
  /**
   * Standardise features with the training set's mean and (population) standard deviation first.
   * @default true
   */
  readonly standardise?: boolean;
}

/**
 * Fits `P(y = 1 | x) = sigmoid(w . x + b)` by Newton's method on the penalised log-likelihood.
 *
 * @throws {RangeError} on empty, ragged or non-finite input, or labels other than 0 and 1
 */
export function fitLogistic(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: FitLogisticOptions = {},
): LogisticModel {
  const c = options.c ?? 1;
  const n = x.length;
  const d = x[0]?.length ?? 0;
  if (n === 0 || d === 0)
    throw new RangeError("Logistic regression needs at least one sample and one feature");
  if (y.length !== n) throw new RangeError(`Got '${n}' samples but '${y.length}' labels`);
  for (const row of x) {
    if (row.length !== d || !row.every(Number.isFinite))
      throw new RangeError(`Every sample must hold '${d}' finite features`);
  }
  if (!y.every((v) => v === 0 || v === 1)) throw new RangeError("Labels must be 0 or 1");
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(1);
  if (options.standardise ?? true) {
    for (let k = 0; k < d; k++) {
      let m = 0;
      for (const row of x) m += row[k] as number;
      m /= n;
      let v = 0;
      for (const row of x) v += ((row[k] as number) - m) ** 2;
      mean[k] = m;
      scale[k] = Math.sqrt(v / n) || 1;
    }
  }
  const z = x.map((row) => [...row.map((v, k) => (v - (mean[k] as number)) / (scale[k] as number)), 1]);
  const p = d + 1;
  const w = new Array<number>(p).fill(0);
  for (let iter = 0; iter < 100; iter++) {
    // Gradient and Hessian of C * sum(logloss) + |w[0..d)|^2 / 2.
    const grad = w.map((v, k) => (k < d ? v : 0));
    const hess = Array.from({ length: p }, (_, i) =>
      Array.from({ length: p }, (_, j) => (i === j && i < d ? 1 : 0)),
    );
    for (let i = 0; i < n; i++) {
      const row = z[i] as number[];
      let t = 0;
      for (let k = 0; k < p; k++) t += (w[k] as number) * (row[k] as number);
      const prob = 1 / (1 + Math.exp(-t));
      const r = c * (prob - (y[i] as number));
      const s = c * prob * (1 - prob);
      for (let a = 0; a < p; a++) {
        grad[a] = (grad[a] as number) + r * (row[a] as number);
        const ha = hess[a] as number[];
        for (let b = 0; b < p; b++) ha[b] = (ha[b] as number) + s * (row[a] as number) * (row[b] as number);
      }
    }
    const step = solve(hess, grad);
    let size = 0;
    for (let k = 0; k < p; k++) {
      w[k] = (w[k] as number) - (step[k] as number);
      size = Math.max(size, Math.abs(step[k] as number));
    }
    if (size < 1e-10) break;
  }
  return { mean, scale, weights: w.slice(0, d), intercept: w[d] as number };
}

/** The model's decision value `w . x + b` (monotone in the probability) for each sample. */
export function decision(model: LogisticModel, x: readonly (readonly number[])[]): number[] {
  return x.map((row) => {
    let t = model.intercept;
    for (let k = 0; k < model.weights.length; k++) {
      t +=
        ((model.weights[k] as number) * ((row[k] as number) - (model.mean[k] as number))) /
        (model.scale[k] as number);
    }
    return t;
  });
}

/** Solves `a x = b` for a small symmetric positive-definite `a` (Gaussian elimination, partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs((m[r] as number[])[col] as number) > Math.abs((m[pivot] as number[])[col] as number))
        pivot = r;
    }
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const top = m[col] as number[];
    for (let r = col + 1; r < n; r++) {
      const row = m[r] as number[];
      const f = (row[col] as number) / (top[col] as number);
      for (let k = col; k <= n; k++) row[k] = (row[k] as number) - f * (top[k] as number);
    }
  }
  const out = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r] as number[];
    let v = row[n] as number;
    for (let k = r + 1; k < n; k++) v -= (row[k] as number) * (out[k] as number);
    out[r] = v / (row[r] as number);
  }
  return out;
}

/**
 * Area under the ROC curve of `scores` for `labels` (1 positive): the Mann-Whitney statistic, ties counting half.
 *
 * @throws {RangeError} when lengths differ or a class is missing
 */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  if (scores.length !== labels.length)
    throw new RangeError(`Got '${scores.length}' scores but '${labels.length}' labels`);
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  // Average ranks over ties.
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (
      j + 1 < order.length &&
      (order[j + 1] as readonly [number, number])[0] === (order[i] as readonly [number, number])[0]
    )
      j++;
    for (let k = i; k <= j; k++) ranks[(order[k] as readonly [number, number])[1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      positives++;
      rankSum += ranks[i] as number;
    }
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) throw new RangeError("AUC needs both classes");
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
