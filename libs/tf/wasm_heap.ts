// The wasm backend's heap: its size, and a guard on `_malloc`. tfjs-backend-wasm does not check `_malloc`, which
// returns 0 once the wasm32 heap (at most 4 GiB) cannot grow; every tensor allocated then silently shares address 0
// (wrong numbers, no error). Its allocator can also fail without saying so at the very top of the heap: a 64 MiB
// request with the heap at its 4 GiB maximum has come back as a block running past the heap's end (and past 4 GiB),
// which TF.js then reports as "Invalid typed array length". `initBackend()` installs the guard when it starts wasm.
import { Code, StatusError } from "@dermanomaly/contracts";
import { tf } from "./tf.ts";

const GUARDED = Symbol("dermanomaly.wasmHeapGuard");
/** The wasm modules whose allocator handed out memory past the heap's end: nothing they allocate can be trusted. */
const broken = new WeakSet<object>();

interface WasmModule {
  _malloc?: ((bytes: number) => number) & { [GUARDED]?: true };
  wasmMemory?: { buffer: ArrayBufferLike };
  HEAPU8?: Uint8Array;
}

function wasmModule(): WasmModule | undefined {
  return (tf.findBackend("wasm") as { wasm?: WasmModule } | null)?.wasm;
}

function heapBytesOf(wasm: WasmModule | undefined): number {
  return wasm?.wasmMemory?.buffer.byteLength ?? wasm?.HEAPU8?.buffer.byteLength ?? 0;
}

/** Size of the wasm backend's heap in bytes (it only grows), or 0 when the wasm backend is not started. */
export function wasmHeapBytes(): number {
  return heapBytesOf(wasmModule());
}

/**
 * Whether the running wasm backend's allocator has handed out memory past its heap's end (see
 * {@linkcode guardWasmHeap}): every later allocation then fails, and `initBackend()` starts a fresh backend instead.
 */
export function wasmHeapBroken(): boolean {
  const wasm = wasmModule();
  return wasm !== undefined && broken.has(wasm);
}

/**
 * Makes the wasm backend's `_malloc` throw RESOURCE_EXHAUSTED, naming the request and the heap, instead of returning 0
 * or a block that runs past the heap's end (no-op when wasm is not started or already guarded). After such a block
 * the allocator's own record of the heap is wrong, so every later request throws too, until the backend is started
 * afresh. `initBackend()` installs it.
 */
export function guardWasmHeap(): void {
  const wasm = wasmModule();
  let malloc = wasm?._malloc;
  if (wasm === undefined || malloc === undefined || malloc[GUARDED]) return;
  const exhausted = (bytes: number, why = ""): StatusError =>
    new StatusError(
      Code.RESOURCE_EXHAUSTED,
      `TF.js wasm heap exhausted ("${bytes}" bytes requested, heap "${heapBytesOf(wasm)}" bytes of at most ` +
        `4 GiB${why}): lower the batch or set batch_gpu`,
    );
  const guarded = (bytes: number): number => {
    if (broken.has(wasm)) throw exhausted(bytes, "; its allocator failed earlier, the backend must restart");
    const ptr = malloc!(bytes);
    if (bytes <= 0) return ptr;
    if (ptr === 0) throw exhausted(bytes);
    // Pointers above 2 GiB come back as negative int32s.
    if ((ptr >>> 0) + bytes > heapBytesOf(wasm)) {
      broken.add(wasm);
      throw exhausted(bytes);
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
