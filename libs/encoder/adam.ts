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
 * `p − (lr·√(1 − β2^t)/(1 − β1^t)) · m / (√v + eps·√(1 − β2^t))`, one division per element fewer).
 */
export class HostAdam {
  readonly settings: AdamSettings;
  readonly sizes: readonly number[];
  #step = 0;
  #m: Float32Array[];
  #v: Float32Array[];

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
    this.#m = sizes.map((n) => new Float32Array(n));
    this.#v = sizes.map((n) => new Float32Array(n));
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
        const m = this.#m[index];
        const v = this.#v[index];
        if (m === undefined || v === undefined)
          throw new RangeError(`No parameter "${index}" in this optimizer`);
        if (offset < 0 || offset + grad.length > m.length || weights.length !== m.length)
          throw new RangeError(
            `Gradient [${offset}, ${offset + grad.length}) does not fit parameter "${index}" of ${m.length} values`,
          );
        const n = grad.length;
        adamLoop(
          grad,
          m.subarray(offset, offset + n),
          v.subarray(offset, offset + n),
          weights.subarray(offset, offset + n),
          {
            b1,
            b2,
            stepSize: stepSize * bc2Sqrt,
            eps: eps * bc2Sqrt,
          },
        );
      },
    };
  }

  /** Copies of the step count and moments. */
  getState(): HostAdamState {
    return {
      step: this.#step,
      expAvg: this.#m.map((a) => a.slice()),
      expAvgSq: this.#v.map((a) => a.slice()),
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
    this.#m = state.expAvg.map((a) => a.slice());
    this.#v = state.expAvgSq.map((a) => a.slice());
    this.#step = state.step;
  }
}

/**
 * The update of one chunk: `m`, `v` and `w` in place from the gradient `g`, with `stepSize` and `eps` scaled by
 * √(1 − β2^t). A function of its own, every value a parameter or local: in the closure `beginStep` returns, V8 read
 * the hyperparameters from its context on every element and the loop ran twice as long. The loop is then bound by
 * the square root and the division of each element. Values are read back through fround as the float32 stores of
 * PyTorch's in-place ops would give them.
 */
function adamLoop(
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  w: Float32Array,
  scalars: { b1: number; b2: number; stepSize: number; eps: number },
): void {
  const { b1, b2, stepSize, eps } = scalars;
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  const n = g.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = Math.fround(b1 * m[i]! + c1 * gi);
    const vi = Math.fround(b2 * v[i]! + c2 * gi * gi);
    m[i] = mi;
    v[i] = vi;
    w[i] = w[i]! - (stepSize * mi) / (Math.sqrt(vi) + eps);
  }
}
