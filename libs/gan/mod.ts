/**
 * StyleGAN2-ADA networks in TensorFlow.js, parameter-compatible with NVIDIA's PyTorch code (`--cfg=stylegan2`):
 * mapping + 'skip' synthesis generator, 'resnet' discriminator, their losses (with second-order R1 and path-length
 * terms), rendering latents into images, state dicts in NVIDIA's names and layout, safetensors files, and parameter
 * inspection. Training is in `./training`, NVIDIA pickles in `./nvidia` and `./pickle`, numpy files in `./numpy`.
 *
 * Errors, one rule for the whole package: a bad argument (an option out of range, a shape that does not fit, a
 * missing setting) throws `RangeError` or `TypeError`; a file or stored state that cannot be used (corrupt,
 * truncated, an unsupported format or dtype, a missing file or tensor) throws `StatusError` from
 * `@dermanomaly/contracts` with the code that says which, as its doc explains. A service turns the first kind into
 * INVALID_ARGUMENT around its option checks only (`asInvalidArgument` in `@dermanomaly/runtime`).
 *
 * @example
 * ```ts
 * import { Generator, renderImages } from "@dermanomaly/gan";
 * import { seedLatent } from "@dermanomaly/gan/numpy";
 * import { loadGenerator } from "@dermanomaly/gan/nvidia";
 * import { initBackend } from "@dermanomaly/tf";
 *
 * await initBackend();
 * const weights = await loadGenerator("network-snapshot-000200.safetensors"); // G_ema, else G
 * const G = new Generator(weights.config);
 * G.loadStateDict(weights.stateDict);
 * const images = await renderImages(G, seedLatent(7, G.config.zDim), { psi: 0.7 }); // NHWC [1, 256, 256, 3]
 * G.dispose();
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
export * from "./inversion.ts";
export * from "./losses.ts";
export * from "./mapping.ts";
export * from "./render.ts";
export * from "./safetensors.ts";
export * from "./state_dict.ts";
export * from "./synthesis.ts";
