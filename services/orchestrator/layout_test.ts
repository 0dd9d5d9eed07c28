import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { openArtifactStore } from "@dermanomaly/artifacts";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { createDatasetWriter, type DatasetManifest } from "@dermanomaly/dataset";
import { checkDataLayout } from "./layout.ts";

const tmp = mkdtempSync(join(tmpdir(), "orchestrator-layout-"));
const store = await openArtifactStore({ uri: `file://${join(tmp, "store")}` });
after(async () => {
  await store.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A data folder holding the given files (empty files: the layout check reads names only). */
function folder(name: string, files: string[]): string {
  const root = join(tmp, name);
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), "");
  }
  mkdirSync(root, { recursive: true });
  return root;
}

async function check(root: string, classMap: Record<string, number> = { NEV: 0, MEL: 1 }) {
  return checkDataLayout(
    {
      train: { kind: "path", path: join(root, "train_set") },
      test: { kind: "path", path: join(root, "test_set") },
    },
    { store, workDir: join(tmp, "work"), classMap },
  );
}

async function refusal(root: string): Promise<{ code: number; message: string }> {
  try {
    await check(root);
  } catch (err) {
    assert.ok(isStatusError(err), String(err));
    return { code: err.code, message: err.message };
  }
  assert.fail("expected a refusal");
}

const GOOD = [
  "train_set/NEV/a.jpg",
  "train_set/NEV/b.png",
  "test_set/NEV/c.jpg",
  "test_set/MEL/d.jpg",
  "notes.txt",
];

test("checkDataLayout() counts the images of the original's layout by class folder", async () => {
  assert.deepEqual(await check(folder("good", GOOD)), { train: { NEV: 2 }, test: { MEL: 1, NEV: 1 } });
});

test("checkDataLayout() names what is missing and shows the expected layout", async () => {
  const cases: [string[], RegExp, number][] = [
    [["test_set/NEV/c.jpg", "test_set/MEL/d.jpg"], /train_set path ".*" does not exist/, Code.NOT_FOUND],
    [
      ["train_set/NEV/x.txt", "test_set/NEV/c.jpg", "test_set/MEL/d.jpg"],
      /train_set has no normal training images \(no photo in "NEV\/"\)/,
      Code.INVALID_ARGUMENT,
    ],
    [
      ["train_set/a.jpg", "test_set/NEV/c.jpg", "test_set/MEL/d.jpg"],
      /train_set holds images outside a class folder: training photos must be in a folder of a normal class \("NEV\/"\)/,
      Code.INVALID_ARGUMENT,
    ],
    [
      ["train_set/NEV/a.jpg", "train_set/MEL/b.jpg", "test_set/NEV/c.jpg"],
      /train_set holds folder "MEL\/"/,
      Code.INVALID_ARGUMENT,
    ],
    [["train_set/NEV/a.jpg", "test_set/readme.txt"], /test_set has no test images/, Code.INVALID_ARGUMENT],
    [
      ["train_set/NEV/a.jpg", "test_set/NEV/c.jpg", "test_set/BCC/d.jpg"],
      /test_set holds an unknown class folder "BCC\/": the classes are "MEL", "NEV"/,
      Code.INVALID_ARGUMENT,
    ],
    [
      ["train_set/NEV/a.jpg", "test_set/NEV/c.jpg"],
      /test_set has no anomalous test images \(none in "MEL\/"\): an AUC needs both/,
      Code.INVALID_ARGUMENT,
    ],
  ];
  for (const [i, [files, message, code]] of cases.entries()) {
    const got = await refusal(folder(`case${i}`, files));
    assert.equal(got.code, code, got.message);
    assert.match(got.message, message);
    if (code === Code.INVALID_ARGUMENT) {
      assert.match(
        got.message,
        /expected layout \(the original's\):\n {2}train_set\/NEV\/\*\.jpg {3}normal training photos/,
      );
      assert.match(got.message, /test_set\/MEL\/\*\.jpg {4}anomalous test photos/);
    }
  }
});

test("checkDataLayout() reads a zip given as an artifact, as a path", async () => {
  const root = folder("zipped", GOOD);
  const zipPath = join(tmp, "test.zip");
  const writer = await createDatasetWriter(zipPath);
  await writer.add("NEV/a.jpg", new Uint8Array(1));
  await writer.add("MEL/b.jpg", new Uint8Array(1));
  await writer.finish({ labels: null }, {} as DatasetManifest);
  const artifact = await store.putFile("inputs/test.zip", zipPath, { mediaType: "application/zip" });
  const layout = await checkDataLayout(
    { train: { kind: "path", path: join(root, "train_set") }, test: { kind: "artifact", artifact } },
    { store, workDir: join(tmp, "work"), classMap: { NEV: 0, MEL: 1 } },
  );
  assert.deepEqual(layout.test, { MEL: 1, NEV: 1 });
});
