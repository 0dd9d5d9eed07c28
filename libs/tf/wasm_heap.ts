// The wasm backend's heap: its size, and a guard on `_malloc`. tfjs-backend-wasm does not check `_malloc`, which
// returns 0 once the wasm32 heap (at most 4 GiB) cannot grow; every tensor allocated then silently shares address 0
// (wrong numbers, no error). `initBackend()` installs the guard when it starts wasm.
import { tf } from "./tf.ts";

const GUARDED = Symbol("dermanomaly.wasmHeapGuard");

interface WasmModule {
  _malloc?: ((bytes: number) => number) & { [GUARDED]?: true };
  wasmMemory?: { buffer: ArrayBufferLike };
  HEAPU8?: Uint8Array;
}

function wasmModule(): WasmModule | undefined {
  return (tf.findBackend("wasm") as { wasm?: WasmModule } | null)?.wasm;
}

/** Size of the wasm backend's heap in bytes (it only grows), or 0 when the wasm backend is not started. */
export function wasmHeapBytes(): number {
  const wasm = wasmModule();
  return wasm?.wasmMemory?.buffer.byteLength ?? wasm?.HEAPU8?.buffer.byteLength ?? 0;
}

/**
 * Makes the wasm backend's `_malloc` throw a RangeError instead of returning 0 (no-op when wasm is not started or
 * already guarded). `initBackend()` calls it.
 */
export function guardWasmHeap(): void {
  const wasm = wasmModule();
  let malloc = wasm?._malloc;
  if (wasm === undefined || malloc === undefined || malloc[GUARDED]) return;
  const guarded = (bytes: number): number => {
    const ptr = malloc!(bytes);
    if (ptr === 0 && bytes > 0) {
      throw new RangeError(
        `TF.js wasm heap exhausted ("${bytes}" bytes requested, heap "${wasmHeapBytes()}" bytes of at most 4 GiB): ` +
          "lower the batch or set batch_gpu",
      );
    }
    return ptr;
  };
  // Emscripten's `_malloc` can be a stub that replaces itself with the raw export on its first call: an accessor
  // keeps the guard in front of whatever is assigned later.
  Object.defineProperty(wasm, "_malloc", {
    configurable: true,
    enumerable: true,
    get: () => Object.assign(guarded, { [GUARDED]: true as const }),
    set: (f: (bytes: number) => number) => {
      malloc = f;
    },
  });
}
