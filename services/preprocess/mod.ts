/**
 * The preprocess stage: folders or zips of lesion photos in, StyleGAN data sets out (as `dataset_tool.py`), stored
 * as artifacts and announced with a `dermanomaly.events.preprocess.dataset_prepared` event.
 *
 * @example
 * ```ts
 * import { serveStage } from "@dermanomaly/runtime";
 * import { preprocessHandlers } from "@dermanomaly/service-preprocess";
 * await serveStage("preprocess", preprocessHandlers);
 * ```
 *
 * @module
 */
export * from "./options.ts";
export * from "./prepare_job.ts";
