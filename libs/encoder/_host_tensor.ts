// Reading and writing tensor values where they lie, for the host-side layers (`_batch_norm.ts`): on wasm the values
// are viewed on the wasm heap and an output is allocated there and written in place, as the backend's own kernels
// do (`makeOutput`, then views of the heap), which spares a `dataSync()` copy out and a `tf.tensor()` copy back per
// tensor. Other backends keep their values in host memory already: `dataSync()` and `tf.tensor()` serve there.
import type { TensorInfo } from "@tensorflow/tfjs";
import { tf } from "./_tf.ts";

/** What is needed of tfjs-backend-wasm's `BackendWasm` (as `@dermanomaly/tf`'s own kernels use it). */
interface HeapBackend {
  makeOutput(shape: number[], dtype: "float32"): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function heapBackend(): HeapBackend | null {
  const b = tf.backend() as unknown as Partial<HeapBackend>;
  return typeof b.makeOutput === "function" && typeof b.typedArrayFromHeap === "function"
    ? (b as HeapBackend)
    : null;
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes (they start uninitialised), given read-only views of
 * `inputs`' values. Views are valid during `fill` only: it must not allocate on the backend (the heap may move).
 */
export function writeTensor<R extends tf.Rank>(
  shape: number[],
  inputs: readonly tf.Tensor[],
  fill: (out: Float32Array, inputs: Float32Array[]) => void,
): tf.Tensor<R> {
  for (const t of inputs)
    if (t.dtype !== "float32") throw new TypeError(`Expected a float32 tensor, got "${t.dtype}"`);
  const heap = heapBackend();
  if (heap === null) {
    const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
    fill(
      out,
      inputs.map((t) => t.dataSync() as Float32Array),
    );
    return tf.tensor(out, shape, "float32") as unknown as tf.Tensor<R>;
  }
  const info = heap.makeOutput(shape, "float32");
  // Views after the allocation, which may have grown (and so moved) the heap.
  const view = (t: TensorInfo) => heap.typedArrayFromHeap(t) as Float32Array;
  try {
    fill(view(info), inputs.map(view));
  } catch (err) {
    tf.engine().makeTensorFromTensorInfo(info).dispose();
    throw err;
  }
  // The same wrapping as a kernel's output gets from the engine (tracked by tf.tidy, counted by tf.memory).
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
}
