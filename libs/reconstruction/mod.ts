/**
 * Reconstruction of images through E, G and D on ONNX Runtime, and the reconstruction set it writes: the input
 * pixels, G(E(x)) and residual heat maps as PNGs, latents as `latent_vectors.csv`, and per image z, D features,
 * logits and pixel distances in `reconstruction_set.safetensors`, indexed by `reconstruction_set.csv`. Reading a
 * set loads no TF.js.
 *
 * @example
 * ```ts
 * import { readReconstructionSet, setRow } from "@dermanomaly/reconstruction";
 *
 * const set = await readReconstructionSet("runs/rec-1/set");
 * for (const [i, image] of set.images.entries()) {
 *   console.log(image.imageName, image.label, set.pixelMse[i], setRow(set, "featuresReal", i).length);
 * }
 * ```
 *
 * @module
 */
export * from "./metrics.ts";
export * from "./set.ts";
