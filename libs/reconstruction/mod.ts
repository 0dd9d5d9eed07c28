/**
 * Reconstruction of images through E, G and D on ONNX Runtime, and the reconstruction set it writes: the input
 * pixels, G(E(x)) and residual heat maps as PNGs, latents as `latent_vectors.csv`, and per image z, D features,
 * logits and pixel distances in `reconstruction_set.safetensors`, indexed by `reconstruction_set.csv`. Sources are
 * folders or zips of photos in class folders, or prepared data sets; a source splits into work items whose partial
 * sets merge in a stable order. Nothing here loads TF.js.
 *
 * @example
 * ```ts
 * import { openReconstructionModels, readReconstructionSet, reconstructSource, setRow } from "@dermanomaly/reconstruction";
 *
 * const models = await openReconstructionModels({ encoder: "E.onnx", generator: "G.onnx", discriminator: "D.onnx" });
 * await reconstructSource(models, { source: "photos/test_set", dest: "runs/rec-1/set" }, { batchSize: 8 });
 * await models.close();
 * const set = await readReconstructionSet("runs/rec-1/set");
 * for (const [i, image] of set.images.entries()) {
 *   console.log(image.imageName, image.label, set.pixelMse[i], setRow(set, "featuresReal", i).length);
 * }
 * ```
 *
 * @module
 */
export * from "./input_image.ts";
export * from "./merge.ts";
export * from "./metrics.ts";
export * from "./models.ts";
export * from "./reconstruct_items.ts";
export * from "./reconstructor.ts";
export * from "./set.ts";
export * from "./source.ts";
export * from "./stored_set.ts";
