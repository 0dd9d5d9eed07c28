import { tf } from "./_tf.ts";

/** Settings of the adaptive p heuristic (StyleGAN2-ADA `training_loop`). */
export interface AdaControllerOptions {
  /** Images per training iteration (all GPUs together). */
  batchSize: number;
  /** Target of the mean sign of D's outputs on real images. @default 0.6 */
  target?: number;
  /** Iterations between adjustments. @default 4 */
  interval?: number;
  /** Thousands of real images over which p can move by 1 (upstream uses 100 when resuming). @default 500 */
  kimg?: number;
  /** Starting probability. @default 0 */
  p?: number;
}

/** What a checkpoint stores of an {@link AdaController}. */
export interface AdaState {
  /** Current augmentation probability. */
  p: number;
  /** Sum of sign(D(real)) reported since the last adjustment. */
  signSum: number;
  /** Number of real logits reported since the last adjustment. */
  signCount: number;
  /** Iterations completed, which decides when the next adjustment falls. */
  iteration: number;
}

/**
 * Adaptive augmentation probability: every `interval` iterations,
 * `p <- max(0, p + sign(mean(sign(D(real))) - target) * batchSize * interval / (kimg * 1000))`, the mean
 * taken over every real logit reported since the previous adjustment. p has no upper bound, as upstream.
 *
 * @example
 * ```ts
 * const ada = new AdaController({ batchSize: 32 });
 * ada.report(realLogits);   // after each D pass on reals
 * pipe.p = ada.endIteration();
 * ```
 */
export class AdaController {
  readonly batchSize: number;
  readonly target: number;
  readonly interval: number;
  readonly kimg: number;
  #p: number;
  #signSum = 0;
  #signCount = 0;
  #iteration = 0;

  constructor(options: AdaControllerOptions) {
    const { batchSize, target = 0.6, interval = 4, kimg = 500, p = 0 } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`Batch size must be a positive integer, got "${batchSize}"`);
    }
    if (!Number.isInteger(interval) || interval < 1) {
      throw new RangeError(`Interval must be a positive integer, got "${interval}"`);
    }
    if (!(kimg > 0)) throw new RangeError(`ADA kimg must be positive, got "${kimg}"`);
    if (!Number.isFinite(target)) throw new RangeError(`Target must be finite, got "${target}"`);
    checkP(p);
    this.batchSize = batchSize;
    this.target = target;
    this.interval = interval;
    this.kimg = kimg;
    this.#p = p;
  }

  /** Current augmentation probability. */
  get p(): number {
    return this.#p;
  }

  /** Size of one adjustment of p. */
  get stepSize(): number {
    return (this.batchSize * this.interval) / (this.kimg * 1000);
  }

  /** Records D's outputs on (augmented) real images; accepts a tensor or plain numbers. */
  report(realLogits: tf.Tensor | ArrayLike<number>): void {
    const values = realLogits instanceof tf.Tensor ? realLogits.dataSync() : realLogits;
    for (let i = 0; i < values.length; i++) {
      this.#signSum += Math.sign(values[i]!);
    }
    this.#signCount += values.length;
  }

  /**
   * Closes one training iteration; on every `interval`-th it adjusts p from the signs reported since the last
   * adjustment (none reported: p stays). Returns p.
   */
  endIteration(): number {
    this.#iteration++;
    if (this.#iteration % this.interval === 0) {
      if (this.#signCount > 0) {
        const mean = this.#signSum / this.#signCount;
        this.#p = Math.max(0, this.#p + Math.sign(mean - this.target) * this.stepSize);
      }
      this.#signSum = 0;
      this.#signCount = 0;
    }
    return this.#p;
  }

  /** State for a checkpoint. */
  getState(): AdaState {
    return { p: this.#p, signSum: this.#signSum, signCount: this.#signCount, iteration: this.#iteration };
  }

  /** Restores the state written by {@link getState}. */
  setState(state: AdaState): void {
    checkP(state.p);
    if (!Number.isInteger(state.signCount) || state.signCount < 0 || !Number.isFinite(state.signSum)) {
      throw new RangeError(`Invalid sign accumulator "${state.signSum}/${state.signCount}"`);
    }
    if (!Number.isInteger(state.iteration) || state.iteration < 0) {
      throw new RangeError(`Invalid iteration "${state.iteration}"`);
    }
    this.#p = state.p;
    this.#signSum = state.signSum;
    this.#signCount = state.signCount;
    this.#iteration = state.iteration;
  }
}

function checkP(p: number): void {
  if (!Number.isFinite(p) || p < 0)
    throw new RangeError(`p must be a finite non-negative number, got "${p}"`);
}
