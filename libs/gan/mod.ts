/**
 * StyleGAN2-ADA networks in TensorFlow.js, parameter-compatible with NVIDIA's PyTorch code (`--cfg=stylegan2`):
 * mapping + 'skip' synthesis generator, 'resnet' discriminator, their losses (with second-order R1 and path-length
 * terms), state dicts in NVIDIA's names and layout, safetensors files, and parameter inspection.
 *
 * @example
 * ```ts
 * import { Generator, readSafetensors } from "@dermanomaly/gan";
 * import * as tf from "@tensorflow/tfjs";
 *
 * const g = new Generator({ resolution: 256, channelBase: 16384 });
 * g.loadStateDict((await readSafetensors("G_ema.safetensors")).stateDict);
 * const img = g.forward(tf.randomNormal([4, 512]), null, { psi: 0.7, noiseMode: "const" }); // [4, 256, 256, 3]
 * ```
 *
 * @module
 */
export type { LoadStateDictOptions, NetworkParameters } from "./_params.ts";
export * from "./config.ts";
export * from "./describe.ts";
export * from "./discriminator.ts";
export * from "./generator.ts";
export * from "./inspect.ts";
export * from "./losses.ts";
export * from "./mapping.ts";
export * from "./safetensors.ts";
export * from "./state_dict.ts";
export * from "./synthesis.ts";
