import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import { readReferenceLatents } from "./reference_latents.ts";

test("readReferenceLatents() reads a latent_vectors.csv row-major and refuses a bad one naming row and column", async () => {
  const dir = await mkdtemp(join(tmpdir(), "reference-"));
  try {
    const path = join(dir, "latent_vectors.csv");
    await writeFile(path, "dim_1,dim_2,image_name\n0.5,-1,a.jpg\n2,3.25,b.jpg\n");
    const ref = await readReferenceLatents(path, { source: "key:train/latent_vectors.csv" });
    assert.deepEqual([...ref.data], [0.5, -1, 2, 3.25]);
    assert.equal(ref.rows, 2);
    assert.equal(ref.cols, 2);
    assert.equal(ref.source, "key:train/latent_vectors.csv");
    await writeFile(path, "dim_1,dim_2,image_name\n0.5,x,a.jpg\n");
    await assert.rejects(
      readReferenceLatents(path),
      (e) =>
        isStatusError(e) &&
        e.code === 3 &&
        /row 2, column 'dim_2': 'x' is not a finite number/.test(e.message),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
