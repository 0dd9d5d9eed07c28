/**
 * `mean((a - b)²)` over all values, accumulated in float64: the MSE terms of the izif score (pixels of x and
 * G(E(x)) in [-1, 1], or discriminator features).
 */
export function meanSquaredError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkLengths(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return a.length === 0 ? 0 : sum / a.length;
}

/** PyTorch's `PairwiseDistance(p=2)` default eps, added to the difference before the norm. */
export const PAIRWISE_EPS = 1e-6;

/** `||a - b + 1e-6||₂`, as PyTorch's `PairwiseDistance(p=2)` computes it for one pair; float64 accumulation. */
export function pairwiseDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkLengths(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]! + PAIRWISE_EPS;
    sum += d * d;
  }
  return Math.sqrt(sum);
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new RangeError(`Vectors must have the same length, got "${a.length}" and "${b.length}"`);
  }
}
