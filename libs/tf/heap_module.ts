// WebAssembly modules that compute on the wasm backend's heap in place, with 128-bit SIMD.
//
// The element-wise and per-channel kernels of training (bias + activation, their gradients, optimizer steps) are
// memory-bound single passes. Written as JavaScript loops they run at 2-12 ns per element (no SIMD, float64
// arithmetic, branches on data); the same loops in wasm SIMD run at about 0.2-0.5 ns. No library supplies these fused
// kernels for tfjs-backend-wasm's heap, so they are written by hand in the WebAssembly text format, kept beside the
// code that uses them, and assembled at start-up with wabt. Each module imports the backend's own memory, so it reads
// and writes tensors where they are, and sees the heap grow.

import { tf } from "./tf.ts";
import { assembleWat } from "./wat.ts";

/** The functions a module exports (byte offsets into the heap are passed as i32, sizes as i32, scalars as f32). */
export type HeapModuleExports = Record<string, (...args: number[]) => number | undefined>;

// The parts of the WebAssembly API used here (the project's TypeScript libraries do not declare it).
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}
const WebAssemblyApi = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: object } }>;
    };
  }
).WebAssembly;

interface WasmMemoryHolder {
  asm?: { memory?: WasmMemory };
  wasmMemory?: WasmMemory;
}

const sources = new Map<string, string>();
// Instances for the heap they were made for (a restarted backend has a new heap).
const instances = new Map<string, { memory: WasmMemory; exports: HeapModuleExports }>();

/**
 * Registers a module by name: `body` is the text of a WebAssembly module's fields (functions, exports) without the
 * `module` keyword and without a memory, which is imported as `env.memory`, the wasm backend's heap. It is assembled
 * and instantiated by {@link loadHeapModules} (which `initBackend()` calls when it starts wasm); until then, and on
 * other backends, {@link heapModule} returns null and callers take their JavaScript path.
 */
export function defineHeapModule(name: string, body: string): void {
  const known = sources.get(name);
  if (known !== undefined && known !== body)
    throw new RangeError(`Heap module "${name}" is already defined differently`);
  sources.set(name, body);
}

/** The wasm backend's memory, when the active backend is wasm. */
function backendMemory(): WasmMemory | null {
  if (tf.getBackend() !== "wasm") return null;
  const wasm = (tf.backend() as { wasm?: WasmMemoryHolder }).wasm;
  return wasm?.asm?.memory ?? wasm?.wasmMemory ?? null;
}

/** Exports of a module loaded for the active wasm backend's heap, or null (not loaded, another backend). */
export function heapModule(name: string): HeapModuleExports | null {
  const loaded = instances.get(name);
  if (loaded === undefined) return null;
  return loaded.memory === backendMemory() ? loaded.exports : null;
}

/**
 * Assembles and instantiates every defined module against the active wasm backend's heap (no-op on other backends,
 * and for modules already loaded for this heap). Modules defined after `initBackend()` are loaded by the next call.
 * @throws {Error} when a module's text does not assemble or instantiate (a programming error, not an input one)
 */
export async function loadHeapModules(): Promise<void> {
  const memory = backendMemory();
  if (memory === null) return;
  const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
  for (const [name, body] of sources) {
    if (instances.get(name)?.memory === memory) continue;
    // A shared heap (threaded wasm) must be imported as shared, with the 4 GiB maximum.
    const text = `(module (import "env" "memory" (memory 1${shared ? " 65536 shared" : ""}))\n${body}\n)`;
    const bytes = await assembleWat(name, text, { threads: shared });
    let instance: { exports: object };
    try {
      ({ instance } = await WebAssemblyApi.instantiate(bytes, { env: { memory } }));
    } catch (e) {
      throw new Error(
        `Heap module "${name}" does not compile: ${e instanceof Error ? e.message : String(e)}`,
        {
          cause: e,
        },
      );
    }
    instances.set(name, { memory, exports: instance.exports as unknown as HeapModuleExports });
  }
}

/** Forgets every instance (the backend's heap is going away). */
export function unloadHeapModules(): void {
  instances.clear();
}
