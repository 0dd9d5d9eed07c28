import { readFileSync } from "node:fs";
import {
  defineHeapModule,
  defineJsKernel,
  heapModule,
  profiledSection,
  runJsKernel,
  viewsInPlace,
} from "@dermanomaly/tf";
import { tf } from "../_tf.ts";

// On the wasm backend, the update runs in place in wasm SIMD (float32, as torch computes it).
const HEAP = "gan-adam";
defineHeapModule(HEAP, readFileSync(new URL("./adam.wat", import.meta.url), "utf8"));

// One pass over a parameter, its gradient and moments -> [p, m, v] updated: the ~15 full-size passes of nan_to_num
// and Adam's separate ops in one (memory-bound: it reads four arrays and writes three). Computed in float64 and
// stored as float32, so each value is the correctly rounded result of torch's formula.
defineJsKernel({
  name: "DermanomalyAdamStep",
  inputs: ["p", "g", "m", "v"],
  outputShapes: ([p]) => [[...p!], [...p!], [...p!]],
  compute: ([p, g, m, v], [p2, m2, v2], _shapes, attrs) =>
    adamLoop(p!, g!, m!, v!, p2!, m2!, v2!, attrs as unknown as AdamStepAttrs),
});

interface AdamStepAttrs {
  b1: number;
  b2: number;
  bc2Sqrt: number;
  eps: number;
  stepSize: number;
}

// Reads element i of every input before writing element i of the outputs, so an output may be its input (in place).
function adamLoop(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  p2: Float32Array,
  m2: Float32Array,
  v2: Float32Array,
  { b1, b2, bc2Sqrt: bc2, eps, stepSize: step }: AdamStepAttrs,
): void {
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let gi = g[i]!;
    // nan_to_num(nan=0, posinf=1e5, neginf=-1e5); finite values take the one comparison.
    if (!(gi - gi === 0)) gi = Number.isNaN(gi) ? 0 : gi > 0 ? 1e5 : -1e5;
    const mi = m[i]! * b1 + gi * c1;
    const vi = v[i]! * b2 + gi * gi * c2;
    m2[i] = mi;
    v2[i] = vi;
    p2[i] = p[i]! - (mi / (Math.sqrt(vi) / bc2 + eps)) * step;
  }
}

/** Hyperparameters of {@link Adam}, as PyTorch's `torch.optim.Adam` takes them. */
export interface AdamSettings {
  /** Learning rate. */
  lr: number;
  /** Decay of the first and second moments. @default [0, 0.99] */
  betas: [number, number];
  /** Added to the denominator. @default 1e-8 */
  eps: number;
}

/**
 * Settings of an optimizer shared by a main and a lazy regularisation phase run every `interval` iterations
 * (StyleGAN2 lazy regularisation): with `r = interval / (interval + 1)`, `lr·r` and `beta_k^r`. An interval of 0
 * or null (no regularisation) leaves the settings unchanged.
 */
export function lazyRegularizationSettings(settings: AdamSettings, interval: number | null): AdamSettings {
  if (interval === null || interval === 0)
    return { lr: settings.lr, betas: [...settings.betas], eps: settings.eps };
  if (!Number.isInteger(interval) || interval < 0)
    throw new RangeError(`Regularisation interval must be a non-negative integer, got "${interval}"`);
  const r = interval / (interval + 1);
  return { lr: settings.lr * r, betas: [settings.betas[0] ** r, settings.betas[1] ** r], eps: settings.eps };
}

/** Moments of one parameter, in the parameter's TF.js layout. */
export interface AdamMoments {
  expAvg: Float32Array;
  expAvgSq: Float32Array;
}

/** What a checkpoint stores of an {@link Adam}: the step count and the moments of every parameter. */
export interface AdamState {
  step: number;
  moments: AdamMoments[];
}

/**
 * Adam with PyTorch's arithmetic (bias corrections on the step size and on `sqrt(v)`, `eps` added after), which
 * tfjs's own optimizer does differently. Gradients first go through `nan_to_num(nan=0, posinf=1e5, neginf=-1e5)`,
 * as NVIDIA's training loop does.
 */
export class Adam {
  readonly settings: AdamSettings;
  readonly variables: readonly tf.Variable[];
  #step = 0;
  readonly #m: tf.Variable[];
  readonly #v: tf.Variable[];

  constructor(variables: readonly tf.Variable[], settings: AdamSettings) {
    const [b1, b2] = settings.betas;
    if (!(settings.lr > 0)) throw new RangeError(`Learning rate must be positive, got "${settings.lr}"`);
    if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1))
      throw new RangeError(`Adam betas must be in [0, 1), got "${settings.betas}"`);
    this.settings = { lr: settings.lr, betas: [b1, b2], eps: settings.eps };
    this.variables = variables;
    // In a tidy, so that the zeros are freed with it and each moment owns its memory (updated in place on wasm).
    this.#m = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
    this.#v = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  }

  /** Number of updates applied so far. */
  get step(): number {
    return this.#step;
  }

  /**
   * One update; `grads[i]` belongs to `variables[i]`, and a missing gradient counts as zero (the parameter did not
   * influence the loss). The gradients are not disposed.
   */
  apply(grads: readonly (tf.Tensor | undefined)[]): void {
    if (grads.length !== this.variables.length)
      throw new RangeError(`Expected ${this.variables.length} gradients, got "${grads.length}"`);
    this.#step++;
    const { lr, betas, eps } = this.settings;
    const [b1, b2] = betas;
    const stepSize = lr / (1 - b1 ** this.#step);
    const bc2Sqrt = Math.sqrt(1 - b2 ** this.#step);
    const attrs: AdamStepAttrs = { b1, b2, stepSize, bc2Sqrt, eps };
    // A profile names the update in place (no engine kernel) as if it were one.
    profiledSection("AdamStep (in place)", () =>
      tf.tidy(() => {
        this.variables.forEach((p, i) => {
          const m = this.#m[i]!;
          const v = this.#v[i]!;
          // In place where the backend allows it (wasm): no new parameter-sized buffers, three arrays fewer to touch.
          const views = grads[i] === undefined ? null : viewsInPlace([p, m, v], [grads[i]!]);
          if (views !== null) {
            const [pv, mv, vv, gv] = views as [Float32Array, Float32Array, Float32Array, Float32Array];
            const fns = pv.length % 4 === 0 ? heapModule(HEAP) : null;
            if (fns === null) adamLoop(pv, gv, mv, vv, pv, mv, vv, attrs);
            else
              fns["adam_step"]!(
                pv.byteOffset,
                gv.byteOffset,
                mv.byteOffset,
                vv.byteOffset,
                pv.length,
                b1,
                b2,
                1 - b1,
                1 - b2,
                bc2Sqrt,
                eps,
                stepSize,
              );
            return;
          }
          const g = grads[i] ?? tf.zerosLike(p);
          const [np, m2, v2] = runJsKernel(
            "DermanomalyAdamStep",
            { p, g, m, v },
            { ...attrs },
          ) as tf.Tensor[];
          m.assign(m2!);
          v.assign(v2!);
          p.assign(np!);
        });
      }),
    );
  }

  getState(): AdamState {
    return {
      step: this.#step,
      moments: this.variables.map((_, i) => ({
        expAvg: Float32Array.from(this.#m[i]!.dataSync() as Float32Array),
        expAvgSq: Float32Array.from(this.#v[i]!.dataSync() as Float32Array),
      })),
    };
  }

  setState(state: AdamState): void {
    if (!Number.isInteger(state.step) || state.step < 0)
      throw new RangeError(`Adam step must be a non-negative integer, got "${state.step}"`);
    if (state.moments.length !== this.variables.length)
      throw new RangeError(
        `Expected moments of ${this.variables.length} parameters, got "${state.moments.length}"`,
      );
    state.moments.forEach((mo, i) => {
      const size = this.variables[i]!.size;
      if (mo.expAvg.length !== size || mo.expAvgSq.length !== size)
        throw new RangeError(`Moments of parameter ${i} hold the wrong number of values (expected ${size})`);
    });
    state.moments.forEach((mo, i) => {
      const shape = this.variables[i]!.shape;
      tf.tidy(() => {
        this.#m[i]!.assign(tf.tensor(mo.expAvg.slice(), shape));
        this.#v[i]!.assign(tf.tensor(mo.expAvgSq.slice(), shape));
      });
    });
    this.#step = state.step;
  }

  dispose(): void {
    for (const t of [...this.#m, ...this.#v]) t.dispose();
  }
}

/** `torch.nan_to_num(g, nan=0, posinf=1e5, neginf=-1e5)`, from kernels every backend has. */
export function nanToNum(g: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const noNan = tf.where(tf.notEqual(g, g), tf.zerosLike(g), g);
    const pos = tf.where(tf.equal(noNan, Infinity), tf.fill(g.shape, 1e5), noNan);
    return tf.where(tf.equal(pos, -Infinity), tf.fill(g.shape, -1e5), pos);
  });
}
