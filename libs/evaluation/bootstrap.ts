import { Random } from "./_random.ts";
import { checkBothClasses, checkScored } from "./_validate.ts";
import { sortedQuantile } from "./quantile.ts";

/** Options for {@linkcode bootstrapAuc}. */
export interface BootstrapAucOptions {
  /**
   * Bootstrap resamples.
   * @default 2000
   */
  readonly resamples?: number;
  /**
   * Confidence level of the interval.
   * @default 0.95
   */
  readonly confidence?: number;
  /**
   * Seed of the resampling; the same seed gives the same interval.
   * @default 0
   */
  readonly seed?: number;
  /**
   * Resample the normal and the anomalous images separately, each with its own count (stratified), so that every
   * resample holds both classes in the original proportions; otherwise resample all images together, and skip
   * resamples with one class only.
   * @default true
   */
  readonly stratified?: boolean;
}

/** A bootstrap interval of the ROC AUC. */
export interface AucInterval {
  /** Lower bound: the (1 - confidence) / 2 quantile of the resampled AUCs. */
  readonly lo: number;
  /** Upper bound: the (1 + confidence) / 2 quantile of the resampled AUCs. */
  readonly hi: number;
  /** Resamples the interval comes from (fewer than asked when unstratified resamples held one class only). */
  readonly resamples: number;
}

/**
 * A percentile bootstrap confidence interval of the ROC AUC: resample the images with replacement (stratified by
 * class by default), take each resample's AUC, and return the quantiles (numpy's linear definition) at
 * (1 - confidence) / 2 and (1 + confidence) / 2. Seeded and deterministic.
 *
 * @throws {RangeError} for bad scores or labels, one class only, or bad options.
 */
export function bootstrapAuc(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: BootstrapAucOptions = {},
): AucInterval {
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const stratified = options.stratified ?? true;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`Resamples must be a positive integer, got '${resamples}'`);
  }
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`Confidence must be in (0, 1), got '${confidence}'`);
  checkScored(labels, scores);
  checkBothClasses(labels);
  const ranked = rankGroups(labels, scores);
  const random = new Random(options.seed ?? 0);
  const n = labels.length;
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < n; i++) (labels[i] === 1 ? positives : negatives).push(i);
  const counts = new Uint32Array(n);
  const aucs: number[] = [];
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    if (stratified) {
      for (let k = 0; k < positives.length; k++)
        (counts[positives[random.below(positives.length)] as number] as number)++;
      for (let k = 0; k < negatives.length; k++)
        (counts[negatives[random.below(negatives.length)] as number] as number)++;
    } else {
      for (let k = 0; k < n; k++) (counts[random.below(n)] as number)++;
    }
    const auc = weightedAuc(ranked, counts);
    if (!Number.isNaN(auc)) aucs.push(auc);
  }
  if (aucs.length === 0) throw new RangeError("No bootstrap resample held both classes");
  const sorted = Float64Array.from(aucs).sort();
  return {
    lo: sortedQuantile(sorted, (1 - confidence) / 2),
    hi: sortedQuantile(sorted, (1 + confidence) / 2),
    resamples: aucs.length,
  };
}

/** Image indices in ascending score order, with where each run of equal scores ends. */
export interface RankedScores {
  readonly order: Uint32Array;
  /** `groupEnd[k]` is one past the last position of the run of equal scores that position k belongs to. */
  readonly groupEnd: Uint32Array;
  readonly labels: ArrayLike<number>;
}

/** Sorts once so that each resample's AUC is a linear pass. */
export function rankGroups(labels: ArrayLike<number>, scores: ArrayLike<number>): RankedScores {
  const n = scores.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  const groupEnd = new Uint32Array(n);
  let start = 0;
  for (let k = 1; k <= n; k++) {
    if (k === n || scores[order[k] as number] !== scores[order[start] as number]) {
      groupEnd.fill(k, start, k);
      start = k;
    }
  }
  return { order, groupEnd, labels };
}

/**
 * The ROC AUC of a multiset of the images (image i counted `counts[i]` times) by the Mann-Whitney statistic, ties
 * counting one half: the same number as the trapezoidal area. NaN when a class is absent.
 */
export function weightedAuc(ranked: RankedScores, counts: ArrayLike<number>): number {
  const { order, groupEnd, labels } = ranked;
  let negBelow = 0;
  let pairs = 0;
  let totalPos = 0;
  let k = 0;
  while (k < order.length) {
    const end = groupEnd[k] as number;
    let pos = 0;
    let neg = 0;
    for (; k < end; k++) {
      const i = order[k] as number;
      const c = counts[i] as number;
      if (labels[i] === 1) pos += c;
      else neg += c;
    }
    pairs += pos * (negBelow + neg / 2);
    negBelow += neg;
    totalPos += pos;
  }
  return totalPos === 0 || negBelow === 0 ? Number.NaN : pairs / (totalPos * negBelow);
}
