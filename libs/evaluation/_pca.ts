import type { Random } from "./_random.ts";

/**
 * Scores of the first `k` principal components of the rows of `x` (n x d, row-major), n x k row-major: the
 * projections of the centred rows on the leading right singular vectors, found by randomised subspace iteration
 * (Halko et al. 2011, the method behind scikit-learn's `PCA(svd_solver="randomized")` that t-SNE's PCA start uses).
 * Signs as scikit-learn's `svd_flip`: the largest score of each component (in absolute value) is positive.
 */
export function principalScores(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  random: Random,
): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < d; t++) mean[t] = (mean[t] as number) + (x[i * d + t] as number);
  for (let t = 0; t < d; t++) mean[t] = (mean[t] as number) / n;
  const xc = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < d; t++) xc[i * d + t] = (x[i * d + t] as number) - (mean[t] as number);

  const l = Math.min(k + 8, n, d);
  // W is kept as l rows of d values (W^T), Y as n rows of l values: every inner loop runs over contiguous memory.
  let wt: Float64Array = new Float64Array(l * d);
  for (let t = 0; t < wt.length; t++) wt[t] = random.normal();
  let y: Float64Array = times(xc, n, d, wt, l);
  orthonormalise(y, l, n, 1, l);
  for (let it = 0; it < 7; it++) {
    wt = transposeTimes(xc, n, d, y, l);
    orthonormalise(wt, l, d, d, 1);
    y = times(xc, n, d, wt, l);
    orthonormalise(y, l, n, 1, l);
  }
  // B = Y^T Xc (l x d); the eigenvectors of B B^T rotate Y onto the left singular vectors.
  const b = transposeTimes(xc, n, d, y, l);
  const m = new Float64Array(l * l);
  for (let a = 0; a < l; a++) {
    for (let c = a; c < l; c++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (b[a * d + t] as number) * (b[c * d + t] as number);
      m[a * l + c] = s;
      m[c * l + a] = s;
    }
  }
  const { values, vectors } = symmetricEigen(m, l);
  const order = Array.from({ length: l }, (_, i) => i).sort(
    (a, c) => (values[c] as number) - (values[a] as number),
  );
  const out = new Float64Array(n * k);
  for (let c = 0; c < Math.min(k, l); c++) {
    const e = order[c] as number;
    // Scores = Y u * sigma, sigma = sqrt(eigenvalue of B B^T).
    const sigma = Math.sqrt(Math.max(values[e] as number, 0));
    let biggest = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < l; a++) s += (y[i * l + a] as number) * (vectors[a * l + e] as number);
      s *= sigma;
      out[i * k + c] = s;
      if (Math.abs(s) > Math.abs(biggest)) biggest = s;
    }
    if (biggest < 0) for (let i = 0; i < n; i++) out[i * k + c] = -(out[i * k + c] as number);
  }
  return out;
}

// Y = X W (n x l), W given as its transpose (l x d).
function times(x: Float64Array, n: number, d: number, wt: Float64Array, l: number): Float64Array {
  const out = new Float64Array(n * l);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let a = 0; a < l; a++) {
      const w = a * d;
      let s = 0;
      for (let t = 0; t < d; t++) s += (x[o + t] as number) * (wt[w + t] as number);
      out[i * l + a] = s;
    }
  }
  return out;
}

// (X^T Y)^T = Y^T X (l x d), Y n x l.
function transposeTimes(x: Float64Array, n: number, d: number, y: Float64Array, l: number): Float64Array {
  const out = new Float64Array(l * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let a = 0; a < l; a++) {
      const c = y[i * l + a] as number;
      const w = a * d;
      for (let t = 0; t < d; t++) out[w + t] = (out[w + t] as number) + c * (x[o + t] as number);
    }
  }
  return out;
}

// Modified Gram-Schmidt on `count` vectors of `length` values: element r of vector a is at a * vecStride +
// r * elemStride. A vector that vanishes stays zero.
function orthonormalise(
  q: Float64Array,
  count: number,
  length: number,
  vecStride: number,
  elemStride: number,
): void {
  for (let a = 0; a < count; a++) {
    const oa = a * vecStride;
    for (let b = 0; b < a; b++) {
      const ob = b * vecStride;
      let dot = 0;
      for (let r = 0; r < length; r++)
        dot += (q[oa + r * elemStride] as number) * (q[ob + r * elemStride] as number);
      for (let r = 0; r < length; r++) {
        q[oa + r * elemStride] =
          (q[oa + r * elemStride] as number) - dot * (q[ob + r * elemStride] as number);
      }
    }
    let norm = 0;
    for (let r = 0; r < length; r++) norm += (q[oa + r * elemStride] as number) ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < length; r++) {
      q[oa + r * elemStride] = norm > 1e-300 ? (q[oa + r * elemStride] as number) / norm : 0;
    }
  }
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations; eigenvectors are columns. */
export function symmetricEigen(m: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += (a[p * l + q] as number) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((a[q * l + q] as number) - (a[p * l + p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < l; r++) {
          const arp = a[r * l + p] as number;
          const arq = a[r * l + q] as number;
          a[r * l + p] = c * arp - s * arq;
          a[r * l + q] = s * arp + c * arq;
        }
        for (let r = 0; r < l; r++) {
          const apr = a[p * l + r] as number;
          const aqr = a[q * l + r] as number;
          a[p * l + r] = c * apr - s * aqr;
          a[q * l + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < l; r++) {
          const vrp = v[r * l + p] as number;
          const vrq = v[r * l + q] as number;
          v[r * l + p] = c * vrp - s * vrq;
          v[r * l + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: l }, (_, i) => a[i * l + i] as number), vectors: v };
}
