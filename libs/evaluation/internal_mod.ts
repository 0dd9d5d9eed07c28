/**
 * Helpers the report package shares with evaluation; not for other users.
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
