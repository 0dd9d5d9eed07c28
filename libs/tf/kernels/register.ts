import { createRequire } from "node:module";
import { tf } from "../tf.ts";
import { clearDerivedCache, rememberBuiltinBatchMatMul, type WasmKernelFunc } from "./_wasm.ts";
import { untransposedMatMul } from "./batch_mat_mul.ts";
import { conv2dBackpropFilter } from "./conv2d_backprop_filter.ts";
import { conv2dBackpropInput } from "./conv2d_backprop_input.ts";
import { depthwiseConv2dBackpropFilter, depthwiseConv2dBackpropInput } from "./depthwise_conv2d_backprop.ts";
import { sharedIdentity, sharingCast } from "./identity.ts";
import { nativeConv2D, nativeConv2DBackpropFilter, nativeConv2DBackpropInput } from "./native_conv.ts";
import { nativeBatchMatMul } from "./native_mat_mul.ts";
import { unsortedSegmentSum } from "./unsorted_segment_sum.ts";

const require = createRequire(import.meta.url);

/** Names of the wasm kernels this package registers (added, or replacing the package's own). */
export const WASM_KERNEL_NAMES: readonly string[] = [
  "Conv2D",
  "Conv2DBackpropFilter",
  "Conv2DBackpropInput",
  "DepthwiseConv2dNativeBackpropFilter",
  "DepthwiseConv2dNativeBackpropInput",
  "UnsortedSegmentSum",
  "BatchMatMul",
  "_FusedMatMul",
  "Identity",
  "Cast",
];

let registered = false;
/** The package's own configs of the kernels replaced or added here (undefined: it has none). */
const builtins = new Map<string, import("@tensorflow/tfjs").KernelConfig | undefined>();
const ours = new Map<string, import("@tensorflow/tfjs").KernelConfig>();

/**
 * Loads `@tensorflow/tfjs-backend-wasm` (which registers the `wasm` backend) and registers this package's wasm
 * kernels: the missing conv/depthwise weight and input gradients and `UnsortedSegmentSum`, a fast
 * `Conv2DBackpropInput`, matmuls that transpose their operands explicitly, an `Identity` and a same-dtype
 * `Cast` that share their input's buffer, and convolutions (forward and both gradients) that run on ONNX Runtime
 * while its native runtime is started. Safe to call more than once; works before or after the backend starts.
 */
export function registerWasmKernels(): void {
  if (registered) return;
  require("@tensorflow/tfjs-backend-wasm");
  const builtin = (name: string) => {
    const config = tf.getKernel(name, "wasm");
    if (config === undefined) throw new Error(`Kernel "${name}" is not registered for backend "wasm"`);
    return config;
  };
  const replace = (name: string, make: (f: WasmKernelFunc) => WasmKernelFunc) => {
    const config = builtin(name);
    builtins.set(name, config);
    const original = config.kernelFunc as unknown as WasmKernelFunc;
    if (name === "BatchMatMul") rememberBuiltinBatchMatMul(original);
    tf.unregisterKernel(name, "wasm");
    const kernel: import("@tensorflow/tfjs").KernelConfig = {
      kernelName: name,
      backendName: "wasm",
      kernelFunc: make(original) as unknown as import("@tensorflow/tfjs").KernelFunc,
    };
    // The package's kernels bind their wasm exports in setupFunc when the backend starts: keep it.
    if (config.setupFunc !== undefined) kernel.setupFunc = config.setupFunc;
    tf.registerKernel(kernel);
    ours.set(name, kernel);
  };
  const add = (name: string, f: WasmKernelFunc) => {
    const config = tf.getKernel(name, "wasm");
    builtins.set(name, config);
    if (config !== undefined) tf.unregisterKernel(name, "wasm");
    const kernel = {
      kernelName: name,
      backendName: "wasm",
      kernelFunc: f as unknown as import("@tensorflow/tfjs").KernelFunc,
    };
    tf.registerKernel(kernel);
    ours.set(name, kernel);
  };
  replace("BatchMatMul", (f) => nativeBatchMatMul(untransposedMatMul(f)));
  replace("_FusedMatMul", untransposedMatMul);
  // The convolutions run on ONNX Runtime while the native runtime is started (see startNativeRuntime), else here.
  replace("Conv2D", nativeConv2D);
  replace("Conv2DBackpropInput", () => nativeConv2DBackpropInput(conv2dBackpropInput));
  add("Conv2DBackpropFilter", nativeConv2DBackpropFilter(conv2dBackpropFilter));
  add("DepthwiseConv2dNativeBackpropInput", depthwiseConv2dBackpropInput);
  add("DepthwiseConv2dNativeBackpropFilter", depthwiseConv2dBackpropFilter);
  add("UnsortedSegmentSum", unsortedSegmentSum);
  replace("Identity", () => sharedIdentity);
  replace("Cast", sharingCast);
  registered = true;
}

/** Frees the filters the kernels keep derived from live weights (called when the wasm backend is removed). */
export function clearWasmKernelCaches(): void {
  clearDerivedCache();
}

/**
 * Runs `fn` with the wasm package's own kernels in place of this package's (kernels it lacks stay missing), for
 * benchmarks and comparisons. Synchronous so that no other work sees the swap.
 */
export function withBuiltinWasmKernels<T>(fn: () => T): T {
  registerWasmKernels();
  const swap = (
    from: Map<string, unknown>,
    to: Map<string, import("@tensorflow/tfjs").KernelConfig | undefined>,
  ) => {
    for (const name of from.keys()) {
      if (tf.getKernel(name, "wasm") !== undefined) tf.unregisterKernel(name, "wasm");
      const config = to.get(name);
      if (config !== undefined) tf.registerKernel(config);
    }
  };
  swap(ours, builtins);
  try {
    return fn();
  } finally {
    swap(builtins, ours);
  }
}
