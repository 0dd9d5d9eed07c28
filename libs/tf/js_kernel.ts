import type { KernelFunc, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs";
import { type HeapModuleExports, heapModule } from "./heap_module.ts";
import { tf } from "./tf.ts";

/**
 * A kernel written as one JavaScript loop over float32 values: fused element-wise work that would otherwise take
 * several passes (and their intermediate tensors) through the backend's own kernels.
 */
export interface JsKernelConfig {
  /** Kernel name (registered on each backend it runs on). */
  name: string;
  /** Names of the inputs, in the order `compute` receives their values. */
  inputs: readonly string[];
  /** Shapes of the outputs from the input shapes and attributes; one output returns a tensor, more an array. */
  outputShapes(shapes: readonly (readonly number[])[], attrs: NamedAttrMap): number[][];
  /**
   * Writes every value of `outputs` (they start uninitialised) from the input values. Views may share memory with
   * tensors: read inputs and write outputs only.
   */
  compute(
    inputs: readonly Float32Array[],
    outputs: readonly Float32Array[],
    shapes: KernelShapes,
    attrs: NamedAttrMap,
  ): void;
  /**
   * The same work on the wasm backend by a {@link defineHeapModule} module, given the byte offsets of the inputs and
   * outputs in the heap; returns false where it does not take these shapes (then `compute` runs). Its results may
   * differ from `compute`'s by float32 rounding, not more.
   */
  heap?: {
    module: string;
    run(
      fns: HeapModuleExports,
      inputs: number[],
      outputs: number[],
      shapes: KernelShapes,
      attrs: NamedAttrMap,
    ): boolean;
  };
}

/** Shapes of a kernel's inputs and outputs. */
export interface KernelShapes {
  inputs: readonly (readonly number[])[];
  outputs: readonly number[][];
}

/** What the kernel needs of the wasm backend: outputs on its heap and views of tensors there. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: "float32"): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** What it needs of other backends (cpu, tensorflow): synchronous reads and writes. */
interface SyncBackend {
  readSync(dataId: object): unknown;
  write(values: Float32Array, shape: number[], dtype: "float32"): object;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function kernelFunc(config: JsKernelConfig): KernelFunc {
  return ({ inputs, backend, attrs = {} }) => {
    const infos = config.inputs.map((name) => {
      const t = inputs[name];
      if (t === undefined) throw new TypeError(`Kernel "${config.name}" needs input "${name}"`);
      if (t.dtype !== "float32")
        throw new TypeError(`Kernel "${config.name}" takes float32 input "${name}", got "${t.dtype}"`);
      return t;
    });
    const shapes = {
      inputs: infos.map((t) => t.shape),
      outputs: config.outputShapes(
        infos.map((t) => t.shape),
        attrs,
      ),
    };
    let outs: TensorInfo[];
    if ("typedArrayFromHeap" in backend && "makeOutput" in backend) {
      // wasm: allocate first (the heap may grow and move), then view everything in place.
      const b = backend as unknown as HeapBackend;
      outs = shapes.outputs.map((s) => b.makeOutput(s, "float32"));
      const view = (t: TensorInfo) => b.typedArrayFromHeap(t) as Float32Array;
      const fns = config.heap === undefined ? null : heapModule(config.heap.module);
      const offset = (t: TensorInfo) => view(t).byteOffset;
      if (fns !== null && config.heap!.run(fns, infos.map(offset), outs.map(offset), shapes, attrs))
        heapRuns++;
      else config.compute(infos.map(view), outs.map(view), shapes, attrs);
    } else {
      const b = backend as unknown as SyncBackend;
      const values = shapes.outputs.map((s) => new Float32Array(size(s)));
      config.compute(
        infos.map((t) => b.readSync(t.dataId) as Float32Array),
        values,
        shapes,
        attrs,
      );
      outs = values.map((v, i) => ({
        dataId: b.write(v, shapes.outputs[i]!, "float32"),
        shape: shapes.outputs[i]!,
        dtype: "float32",
      }));
    }
    return outs.length === 1 ? outs[0]! : outs;
  };
}

const configs = new Map<string, JsKernelConfig>();
let heapRuns = 0;

/** Kernel calls that took their `heap` path so far in this process (tests check that the wasm code ran). */
export function heapKernelRuns(): number {
  return heapRuns;
}

/**
 * Makes `config` runnable with `tf.engine().runKernel(config.name, inputs, attrs)` on the active backend: the
 * kernel is registered on a backend the first time it runs there (wasm computes on its heap in place, other
 * backends through their synchronous reads and writes). Gradients are the caller's (`tf.customGrad` around the
 * call, or `tf.registerGradient`).
 *
 * @example
 * ```ts
 * defineJsKernel({
 *   name: "Square1p",
 *   inputs: ["x"],
 *   outputShapes: ([x]) => [[...x!]],
 *   compute: ([x], [y]) => { for (let i = 0; i < x!.length; i++) y![i] = x![i]! * x![i]! + 1; },
 * });
 * const y = runJsKernel("Square1p", { x: tf.ones([2]) }) as tf.Tensor;
 * ```
 */
export function defineJsKernel(config: JsKernelConfig): void {
  const known = configs.get(config.name);
  if (known !== undefined && known !== config)
    throw new RangeError(`Kernel "${config.name}" is already defined differently`);
  configs.set(config.name, config);
}

/** Runs a kernel made by {@link defineJsKernel} on the active backend (registering it there first). */
export function runJsKernel(
  name: string,
  inputs: Record<string, import("@tensorflow/tfjs").Tensor>,
  attrs: NamedAttrMap = {},
): import("@tensorflow/tfjs").Tensor | import("@tensorflow/tfjs").Tensor[] {
  const config = configs.get(name);
  if (config === undefined) throw new RangeError(`Unknown JavaScript kernel "${name}"`);
  const backend = tf.getBackend();
  if (tf.getKernel(name, backend) === undefined)
    tf.registerKernel({ kernelName: name, backendName: backend, kernelFunc: kernelFunc(config) });
  return tf.engine().runKernel(name, inputs, attrs) as import("@tensorflow/tfjs").Tensor;
}

/**
 * Float32 views of the memory of `write` and then `read` for a loop that updates `write` in place (an optimizer
 * step), or null where that is not possible or not safe: the active backend must keep tensors in memory JavaScript
 * can address (wasm), and no other tensor may share the data of a `write` tensor (reshapes and clones share it on
 * wasm), so that writing through its view changes that tensor alone. Take the views after the last allocation (the
 * heap may move) and use them at once.
 */
export function viewsInPlace(
  write: readonly import("@tensorflow/tfjs").Tensor[],
  read: readonly import("@tensorflow/tfjs").Tensor[] = [],
): Float32Array[] | null {
  const backend = tf.backend() as unknown as Partial<HeapBackend> & { refCount(dataId: object): number };
  if (backend.typedArrayFromHeap === undefined) return null;
  const all = [...write, ...read];
  if (all.some((t) => t.isDisposed || t.dtype !== "float32")) return null;
  if (write.some((t) => backend.refCount(t.dataId) !== 1)) return null;
  return all.map((t) => backend.typedArrayFromHeap!(t) as Float32Array);
}
