// ONNX Runtime (onnxruntime-node, native MLAS kernels) as the compute engine of the wasm backend's convolutions.
//
// XNNPACK in WebAssembly is limited to 128-bit SIMD without fused multiply-add: about 21 GFLOP/s per core on this
// machine class against 50-80 for ONNX Runtime's or PyTorch's native kernels on the same convolutions. The kernels
// here hand the heavy convolutions to ONNX Runtime, reading their inputs from and writing their outputs to the wasm
// heap in place. That needs two internals, pinned by `native_test.ts`:
// - onnxruntime-node's binding, whose `run` is synchronous (the public `InferenceSession.run` is a promise, and a
//   TF.js kernel must return its result); sessions are opened beforehand, asynchronously, with symbolic shapes;
// - a wasm heap that is a plain ArrayBuffer: the binding refuses SharedArrayBuffer views, so the wasm module runs
//   one thread of its own while ONNX Runtime's pool does the parallel work.
import { createRequire } from "node:module";
import type { TensorInfo } from "@tensorflow/tfjs";
import { NATIVE_GRAPHS, type NativeGraphName } from "./_native_graphs.ts";
import type { WasmBackend } from "./_wasm.ts";

const require = createRequire(import.meta.url);

/** The onnxruntime-node version whose binding internals the native kernels use. */
export const NATIVE_ORT_VERSION = "1.31.1";

interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}

interface OrtTensorConstructor {
  new (type: "float32", data: Float32Array, dims: readonly number[]): OrtTensor;
  new (type: "int64", data: BigInt64Array, dims: readonly number[]): OrtTensor;
}

/** onnxruntime-node's native session (dist/binding): `loadModel` is asynchronous, `run` synchronous. */
interface BindingSession {
  loadModel(buffer: ArrayBufferLike, offset: number, length: number, options: object): Promise<void>;
  run(
    feeds: Record<string, OrtTensor>,
    fetches: Record<string, OrtTensor | null>,
    options: object,
  ): Record<string, OrtTensor>;
  dispose(): void;
}

/** The started native runtime. */
export interface NativeRuntime {
  /** onnxruntime-node version. */
  readonly version: string;
  /** Threads of ONNX Runtime's intra-op pool. */
  readonly threads: number;
  readonly Tensor: OrtTensorConstructor;
  readonly sessions: ReadonlyMap<NativeGraphName, BindingSession>;
}

let runtime: NativeRuntime | null = null;
let runs = 0;

/** Graphs run on ONNX Runtime so far in this process (tests check that a kernel took the native path). */
export function nativeRunCount(): number {
  return runs;
}

/** The native runtime when started (and not stopped), else null: the kernels then run on wasm alone. */
export function nativeRuntime(): NativeRuntime | null {
  return runtime;
}

/**
 * Why ONNX Runtime cannot serve the kernels here, found without loading its binding, or undefined when it can be
 * tried: the package must be installed at the version whose internals are used.
 */
export function nativeUnavailable(): string | undefined {
  let version: string;
  try {
    version = (require("onnxruntime-node/package.json") as { version: string }).version;
  } catch {
    return 'package "onnxruntime-node" is not installed';
  }
  if (version !== NATIVE_ORT_VERSION)
    return `the native kernels rely on onnxruntime-node ${NATIVE_ORT_VERSION} internals, found "${version}"`;
  return undefined;
}

/**
 * Opens the sessions of every native graph with `threads` intra-op threads (spinning off: the pool must not take
 * the cores from the JavaScript thread between calls). Replaces a runtime started with another thread count.
 * @throws {Error} when onnxruntime-node is missing or not the pinned version, or a session does not open
 */
export async function startNativeRuntime(threads: number): Promise<NativeRuntime> {
  if (runtime !== null && runtime.threads === threads) return runtime;
  const why = nativeUnavailable();
  if (why !== undefined) throw new Error(why);
  const ort = require("onnxruntime-node") as { Tensor: OrtTensorConstructor };
  const bindingModule = require("onnxruntime-node/dist/binding") as {
    initOrt(): void;
    binding: { InferenceSession: new () => BindingSession };
  };
  bindingModule.initOrt();
  const options = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    // Buffers go back to the system after each run: the wasm heap holds the long-lived tensors.
    enableCpuMemArena: false,
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  };
  const sessions = new Map<NativeGraphName, BindingSession>();
  try {
    for (const [name, build] of Object.entries(NATIVE_GRAPHS) as [NativeGraphName, () => Uint8Array][]) {
      const bytes = build();
      const session = new bindingModule.binding.InferenceSession();
      await session.loadModel(bytes.buffer, bytes.byteOffset, bytes.byteLength, options);
      sessions.set(name, session);
    }
  } catch (e) {
    for (const s of sessions.values()) s.dispose();
    throw e;
  }
  stopNativeRuntime();
  runtime = { version: NATIVE_ORT_VERSION, threads, Tensor: ort.Tensor, sessions };
  return runtime;
}

/** Closes the native sessions; the kernels run on wasm alone afterwards. */
export function stopNativeRuntime(): void {
  if (runtime === null) return;
  for (const s of runtime.sessions.values()) s.dispose();
  runtime = null;
}

/**
 * A float32 tensor of the wasm heap as seen by ONNX Runtime (no copy), or null where the heap is shared. With
 * `dims`, its first values in that shape.
 */
export function heapTensor(
  rt: NativeRuntime,
  backend: WasmBackend,
  t: TensorInfo,
  dims?: number[],
  offset = 0,
): OrtTensor | null {
  const view = backend.typedArrayFromHeap(t);
  if (!(view instanceof Float32Array) || view.buffer instanceof SharedArrayBuffer) return null;
  if (dims === undefined) return new rt.Tensor("float32", view, t.shape);
  return new rt.Tensor("float32", view.subarray(offset, offset + dims.reduce((a, b) => a * b, 1)), dims);
}

/** An int64 vector input (pads). */
export function int64Tensor(rt: NativeRuntime, values: readonly number[]): OrtTensor {
  return new rt.Tensor(
    "int64",
    BigInt64Array.from(values, (v) => BigInt(v)),
    [values.length],
  );
}

/**
 * Runs one graph with `out` (allocated on the wasm heap by the caller, after every other allocation) as its
 * pre-allocated output, which ONNX Runtime writes in place (with `dims` and `offset`: that many of its values from
 * that element on). Returns false, having run nothing, when a tensor cannot
 * be shared with ONNX Runtime (a shared heap).
 */
export function runNative(
  rt: NativeRuntime,
  backend: WasmBackend,
  graph: NativeGraphName,
  inputs: Record<string, TensorInfo | OrtTensor | { tensor: TensorInfo; dims: number[] }>,
  out: { name: string; tensor: TensorInfo; dims?: number[]; offset?: number },
): boolean {
  const feeds: Record<string, OrtTensor> = {};
  for (const [name, v] of Object.entries(inputs)) {
    let t: OrtTensor | null;
    if ("dataId" in v) t = heapTensor(rt, backend, v);
    else if ("tensor" in v) t = heapTensor(rt, backend, v.tensor, v.dims);
    else t = v;
    if (t === null) return false;
    feeds[name] = t;
  }
  const y = heapTensor(rt, backend, out.tensor, out.dims, out.offset);
  if (y === null) return false;
  rt.sessions.get(graph)!.run(feeds, { [out.name]: y }, {});
  runs++;
  return true;
}
