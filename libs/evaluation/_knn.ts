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
  const BLOCK = 4;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    const ni = norms[i] as number;
    const heapI = heaps[i] as MaxHeap;
    let j = i + 1;
    // Four columns at a time: each value of row i is loaded once for four dot products.
    for (; j + BLOCK <= n; j += BLOCK) {
      const o0 = j * d;
      const o1 = o0 + d;
      const o2 = o1 + d;
      const o3 = o2 + d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let t = 0; t < d; t++) {
        const a = x[oi + t] as number;
        s0 += a * (x[o0 + t] as number);
        s1 += a * (x[o1 + t] as number);
        s2 += a * (x[o2 + t] as number);
        s3 += a * (x[o3 + t] as number);
      }
      offer(heapI, heaps, i, j, ni + (norms[j] as number) - 2 * s0);
      offer(heapI, heaps, i, j + 1, ni + (norms[j + 1] as number) - 2 * s1);
      offer(heapI, heaps, i, j + 2, ni + (norms[j + 2] as number) - 2 * s2);
      offer(heapI, heaps, i, j + 3, ni + (norms[j + 3] as number) - 2 * s3);
    }
    for (; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) s += (x[oi + t] as number) * (x[oj + t] as number);
      offer(heapI, heaps, i, j, ni + (norms[j] as number) - 2 * s);
    }
  }
  const indices = new Int32Array(n * k);
  const sqDistances = new Float64Array(n * k);
  for (let i = 0; i < n; i++) (heaps[i] as MaxHeap).drainSorted(indices, sqDistances, i * k);
  return { indices, sqDistances, k };
}

function offer(heapI: MaxHeap, heaps: MaxHeap[], i: number, j: number, dist: number): void {
  const d = dist > 0 ? dist : 0;
  heapI.push(d, j);
  (heaps[j] as MaxHeap).push(d, i);
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
