/**
 * TensorFlow.js for dermanomaly: one shared `tf` namespace, backend selection (native TensorFlow, wasm with the
 * project's training kernels and threads, or plain JavaScript), and a conv benchmark.
 *
 * @example
 * ```ts
 * import { disposeBackend, initBackend, tf } from "@dermanomaly/tf";
 * const choice = await initBackend(); // DERMANOMALY_TF_BACKEND, else the best that starts
 * const y = tf.conv2d(tf.ones([1, 8, 8, 3]), tf.ones([3, 3, 3, 4]), 1, "same");
 * disposeBackend();
 * ```
 *
 * @module
 */
export * from "./backend.ts";
export * from "./bench.ts";
export * from "./heap_module.ts";
export * from "./js_kernel.ts";
export * from "./kernels/register.ts";
export * from "./profile.ts";
export * from "./tf.ts";
export * from "./wasm_heap.ts";
export * from "./wat.ts";
