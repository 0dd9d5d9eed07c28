// Kernels that share their input's buffer where the package's copy it. tfjs clones (Identity) every tensor a
// gradient keeps for the backward pass and casts float32 to float32 inside gradients (Square's, for one), so the
// copying versions doubled the memory of saved activations and weights under a gradient tape. Sharing is safe: no
// kernel writes into its inputs, and `Variable.assign` swaps buffers rather than writing into them.
import type { TensorInfo } from "@tensorflow/tfjs";
import type { KernelArgs, WasmKernelFunc } from "./_wasm.ts";

/** What sharing needs of `BackendWasm` besides {@link KernelArgs}: reference counts, as its `Reshape` uses. */
interface RefCounted {
  incRef(dataId: TensorInfo["dataId"]): void;
}

function share({ inputs, backend }: KernelArgs): TensorInfo {
  const x = inputs["x"]!;
  (backend as unknown as RefCounted).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** `Identity` on wasm that shares the input's buffer (reference-counted, as the cpu backend does). */
export function sharedIdentity(args: KernelArgs): TensorInfo {
  if (args.inputs["x"]!.dtype === "string")
    throw new TypeError("Identity on wasm does not take string tensors");
  return share(args);
}

/** `Cast` on wasm that shares the buffer when the dtype does not change, and runs `original` otherwise. */
export function sharingCast(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => (args.inputs["x"]!.dtype === args.attrs["dtype"] ? share(args) : original(args));
}
