/**
 * Helpers the report and scoring packages share with evaluation (files, CSV, quantiles, latents files), light to
 * import (no plot libraries); not for other users.
 *
 * @example
 * ```ts
 * import { csvText, writeFileAtomic } from "@dermanomaly/evaluation/internal";
 * await writeFileAtomic("/tmp/a.csv", csvText(["a"], [[1]]));
 * ```
 *
 * @module
 */
export { checkTag, csvField, csvText, parseCsv, writeFileAtomic } from "./_files.ts";
export { parseLatents, readLatents } from "./latents.ts";
export { minMaxNormalise, sortedQuantile } from "./quantile.ts";
