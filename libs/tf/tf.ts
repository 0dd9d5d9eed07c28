import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * The TensorFlow.js namespace every dermanomaly package shares.
 *
 * It is the union package `@tensorflow/tfjs` loaded through its CommonJS Node bundle: that bundle registers the
 * gradients of all ops (the core package alone does not), and one shared instance keeps one engine, one set of
 * registered kernels and one active backend per process. Pick the backend with `initBackend()` first.
 */
export const tf: typeof import("@tensorflow/tfjs") = require("@tensorflow/tfjs");
