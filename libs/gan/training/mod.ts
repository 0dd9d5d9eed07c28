/**
 * StyleGAN2-ADA training in TensorFlow.js, after NVIDIA's `training_loop.py` (`--cfg=stylegan2`): the loss with
 * lazy R1 and path-length regularisation, Adam with PyTorch's arithmetic, G_ema, adaptive augmentation, ticks and
 * snapshots, and checkpoints in safetensors that continue a run exactly.
 *
 * @example
 * ```ts
 * import { initBackend } from "@dermanomaly/tf";
 * import { arrayBatchSource, Trainer, writeCheckpoint } from "@dermanomaly/gan/training";
 *
 * await initBackend();
 * const images = new Float32Array(8 * 3 * 64 * 64); // NCHW in [-1, 1], e.g. from a data set
 * const trainer = new Trainer({ batch: 4, gamma: 1, resolution: 64, cbase: 4096, mapDepth: 2, kimg: 1 });
 * await trainer.run({
 *   source: arrayBatchSource(images, [8, 3, 64, 64]),
 *   onTick: (t) => console.log(t.tick, t.kimg, t.statistics["Loss/G/loss"]),
 *   onSnapshot: (s) => writeCheckpoint(`snapshot-${s.tick}.safetensors`, s.state),
 * });
 * ```
 *
 * @module
 */

export { Random, type RandomState } from "./_rng.ts";
export * from "./adam.ts";
export * from "./batch_source.ts";
export * from "./checkpoint.ts";
export * from "./loss.ts";
export * from "./options.ts";
export * from "./stats.ts";
export * from "./trainer.ts";
