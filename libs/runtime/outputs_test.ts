import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { FsArtifactStore } from "@dermanomaly/artifacts";
import { numberedRunFolder } from "./outputs.ts";

const root = mkdtempSync(join(tmpdir(), "outputs-test-"));
after(() => rmSync(root, { recursive: true, force: true }));

test("numberedRunFolder() numbers after the runs already there, in a local folder and under a store key", async () => {
  const store = new FsArtifactStore(join(root, "store"));
  const local = join(root, "runs");
  mkdirSync(join(local, "00003-old"), { recursive: true });
  mkdirSync(join(local, "notes"));
  assert.deepEqual(
    await numberedRunFolder(store, {
      outdir: { kind: "path", path: local },
      fallback: "gan/j1",
      name: "a b/c",
    }),
    { prefix: "gan/j1/", dir: join(local, "00004-a_b_c") },
  );
  await store.put("runs/r/00000-x/file.txt", Buffer.from("x"));
  assert.deepEqual(
    await numberedRunFolder(store, { outdir: { kind: "key", key: "runs/r" }, fallback: "gan/j1", name: "y" }),
    { prefix: "runs/r/00001-y/" },
  );
  assert.deepEqual(await numberedRunFolder(store, { outdir: null, fallback: "gan/j1", name: "y" }), {
    prefix: "gan/j1/",
  });
});
