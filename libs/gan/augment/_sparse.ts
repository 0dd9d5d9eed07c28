import { tf } from "./_tf.ts";

/*
 * A fixed sparse linear map on rows and its transpose, as a pair of kernels whose gradients are each other:
 * gather   out[p, :] = sum_k weight[p*taps + k] * x[index[p*taps + k], :]
 * scatter  out[index[p*taps + k], :] += weight[p*taps + k] * y[p, :]
 * tf.gather's own gradient goes through UnsortedSegmentSum, which the cpu backend runs in O(rows x indices)
 * time and the wasm backend lacks. These loops are linear in the number of entries, run on any backend that
 * reads and makes tensors synchronously (cpu, wasm), and are differentiable to any order w.r.t. the data
 * (the index and weights are constants).
 */

const GATHER = "DermanomalySparseGather";
const SCATTER = "DermanomalySparseScatter";

/** The structure of a sparse map: `taps` (index, weight) entries per output row. */
export interface SparseRows {
  /** Source row of each entry, length `outputRows * taps`. */
  index: Int32Array;
  /** Weight of each entry, same length as `index`. */
  weight: Float32Array;
  /** Entries per output row. */
  taps: number;
  /** Number of rows of the gathered-from tensor. */
  sourceRows: number;
}

/** The part of tfjs's KernelBackend interface these kernels use; cpu and wasm both provide it. */
interface SyncBackend {
  readSync(dataId: object): unknown;
  write(values: Float32Array, shape: number[], dtype: tf.DataType): object;
}

function output(backend: SyncBackend, shape: number[], values: Float32Array): tf.TensorInfo {
  return { dataId: backend.write(values, shape, "float32"), shape, dtype: "float32" };
}

function registerKernels(backendName: string): void {
  if (tf.getKernel(GATHER, backendName) !== undefined) return;
  tf.registerKernel({
    kernelName: GATHER,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as SyncBackend;
      const x = inputs["x"]!;
      const values = b.readSync(x.dataId) as Float32Array;
      const index = b.readSync(inputs["index"]!.dataId) as Int32Array;
      const weight = b.readSync(inputs["weight"]!.dataId) as Float32Array;
      const taps = attrs?.["taps"] as number;
      const cols = x.shape[1]!;
      const rows = index.length / taps;
      const out = new Float32Array(rows * cols);
      for (let p = 0; p < rows; p++) {
        for (let k = p * taps; k < (p + 1) * taps; k++) {
          const w = weight[k]!;
          if (w === 0) continue;
          const src = index[k]! * cols;
          for (let c = 0; c < cols; c++) out[p * cols + c] = out[p * cols + c]! + w * values[src + c]!;
        }
      }
      return output(b, [rows, cols], out);
    },
  });
  tf.registerKernel({
    kernelName: SCATTER,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as SyncBackend;
      const y = inputs["y"]!;
      const values = b.readSync(y.dataId) as Float32Array;
      const index = b.readSync(inputs["index"]!.dataId) as Int32Array;
      const weight = b.readSync(inputs["weight"]!.dataId) as Float32Array;
      const taps = attrs?.["taps"] as number;
      const sourceRows = attrs?.["sourceRows"] as number;
      const cols = y.shape[1]!;
      const rows = index.length / taps;
      const out = new Float32Array(sourceRows * cols);
      for (let p = 0; p < rows; p++) {
        for (let k = p * taps; k < (p + 1) * taps; k++) {
          const w = weight[k]!;
          if (w === 0) continue;
          const dst = index[k]! * cols;
          for (let c = 0; c < cols; c++) out[dst + c] = out[dst + c]! + w * values[p * cols + c]!;
        }
      }
      return output(b, [sourceRows, cols], out);
    },
  });
}

let gradientsRegistered = false;

function registerGradients(): void {
  if (gradientsRegistered) return;
  gradientsRegistered = true;
  const constants = (index: tf.Tensor, weight: tf.Tensor) => ({
    index: () => tf.zerosLike(index),
    weight: () => tf.zerosLike(weight),
  });
  tf.registerGradient({
    kernelName: GATHER,
    inputsToSave: ["index", "weight"],
    gradFunc: (dy, saved, attrs) => {
      const [index, weight] = saved as [tf.Tensor1D, tf.Tensor1D];
      const taps = attrs["taps"] as number;
      const sourceRows = attrs["sourceRows"] as number;
      return {
        x: () => runScatter(dy as tf.Tensor2D, index, weight, taps, sourceRows),
        ...constants(index, weight),
      };
    },
  });
  tf.registerGradient({
    kernelName: SCATTER,
    inputsToSave: ["index", "weight"],
    gradFunc: (dy, saved, attrs) => {
      const [index, weight] = saved as [tf.Tensor1D, tf.Tensor1D];
      const taps = attrs["taps"] as number;
      const sourceRows = attrs["sourceRows"] as number;
      return {
        y: () => runGather(dy as tf.Tensor2D, index, weight, taps, sourceRows),
        ...constants(index, weight),
      };
    },
  });
}

function runGather(
  x: tf.Tensor2D,
  index: tf.Tensor1D,
  weight: tf.Tensor1D,
  taps: number,
  sourceRows: number,
) {
  registerKernels(tf.getBackend());
  registerGradients();
  return tf.engine().runKernel(GATHER, { x, index, weight }, { taps, sourceRows }) as tf.Tensor2D;
}

function runScatter(
  y: tf.Tensor2D,
  index: tf.Tensor1D,
  weight: tf.Tensor1D,
  taps: number,
  sourceRows: number,
) {
  registerKernels(tf.getBackend());
  registerGradients();
  return tf.engine().runKernel(SCATTER, { y, index, weight }, { taps, sourceRows }) as tf.Tensor2D;
}

function check(map: SparseRows): void {
  const { index, weight, taps, sourceRows } = map;
  if (!Number.isInteger(taps) || taps < 1 || index.length % taps !== 0 || weight.length !== index.length) {
    throw new RangeError(`Sparse map of "${index.length}" entries does not fit "${taps}" taps`);
  }
  for (let k = 0; k < index.length; k++) {
    if (index[k]! < 0 || index[k]! >= sourceRows) {
      throw new RangeError(`Sparse index "${index[k]}" is outside "[0, ${sourceRows})"`);
    }
  }
}

/** Applies the sparse map to the rows of `x` ([sourceRows, C] -> [entries / taps, C]). */
export function sparseGather(x: tf.Tensor2D, map: SparseRows): tf.Tensor2D {
  check(map);
  if (x.shape[0] !== map.sourceRows) {
    throw new RangeError(`Expected "${map.sourceRows}" rows, got "${x.shape[0]}"`);
  }
  return tf.tidy(() =>
    runGather(
      x,
      tf.tensor1d(map.index, "int32"),
      tf.tensor1d(map.weight, "float32"),
      map.taps,
      map.sourceRows,
    ),
  );
}
