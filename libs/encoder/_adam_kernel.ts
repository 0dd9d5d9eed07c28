// HostAdam's update loop as WebAssembly SIMD (adam.wat), in a memory of its own that holds the moments.
import { align16, compileKernel, KernelInstance } from "./_wasm_kernel.ts";

interface AdamExports {
  adam(
    g: number,
    m: number,
    v: number,
    w: number,
    n: number,
    b1: number,
    b2: number,
    c1: number,
    c2: number,
    step: number,
    eps: number,
  ): void;
}

const compiled = await compileKernel("adam");

/** Scalars of one step, as {@linkcode AdamKernel.update} takes them (double precision, as the reference's). */
export interface AdamScalars {
  b1: number;
  b2: number;
  stepSize: number;
  eps: number;
}

/**
 * The moments of a set of parameters, zeroed, in a WebAssembly memory of their own (`m` then `v` of each parameter),
 * and the update of a chunk of one parameter: its gradient and weights are copied in, updated with its moments, and
 * the weights copied back.
 */
export class AdamKernel {
  readonly #kernel = new KernelInstance<AdamExports>(compiled);
  readonly #offsets: number[] = [];
  readonly #sizes: readonly number[];
  // Where a chunk's gradient and weights are copied: after the moments.
  readonly #scratch: number;

  constructor(sizes: readonly number[]) {
    this.#sizes = [...sizes];
    let at = 0;
    for (const n of sizes) {
      this.#offsets.push(at);
      at += 2 * align16(n * 4);
    }
    this.#scratch = at;
    this.#kernel.reserve(at);
  }

  /** The first (`which` 0) or second (1) moment of parameter `index`: a view, valid until the next update. */
  moment(index: number, which: 0 | 1): Float32Array {
    const n = this.#sizes[index] as number;
    const start = (this.#offsets[index] as number) + which * align16(n * 4);
    return this.#kernel.f32.subarray(start / 4, start / 4 + n);
  }

  /** Updates `weights[offset, offset + grad.length)` and its moments with the gradient `grad`. */
  update(index: number, offset: number, grad: Float32Array, weights: Float32Array, s: AdamScalars): void {
    const n = grad.length;
    const gAt = this.#scratch;
    const wAt = gAt + align16(n * 4);
    this.#kernel.reserve(wAt + n * 4);
    const f32 = this.#kernel.f32;
    f32.set(grad, gAt / 4);
    f32.set(weights.subarray(offset, offset + n), wAt / 4);
    const mAt = (this.#offsets[index] as number) + offset * 4;
    const vAt = mAt + align16((this.#sizes[index] as number) * 4);
    this.#kernel.exports.adam(gAt, mAt, vAt, wAt, n, s.b1, s.b2, 1 - s.b1, 1 - s.b2, s.stepSize, s.eps);
    weights.set(f32.subarray(wAt / 4, wAt / 4 + n), offset);
  }
}
