import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import sharp from "sharp";
import { generateSyntheticSet, type SyntheticProgress } from "./generate.ts";

const root = await mkdtemp(join(tmpdir(), "synthetic-test-"));
after(() => rm(root, { recursive: true, force: true }));
const small = { trainNev: 2, testNev: 1, testMel: 2, width: 96, height: 72 } as const;

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name);
      out.set(full.slice(dir.length + 1), await readFile(full));
    }
  }
  return out;
}

test("generateSyntheticSet() writes the train_set/test_set class folders with the requested counts and size", async () => {
  const out = join(root, "layout");
  const progress: SyntheticProgress[] = [];
  const summary = await generateSyntheticSet({ ...small, out, seed: 3, onProgress: (p) => progress.push(p) });
  const files = [...(await filesOf(out)).keys()].sort();
  assert.deepEqual(files, [
    "test_set/MEL/test_MEL_00000.jpg",
    "test_set/MEL/test_MEL_00001.jpg",
    "test_set/NEV/test_NEV_00000.jpg",
    "train_set/NEV/train_NEV_00000.jpg",
    "train_set/NEV/train_NEV_00001.jpg",
  ]);
  assert.deepEqual(
    summary.files.map((f) => [f.split, f.kind, f.label]),
    [
      ["train", "NEV", 0],
      ["train", "NEV", 0],
      ["test", "NEV", 0],
      ["test", "MEL", 1],
      ["test", "MEL", 1],
    ],
  );
  assert.deepEqual(progress.at(-1), { done: 5, total: 5 });
  const meta = await sharp(join(out, "test_set/MEL/test_MEL_00001.jpg")).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, meta.channels], ["jpeg", 96, 72, 3]);
});

test("generateSyntheticSet() writes identical bytes for the same seed and different bytes for another", async () => {
  await generateSyntheticSet({ ...small, out: join(root, "a"), seed: 11 });
  await generateSyntheticSet({ ...small, out: join(root, "b"), seed: 11 });
  await generateSyntheticSet({ ...small, out: join(root, "c"), seed: 12 });
  const [a, b, c] = await Promise.all(["a", "b", "c"].map((d) => filesOf(join(root, d))));
  assert.ok(a && b && c);
  assert.equal(a.size, 5);
  for (const [name, bytes] of a) {
    assert.ok(bytes.equals(b.get(name) as Buffer), `${name} is identical`);
    assert.ok(!bytes.equals(c.get(name) as Buffer), `${name} differs for another seed`);
  }
});

test("generateSyntheticSet() makes an image independent of how many others are requested", async () => {
  await generateSyntheticSet({ ...small, out: join(root, "few"), seed: 5, trainNev: 1, testMel: 1 });
  const few = await filesOf(join(root, "few"));
  const many = await generateSyntheticSet({ ...small, out: join(root, "many"), seed: 5 });
  assert.equal(many.files.length, 5);
  const again = await filesOf(join(root, "many"));
  const name = "test_set/MEL/test_MEL_00000.jpg";
  assert.ok((few.get(name) as Buffer).equals(again.get(name) as Buffer));
});

test("generateSyntheticSet() writes style b in the same layout at another size, with each file's traits", async () => {
  const out = join(root, "style-b");
  const summary = await generateSyntheticSet({ ...small, out, seed: 4, style: "b", width: 128, height: 96 });
  const files = [...(await filesOf(out)).keys()].sort();
  assert.deepEqual(files, summary.files.map((f) => f.path).sort());
  const meta = await sharp(join(out, "train_set/NEV/train_NEV_00000.jpg")).metadata();
  assert.deepEqual([meta.width, meta.height], [128, 96]);
  for (const f of summary.files) {
    assert.equal(f.traits.kind, f.kind);
    assert.equal(f.traits.difficulty === null, f.kind === "NEV");
  }
  // Style a draws the same traits for the same seeds, in its own way.
  const a = await generateSyntheticSet({
    ...small,
    out: join(root, "style-a"),
    seed: 4,
    width: 128,
    height: 96,
  });
  assert.deepEqual(
    a.files.map((f) => f.traits),
    summary.files.map((f) => f.traits),
  );
  const [bytesA, bytesB] = await Promise.all([filesOf(join(root, "style-a")), filesOf(out)]);
  assert.ok(!(bytesA.get(files[0] as string) as Buffer).equals(bytesB.get(files[0] as string) as Buffer));
});

test("generateSyntheticSet() follows a mix: all melanomas subtle with one extra colour", async () => {
  const summary = await generateSyntheticSet({
    ...small,
    out: join(root, "subtle"),
    testMel: 6,
    mix: { difficulty: { obvious: 0, medium: 0, subtle: 1 } },
  });
  const mel = summary.files.filter((f) => f.kind === "MEL");
  assert.equal(mel.length, 6);
  for (const f of mel) assert.deepEqual([f.traits.difficulty, f.traits.colours.length], ["subtle", 1]);
});

test("generateSyntheticSet() refuses a non-empty output folder and stops when aborted", async () => {
  const out = join(root, "busy");
  await mkdir(out);
  await writeFile(join(out, "keep.txt"), "x");
  await assert.rejects(generateSyntheticSet({ ...small, out }), (err: unknown) => isStatusError(err));
  const controller = new AbortController();
  const aborted = generateSyntheticSet({
    ...small,
    out: join(root, "aborted"),
    signal: controller.signal,
    onProgress: () => controller.abort(new Error("stop")),
  });
  await assert.rejects(aborted, /stop/);
  assert.ok((await filesOf(join(root, "aborted"))).size < 5);
  await assert.rejects(generateSyntheticSet({ out: join(root, "bad"), trainNev: -1 }), RangeError);
  await assert.rejects(
    generateSyntheticSet({ out: join(root, "bad"), style: "z" as "a" }),
    /Unknown style 'z'; expected 'a' or 'b'/,
  );
  await assert.rejects(
    generateSyntheticSet({ out: join(root, "bad"), mix: { naevus: { network: 7 } } }),
    /'naevus\.network'/,
  );
});
