/**
 * The distances of scikit-learn's `pairwise_distances` that score an image against its reconstruction, by their
 * scikit-learn names; aliases are resolved by {@linkcode resolveMetric}.
 */
export const DistanceMetric = {
  EUCLIDEAN: "euclidean",
  SQEUCLIDEAN: "sqeuclidean",
  MANHATTAN: "manhattan",
  COSINE: "cosine",
  CHEBYSHEV: "chebyshev",
  MINKOWSKI: "minkowski",
  BRAYCURTIS: "braycurtis",
  CANBERRA: "canberra",
  CORRELATION: "correlation",
} as const;

/** One of the {@linkcode DistanceMetric} names. */
export type DistanceMetric = (typeof DistanceMetric)[keyof typeof DistanceMetric];

/** scikit-learn's other names for the same metrics. */
export const METRIC_ALIASES: Readonly<Record<string, DistanceMetric>> = {
  l2: "euclidean",
  cityblock: "manhattan",
  l1: "manhattan",
};

/**
 * The metric a name (or scikit-learn alias, any case) stands for.
 *
 * @throws {RangeError} for a name scikit-learn's `pairwise_distances` would not take here, listing those it would.
 */
export function resolveMetric(name: string): DistanceMetric {
  const key = name.trim().toLowerCase();
  const metric = (Object.values(DistanceMetric) as string[]).includes(key)
    ? (key as DistanceMetric)
    : METRIC_ALIASES[key];
  if (metric === undefined) {
    const known = [...Object.values(DistanceMetric), ...Object.keys(METRIC_ALIASES)].join(", ");
    throw new RangeError(`Unknown distance metric '${name}', expected one of ${known}`);
  }
  return metric;
}

/** Options for {@linkcode distance}. */
export interface DistanceOptions {
  /**
   * The metric (see {@linkcode resolveMetric} for aliases).
   * @default "euclidean", as scikit-learn's `pairwise_distances`
   */
  readonly metric?: DistanceMetric;
  /**
   * Order p of the Minkowski distance (scikit-learn's `p`); minkowski only.
   * @default 2
   */
  readonly p?: number;
}

/**
 * The distance between two vectors as scikit-learn's `pairwise_distances(a[None], b[None], metric)[0, 0]` defines
 * it (accumulated in float64):
 * - `euclidean` sqrt(sum (a - b)^2); `sqeuclidean` sum (a - b)^2; `manhattan` sum |a - b|; `chebyshev` max |a - b|;
 * - `minkowski` (sum |a - b|^p)^(1/p);
 * - `cosine` 1 - a.b / (|a| |b|), clipped to [0, 2], a zero vector counting as orthogonal to everything (1);
 * - `braycurtis` sum |a - b| / sum |a + b|;
 * - `canberra` sum |a - b| / (|a| + |b|), terms with a zero denominator left out;
 * - `correlation` 1 - the Pearson correlation of a and b.
 *
 * @throws {RangeError} for vectors of different lengths, an unknown metric or a bad p.
 */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>, options: DistanceOptions = {}): number {
  const metric = options.metric ?? "euclidean";
  if (a.length !== b.length) {
    throw new RangeError(`Vectors must have the same length, got '${a.length}' and '${b.length}'`);
  }
  const n = a.length;
  switch (metric) {
    case "euclidean":
      return Math.sqrt(sumSquares(a, b));
    case "sqeuclidean":
      return sumSquares(a, b);
    case "manhattan": {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.abs((a[i] as number) - (b[i] as number));
      return s;
    }
    case "chebyshev": {
      let m = 0;
      for (let i = 0; i < n; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
      return m;
    }
    case "minkowski": {
      const p = options.p ?? 2;
      if (!(p >= 1) || !Number.isFinite(p))
        throw new RangeError(`Minkowski p must be a finite number >= 1, got '${p}'`);
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.abs((a[i] as number) - (b[i] as number)) ** p;
      return s ** (1 / p);
    }
    case "cosine": {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let i = 0; i < n; i++) {
        const x = a[i] as number;
        const y = b[i] as number;
        dot += x * y;
        na += x * x;
        nb += y * y;
      }
      // scikit-learn normalises each vector (a zero vector stays zero) and clips the distance to [0, 2].
      const similarity = na === 0 || nb === 0 ? 0 : dot / (Math.sqrt(na) * Math.sqrt(nb));
      return Math.min(Math.max(1 - similarity, 0), 2);
    }
    case "braycurtis": {
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i++) {
        num += Math.abs((a[i] as number) - (b[i] as number));
        den += Math.abs((a[i] as number) + (b[i] as number));
      }
      return num / den;
    }
    case "canberra": {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const x = a[i] as number;
        const y = b[i] as number;
        const den = Math.abs(x) + Math.abs(y);
        if (den > 0) s += Math.abs(x - y) / den;
      }
      return s;
    }
    case "correlation": {
      let ma = 0;
      let mb = 0;
      for (let i = 0; i < n; i++) {
        ma += a[i] as number;
        mb += b[i] as number;
      }
      ma /= n;
      mb /= n;
      let dot = 0;
      let va = 0;
      let vb = 0;
      for (let i = 0; i < n; i++) {
        const x = (a[i] as number) - ma;
        const y = (b[i] as number) - mb;
        dot += x * y;
        va += x * x;
        vb += y * y;
      }
      return 1 - dot / Math.sqrt(va * vb);
    }
    default:
      throw new RangeError(`Unknown distance metric '${String(metric)}'`);
  }
}

function sumSquares(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    s += d * d;
  }
  return s;
}
