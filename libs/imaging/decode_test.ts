import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import sharp from "sharp";
import { decodeImage } from "./decode.ts";
import { DecodeErrorCode, isImageDecodeError } from "./decode_error.ts";
import { Conversion } from "./header.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const ORANGE = { r: 200, g: 100, b: 50 };

function solid(width = 40, height = 30) {
  return sharp({ create: { width, height, channels: 3, background: ORANGE } });
}

async function rejectsWith(input: Uint8Array | Promise<unknown>, code: string, options = {}) {
  const p = input instanceof Uint8Array ? decodeImage(input, options) : input;
  await assert.rejects(p, (err: unknown) => isImageDecodeError(err) && err.code === code);
}

test("decodeImage() returns HWC RGB bytes of an 8-bit RGB PNG unchanged, with no conversions", async () => {
  const out = await decodeImage(await solid().png().toBuffer());
  assert.deepEqual([out.width, out.height, out.data.length], [40, 30, 40 * 30 * 3]);
  assert.deepEqual([...out.data.subarray(0, 3)], [200, 100, 50]);
  assert.deepEqual(out.info.conversions, []);
  assert.equal(out.info.format, "png");
});

test("decodeImage() repeats a grey channel into RGB", async () => {
  const grey = await solid().greyscale().toColourspace("b-w").png().toBuffer();
  assert.equal((await sharp(grey).metadata()).channels, 1);
  const out = await decodeImage(grey);
  const [r, g, b] = out.data;
  assert.ok(r === g && g === b);
  assert.deepEqual(out.info.conversions, [Conversion.GRAYSCALE_TO_RGB]);
});

test("decodeImage() converts a CMYK JPEG to sRGB close to the original colour", async () => {
  const cmyk = await solid().toColourspace("cmyk").jpeg({ quality: 95 }).toBuffer();
  assert.equal((await sharp(cmyk).metadata()).space, "cmyk");
  const out = await decodeImage(cmyk);
  assert.equal(out.info.sourceChannels, 4);
  assert.ok(out.info.conversions.includes(Conversion.CMYK_TO_RGB));
  const [r = 0, g = 0, b = 0] = out.data;
  // A CMYK round trip through the default profiles is not exact; within 20 levels per channel.
  assert.ok(Math.abs(r - 200) < 20 && Math.abs(g - 100) < 20 && Math.abs(b - 50) < 20, `${r},${g},${b}`);
});

test("decodeImage() composites RGBA over black by default and over a given background", async () => {
  const rgba = await solid().ensureAlpha(0.5).png().toBuffer();
  const out = await decodeImage(rgba);
  assert.deepEqual(out.info.conversions, [Conversion.ALPHA_DROPPED]);
  // 200 * 0.5 over black, rounded by libvips: within 1.
  assert.ok(Math.abs((out.data[0] as number) - 100) <= 1);
  const white = await decodeImage(rgba, { background: [255, 255, 255] });
  assert.ok(Math.abs((white.data[0] as number) - 228) <= 1);
});

test("decodeImage() scales 16-bit PNG samples to 8 bits", async () => {
  const png16 = await solid().toColourspace("rgb16").png().toBuffer();
  assert.equal((await sharp(png16).metadata()).depth, "ushort");
  const out = await decodeImage(png16);
  assert.deepEqual([...out.data.subarray(0, 3)], [200, 100, 50]);
  assert.ok(out.info.conversions.includes(Conversion.HIGH_BIT_DEPTH_TO_8BIT));
});

test("decodeImage() applies EXIF orientation 6 (rotate 90 degrees clockwise)", async () => {
  // Left half red, right half blue; after a clockwise quarter turn the top is red and the bottom blue.
  const raw = new Uint8Array(40 * 30 * 3);
  for (let y = 0; y < 30; y++) {
    for (let x = 0; x < 40; x++) raw.set(x < 20 ? [255, 0, 0] : [0, 0, 255], (y * 40 + x) * 3);
  }
  const jpeg = await sharp(raw, { raw: { width: 40, height: 30, channels: 3 } })
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const out = await decodeImage(jpeg);
  assert.deepEqual([out.width, out.height], [30, 40]);
  assert.ok(out.info.conversions.includes(Conversion.EXIF_ORIENTED));
  assert.deepEqual([out.info.sourceWidth, out.info.sourceHeight], [40, 30]);
  const at = (x: number, y: number) => [...out.data.subarray((y * 30 + x) * 3, (y * 30 + x) * 3 + 3)];
  assert.ok((at(15, 2)[0] as number) > 200 && (at(15, 2)[2] as number) < 50, "top is red");
  assert.ok((at(15, 37)[2] as number) > 200 && (at(15, 37)[0] as number) < 50, "bottom is blue");
});

test("decodeImage() reads WebP, TIFF and GIF", async () => {
  for (const format of ["webp", "tiff", "gif"] as const) {
    const bytes = await solid().toFormat(format).toBuffer();
    const out = await decodeImage(bytes);
    assert.equal(out.info.format, format);
    assert.deepEqual([out.width, out.height], [40, 30]);
  }
});

test("decodeImage() reads 24-bit and 8-bit palette BMP written by Pillow", async () => {
  // pixel (y, x), channel c = (y * 60 + x * 3 + c) % 256
  const rgb = await decodeImage(join(FIXTURES, "pattern_rgb24.bmp"));
  assert.deepEqual([rgb.width, rgb.height], [20, 10]);
  for (let i = 0; i < rgb.data.length; i++) assert.equal(rgb.data[i], i % 256);
  const grey = await decodeImage(join(FIXTURES, "pattern_grey8.bmp"));
  for (let p = 0; p < 200; p++) {
    const v = (p * 3) % 256;
    assert.deepEqual([...grey.data.subarray(p * 3, p * 3 + 3)], [v, v, v]);
  }
});

test("decodeImage() rejects a text file as NOT_AN_IMAGE", async () => {
  await rejectsWith(
    new TextEncoder().encode("this is not a JPEG, only named like one\n"),
    DecodeErrorCode.NOT_AN_IMAGE,
  );
  await rejectsWith(new Uint8Array(0), DecodeErrorCode.NOT_AN_IMAGE);
});

test("decodeImage() rejects a truncated JPEG and a damaged PNG as CORRUPT", async () => {
  const jpeg = await solid(200, 150).jpeg().toBuffer();
  await rejectsWith(jpeg.subarray(0, Math.floor(jpeg.length / 2)), DecodeErrorCode.CORRUPT);
  const png = Buffer.from(await solid(200, 150).png().toBuffer());
  const damaged = Buffer.concat([png.subarray(0, 40), Buffer.alloc(60, 0xaa)]);
  await rejectsWith(damaged, DecodeErrorCode.CORRUPT);
});

test("decodeImage() rejects more pixels than maxPixels as TOO_MANY_PIXELS, BMP included", async () => {
  const png = await solid(40, 30).png().toBuffer();
  await rejectsWith(png, DecodeErrorCode.TOO_MANY_PIXELS, { maxPixels: 40 * 30 - 1 });
  assert.equal((await decodeImage(png, { maxPixels: 40 * 30 })).width, 40);
  await rejectsWith(
    decodeImage(join(FIXTURES, "pattern_rgb24.bmp"), { maxPixels: 199 }),
    DecodeErrorCode.TOO_MANY_PIXELS,
  );
  await assert.rejects(decodeImage(png, { maxPixels: 0 }), RangeError);
});
