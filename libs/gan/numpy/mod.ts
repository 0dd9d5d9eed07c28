/**
 * numpy interchange for latents and images: the legacy `RandomState` (so a seed gives the same z as NVIDIA's
 * `gen_images.py`) and `.npy` read/write for float32/float64 arrays in C order.
 *
 * @example
 * ```ts
 * import { seedLatent, writeNpy } from "@dermanomaly/gan/numpy";
 *
 * const z = seedLatent(42, 512); // == np.random.RandomState(42).randn(1, 512)
 * await writeNpy("z.npy", { shape: [1, 512], data: z });
 * ```
 *
 * @module
 */
export * from "./npy.ts";
export * from "./random_state.ts";
