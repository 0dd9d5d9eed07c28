import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import sharp from "sharp";
import { psnr } from "./_testing.ts";
import { decodeImage } from "./decode.ts";
import { resizeLanczos } from "./resize.ts";
import {
  applyTransform,
  centerCropSquare,
  centerCropWide,
  isTransform,
  parseSize,
  type Transform,
} from "./transform.ts";
import type { RgbImage } from "./types.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
interface Case {
  input: string;
  transform: Transform;
  width: number;
  height: number;
  expected: string;
}
const cases = (JSON.parse(readFileSync(join(FIXTURES, "cases.json"), "utf8")) as { cases: Case[] }).cases;

/** An image whose pixel (x, y) holds [x, y, 7] so crops can be checked by value. */
function coordinateImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x, y, 7], (y * width + x) * 3);
  }
  return { data, width, height };
}

for (const c of cases) {
  test(`applyTransform() '${c.transform}' to ${c.width}x${c.height} matches Pillow on ${c.input} (PSNR >= 35 dB)`, async () => {
    const input = await decodeImage(join(FIXTURES, c.input));
    const expected = await decodeImage(join(FIXTURES, c.expected));
    const out = applyTransform(input, { transform: c.transform, width: c.width, height: c.height });
    assert.ok(out !== null);
    assert.deepEqual([out.width, out.height], [expected.width, expected.height]);
    const { db, maxDiff } = psnr(out.data, expected.data);
    console.log(`# ${c.expected}: PSNR ${db} dB, max difference ${maxDiff}`);
    assert.ok(db >= 35, `PSNR ${db} dB`);
    // The resampler reproduces Pillow's fixed-point arithmetic, so at most a rare off-by-one is tolerated.
    assert.ok(maxDiff <= 1, `max difference ${maxDiff}`);
  });
}

test("sharp's lanczos3 is reported against Pillow for comparison only", async () => {
  const c = cases.find(
    (x) => x.transform === "center-crop" && x.width === 256 && x.input.includes("600x450"),
  );
  assert.ok(c !== undefined);
  const square = centerCropSquare(await decodeImage(join(FIXTURES, c.input)));
  const expected = await decodeImage(join(FIXTURES, c.expected));
  const viaSharp = await sharp(square.data, {
    raw: { width: square.width, height: square.height, channels: 3 },
  })
    .resize(c.width, c.height, { kernel: "lanczos3", fit: "fill" })
    .raw()
    .toBuffer();
  const { db } = psnr(viaSharp, expected.data);
  console.log(`# sharp lanczos3 450->256: PSNR ${db} dB`);
  assert.ok(db > 20);
});

test("centerCropSquare() keeps rows and columns [(n - s) // 2, (n + s) // 2) of a 7x4 image", () => {
  const out = centerCropSquare(coordinateImage(7, 4));
  assert.deepEqual([out.width, out.height], [4, 4]);
  // (7 - 4) // 2 = 1: columns 1..4, all rows.
  assert.deepEqual([...out.data.subarray(0, 3)], [1, 0, 7]);
  assert.deepEqual([...out.data.subarray(out.data.length - 3)], [4, 3, 7]);
  const tall = centerCropSquare(coordinateImage(3, 6));
  assert.deepEqual([...tall.data.subarray(0, 3)], [0, 1, 7]);
});

test("centerCropWide() drops an image when ch, rounded half to even like np.round, is below H", () => {
  // ch = round(5 * 3 / 6) = round(2.5) = 2 (half-even) < 3: dropped; rounding half up would have kept it.
  assert.equal(centerCropWide(coordinateImage(6, 3), { width: 5, height: 3 }), null);
  // w < W: dropped.
  assert.equal(centerCropWide(coordinateImage(4, 3), { width: 5, height: 2 }), null);
});

test("centerCropWide() letterboxes the band into a black W x W square", () => {
  const out = centerCropWide(coordinateImage(8, 6), { width: 8, height: 4 });
  assert.ok(out !== null);
  assert.deepEqual([out.width, out.height], [8, 8]);
  // ch = round(8 * 6 / 8) = 6 rows resized to 4, pasted at rows [2, 6).
  const row = (y: number) => [...out.data.subarray(y * 8 * 3, (y + 1) * 8 * 3)];
  assert.ok(row(0).every((v) => v === 0));
  assert.ok(row(1).every((v) => v === 0));
  assert.ok(row(6).every((v) => v === 0) && row(7).every((v) => v === 0));
  assert.ok(row(2).some((v) => v !== 0));
});

test("applyTransform() 'none' without a size returns the image and rejects half a size", () => {
  const image = coordinateImage(5, 4);
  assert.equal(applyTransform(image), image);
  assert.throws(() => applyTransform(image, { width: 3 }), TypeError);
  assert.throws(() => applyTransform(image, { transform: "center-crop" }), TypeError);
  assert.throws(
    () => applyTransform(image, { transform: "zoom" as Transform, width: 2, height: 2 }),
    RangeError,
  );
  assert.ok(isTransform("center-crop-wide") && !isTransform("zoom"));
});

test("resizeLanczos() keeps a constant image constant and copies at the same size", () => {
  const flat: RgbImage = { data: new Uint8Array(30 * 20 * 3).fill(173), width: 30, height: 20 };
  for (const [w, h] of [
    [7, 5],
    [64, 41],
  ] as const) {
    const out = resizeLanczos(flat, { width: w, height: h });
    assert.ok(out.data.every((v) => v === 173));
  }
  const same = resizeLanczos(flat, { width: 30, height: 20 });
  assert.notEqual(same.data, flat.data);
  assert.deepEqual(same.data, flat.data);
  assert.throws(() => resizeLanczos(flat, { width: 0, height: 2 }), RangeError);
});

test("parseSize() reads 'WxH' and 'W,H' and rejects anything else", () => {
  assert.deepEqual(parseSize("600x450"), { width: 600, height: 450 });
  assert.deepEqual(parseSize("256,128"), { width: 256, height: 128 });
  for (const bad of ["256", "0x4", "4x", "ax3", "2x3x4", "-2x3"])
    assert.throws(() => parseSize(bad), RangeError);
});
