import { AdamKernel } from "./_adam_kernel.ts";
import type { GradientSink } from "./encoder.ts";

/** Hyperparameters of {@link HostAdam}, as `torch.optim.Adam` takes them. */
export interface AdamSettings {
  /** Learning rate. */
  lr: number;
  /** Decay of the first and second moments. */
  betas: [number, number];
  /** Added to the denominator. */
  eps: number;
}

/** What a checkpoint keeps of a {@link HostAdam}: the step count and both moments of every parameter. */
export interface HostAdamState {
  step: number;
  /** First moments (`exp_avg`), one array per parameter, in the parameters' layout. */
  expAvg: Float32Array[];
  /** Second moments (`exp_avg_sq`). */
  expAvgSq: Float32Array[];
}

/**
 * `torch.optim.Adam` (no weight decay, no amsgrad) whose moments live in JS memory rather than on the TF.js backend,
 * and which updates weights in place, chunk by chunk, as {@link Encoder.backward} hands over their gradients: the
 * 212 M-parameter original then needs its two moments (1.7 GB) off the 4 GiB wasm heap, and no second copy of its
 * weights. `@dermanomaly/gan/training`'s Adam keeps moments as backend variables, hence this one.
 *
 * Arithmetic as PyTorch's (float32 storage): `m ← β1·m + (1 − β1)·g`, `v ← β2·v + (1 − β2)·g²`,
 * `p ← p − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + eps)` (computed in double precision as
 * `p − (lr·√(1 − β2^t)/(1 − β1^t)) · m / (√v + eps·√(1 − β2^t))`, one division per element fewer), by a
 * WebAssembly SIMD loop whose moments live in its own memory (`_adam_kernel.ts`).
 */
export class HostAdam {
  readonly settings: AdamSettings;
  readonly sizes: readonly number[];
  #step = 0;
  #kernel: AdamKernel;

  /** An optimizer for parameters of the given element counts (in {@link GradientSink} index order). */
  constructor(sizes: readonly number[], settings: AdamSettings) {
    const [b1, b2] = settings.betas;
    if (!(settings.lr > 0 && Number.isFinite(settings.lr)))
      throw new RangeError(`Learning rate must be a positive number, got "${settings.lr}"`);
    if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1))
      throw new RangeError(`Adam betas must be in [0, 1), got "${settings.betas}"`);
    if (!(settings.eps >= 0)) throw new RangeError(`Adam eps must be non-negative, got "${settings.eps}"`);
    this.settings = { lr: settings.lr, betas: [b1, b2], eps: settings.eps };
    this.sizes = [...sizes];
    this.#kernel = new AdamKernel(sizes);
  }

  /** Updates applied so far. */
  get step(): number {
    return this.#step;
  }

  /**
   * Starts one optimizer step and returns the sink that applies it as gradients arrive: every element of every
   * parameter must then be handed over exactly once (as {@link Encoder.backward} does).
   */
  beginStep(): GradientSink {
    const t = ++this.#step;
    const { lr, betas, eps } = this.settings;
    const [b1, b2] = betas;
    const stepSize = lr / (1 - b1 ** t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    return {
      updatesWeights: true,
      accept: (index, offset, grad, weights) => {
        const size = this.sizes[index];
        if (size === undefined || !Number.isInteger(index))
          throw new RangeError(`No parameter "${index}" in this optimizer`);
        if (offset < 0 || offset + grad.length > size || weights.length !== size)
          throw new RangeError(
            `Gradient [${offset}, ${offset + grad.length}) does not fit parameter "${index}" of ${size} values`,
          );
        this.#kernel.update(index, offset, grad, weights, {
          b1,
          b2,
          stepSize: stepSize * bc2Sqrt,
          eps: eps * bc2Sqrt,
        });
      },
    };
  }

  /** Copies of the step count and moments. */
  getState(): HostAdamState {
    return {
      step: this.#step,
      expAvg: this.sizes.map((_, i) => this.#kernel.moment(i, 0).slice()),
      expAvgSq: this.sizes.map((_, i) => this.#kernel.moment(i, 1).slice()),
    };
  }

  /** Restores {@link getState} output (checked against the parameter sizes first). */
  setState(state: HostAdamState): void {
    if (!Number.isInteger(state.step) || state.step < 0)
      throw new RangeError(`Adam step must be a non-negative integer, got "${state.step}"`);
    for (const [key, arrays] of [
      ["exp_avg", state.expAvg],
      ["exp_avg_sq", state.expAvgSq],
    ] as const) {
      if (arrays.length !== this.sizes.length)
        throw new RangeError(`Expected ${key} of ${this.sizes.length} parameters, got "${arrays.length}"`);
      arrays.forEach((a, i) => {
        if (a.length !== this.sizes[i])
          throw new RangeError(
            `${key} of parameter ${i} holds ${a.length} values, expected ${this.sizes[i]}`,
          );
      });
    }
    this.sizes.forEach((_, i) => {
      this.#kernel.moment(i, 0).set(state.expAvg[i] as Float32Array);
      this.#kernel.moment(i, 1).set(state.expAvgSq[i] as Float32Array);
    });
    this.#step = state.step;
  }
}
