// HostAdam's update loop as WebAssembly SIMD (adam.wat), in a memory of its own that holds the moments. Written in
// the text format for the same reason as the training kernels of @dermanomaly/tf (no library has such a fused
// kernel): the JavaScript loop it replaces ran at about 10 ns per value, a third of a `small` encoder's step.
import { readFileSync } from "node:fs";
import { assembleWat } from "@dermanomaly/tf";

// The parts of the WebAssembly API used here (the project's TypeScript libraries do not declare it).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface AdamExports {
  memory: WasmMemory;
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
const WebAssemblyApi = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: object };
    };
  }
).WebAssembly;

// Assembled once per process when the module loads (about 40 ms): HostAdam is made synchronously.
const compiled = new WebAssemblyApi.Module(
  await assembleWat("adam", `(module\n${readFileSync(new URL("./adam.wat", import.meta.url), "utf8")}\n)`),
);

const PAGE = 65536;
/** The most a wasm32 memory holds: 65536 pages of 64 KiB. */
const MAX_BYTES = 2 ** 32;

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
  readonly #exports: AdamExports;
  readonly #offsets: number[];
  readonly #sizes: readonly number[];
  // Where the chunk's gradient and weights are copied: after the moments, grown to the largest chunk seen.
  readonly #scratch: number;
  #f32: Float32Array;

  constructor(sizes: readonly number[]) {
    this.#sizes = [...sizes];
    this.#offsets = [];
    let at = 0;
    for (const n of sizes) {
      this.#offsets.push(at);
      // m, then v; 16-byte aligned for the SIMD loads.
      at += 2 * Math.ceil(n / 4) * 16;
    }
    this.#scratch = at;
    this.#exports = new WebAssemblyApi.Instance(compiled, {}).exports as AdamExports;
    this.#f32 = this.#reserve(at);
  }

  /** The first (`which` 0) or second (1) moment of parameter `index`: a view, valid until the next update. */
  moment(index: number, which: 0 | 1): Float32Array {
    const n = this.#sizes[index] as number;
    const start = (this.#offsets[index] as number) + which * Math.ceil(n / 4) * 16;
    return this.#f32.subarray(start / 4, start / 4 + n);
  }

  /** Updates `weights[offset, offset + grad.length)` and its moments with the gradient `grad`. */
  update(index: number, offset: number, grad: Float32Array, weights: Float32Array, s: AdamScalars): void {
    const n = grad.length;
    const gAt = this.#scratch;
    const wAt = gAt + Math.ceil(n / 4) * 16;
    const f32 = this.#reserve(wAt + n * 4);
    f32.set(grad, gAt / 4);
    f32.set(weights.subarray(offset, offset + n), wAt / 4);
    const mAt = (this.#offsets[index] as number) + offset * 4;
    const vAt = mAt + Math.ceil((this.#sizes[index] as number) / 4) * 16;
    this.#exports.adam(gAt, mAt, vAt, wAt, n, s.b1, s.b2, 1 - s.b1, 1 - s.b2, s.stepSize, s.eps);
    weights.set(f32.subarray(wAt / 4, wAt / 4 + n), offset);
  }

  /** A view of the memory with at least `bytes`, grown when needed (growing detaches the old views). */
  #reserve(bytes: number): Float32Array {
    const memory = this.#exports.memory;
    if (bytes > memory.buffer.byteLength) {
      if (bytes > MAX_BYTES)
        throw new RangeError(
          `Adam's moments and chunk need ${bytes} bytes, over the 4 GiB of one wasm memory`,
        );
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    }
    if (this.#f32 === undefined || this.#f32.buffer !== memory.buffer)
      this.#f32 = new Float32Array(memory.buffer);
    return this.#f32;
  }
}
