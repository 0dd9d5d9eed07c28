/**
 * Adaptive discriminator augmentation (StyleGAN2-ADA, 'bgc' pipeline) for TensorFlow.js: the augmentation
 * pipe, differentiable to second order, and the controller that adapts its probability.
 *
 * @example
 * ```ts
 * import { AdaController, AugmentPipe } from "./mod.ts";
 *
 * const pipe = new AugmentPipe();
 * const ada = new AdaController({ batchSize: 32 });
 * const logits = discriminator(pipe.apply(reals, { seed: step }));
 * ada.report(logits);
 * pipe.p = ada.endIteration();
 * ```
 *
 * @module
 */
export type { RandomSource } from "./_rng.ts";
export * from "./ada.ts";
export * from "./augment_pipe.ts";
export * from "./grid_sample.ts";
