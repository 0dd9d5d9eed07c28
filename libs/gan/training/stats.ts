/**
 * Count, sum and sum of squares of every value reported for one statistic, as NVIDIA's `training_stats` keeps them
 * (its "moments"), so that means and spreads add up exactly across rounds, steps and a resume.
 */
export interface StatMoments {
  /** Values reported. */
  num: number;
  /** Their sum. */
  sum: number;
  /** The sum of their squares. */
  sumSq: number;
}

/** One statistic over a tick, as a `stats.jsonl` line holds it: `{ num, mean, std }`. */
export interface StatSummary {
  /** Values reported over the tick. */
  num: number;
  /** Their mean. */
  mean: number;
  /** Their (population) standard deviation, `sqrt(max(E[x²] − E[x]², 0))` as upstream. */
  std: number;
}

/** The moments of a list of values. */
export function momentsOf(values: ArrayLike<number>): StatMoments {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    sum += v;
    sumSq += v * v;
  }
  return { num: values.length, sum, sumSq };
}

/** Adds `more` into `into`, statistic by statistic. */
export function addMoments(into: Map<string, StatMoments>, more: Iterable<[string, StatMoments]>): void {
  for (const [name, m] of more) {
    const acc = into.get(name);
    if (acc === undefined) into.set(name, { ...m });
    else {
      acc.num += m.num;
      acc.sum += m.sum;
      acc.sumSq += m.sumSq;
    }
  }
}

/** Count, mean and standard deviation from moments, as upstream's `training_stats.Collector` computes them. */
export function summarize(m: StatMoments): StatSummary {
  if (m.num === 0) return { num: 0, mean: Number.NaN, std: Number.NaN };
  const mean = m.sum / m.num;
  return { num: m.num, mean, std: Math.sqrt(Math.max(m.sumSq / m.num - mean * mean, 0)) };
}
