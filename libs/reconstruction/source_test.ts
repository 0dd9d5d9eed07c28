import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { prepareDataset } from "@dermanomaly/dataset";
import { encodePng } from "@dermanomaly/imaging";
import { noiseImage } from "./_testing.ts";
import { planSource } from "./source.ts";

const dir = await mkdtemp(join(tmpdir(), "rec-src-"));
after(() => rm(dir, { recursive: true, force: true }));

async function photos(root: string, files: Record<string, Uint8Array | string>): Promise<void> {
  for (const [name, bytes] of Object.entries(files)) {
    await mkdir(join(root, name, ".."), { recursive: true });
    await writeFile(join(root, name), bytes);
  }
}

test("planSource() takes class folders as classes, NEV 0 and MEL 1 first, and reports non-images and clashes", async () => {
  const root = join(dir, "folder");
  const png = await encodePng(noiseImage(8, 1));
  await photos(root, {
    "MEL/b.png": png,
    "MEL/b.jpg": png,
    "NEV/a.png": png,
    "BCC/c.png": png,
    "AKIEC/d.webp": png,
    "loose.png": png,
    "notes.txt": "hello",
    "NEV/scan.heic": "x",
  });
  const plan = await planSource(root);
  assert.equal(plan.kind, "photos");
  assert.deepEqual(plan.classes, { AKIEC: 2, BCC: 3, MEL: 1, NEV: 0 });
  assert.deepEqual(
    plan.images.map((i) => [i.entry, i.imageName, i.className, i.label]),
    [
      ["AKIEC/d.webp", "d.webp", "AKIEC", 2],
      ["BCC/c.png", "c.png", "BCC", 3],
      ["MEL/b.jpg", "b.jpg", "MEL", 1],
      ["NEV/a.png", "a.png", "NEV", 0],
      ["loose.png", "loose.png", "_", -1],
    ],
  );
  // Files left out by extension come in source order, then the name clashes.
  assert.deepEqual(plan.skipped, [
    { source: "NEV/scan.heic", reason: 'UNSUPPORTED: ".heic" images are not decoded here' },
    { source: "notes.txt", reason: 'NOT_AN_IMAGE: extension ".txt" is not an image\'s' },
    { source: "MEL/b.png", reason: 'DUPLICATE_NAME: "MEL/b.png" is already taken by "MEL/b.jpg"' },
  ]);
  const custom = await planSource(root, { classMap: { MEL: 5, NEV: 7 } });
  assert.deepEqual(custom.classes, { AKIEC: 8, BCC: 9, MEL: 5, NEV: 7 });
});

test("planSource() reads a zip of photos like the folder", async () => {
  const root = join(dir, "zipped");
  const png = await encodePng(noiseImage(8, 2));
  await photos(root, { "MEL/x.png": png, "NEV/y.png": png });
  const zip = join(dir, "photos.zip");
  execFileSync("/usr/bin/python3", [
    "-c",
    `import shutil; shutil.make_archive(${JSON.stringify(zip.slice(0, -4))}, "zip", ${JSON.stringify(root)})`,
  ]);
  const plan = await planSource(zip);
  assert.deepEqual(
    plan.images.map((i) => [i.root, i.entry, i.className]),
    [
      [zip, "MEL/x.png", "MEL"],
      [zip, "NEV/y.png", "NEV"],
    ],
  );
});

test("planSource() names a prepared data set's images by their source photos and manifest classes", async () => {
  const root = join(dir, "raw");
  await photos(root, {
    "MEL/ISIC_2.png": await encodePng(noiseImage(8, 3)),
    "NEV/ISIC_1.png": await encodePng(noiseImage(8, 4)),
  });
  const dataset = join(dir, "prepared");
  await prepareDataset({ source: root, dest: dataset, width: 8, height: 8, classMap: { NEV: 0, MEL: 1 } });
  const plan = await planSource(dataset);
  assert.equal(plan.kind, "dataset");
  assert.deepEqual(plan.classes, { MEL: 1, NEV: 0 });
  assert.deepEqual(
    plan.images.map((i) => [i.entry, i.imageName, i.className, i.label]),
    [
      ["00000/img00000000.png", "ISIC_2.png", "MEL", 1],
      ["00000/img00000001.png", "ISIC_1.png", "NEV", 0],
    ],
  );
  assert.deepEqual(plan.skipped, []);
});

test("planSource() reports a missing source as NOT_FOUND", async () => {
  await assert.rejects(planSource(join(dir, "nope")), (e) => isStatusError(e) && e.code === Code.NOT_FOUND);
});
