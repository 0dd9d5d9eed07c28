import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { decodeImage, encodeJpeg, encodePng, type RgbImage } from "@dermanomaly/imaging";
import { exportTestModels, noiseImage } from "./_testing.ts";
import { mergeParts } from "./merge.ts";
import { openReconstructionModels, type ReconstructionModels } from "./models.ts";
import { type ReconstructionProgress, reconstructItems, reconstructSource } from "./reconstruct_items.ts";
import { type ReconstructionSet, readReconstructionSet, readSetImage, setRow } from "./set.ts";
import { planSource } from "./source.ts";

const dir = await mkdtemp(join(tmpdir(), "rec-run-"));
const source = join(dir, "photos");
let models: ReconstructionModels;
const sources = new Map<string, RgbImage>();

before(async () => {
  models = await openReconstructionModels(await exportTestModels(join(dir)), { threads: 1 });
  const files: Record<string, Uint8Array | string> = {};
  for (const [i, name] of [
    "NEV/a.png",
    "NEV/b.png",
    "MEL/c.png",
    "MEL/d.png",
    "MEL/e.png",
    "f.png",
  ].entries()) {
    const image = noiseImage(16, i + 1);
    sources.set(name, image);
    files[name] = await encodePng(image);
  }
  const jpeg = await encodeJpeg(noiseImage(16, 40));
  files["NEV/g.jpg"] = jpeg;
  sources.set("NEV/g.jpg", await decodeImage(jpeg));
  files["MEL/broken.jpg"] = jpeg.slice(0, 200);
  files["MEL/text.png"] = "not an image at all";
  files["NEV/big.png"] = await encodePng(noiseImage(20, 9));
  files["README.md"] = "# photos";
  for (const [name, bytes] of Object.entries(files)) {
    await mkdir(join(source, name, ".."), { recursive: true });
    await writeFile(join(source, name), bytes);
  }
});
after(async () => {
  await models.close();
  await rm(dir, { recursive: true, force: true });
});

const skipReasons = (set: ReconstructionSet) =>
  Object.fromEntries(set.skipped.map((s) => [s.source, s.reason.split(":")[0]]));

test("reconstructSource() writes every image of a folder once, names kept, and reports the inputs it skips", async () => {
  const dest = join(dir, "set");
  const progress: ReconstructionProgress[] = [];
  const summary = await reconstructSource(
    models,
    { source, dest },
    {
      batchSize: 3,
      onProgress: (p) => progress.push(p),
      progressIntervalMs: 0,
    },
  );
  assert.deepEqual(summary, { dir: dest, count: 7, skipped: 4 });
  const set = await readReconstructionSet(dest);
  assert.deepEqual(
    set.images.map((i) => [i.imageName, i.className, i.label]),
    [
      ["c.png", "MEL", 1],
      ["d.png", "MEL", 1],
      ["e.png", "MEL", 1],
      ["a.png", "NEV", 0],
      ["b.png", "NEV", 0],
      ["g.jpg", "NEV", 0],
      ["f.png", "_", -1],
    ],
  );
  assert.deepEqual(set.images[5]!.input, "input_img/NEV/g.png");
  assert.deepEqual(skipReasons(set), {
    "README.md": "NOT_AN_IMAGE",
    "MEL/broken.jpg": "CORRUPT",
    "MEL/text.png": "NOT_AN_IMAGE",
    "NEV/big.png": "WRONG_SIZE",
  });
  assert.match(set.skipped.find((s) => s.source === "NEV/big.png")!.reason, /20x20, the networks take 16x16/);
  // The input PNGs hold exactly the pixels the networks saw, and the rows are what the models give.
  const direct = await models.reconstructor.reconstruct(
    set.images.map((i) => sources.get(i.className === "_" ? i.imageName : `${i.className}/${i.imageName}`)!),
  );
  for (const [i, image] of set.images.entries()) {
    const key = image.className === "_" ? image.imageName : `${image.className}/${image.imageName}`;
    assert.deepEqual((await readSetImage(set, i, "input")).data, sources.get(key)!.data);
    assert.deepEqual((await readSetImage(set, i, "reconstruction")).data, direct[i]!.reconstruction.data);
    assert.ok(setRow(set, "z", i).every((v, k) => Math.abs(v - direct[i]!.z[k]!) < 1e-6));
    assert.ok(Math.abs(set.pixelMse[i]! - direct[i]!.pixelMse) < 1e-6);
  }
  assert.deepEqual(set.info.classes, { MEL: 1, NEV: 0 });
  assert.equal(set.info.lineage.onnx.generator, models.digests.generator);
  assert.equal(set.info.lineage.source, source);
  const last = progress.at(-1)!;
  assert.deepEqual(last, { done: 11, total: 11, written: 7, skipped: 4 });
  assert.ok(progress.every((p, k) => k === 0 || p.done >= progress[k - 1]!.done));
  const latents = (await readFile(join(dest, "latent_vectors.csv"), "utf8")).trimEnd().split("\n");
  assert.deepEqual(
    latents.slice(1).map((l) => l.split(",").at(-1)),
    set.images.map((i) => i.imageName),
  );
});

test("work items reconstructed apart and merged give the one-run set, in item order", async () => {
  const plan = await planSource(source);
  await reconstructSource(models, { source, dest: join(dir, "whole") });
  const whole = await readReconstructionSet(join(dir, "whole"));
  const items = [plan.images.slice(0, 4), plan.images.slice(4, 7), plan.images.slice(7)];
  const parts: string[] = [];
  for (const [k, images] of items.entries()) {
    const dest = join(dir, "parts", String(k));
    // The listing's skipped files travel with the first item.
    const job = {
      images,
      dest,
      classes: plan.classes,
      source,
      ...(k === 0 ? { skipped: plan.skipped } : {}),
    };
    await reconstructItems(models, job, { batchSize: 2 });
    parts.push(dest);
  }
  const merged = join(dir, "merged");
  const summary = await mergeParts(parts, merged);
  assert.deepEqual(summary, { dir: merged, count: 7, skipped: 4 });
  const set = await readReconstructionSet(merged);
  assert.deepEqual(set.images, whole.images);
  assert.deepEqual(new Set(set.skipped.map((s) => s.source)), new Set(whole.skipped.map((s) => s.source)));
  for (const key of ["z", "featuresReal", "featuresRec", "pixelMse", "pixelPairwise"] as const) {
    assert.ok(
      set[key].every((v, i) => Math.abs(v - whole[key][i]!) < 1e-5),
      key,
    );
  }
  for (const [i] of set.images.entries()) {
    assert.deepEqual(
      await readSetImage(set, i, "reconstruction"),
      await readSetImage(whole, i, "reconstruction"),
    );
  }
  // Parts in another order give that order; the same part twice would hold its images twice.
  const reversed = await readReconstructionSet(
    (await mergeParts([...parts].reverse(), join(dir, "reversed"))).dir,
  );
  const partImages = await Promise.all(parts.map(async (p) => (await readReconstructionSet(p)).images));
  assert.deepEqual(reversed.images, partImages.reverse().flat());
  await assert.rejects(
    mergeParts([parts[0]!, parts[0]!], join(dir, "twice")),
    (e) => isStatusError(e) && e.code === Code.ALREADY_EXISTS,
  );
  await assert.rejects(stat(join(dir, "twice")), { code: "ENOENT" });
});

test("mergeParts() refuses parts made by other models", async () => {
  const plan = await planSource(source);
  const otherModels = await openReconstructionModels(
    await exportTestModels(await mkdtemp(join(dir, "m2-")), { seed: 9 }),
    { threads: 1 },
  );
  try {
    const a = join(dir, "pa");
    const b = join(dir, "pb");
    await reconstructItems(models, {
      images: plan.images.slice(0, 1),
      dest: a,
      classes: plan.classes,
      source,
    });
    await reconstructItems(otherModels, {
      images: plan.images.slice(1, 2),
      dest: b,
      classes: plan.classes,
      source,
    });
    await assert.rejects(
      mergeParts([a, b], join(dir, "mixed")),
      (e) => isStatusError(e) && e.code === Code.FAILED_PRECONDITION,
    );
  } finally {
    await otherModels.close();
  }
});

test("an aborted run removes what it wrote and throws the signal's reason", async () => {
  const dest = join(dir, "aborted");
  const controller = new AbortController();
  await assert.rejects(
    reconstructSource(
      models,
      { source, dest },
      {
        batchSize: 1,
        signal: controller.signal,
        progressIntervalMs: 0,
        onProgress: (p) => {
          if (p.written === 2) controller.abort();
        },
      },
    ),
    { name: "AbortError" },
  );
  await assert.rejects(stat(dest), { code: "ENOENT" });
});

test("reconstructItems() reads through a custom reader, as a service reading its artifact store does", async () => {
  const plan = await planSource(source);
  const asked: string[] = [];
  const dest = join(dir, "custom");
  const job = {
    images: plan.images.slice(0, 2),
    dest,
    classes: plan.classes,
    source: "nats-obj://inputs/job-1",
  };
  await reconstructItems(models, job, {
    read: async (image) => {
      asked.push(image.entry);
      return await readFile(join(source, image.entry));
    },
  });
  assert.deepEqual(
    asked,
    plan.images.slice(0, 2).map((i) => i.entry),
  );
  assert.equal((await readReconstructionSet(dest)).info.lineage.source, "nats-obj://inputs/job-1");
});

test("a custom reader's failure fails the run instead of skipping the image, and leaves nothing behind", async () => {
  const plan = await planSource(source);
  const dest = join(dir, "failing-reader");
  const job = { images: plan.images.slice(0, 2), dest, classes: plan.classes, source };
  await assert.rejects(
    reconstructItems(models, job, {
      read: async () => {
        throw new Error("store unavailable");
      },
    }),
    /store unavailable/,
  );
  await assert.rejects(stat(dest), { code: "ENOENT" });
});
