import type { RepulsionPool } from "./_repulsion_pool.ts";

/** Symmetric sparse affinities P in CSR form (row i: columns[rowStart[i]..rowStart[i + 1]]), summing to 1. */
export interface Affinities {
  readonly rowStart: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float64Array;
}

const FLOAT32_TINY = 1.1754943508222875e-38;

/**
 * The Barnes-Hut gradient of KL(P || Q) into `grad` (scikit-learn's `_kl_divergence_bh`, one degree of freedom):
 * 4 (attraction over the sparse P - repulsion / Z), P multiplied by `scale` (early exaggeration); returns the KL
 * divergence when `withError`, else NaN. With theta 0 it is the exact gradient.
 */
export function klGradient(
  y: Float64Array,
  n: number,
  p: Affinities,
  scale: number,
  thetaSquared: number,
  repulsion: RepulsionPool,
  grad: Float64Array,
  withError: boolean,
): number {
  const z = repulsion.compute(y, thetaSquared, grad);
  const { rowStart, columns, values } = p;
  let error = 0;
  for (let i = 0; i < n; i++) {
    const yi0 = y[2 * i] as number;
    const yi1 = y[2 * i + 1] as number;
    let fx = 0;
    let fy = 0;
    for (let t = rowStart[i] as number; t < (rowStart[i + 1] as number); t++) {
      const j = columns[t] as number;
      const dx = yi0 - (y[2 * j] as number);
      const dy = yi1 - (y[2 * j + 1] as number);
      const q = 1 / (1 + dx * dx + dy * dy);
      const pij = (values[t] as number) * scale;
      const pq = pij * q;
      fx += pq * dx;
      fy += pq * dy;
      if (withError) error += pij * Math.log(Math.max(pij, FLOAT32_TINY) / Math.max(q / z, FLOAT32_TINY));
    }
    grad[2 * i] = 4 * (fx - (grad[2 * i] as number) / z);
    grad[2 * i + 1] = 4 * (fy - (grad[2 * i + 1] as number) / z);
  }
  return withError ? error : Number.NaN;
}
