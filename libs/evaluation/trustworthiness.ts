import { nearestNeighbours, toFloat64 } from "./_knn.ts";
import { checkMatrix } from "./_validate.ts";
import type { Matrix } from "./types.ts";

/** Options for {@linkcode trustworthiness}. */
export interface TrustworthinessOptions {
  /**
   * Neighbours k; must be below n / 2.
   * @default 5
   */
  readonly neighbours?: number;
}

/**
 * How well an embedding keeps local structure (Venna and Kaski 2001), equal to scikit-learn's
 * `sklearn.manifold.trustworthiness(X, X_embedded, n_neighbors=k)` with euclidean distances:
 * 1 - 2 / (n k (2n - 3k - 1)) * sum over each point's k embedded neighbours of max(0, input rank - k).
 * 1 when every embedded neighbourhood is an input neighbourhood.
 *
 * @throws {RangeError} when the row counts differ, k >= n / 2, or a value is not finite.
 */
export function trustworthiness(
  points: Matrix,
  embedding: Matrix,
  options: TrustworthinessOptions = {},
): number {
  checkMatrix(points, "Points");
  checkMatrix(embedding, "Embedding");
  const n = points.rows;
  const k = options.neighbours ?? 5;
  if (embedding.rows !== n) {
    throw new RangeError(`Points and embedding must have the same rows, got '${n}' and '${embedding.rows}'`);
  }
  if (!Number.isInteger(k) || k < 1 || k >= n / 2) {
    throw new RangeError(`Neighbours must be an integer in [1, n / 2), got '${k}' for n = '${n}'`);
  }
  const embedded = nearestNeighbours(embedding, k).indices;
  const x = toFloat64(points);
  const d = points.cols;
  const row = new Float64Array(n);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    // Exact squared distances from point i in the input space; the rank of j is 1 + the points strictly closer.
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = (x[i * d + t] as number) - (x[j * d + t] as number);
        s += diff * diff;
      }
      row[j] = s;
    }
    row[i] = Number.POSITIVE_INFINITY;
    for (let r = 0; r < k; r++) {
      const j = embedded[i * k + r] as number;
      const dj = row[j] as number;
      let rank = 1;
      for (let m = 0; m < n; m++) if ((row[m] as number) < dj || ((row[m] as number) === dj && m < j)) rank++;
      if (rank > k) penalty += rank - k;
    }
  }
  return 1 - penalty * (2 / (n * k * (2 * n - 3 * k - 1)));
}
