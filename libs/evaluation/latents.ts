import { readFile } from "node:fs/promises";
import { Code, StatusError } from "@dermanomaly/contracts";
import { parseCsv } from "./_files.ts";

/** Encoder latents of a set of images, one row per image. */
export interface Latents {
  /** Image names (the `image_name` column), one per row. */
  readonly names: readonly string[];
  /** The latents, one row of z values per image. */
  readonly matrix: { readonly data: Float32Array; readonly rows: number; readonly cols: number };
}

/**
 * Reads a `latent_vectors.csv` as the original's `generate_pic.py` writes it (and the reconstruction set keeps it):
 * header `dim_1,...,dim_<z>,image_name`, one row per image.
 *
 * @throws {StatusError} NOT_FOUND when the file is missing; INVALID_ARGUMENT, naming the file, row and column, for a
 *   bad header, a short row, a value that is not a finite number, a missing or repeated image name, or no rows.
 */
export async function readLatents(path: string): Promise<Latents> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new StatusError(Code.NOT_FOUND, `Latents file '${path}' does not exist`, { cause: err });
    }
    throw err;
  }
  return parseLatents(text, path);
}

/** {@linkcode readLatents} on text already read; `file` names it in errors. */
export function parseLatents(text: string, file: string): Latents {
  const bad = (message: string) =>
    new StatusError(Code.INVALID_ARGUMENT, `Latents file '${file}': ${message}`);
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (err) {
    throw bad((err as Error).message);
  }
  const header = rows[0];
  if (header === undefined) throw bad("it is empty");
  const z = header.length - 1;
  header.forEach((name, c) => {
    const want = c === z ? "image_name" : `dim_${c + 1}`;
    if (name.trim() !== want) throw bad(`column ${c + 1} of the header must be '${want}', got '${name}'`);
  });
  if (z < 1) throw bad("the header has no 'dim_1' column");
  const body = rows.slice(1).filter((r) => !(r.length === 1 && r[0] === ""));
  if (body.length === 0) throw bad("it has no rows");
  const data = new Float32Array(body.length * z);
  const names: string[] = [];
  const seen = new Set<string>();
  body.forEach((row, r) => {
    const line = r + 2;
    if (row.length !== z + 1) throw bad(`row ${line} has ${row.length} fields, the header ${z + 1}`);
    for (let c = 0; c < z; c++) {
      const text = (row[c] as string).trim();
      const v = Number(text);
      if (text === "" || !Number.isFinite(v))
        throw bad(`row ${line}, column 'dim_${c + 1}': '${row[c]}' is not a finite number`);
      data[r * z + c] = v;
    }
    const name = (row[z] as string).trim();
    if (name === "") throw bad(`row ${line}, column 'image_name' is empty`);
    if (seen.has(name)) throw bad(`row ${line}, column 'image_name': '${name}' appears twice`);
    seen.add(name);
    names.push(name);
  });
  return { names, matrix: { data, rows: body.length, cols: z } };
}
