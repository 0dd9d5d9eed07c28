import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openArtifactStore } from "@dermanomaly/artifacts";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { testInfo, testRecord } from "./_testing.ts";
import { readReconstructionSet, SET_FILES, writeReconstructionSet } from "./set.ts";
import { fetchReconstructionSet, SET_MANIFEST, storeReconstructionSet } from "./stored_set.ts";

const root = await mkdtemp(join(tmpdir(), "stored-set-"));
const store = await openArtifactStore({ uri: `file://${join(root, "store")}` });
after(async () => {
  await store.close();
  await rm(root, { recursive: true, force: true });
});

async function sampleSet(dir: string) {
  const info = testInfo();
  const writer = await writeReconstructionSet(dir, info);
  await writer.add(testRecord(info, "ISIC_001.jpg", "MEL", 1));
  await writer.add(testRecord(info, "ISIC_002.jpg", "NEV", 5));
  await writer.skip({ source: "NEV/bad.jpg", reason: "CORRUPT: truncated" });
  await writer.finish();
}

const put = (prefix: string) => (name: string, content: { file: string }) =>
  store.putFile(`${prefix}${name}`, content.file);

test("a stored set comes back file for file, checked, from its manifest or its prefix", async () => {
  const dir = join(root, "a");
  await sampleSet(dir);
  const order: string[] = [];
  const stored = await storeReconstructionSet(dir, (name, content) => {
    order.push(name);
    return put("sets/a/")(name, content);
  });
  assert.equal(stored.count, 2);
  assert.equal(stored.skipped, 1);
  // The tensors file (a complete set's mark) goes after every other file of the set, the manifest last.
  assert.deepEqual(order.slice(-2), [SET_FILES.tensors, SET_MANIFEST]);
  assert.equal(order.length, 2 * 3 + 4 + 1);
  const manifest = JSON.parse(Buffer.from(await store.getBytes(stored.manifest)).toString());
  assert.equal(Object.keys(manifest.files).length, 10);
  assert.equal(manifest.files["generated_img/MEL/ISIC_001.png"].sha256.length, 64);
  const original = await readReconstructionSet(dir);
  for (const [target, into] of [
    [stored.manifest, join(root, "b")],
    ["sets/a/", join(root, "c")],
  ] as const) {
    const back = await fetchReconstructionSet(store, target, into);
    assert.deepEqual(back.info, original.info);
    assert.deepEqual(back.images, original.images);
    assert.deepEqual(back.z, original.z);
    assert.deepEqual(back.featuresRec, original.featuresRec);
    assert.deepEqual(back.skipped, original.skipped);
    assert.deepEqual(
      await readFile(join(into, "residual/NEV/ISIC_002.png")),
      await readFile(join(dir, "residual/NEV/ISIC_002.png")),
    );
  }
});

test("a set whose stored file was altered is refused as DATA_LOSS, and an unfinished set is never stored", async () => {
  const dir = join(root, "d");
  await sampleSet(dir);
  await storeReconstructionSet(dir, put("sets/d/"));
  const key = "sets/d/input_img/MEL/ISIC_001.png";
  await writeFile(join(root, "store", key), "tampered");
  await assert.rejects(
    fetchReconstructionSet(store, "sets/d/", join(root, "e")),
    (err) => isStatusError(err) && err.code === Code.DATA_LOSS,
  );
  const unfinished = join(root, "f");
  const writer = await writeReconstructionSet(unfinished, testInfo());
  await writer.add(testRecord(testInfo(), "x.png", "NEV", 3));
  const calls: string[] = [];
  await assert.rejects(
    storeReconstructionSet(unfinished, async (name, content) => {
      calls.push(name);
      return put("sets/f/")(name, content);
    }),
    (err) => isStatusError(err) && err.code === Code.FAILED_PRECONDITION,
  );
  assert.deepEqual(calls, []);
  await writer.abort();
  await assert.rejects(
    fetchReconstructionSet(store, "sets/none/", join(root, "g")),
    (err) => isStatusError(err) && err.code === Code.NOT_FOUND,
  );
});
