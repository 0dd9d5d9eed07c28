// t-SNE is written here because npm has no usable fast implementation: `tsne-js` and `@keckelt/tsne` are exact
// O(n^2) per iteration (2000 x 512 points: minutes), and no Barnes-Hut or FFT-accelerated version works in Node.
// This follows scikit-learn's TSNE (method "barnes_hut", version 1.2) step by step, so that its results and its
// settings mean the same as the original's `tSNE.py`.
import { availableParallelism } from "node:os";
import { nearestNeighbours, toFloat64 } from "./_knn.ts";
import { principalScores } from "./_pca.ts";
import { binarySearchPerplexity } from "./_perplexity.ts";
import { Random } from "./_random.ts";
import { RepulsionPool } from "./_repulsion_pool.ts";
import { type Affinities, klGradient } from "./_tsne_gradient.ts";
import { checkMatrix } from "./_validate.ts";
import type { Matrix } from "./types.ts";

/** Progress of {@linkcode tsne}. */
export interface TsneProgress {
  /** Optimisation iterations done. */
  readonly iteration: number;
  /** Iterations planned. */
  readonly iterations: number;
  /** KL divergence at the last check (every 50 iterations), NaN before the first. */
  readonly klDivergence: number;
}

/** Options for {@linkcode tsne}; the defaults are scikit-learn 1.2's. */
export interface TsneOptions {
  /**
   * Perplexity: the effective number of neighbours each point keeps; 3 * perplexity neighbours are searched.
   * @default 30
   */
  readonly perplexity?: number;
  /**
   * Maximum optimisation iterations (the first 250 with early exaggeration).
   * @default 1000
   */
  readonly iterations?: number;
  /**
   * Learning rate, or `auto`: max(n / earlyExaggeration / 4, 50).
   * @default "auto"
   */
  readonly learningRate?: number | "auto";
  /**
   * Factor on the affinities during the first 250 iterations.
   * @default 12
   */
  readonly earlyExaggeration?: number;
  /**
   * Barnes-Hut angle: a cell is one term when its width / distance < angle.
   * @default 0.5
   */
  readonly angle?: number;
  /**
   * Start: `pca` (first two principal components scaled to standard deviation 1e-4) or `random` (N(0, 1e-4^2)).
   * @default "pca"
   */
  readonly init?: "pca" | "random";
  /**
   * Seed of the random start or of the randomised PCA; the same seed and data give the same embedding.
   * @default 0
   */
  readonly seed?: number;
  /**
   * Threads computing the repulsion (this one and `threads - 1` workers); the embedding is the same for any
   * number. Fewer than 1000 points always use this thread only, as handing work over would cost more than it saves.
   * @default min(os.availableParallelism(), 4)
   */
  readonly threads?: number;
  /** Checked between iterations; the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called at most every `progressIntervalMs` and at the end. */
  readonly onProgress?: (progress: TsneProgress) => void;
  /**
   * Least time between two progress calls.
   * @default 500
   */
  readonly progressIntervalMs?: number;
}

/** What {@linkcode tsne} returns. */
export interface TsneResult {
  /** The embedding, n x 2 row-major. */
  readonly embedding: { readonly data: Float64Array; readonly rows: number; readonly cols: 2 };
  /** KL divergence of the final embedding (Barnes-Hut estimate, as scikit-learn's `kl_divergence_`). */
  readonly klDivergence: number;
  /** Iterations run (fewer than asked when progress stalled, as scikit-learn). */
  readonly iterations: number;
}

const EXPLORATION_ITERATIONS = 250;
const CHECK_EVERY = 50;
const MIN_GRAD_NORM = 1e-7;
const MIN_GAIN = 0.01;

/**
 * Barnes-Hut t-SNE (van der Maaten 2014) of the rows of `points` into two dimensions, as scikit-learn's
 * `TSNE(n_components=2, method="barnes_hut")`: exact 3 * perplexity nearest neighbours (squared euclidean), the
 * per-point perplexity search, symmetrised affinities, PCA start, 250 iterations of early exaggeration at momentum
 * 0.5 then momentum 0.8, adaptive gains, stopping after 300 iterations without progress.
 *
 * @throws {RangeError} for fewer than 2 points, values that are not finite, or bad options.
 */
export async function tsne(points: Matrix, options: TsneOptions = {}): Promise<TsneResult> {
  checkMatrix(points, "Points");
  const n = points.rows;
  const perplexity = options.perplexity ?? 30;
  const iterations = options.iterations ?? 1000;
  const exaggeration = options.earlyExaggeration ?? 12;
  const angle = options.angle ?? 0.5;
  const init = options.init ?? "pca";
  const rate = options.learningRate ?? "auto";
  if (n < 2) throw new RangeError(`t-SNE needs at least 2 points, got '${n}'`);
  if (!(perplexity > 0)) throw new RangeError(`Perplexity must be positive, got '${perplexity}'`);
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`Iterations must be a positive integer, got '${iterations}'`);
  }
  if (!(exaggeration >= 1)) throw new RangeError(`Early exaggeration must be >= 1, got '${exaggeration}'`);
  if (!(angle >= 0 && angle <= 1)) throw new RangeError(`Angle must be in [0, 1], got '${angle}'`);
  if (init !== "pca" && init !== "random")
    throw new RangeError(`Init must be 'pca' or 'random', got '${init}'`);
  if (rate !== "auto" && !(rate > 0))
    throw new RangeError(`Learning rate must be positive or 'auto', got '${rate}'`);
  const threads = options.threads ?? Math.min(availableParallelism(), 4);
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`Threads must be a positive integer, got '${threads}'`);
  options.signal?.throwIfAborted();
  const learningRate = rate === "auto" ? Math.max(n / exaggeration / 4, 50) : rate;
  const random = new Random(options.seed ?? 0);

  const affinities = jointProbabilities(points, perplexity);
  const y = initialEmbedding(points, init, random);
  const pool = await RepulsionPool.start(n, n < 1000 ? 1 : threads);
  try {
    const result = optimise(y, n, affinities, pool, {
      iterations,
      exaggeration,
      learningRate,
      thetaSquared: angle * angle,
      signal: options.signal,
      onProgress: options.onProgress,
      progressIntervalMs: options.progressIntervalMs ?? 500,
    });
    return { embedding: { data: y, rows: n, cols: 2 }, ...result };
  } finally {
    await pool.close();
  }
}

function jointProbabilities(points: Matrix, perplexity: number): Affinities {
  const n = points.rows;
  const k = Math.min(n - 1, Math.floor(3 * perplexity + 1));
  const { indices, sqDistances } = nearestNeighbours(points, k);
  const conditional = binarySearchPerplexity(sqDistances, n, k, perplexity);
  // P + P^T over the union of neighbour pairs, then divided by its sum.
  const rowCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = i * k; t < (i + 1) * k; t++) {
      rowCount[i] = (rowCount[i] as number) + 1;
      const j = indices[t] as number;
      rowCount[j] = (rowCount[j] as number) + 1;
    }
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = (start[i] as number) + (rowCount[i] as number);
  const fill = start.slice(0, n);
  const cols = new Int32Array(start[n] as number);
  const vals = new Float64Array(start[n] as number);
  for (let i = 0; i < n; i++) {
    for (let t = i * k; t < (i + 1) * k; t++) {
      const j = indices[t] as number;
      const p = conditional[t] as number;
      let s = fill[i] as number;
      cols[s] = j;
      vals[s] = p;
      fill[i] = s + 1;
      s = fill[j] as number;
      cols[s] = i;
      vals[s] = p;
      fill[j] = s + 1;
    }
  }
  // Merge duplicate columns per row (pairs that are neighbours both ways).
  const rowStart = new Int32Array(n + 1);
  const outCols: number[] = [];
  const outVals: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = start[i] as number;
    const b = start[i + 1] as number;
    const order = Array.from({ length: b - a }, (_, r) => a + r).sort(
      (u, v) => (cols[u] as number) - (cols[v] as number),
    );
    let last = -1;
    for (const s of order) {
      const j = cols[s] as number;
      if (j === last)
        outVals[outVals.length - 1] = (outVals[outVals.length - 1] as number) + (vals[s] as number);
      else {
        outCols.push(j);
        outVals.push(vals[s] as number);
        last = j;
      }
      total += vals[s] as number;
    }
    rowStart[i + 1] = outCols.length;
  }
  const norm = Math.max(total, Number.EPSILON);
  return { rowStart, columns: Int32Array.from(outCols), values: Float64Array.from(outVals, (v) => v / norm) };
}

function initialEmbedding(points: Matrix, init: "pca" | "random", random: Random): Float64Array {
  const n = points.rows;
  if (init === "random") return Float64Array.from({ length: 2 * n }, () => 1e-4 * random.normal());
  const y = principalScores(toFloat64(points), n, points.cols, 2, random);
  // Scaled so that the first component has standard deviation 1e-4, as scikit-learn (its issue #18018).
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[2 * i] as number;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += ((y[2 * i] as number) - mean) ** 2;
  const std = Math.sqrt(variance / n);
  const scale = std > 0 ? 1e-4 / std : 1;
  for (let t = 0; t < y.length; t++) y[t] = (y[t] as number) * scale;
  return y;
}

interface OptimiseSettings {
  iterations: number;
  exaggeration: number;
  learningRate: number;
  thetaSquared: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: TsneProgress) => void) | undefined;
  progressIntervalMs: number;
}

function optimise(
  y: Float64Array,
  n: number,
  p: Affinities,
  repulsion: RepulsionPool,
  s: OptimiseSettings,
): { klDivergence: number; iterations: number } {
  const grad = new Float64Array(2 * n);
  const update = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  let kl = Number.NaN;
  let lastReport = Number.NEGATIVE_INFINITY;
  let it = 0;
  // Two phases as scikit-learn's _tsne: exaggerated P at momentum 0.5, then plain P at momentum 0.8.
  const phases = [
    {
      end: Math.min(EXPLORATION_ITERATIONS, s.iterations),
      momentum: 0.5,
      scale: s.exaggeration,
      patience: 250,
    },
    { end: s.iterations, momentum: 0.8, scale: 1, patience: 300 },
  ];
  for (const phase of phases) {
    let bestError = Number.MAX_VALUE;
    let bestIter = it;
    for (; it < phase.end; it++) {
      s.signal?.throwIfAborted();
      const check = (it + 1) % CHECK_EVERY === 0 || it === s.iterations - 1;
      const error = klGradient(y, n, p, phase.scale, s.thetaSquared, repulsion, grad, check);
      let norm = 0;
      for (let t = 0; t < 2 * n; t++) {
        const g = grad[t] as number;
        const u = update[t] as number;
        let gain = u * g < 0 ? (gains[t] as number) + 0.2 : (gains[t] as number) * 0.8;
        if (gain < MIN_GAIN) gain = MIN_GAIN;
        gains[t] = gain;
        const gg = g * gain;
        norm += gg * gg;
        const next = phase.momentum * u - s.learningRate * gg;
        update[t] = next;
        y[t] = (y[t] as number) + next;
      }
      if (check) kl = error;
      if (s.onProgress !== undefined && Date.now() - lastReport >= s.progressIntervalMs) {
        lastReport = Date.now();
        s.onProgress({ iteration: it + 1, iterations: s.iterations, klDivergence: kl });
      }
      if ((it + 1) % CHECK_EVERY === 0) {
        if (error < bestError) {
          bestError = error;
          bestIter = it;
        } else if (it - bestIter > phase.patience) {
          it++;
          break;
        }
        if (Math.sqrt(norm) <= MIN_GRAD_NORM) {
          it++;
          break;
        }
      }
    }
  }
  s.onProgress?.({ iteration: it, iterations: s.iterations, klDivergence: kl });
  return { klDivergence: kl, iterations: it };
}
