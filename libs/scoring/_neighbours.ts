/**
 * The k rows of `pool` (rows of `dim` values) nearest to `query` by euclidean distance, nearest first, skipping
 * row `exclude`; ties go to the lower row. Brute force: reference sets are thousands of latents, a few
 * milliseconds per query.
 */
export function nearestRows(
  query: ArrayLike<number>,
  pool: ArrayLike<number>,
  dim: number,
  k: number,
  rows: readonly number[],
): { rows: number[]; distances: number[] } {
  const found: { row: number; d: number }[] = [];
  for (const r of rows) {
    let s = 0;
    for (let t = 0; t < dim; t++) {
      const diff = (query[t] as number) - (pool[r * dim + t] as number);
      s += diff * diff;
    }
    const d = Math.sqrt(s);
    if (found.length < k || d < (found[found.length - 1] as { d: number }).d) {
      let at = found.length;
      while (at > 0 && (found[at - 1] as { d: number }).d > d) at--;
      found.splice(at, 0, { row: r, d });
      if (found.length > k) found.pop();
    }
  }
  return { rows: found.map((f) => f.row), distances: found.map((f) => f.d) };
}
