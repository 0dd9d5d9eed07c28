/**
 * The q-quantile of `values` with numpy's default method (`np.quantile(values, q)`, method `linear`): sort, then
 * interpolate linearly between the values at ranks floor(h) and ceil(h), h = (n - 1) q.
 *
 * @throws {RangeError} when `values` is empty or holds a value that is not finite, or q is outside [0, 1].
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Quantile must be in [0, 1], got '${q}'`);
  if (values.length === 0) throw new RangeError("Values must not be empty");
  const sorted = Float64Array.from(values);
  for (let i = 0; i < sorted.length; i++) {
    if (!Number.isFinite(sorted[i]))
      throw new RangeError(`Value ${i} must be a finite number, got '${sorted[i]}'`);
  }
  sorted.sort();
  return sortedQuantile(sorted, q);
}

/** {@linkcode quantile} of values already sorted ascending (no checks). */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  // numpy's lerp: a + (b - a) * t, written so that t = 1 gives b exactly.
  const t = h - lo;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/** The median as numpy's `np.median`: the mean of the two middle values for an even count. */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError("Values must not be empty");
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Options for {@linkcode minMaxNormalise}. */
export interface MinMaxOptions {
  /**
   * Value mapped to 0.
   * @default the smallest of `values`
   */
  readonly min?: number;
  /**
   * Value mapped to 1.
   * @default the largest of `values`
   */
  readonly max?: number;
}

/**
 * Min-max normalisation `(v - min) / (max - min)`, the original's (scikit-learn `MinMaxScaler`'s) scaling; values
 * outside [min, max] map outside [0, 1] (not clipped). When max = min every value maps to 0.
 *
 * @throws {RangeError} when a value or bound is not finite, or max < min.
 */
export function minMaxNormalise(values: ArrayLike<number>, options: MinMaxOptions = {}): Float64Array {
  let lo = options.min ?? Number.POSITIVE_INFINITY;
  let hi = options.max ?? Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new RangeError(`Value ${i} must be a finite number, got '${v}'`);
    if (options.min === undefined && v < lo) lo = v;
    if (options.max === undefined && v > hi) hi = v;
  }
  if (values.length === 0) return new Float64Array(0);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) {
    throw new RangeError(`Normalisation bounds must be finite with max >= min, got '${lo}' and '${hi}'`);
  }
  const span = hi - lo;
  return Float64Array.from(values, (v) => (span === 0 ? 0 : (v - lo) / span));
}
