/**
 * Procedural dermoscopy-like images for demos and tests: skin with texture, hairs and a dermatoscope's dark
 * corners, with a round even naevus or an asymmetric multicoloured melanoma in the middle. Deterministic for a seed.
 *
 * @example
 * ```ts
 * import { generateSyntheticSet } from "@dermanomaly/synthetic";
 * await generateSyntheticSet({ out: "/tmp/synth", trainNev: 200, testNev: 50, testMel: 50, seed: 1 });
 * // /tmp/synth/train_set/NEV/train_NEV_00000.jpg ... /tmp/synth/test_set/MEL/test_MEL_00049.jpg
 * ```
 *
 * @module
 */
export * from "./generate.ts";
export * from "./render.ts";
