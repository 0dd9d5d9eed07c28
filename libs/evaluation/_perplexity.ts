/**
 * Conditional probabilities p(j|i) over each point's k neighbours whose entropy matches log(perplexity): a binary
 * search on the Gaussian precision per point, 100 steps, tolerance 1e-5 (scikit-learn's `_binary_search_perplexity`).
 */
export function binarySearchPerplexity(
  sqDistances: Float64Array,
  n: number,
  k: number,
  perplexity: number,
): Float64Array {
  const p = new Float64Array(n * k);
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let beta = 1;
    let betaMin = Number.NEGATIVE_INFINITY;
    let betaMax = Number.POSITIVE_INFINITY;
    for (let step = 0; step < 100; step++) {
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const v = Math.exp(-(sqDistances[o + j] as number) * beta);
        p[o + j] = v;
        sum += v;
      }
      if (sum === 0) sum = 1e-8;
      let weighted = 0;
      for (let j = 0; j < k; j++) {
        const v = (p[o + j] as number) / sum;
        p[o + j] = v;
        weighted += (sqDistances[o + j] as number) * v;
      }
      const diff = Math.log(sum) + beta * weighted - target;
      if (Math.abs(diff) <= 1e-5) break;
      if (diff > 0) {
        betaMin = beta;
        beta = betaMax === Number.POSITIVE_INFINITY ? beta * 2 : (beta + betaMax) / 2;
      } else {
        betaMax = beta;
        beta = betaMin === Number.NEGATIVE_INFINITY ? beta / 2 : (beta + betaMin) / 2;
      }
    }
  }
  return p;
}
