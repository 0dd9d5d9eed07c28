// The parts of the wasm backend (tfjs-backend-wasm 4.22) the kernels here use, and small helpers over them.
import type { DataId, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from "@tensorflow/tfjs";
import { tf } from "../tf.ts";

/** What the kernels here need of `BackendWasm`. */
export interface WasmBackend {
  dataIdMap: { has(dataId: DataId): boolean };
  makeOutput(shape: number[], dtype: "float32" | "int32" | "bool"): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: DataId): boolean;
}

/** Arguments every kernel function receives. */
export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: WasmBackend;
  attrs: NamedAttrMap;
}

/** A wasm kernel function as registered with tfjs. */
export type WasmKernelFunc = (args: KernelArgs) => TensorInfo;

/** The kernel function currently registered for `name` on wasm. */
export function wasmKernel(name: string): WasmKernelFunc {
  const config = tf.getKernel(name, "wasm");
  if (config === undefined) throw new Error(`Kernel "${name}" is not registered for backend "wasm"`);
  return config.kernelFunc as unknown as WasmKernelFunc;
}

/** Runs another wasm kernel. */
export function run(
  backend: WasmBackend,
  name: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  return wasmKernel(name)({ inputs, backend, attrs });
}

/** Float32 view of a tensor in the wasm heap; take it after the last allocation (the heap may move). */
export function f32(backend: WasmBackend, t: TensorInfo): Float32Array {
  const a = backend.typedArrayFromHeap(t);
  if (!(a instanceof Float32Array)) throw new TypeError(`Expected a float32 tensor, got "${t.dtype}"`);
  return a;
}

/**
 * The index of a float32 view's first element in a Float32Array over the whole heap. A division, not `>> 2`: the
 * heap grows to 4 GiB, and a 32-bit shift turns the offsets above 2 GiB negative (which typed-array methods then
 * count from the end).
 */
export function heapIndex(view: Float32Array): number {
  return view.byteOffset / Float32Array.BYTES_PER_ELEMENT;
}

/** Frees intermediate tensors. */
export function dispose(backend: WasmBackend, ...ts: TensorInfo[]): void {
  for (const t of ts) backend.disposeData(t.dataId);
}

/** Same data seen with another shape (shares the buffer; free it like any output). */
export function reshape(backend: WasmBackend, x: TensorInfo, shape: number[]): TensorInfo {
  return run(backend, "Reshape", { x }, { shape });
}

/** Explicit transpose: the wasm matmul is several times slower on transposed operands. */
export function transpose(backend: WasmBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return run(backend, "Transpose", { x }, { perm });
}

/** Swaps the last two axes. */
export function transposeLast2(backend: WasmBackend, x: TensorInfo): TensorInfo {
  const r = x.shape.length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return transpose(backend, x, perm);
}

/** Plain (untransposed) batched matmul through the built-in wasm kernel. */
export function matMul(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  return builtinBatchMatMul()({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
}

let originalBatchMatMul: WasmKernelFunc | undefined;

/** Keeps the package's own BatchMatMul before it is replaced. */
export function rememberBuiltinBatchMatMul(f: WasmKernelFunc): void {
  originalBatchMatMul ??= f;
}

function builtinBatchMatMul(): WasmKernelFunc {
  return originalBatchMatMul ?? wasmKernel("BatchMatMul");
}

/**
 * Tensors derived from a filter (flipped, split into phases), kept while the filter lives: the wasm conv repacks a
 * filter each time it sees a new tensor, and frozen networks (the encoder trains through a fixed generator) reuse the
 * same weights every step. Entries whose source tensor is gone are freed on the next lookup.
 */
const derivedCache = new Map<DataId, { backend: WasmBackend; entries: Map<string, TensorInfo[]> }>();

export function cachedDerived(
  backend: WasmBackend,
  source: TensorInfo,
  key: string,
  make: () => TensorInfo[],
): TensorInfo[] {
  sweepDerived();
  let slot = derivedCache.get(source.dataId);
  if (slot === undefined || slot.backend !== backend) {
    if (slot !== undefined) freeSlot(slot);
    slot = { backend, entries: new Map() };
    derivedCache.set(source.dataId, slot);
  }
  let ts = slot.entries.get(key);
  if (ts === undefined) {
    ts = make();
    slot.entries.set(key, ts);
  }
  return ts;
}

function freeSlot(slot: { backend: WasmBackend; entries: Map<string, TensorInfo[]> }): void {
  for (const ts of slot.entries.values()) {
    for (const t of ts) if (slot.backend.dataIdMap.has(t.dataId)) slot.backend.disposeData(t.dataId);
  }
}

function sweepDerived(): void {
  for (const [id, slot] of derivedCache) {
    if (!slot.backend.dataIdMap.has(id)) {
      freeSlot(slot);
      derivedCache.delete(id);
    }
  }
}

/** Frees every cached derived filter (call before the backend goes away). */
export function clearDerivedCache(): void {
  for (const slot of derivedCache.values()) freeSlot(slot);
  derivedCache.clear();
}

/** Number of filters with cached derived tensors (for tests). */
export function derivedCacheSize(): number {
  sweepDerived();
  return derivedCache.size;
}
