/**
 * The gan-trainer stage: StyleGAN2-ADA training as `train.py --cfg=stylegan2` does it, as jobs that stream one
 * progress report per tick, store snapshots (`network-snapshot-<kimg>.safetensors`, `fakes<kimg>.png`,
 * `stats.jsonl`) in the artifact store, announce them as `gan.*` events, and resume from the last snapshot after
 * a restart.
 *
 * @example
 * ```ts
 * import { serveStage } from "@dermanomaly/runtime";
 * import { ganTrainerHandlers } from "@dermanomaly/service-gan-trainer";
 * await serveStage("gan-trainer", ganTrainerHandlers);
 * ```
 *
 * @module
 */
export * from "./dataset_source.ts";
export * from "./generate.ts";
export * from "./inspect.ts";
export * from "./options.ts";
export * from "./train_job.ts";
