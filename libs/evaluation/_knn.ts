import type { Matrix } from "./types.ts";

/** The k nearest neighbours of every row of a matrix (itself excluded), nearest first. */
export interface Neighbours {
  /** Neighbour indices, `k` per row. */
  readonly indices: Int32Array;
  /** Their squared euclidean distances, ascending within a row. */
  readonly sqDistances: Float64Array;
  readonly k: number;
}

/** Rows of `m` as float64 (the squared distances are accumulated in float64). */
export function toFloat64(m: Matrix): Float64Array {
  return m.data instanceof Float64Array ? m.data : Float64Array.from(m.data);
}

/**
 * Exact k nearest neighbours by squared euclidean distance, brute force over all pairs (each pair once):
 * |a|^2 + |b|^2 - 2 a.b, clamped at 0, as scikit-learn's `euclidean_distances`. O(n^2 d): fine for the few thousand
 * latents a report embeds, where a tree or an approximate index would gain little in 512 dimensions.
 */
export function nearestNeighbours(m: Matrix, k: number): Neighbours {
  const { rows: n, cols: d } = m;
  if (!Number.isInteger(k) || k < 1 || k >= n) {
    throw new RangeError(`Neighbours must be an integer in [1, ${n - 1}], got '${k}'`);
  }
  const x = toFloat64(m);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = i * d; t < (i + 1) * d; t++) s += (x[t] as number) * (x[t] as number);
    norms[i] = s;
  }
  const heaps = Array.from({ length: n }, () => new MaxHeap(k));
  // Pairs (i, j > i) in tiles of two rows by four columns: each loaded value serves several dot products.
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a0 = i * d;
    const a1 = a0 + d;
    const n0 = norms[i] as number;
    const n1 = norms[i + 1] as number;
    offer(heaps, i, i + 1, n0 + n1 - 2 * dot(x, a0, a1, d));
    let j = i + 2;
    for (; j + 4 <= n; j += 4) {
      const b0 = j * d;
      const b1 = b0 + d;
      const b2 = b1 + d;
      const b3 = b2 + d;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let t = 0; t < d; t++) {
        const u = x[a0 + t] as number;
        const v = x[a1 + t] as number;
        const w0 = x[b0 + t] as number;
        const w1 = x[b1 + t] as number;
        const w2 = x[b2 + t] as number;
        const w3 = x[b3 + t] as number;
        s00 += u * w0;
        s01 += u * w1;
        s02 += u * w2;
        s03 += u * w3;
        s10 += v * w0;
        s11 += v * w1;
        s12 += v * w2;
        s13 += v * w3;
      }
      const m0 = norms[j] as number;
      const m1 = norms[j + 1] as number;
      const m2 = norms[j + 2] as number;
      const m3 = norms[j + 3] as number;
      offer(heaps, i, j, n0 + m0 - 2 * s00);
      offer(heaps, i, j + 1, n0 + m1 - 2 * s01);
      offer(heaps, i, j + 2, n0 + m2 - 2 * s02);
      offer(heaps, i, j + 3, n0 + m3 - 2 * s03);
      offer(heaps, i + 1, j, n1 + m0 - 2 * s10);
      offer(heaps, i + 1, j + 1, n1 + m1 - 2 * s11);
      offer(heaps, i + 1, j + 2, n1 + m2 - 2 * s12);
      offer(heaps, i + 1, j + 3, n1 + m3 - 2 * s13);
    }
    for (; j < n; j++) {
      const b = j * d;
      offer(heaps, i, j, n0 + (norms[j] as number) - 2 * dot(x, a0, b, d));
      offer(heaps, i + 1, j, n1 + (norms[j] as number) - 2 * dot(x, a1, b, d));
    }
  }
  // With an odd count, the last row's pairs were all offered by the rows before it.
  const indices = new Int32Array(n * k);
  const sqDistances = new Float64Array(n * k);
  for (let i = 0; i < n; i++) (heaps[i] as MaxHeap).drainSorted(indices, sqDistances, i * k);
  return { indices, sqDistances, k };
}

function offer(heaps: MaxHeap[], i: number, j: number, dist: number): void {
  const d = dist > 0 ? dist : 0;
  (heaps[i] as MaxHeap).push(d, j);
  (heaps[j] as MaxHeap).push(d, i);
}

function dot(x: Float64Array, a: number, b: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += (x[a + t] as number) * (x[b + t] as number);
  return s;
}

/** A bounded max-heap keeping the `capacity` smallest (distance, index) pairs; ties broken by the smaller index. */
class MaxHeap {
  readonly #dist: Float64Array;
  readonly #idx: Int32Array;
  #size = 0;

  constructor(capacity: number) {
    this.#dist = new Float64Array(capacity);
    this.#idx = new Int32Array(capacity);
  }

  push(dist: number, index: number): void {
    const cap = this.#dist.length;
    if (this.#size < cap) {
      let c = this.#size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.#above(dist, index, p)) break;
        this.#dist[c] = this.#dist[p] as number;
        this.#idx[c] = this.#idx[p] as number;
        c = p;
      }
      this.#dist[c] = dist;
      this.#idx[c] = index;
      return;
    }
    if (!this.#below(dist, index, 0)) return;
    // Replace the root and sift down.
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= cap) break;
      const r = l + 1;
      const m = r < cap && this.#greater(r, l) ? r : l;
      if (!this.#below(dist, index, m)) break;
      this.#dist[c] = this.#dist[m] as number;
      this.#idx[c] = this.#idx[m] as number;
      c = m;
    }
    this.#dist[c] = dist;
    this.#idx[c] = index;
  }

  /** Writes the kept pairs, nearest first, at `offset`. */
  drainSorted(indices: Int32Array, dists: Float64Array, offset: number): void {
    const order = Array.from({ length: this.#size }, (_, k) => k).sort(
      (a, b) =>
        (this.#dist[a] as number) - (this.#dist[b] as number) ||
        (this.#idx[a] as number) - (this.#idx[b] as number),
    );
    order.forEach((k, r) => {
      indices[offset + r] = this.#idx[k] as number;
      dists[offset + r] = this.#dist[k] as number;
    });
  }

  // (dist, index) orders after the pair at slot s.
  #above(dist: number, index: number, s: number): boolean {
    const ds = this.#dist[s] as number;
    return dist > ds || (dist === ds && index > (this.#idx[s] as number));
  }

  #below(dist: number, index: number, s: number): boolean {
    const ds = this.#dist[s] as number;
    return dist < ds || (dist === ds && index < (this.#idx[s] as number));
  }

  #greater(a: number, b: number): boolean {
    const da = this.#dist[a] as number;
    const db = this.#dist[b] as number;
    return da > db || (da === db && (this.#idx[a] as number) > (this.#idx[b] as number));
  }
}
