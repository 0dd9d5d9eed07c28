import assert from "node:assert/strict";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { after, test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import { applyTransform, Conversion, decodeImage } from "@dermanomaly/imaging";
import sharp from "sharp";
import yazl from "yazl";
import { SkipReason } from "./manifest.ts";
import { type PrepareProgress, prepareDataset, prepareImage } from "./prepare.ts";
import { openDataset } from "./reader.ts";

const root = await mkdtemp(join(tmpdir(), "dataset-test-"));
after(() => rm(root, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string) => join(root, `${name}-${counter++}`);

/** A JPEG with a gradient and a seed-dependent square, so outputs differ per image. */
async function photo(width: number, height: number, seed: number): Promise<Buffer> {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = Math.abs(x - width / 2) < 10 + seed && Math.abs(y - height / 2) < 8 + seed;
      data.set(
        inside ? [40, 20 + seed * 20, 10] : [(x * 3) % 256, (y * 4) % 256, (seed * 50) % 256],
        (y * width + x) * 3,
      );
    }
  }
  return await sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

async function put(dir: string, files: Record<string, Uint8Array | string>): Promise<string> {
  for (const [name, bytes] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), bytes);
  }
  return dir;
}

async function zipOf(path: string, files: Record<string, Uint8Array | string>): Promise<string> {
  const zip = new yazl.ZipFile();
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  for (const [name, bytes] of Object.entries(files)) zip.addBuffer(Buffer.from(bytes), name);
  zip.end();
  await finished(out);
  return path;
}

async function classSource(): Promise<Record<string, Uint8Array>> {
  return {
    "NEV/b.jpg": await photo(80, 60, 1),
    "NEV/a.jpg": await photo(60, 80, 2),
    "MEL/z.jpg": await photo(90, 64, 3),
  };
}

test("prepareDataset() writes upstream names, class-folder labels and a manifest, and openDataset() reads them", async () => {
  const files = await classSource();
  const source = await put(fresh("src"), files);
  const dest = fresh("out");
  const summary = await prepareDataset({ source, dest, width: 32, height: 32, resampler: "pil" });
  assert.equal(summary.written, 3);
  assert.deepEqual(summary.files, [
    "00000/img00000000.png",
    "00000/img00000001.png",
    "00000/img00000002.png",
  ]);
  assert.deepEqual(summary.labels.classes, { MEL: 0, NEV: 1 });
  assert.deepEqual((await readdir(dest)).sort(), ["00000", "dataset.json", "manifest.json"]);
  const datasetJson = JSON.parse(await readFile(join(dest, "dataset.json"), "utf8"));
  // Sorted source order: MEL/z, NEV/a, NEV/b.
  assert.deepEqual(datasetJson, {
    labels: [
      ["00000/img00000000.png", 0],
      ["00000/img00000001.png", 1],
      ["00000/img00000002.png", 1],
    ],
  });
  const manifest = JSON.parse(await readFile(join(dest, "manifest.json"), "utf8"));
  assert.deepEqual(
    manifest.images.map((i: { file: string; source: string; class: string; label: number }) => [
      i.file,
      i.source,
      i.class,
      i.label,
    ]),
    [
      ["00000/img00000000.png", "MEL/z.jpg", "MEL", 0],
      ["00000/img00000001.png", "NEV/a.jpg", "NEV", 1],
      ["00000/img00000002.png", "NEV/b.jpg", "NEV", 1],
    ],
  );
  // With the Pillow-exact resampler the output is exactly the transform of the decoded source (the transform has
  // its own Pillow reference test in @dermanomaly/imaging).
  const expected = applyTransform(await decodeImage(files["NEV/a.jpg"] as Uint8Array), {
    transform: "center-crop",
    width: 32,
    height: 32,
  });
  const dataset = await openDataset(dest);
  assert.equal(dataset.resolution, 32);
  assert.equal(dataset.name, dest.split("/").at(-1));
  assert.ok(dataset.hasLabels);
  assert.deepEqual(
    dataset.entries.map((e) => e.label),
    [0, 1, 1],
  );
  assert.deepEqual((await dataset.loadImage(1)).data, expected?.data);
  const chw = await dataset.loadChw(1);
  assert.equal(chw.length, 3 * 32 * 32);
  assert.equal(chw[0], Math.fround((expected?.data[0] as number) / 127.5 - 1));
  assert.equal(dataset.manifest?.images.length, 3);
  dataset.close();
});

test("prepareDataset() gives the same data set from a zip source into a zip destination", async () => {
  const files = await classSource();
  const folderOut = fresh("out");
  await prepareDataset({ source: await put(fresh("src"), files), dest: folderOut, width: 32, height: 32 });
  const source = await zipOf(`${fresh("src")}.zip`, files);
  const dest = join(fresh("nested"), "set.zip");
  const summary = await prepareDataset({ source, dest, width: 32, height: 32 });
  assert.equal(summary.written, 3);
  const zipped = await openDataset(dest);
  const folder = await openDataset(folderOut);
  assert.equal(zipped.name, "set");
  assert.deepEqual(zipped.entries, folder.entries);
  for (let i = 0; i < 3; i++)
    assert.deepEqual((await zipped.loadImage(i)).data, (await folder.loadImage(i)).data);
  assert.deepEqual(zipped.manifest?.images, folder.manifest?.images);
  zipped.close();
  folder.close();
  // PNGs are stored uncompressed (ZIP_STORED): the zip is at least as large as the raw pixels.
  const size = (await readFile(dest)).length;
  assert.ok(size > 3 * 32 * 32 * 3, `zip of ${size} bytes`);
});

test("prepareDataset() into zip streams alone writes the bytes of a zip destination and returns its manifest", async () => {
  const source = await put(fresh("src"), await classSource());
  const dest = `${fresh("out")}.zip`;
  const summary = await prepareDataset({ source, dest, width: 32, height: 32 });
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const streamed = await prepareDataset({ source, zipStreams: [stream], width: 32, height: 32 });
  assert.equal(streamed.dest, undefined);
  assert.ok(Buffer.concat(chunks).equals(await readFile(dest)), "the streamed zip differs from the zip file");
  const reader = await openDataset(dest);
  assert.deepEqual(streamed.manifest, reader.manifest);
  assert.deepEqual(summary.manifest, reader.manifest);
  reader.close();
});

test("prepareDataset() destroys its zip streams when it fails, so that their readers do not wait", async () => {
  // A reader would see the error; these streams have none, so an error listener stands in for one.
  const stream = new PassThrough().on("error", () => {});
  await assert.rejects(
    prepareDataset({ source: fresh("missing"), zipStreams: [stream], width: 32, height: 32 }),
    (err: unknown) => isStatusError(err) && err.code === 5,
  );
  assert.ok(stream.destroyed && stream.errored instanceof Error);
  const junk = await put(fresh("src"), { "a.jpg": "not an image" });
  const other = new PassThrough().on("error", () => {});
  await assert.rejects(prepareDataset({ source: junk, zipStreams: [other], width: 32, height: 32 }));
  assert.ok(other.destroyed && other.errored instanceof Error);
  await assert.rejects(prepareDataset({ source: junk, width: 32, height: 32 }), TypeError);
});

test("prepareDataset() takes labels from a source dataset.json, and writes null labels without folders", async () => {
  const a = await photo(64, 64, 1);
  const b = await photo(64, 64, 2);
  const withJson = await put(fresh("src"), {
    "x/one.jpg": a,
    "two.jpg": b,
    "dataset.json": JSON.stringify({
      labels: [
        ["x/one.jpg", 4],
        ["two.jpg", 2],
      ],
    }),
  });
  const out1 = fresh("out");
  const s1 = await prepareDataset({ source: withJson, dest: out1, width: 32, height: 32 });
  assert.equal(s1.labels.source, "dataset.json");
  assert.deepEqual(JSON.parse(await readFile(join(out1, "dataset.json"), "utf8")).labels, [
    ["00000/img00000000.png", 2],
    ["00000/img00000001.png", 4],
  ]);
  const flat = await put(fresh("src"), { "one.jpg": a, "sub/two.jpg": b });
  const out2 = fresh("out");
  const s2 = await prepareDataset({ source: flat, dest: out2, width: 32, height: 32 });
  assert.equal(s2.labels.source, "none");
  assert.deepEqual(JSON.parse(await readFile(join(out2, "dataset.json"), "utf8")), { labels: null });
});

test("prepareDataset() with a class map labels its folders and skips others as UNLABELLED", async () => {
  const files = { ...(await classSource()), "BCC/q.jpg": await photo(64, 64, 4) };
  const dest = fresh("out");
  const summary = await prepareDataset({
    source: await put(fresh("src"), files),
    dest,
    width: 32,
    height: 32,
    classMap: { NEV: 0, MEL: 1 },
  });
  assert.deepEqual(summary.skippedByReason, { UNLABELLED: 1 });
  assert.deepEqual(JSON.parse(await readFile(join(dest, "dataset.json"), "utf8")).labels, [
    ["00000/img00000000.png", 1],
    ["00000/img00000001.png", 0],
    ["00000/img00000002.png", 0],
  ]);
});

test("prepareDataset() skips or converts every kind of bad input by the documented rule", async () => {
  const good = await photo(80, 60, 1);
  const base = sharp(good);
  const exifRotated = await sharp(await photo(80, 60, 2))
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
  const files: Record<string, Uint8Array | string> = {
    "a_good.jpg": good,
    "b_truncated.jpg": good.subarray(0, Math.floor(good.length / 2)),
    "c_text.jpg": "not an image at all\n",
    "d_small.png": await sharp(await photo(20, 16, 3))
      .png()
      .toBuffer(),
    "e_huge.png": await sharp(await photo(200, 150, 4))
      .png()
      .toBuffer(),
    "f_grey.png": await base.clone().greyscale().toColourspace("b-w").png().toBuffer(),
    "g_cmyk.jpg": await base.clone().toColourspace("cmyk").jpeg().toBuffer(),
    "h_rgba.png": await base.clone().ensureAlpha(0.5).png().toBuffer(),
    "i_exif.jpg": exifRotated,
    "j_16bit.png": await base.clone().toColourspace("rgb16").png().toBuffer(),
    "k_old.ppm": "P3\n1 1\n255\n0 0 0\n",
    "notes.txt": "ignored",
  };
  const dest = fresh("out");
  const seen: PrepareProgress[] = [];
  const summary = await prepareDataset({
    source: await put(fresh("src"), files),
    dest,
    width: 32,
    height: 32,
    maxPixels: 100 * 100,
    progressIntervalMs: 0,
    onProgress: (p) => seen.push(p),
  });
  assert.deepEqual(summary.skippedByReason, {
    CORRUPT: 1,
    NOT_AN_IMAGE: 1,
    TOO_SMALL: 1,
    TOO_MANY_PIXELS: 1,
    UNSUPPORTED: 1,
  });
  assert.equal(summary.written, 6);
  const manifest = JSON.parse(await readFile(join(dest, "manifest.json"), "utf8"));
  const reasons = Object.fromEntries(
    manifest.skipped.map((s: { source: string; reason: string }) => [s.source, s.reason]),
  );
  assert.deepEqual(reasons, {
    "b_truncated.jpg": SkipReason.CORRUPT,
    "c_text.jpg": SkipReason.NOT_AN_IMAGE,
    "d_small.png": SkipReason.TOO_SMALL,
    "e_huge.png": SkipReason.TOO_MANY_PIXELS,
    "k_old.ppm": SkipReason.UNSUPPORTED,
  });
  const conversions = Object.fromEntries(
    manifest.images.map((i: { source: string; conversions: string[] }) => [i.source, i.conversions]),
  );
  assert.deepEqual(conversions["a_good.jpg"], []);
  assert.deepEqual(conversions["f_grey.png"], [Conversion.GRAYSCALE_TO_RGB]);
  assert.ok(conversions["g_cmyk.jpg"].includes(Conversion.CMYK_TO_RGB));
  assert.deepEqual(conversions["h_rgba.png"], [Conversion.ALPHA_DROPPED]);
  assert.deepEqual(conversions["i_exif.jpg"], [Conversion.EXIF_ORIENTED]);
  assert.deepEqual(conversions["j_16bit.png"], [Conversion.HIGH_BIT_DEPTH_TO_8BIT]);
  assert.deepEqual(manifest.ignored, ["notes.txt"]);
  const last = seen.at(-1);
  assert.deepEqual([last?.done, last?.total, last?.written, last?.skipped], [11, 11, 6, 5]);
  // The grey image comes out grey in all three channels.
  const dataset = await openDataset(dest);
  const grey = await dataset.loadImage(
    dataset.manifest?.images.findIndex((i) => i.source === "f_grey.png") ?? -1,
  );
  assert.ok(grey.data[0] === grey.data[1] && grey.data[1] === grey.data[2]);
  dataset.close();
});

test("prepareDataset() 'auto' resampler enlarges with the Pillow-exact resampler", async () => {
  const source = await put(fresh("src"), { "a.jpg": await photo(40, 30, 3) });
  const run = async (resampler: "auto" | "pil") => {
    const dest = fresh("out");
    await prepareDataset({ source, dest, width: 64, height: 64, minSide: 1, resampler });
    return await openDataset(dest);
  };
  const [auto, pil] = [await run("auto"), await run("pil")];
  assert.deepEqual((await auto.loadImage(0)).data, (await pil.loadImage(0)).data);
  auto.close();
  pil.close();
});

test("prepareDataset() drops images center-crop-wide cannot use as DROPPED_BY_TRANSFORM", async () => {
  const source = await put(fresh("src"), {
    "narrow.jpg": await photo(48, 60, 1),
    "wide.jpg": await photo(80, 60, 2),
  });
  const summary = await prepareDataset({
    source,
    dest: fresh("out"),
    transform: "center-crop-wide",
    width: 64,
    height: 48,
    minSide: 1,
  });
  assert.deepEqual(summary.skippedByReason, { DROPPED_BY_TRANSFORM: 1 });
  assert.equal(summary.resolution, 64);
});

test("prepareDataset() refuses a non-empty destination folder and an existing zip", async () => {
  const source = await put(fresh("src"), await classSource());
  const busy = await put(fresh("out"), { "keep.txt": "x" });
  const isPrecondition = (err: unknown) => isStatusError(err) && err.code === 9;
  await assert.rejects(prepareDataset({ source, dest: busy, width: 32, height: 32 }), isPrecondition);
  const zip = `${fresh("out")}.zip`;
  await writeFile(zip, "x");
  await assert.rejects(prepareDataset({ source, dest: zip, width: 32, height: 32 }), isPrecondition);
  await assert.rejects(
    prepareDataset({ source: fresh("missing"), dest: fresh("out"), width: 32, height: 32 }),
    (err) => isStatusError(err),
  );
  await assert.rejects(prepareDataset({ source, dest: fresh("out"), width: 48, height: 48 }), RangeError);
});

test("prepareDataset() fails clearly when nothing can be written, and leaves the destination empty", async () => {
  const source = await put(fresh("src"), { "a.jpg": "text", "b.jpg": "more text" });
  const dest = fresh("out");
  await assert.rejects(
    prepareDataset({ source, dest, width: 32, height: 32 }),
    (err: unknown) => isStatusError(err) && /NOT_AN_IMAGE 2/.test(err.message),
  );
  assert.deepEqual(await readdir(dest), []);
  const zipDest = `${fresh("out")}.zip`;
  await assert.rejects(prepareDataset({ source, dest: zipDest, width: 32, height: 32 }), (err) =>
    isStatusError(err),
  );
  await assert.rejects(readFile(zipDest), { code: "ENOENT" });
});

test("prepareDataset() stops at maxImages written images, in source order, whatever the concurrency", async () => {
  const files: Record<string, Uint8Array | string> = { "0_bad.jpg": "bad" };
  for (let i = 1; i <= 6; i++) files[`${i}.jpg`] = await photo(64, 48, i);
  const source = await put(fresh("src"), files);
  const [oneDest, fourDest] = [fresh("out"), fresh("out")];
  const one = await prepareDataset({
    source,
    dest: oneDest,
    width: 32,
    height: 32,
    maxImages: 3,
    concurrency: 1,
  });
  const four = await prepareDataset({
    source,
    dest: fourDest,
    width: 32,
    height: 32,
    maxImages: 3,
    concurrency: 4,
  });
  assert.equal(one.written, 3);
  assert.equal(four.written, 3);
  const sources = async (dest: string) =>
    JSON.parse(await readFile(join(dest, "manifest.json"), "utf8")).images.map(
      (i: { source: string }) => i.source,
    );
  assert.deepEqual(await sources(oneDest), ["1.jpg", "2.jpg", "3.jpg"]);
  assert.deepEqual(await sources(fourDest), ["1.jpg", "2.jpg", "3.jpg"]);
  assert.deepEqual(
    one.manifest.images.map((i) => i.source),
    ["1.jpg", "2.jpg", "3.jpg"],
  );
});

test("prepareDataset() is cancelled by its signal and removes what it wrote", async () => {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < 6; i++) files[`${i}.jpg`] = await photo(64, 48, i);
  const source = await put(fresh("src"), files);
  const dest = fresh("out");
  const controller = new AbortController();
  await assert.rejects(
    prepareDataset({
      source,
      dest,
      width: 32,
      height: 32,
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.done === 2) controller.abort(new Error("user stop"));
      },
    }),
    /user stop/,
  );
  assert.deepEqual(await readdir(dest), []);
});

test("prepareDataset() with the sharp resampler stays within 35 dB of the Pillow-exact one when shrinking", async () => {
  const source = await put(fresh("src"), { "a.jpg": await photo(200, 150, 3) });
  const prepared = async (resampler: "pil" | "sharp") => {
    const dest = fresh("out");
    await prepareDataset({ source, dest, width: 64, height: 64, resampler });
    return await openDataset(dest);
  };
  const pil = await prepared("pil");
  const viaSharp = await prepared("sharp");
  const a = (await pil.loadImage(0)).data;
  const b = (await viaSharp.loadImage(0)).data;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] as number) - (b[i] as number)) ** 2;
  const psnr = 10 * Math.log10((255 * 255) / (sum / a.length));
  console.log(`# sharp vs Pillow-exact resampler: PSNR ${psnr.toFixed(2)} dB`);
  assert.ok(psnr >= 35, `PSNR ${psnr}`);
  pil.close();
  viaSharp.close();
});

test("prepareImage() gives one photo the very PNG prepareDataset writes for it, shrinking with sharp and enlarging Pillow-exact", async () => {
  const big = await photo(120, 90, 4);
  const small = await photo(40, 30, 5);
  const source = await put(fresh("single-src"), { "NEV/big.jpg": big, "NEV/small.jpg": small });
  const dest = fresh("single-dest");
  await prepareDataset({ source, dest, width: 64, height: 64, minSide: 1 });
  const written = await Promise.all(
    (await readdir(join(dest, "00000"))).sort().map((f) => readFile(join(dest, "00000", f))),
  );
  const one = async (bytes: Buffer) => {
    const { data, width, height } = await decodeImage(bytes);
    return prepareImage({ data, width, height }, { width: 64, height: 64 });
  };
  const [b, s] = [await one(big), await one(small)];
  // Sorted source order: NEV/big.jpg, then NEV/small.jpg; the same pixels.
  const pixels = async (png: Uint8Array) => Buffer.from((await decodeImage(png)).data);
  assert.deepEqual(await pixels(b?.png ?? new Uint8Array()), await pixels(written[0] as Buffer));
  assert.deepEqual(await pixels(s?.png ?? new Uint8Array()), await pixels(written[1] as Buffer));
  assert.notDeepEqual(await pixels(b?.png ?? new Uint8Array()), await pixels(written[1] as Buffer));
  assert.equal(b?.resampler, "sharp");
  assert.equal(s?.resampler, "pil");
  assert.deepEqual(b?.plan.crop, { left: 15, top: 0, width: 90, height: 90 });
  const pil = await prepareImage(await decodeImage(big), { width: 64, height: 64, resampler: "pil" });
  assert.equal(pil?.resampler, "pil");
  await assert.rejects(
    prepareImage(await decodeImage(big), { width: 64, height: 64, resampler: "x" as never }),
    /Unknown resampler 'x'/,
  );
});
