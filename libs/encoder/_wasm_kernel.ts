// The encoder's host-side loops (Adam's update, BatchNorm's passes) as WebAssembly modules with memories of their
// own, written in the text format beside their callers (no library has such fused kernels; the JavaScript loops they
// replace ran at about 10 ns per value, most of a `small` encoder's step). Each module is assembled once per process
// when its caller's module loads (tens of milliseconds), so that kernels are made synchronously.
import { readFileSync } from "node:fs";
// The assembler alone: this library loads no TF.js backend for its kernels.
import { assembleWat } from "@dermanomaly/tf/wat";

// The parts of the WebAssembly API used here (the project's TypeScript libraries do not declare it).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const WebAssemblyApi = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: object };
    };
  }
).WebAssembly;

const PAGE = 65536;
/** The most a wasm32 memory holds: 65536 pages of 64 KiB. */
const MAX_BYTES = 2 ** 32;

/** A compiled kernel module, from the `<name>.wat` file beside this one (its fields, without `module`). */
export async function compileKernel(name: string): Promise<object> {
  const text = readFileSync(new URL(`./${name}.wat`, import.meta.url), "utf8");
  return new WebAssemblyApi.Module(await assembleWat(name, `(module\n${text}\n)`));
}

/** An instance of a compiled kernel module, whose exported `memory` grows on demand. */
export class KernelInstance<E> {
  readonly exports: E;
  #f32: Float32Array | undefined;
  #f64: Float64Array | undefined;

  constructor(compiled: object) {
    this.exports = new WebAssemblyApi.Instance(compiled, {}).exports as E;
  }

  get #memory(): WasmMemory {
    return (this.exports as { memory: WasmMemory }).memory;
  }

  /** Grows the memory to at least `bytes` (growing detaches earlier views: take them again after). */
  reserve(bytes: number): void {
    const memory = this.#memory;
    if (bytes <= memory.buffer.byteLength) return;
    if (bytes > MAX_BYTES)
      throw new RangeError(`A kernel needs ${bytes} bytes, over the 4 GiB of one wasm memory`);
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
  }

  /** The memory as float32 values (index = byte offset / 4). */
  get f32(): Float32Array {
    const buffer = this.#memory.buffer;
    if (this.#f32?.buffer !== buffer) this.#f32 = new Float32Array(buffer);
    return this.#f32;
  }

  /** The memory as float64 values (index = byte offset / 8). */
  get f64(): Float64Array {
    const buffer = this.#memory.buffer;
    if (this.#f64?.buffer !== buffer) this.#f64 = new Float64Array(buffer);
    return this.#f64;
  }
}

/** `bytes` rounded up to a multiple of 16 (SIMD loads, and float64 arrays after float32 ones). */
export function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
