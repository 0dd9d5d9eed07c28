import { readLatents } from "@dermanomaly/evaluation/internal";
import type { ReferenceLatents } from "./score_set.ts";

/** Options for {@linkcode readReferenceLatents}. */
export interface ReadReferenceLatentsOptions {
  /**
   * What to record as their source in the sheets' `meta` (e.g. the URI they were downloaded from).
   * @default the path
   */
  readonly source?: string;
}

/**
 * Reads the latents of normal training images that `afs` and `als` search: a `latent_vectors.csv`
 * (`dim_1,...,dim_<z>,image_name`, as reconstruction writes it and the original's `generate_pic.py` did).
 *
 * @throws {StatusError} NOT_FOUND for a missing file; INVALID_ARGUMENT naming the file, row and column for a bad
 *   header, a short row, a value that is not a finite number or no rows.
 */
export async function readReferenceLatents(
  path: string,
  options: ReadReferenceLatentsOptions = {},
): Promise<ReferenceLatents> {
  const { matrix } = await readLatents(path);
  return { data: matrix.data, rows: matrix.rows, cols: matrix.cols, source: options.source ?? path };
}
