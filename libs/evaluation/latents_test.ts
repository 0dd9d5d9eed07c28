import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import { parseLatents, readLatents } from "./latents.ts";

test("readLatents() reads the original's latent_vectors.csv layout, quoted names included", async () => {
  const dir = await mkdtemp(join(tmpdir(), "latents-"));
  try {
    const file = join(dir, "latent_vectors.csv");
    await writeFile(file, 'dim_1,dim_2,dim_3,image_name\r\n0.5,-1,2e-3,ISIC_1.jpg\r\n1,2,3,"a,b.png"\r\n');
    const { names, matrix } = await readLatents(file);
    assert.deepEqual(names, ["ISIC_1.jpg", "a,b.png"]);
    assert.deepEqual([matrix.rows, matrix.cols], [2, 3]);
    assert.deepEqual([...matrix.data], [0.5, -1, Math.fround(2e-3), 1, 2, 3]);
    await assert.rejects(readLatents(join(dir, "missing.csv")), (e) => isStatusError(e) && e.code === 5);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("parseLatents() names the file, row and column of a bad value as INVALID_ARGUMENT", () => {
  const cases: [string, RegExp][] = [
    ["dim_1,dim_2,image_name\n1,x,a.png\n", /'f.csv': row 2, column 'dim_2': 'x' is not a finite number/],
    ["dim_1,dim_2,image_name\n1,NaN,a.png\n", /row 2, column 'dim_2': 'NaN'/],
    ["dim_1,dim_2,image_name\n1,2\n", /row 2 has 2 fields, the header 3/],
    ["dim_1,dim_3,image_name\n1,2,a\n", /column 2 of the header must be 'dim_2', got 'dim_3'/],
    ["dim_1,image_name\n1,a\n2,a\n", /row 3, column 'image_name': 'a' appears twice/],
    ["dim_1,image_name\n", /it has no rows/],
    ["", /it is empty/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseLatents(text, "f.csv"),
      (e: unknown) => isStatusError(e) && e.code === 3 && message.test(e.message),
      text,
    );
  }
});
