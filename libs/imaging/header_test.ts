import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import sharp from "sharp";
import { decodeImage } from "./decode.ts";
import { DecodeErrorCode, isImageDecodeError } from "./decode_error.ts";
import { Conversion, readImageHeader } from "./header.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

function gradient(width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 251;
  return sharp(data, { raw: { width, height, channels: 3 } });
}

test("readImageHeader() gives the upright size and the conversions decodeImage() reports, for every format", async () => {
  const base = gradient(40, 30);
  const inputs: Record<string, Uint8Array> = {
    jpeg: await base.clone().jpeg().toBuffer(),
    exif6: await base.clone().jpeg().withMetadata({ orientation: 6 }).toBuffer(),
    grey: await base.clone().greyscale().toColourspace("b-w").png().toBuffer(),
    rgba: await base.clone().ensureAlpha(0.5).png().toBuffer(),
    png16: await base.clone().toColourspace("rgb16").png().toBuffer(),
    cmyk: await base.clone().toColourspace("cmyk").jpeg().toBuffer(),
    palette: await base.clone().png({ palette: true }).toBuffer(),
    webp: await base.clone().webp().toBuffer(),
    tiff: await base.clone().tiff().toBuffer(),
    gif: await base.clone().gif().toBuffer(),
    bmp24: await readFile(join(FIXTURES, "pattern_rgb24.bmp")),
    bmp8: await readFile(join(FIXTURES, "pattern_grey8.bmp")),
  };
  // The decoder's output size is the reference for the size; each input's conversions are known by construction.
  const conversions: Record<string, Conversion[]> = {
    jpeg: [],
    exif6: [Conversion.EXIF_ORIENTED],
    grey: [Conversion.GRAYSCALE_TO_RGB],
    rgba: [Conversion.ALPHA_DROPPED],
    png16: [Conversion.HIGH_BIT_DEPTH_TO_8BIT],
    cmyk: [Conversion.CMYK_TO_RGB],
    palette: [Conversion.PALETTE_TO_RGB],
    webp: [],
    tiff: [],
    bmp24: [],
    bmp8: [Conversion.PALETTE_TO_RGB],
  };
  for (const [name, bytes] of Object.entries(inputs)) {
    const header = await readImageHeader(bytes);
    const decoded = await decodeImage(bytes);
    assert.deepEqual([header.width, header.height], [decoded.width, decoded.height], name);
    assert.deepEqual(
      [header.info.sourceWidth, header.info.sourceHeight],
      name === "exif6" ? [40, 30] : [decoded.width, decoded.height],
      name,
    );
    if (name in conversions) assert.deepEqual([...header.info.conversions].sort(), conversions[name], name);
  }
});

test("readImageHeader() refuses what decodeImage() refuses before decoding: not an image, too many pixels, a cut BMP header", async () => {
  const isCode = (code: string) => (err: unknown) => isImageDecodeError(err) && err.code === code;
  await assert.rejects(
    readImageHeader(new TextEncoder().encode("not an image\n")),
    isCode(DecodeErrorCode.NOT_AN_IMAGE),
  );
  const png = await gradient(40, 30).png().toBuffer();
  await assert.rejects(
    readImageHeader(png, { maxPixels: 40 * 30 - 1 }),
    isCode(DecodeErrorCode.TOO_MANY_PIXELS),
  );
  assert.equal((await readImageHeader(png, { maxPixels: 40 * 30 })).width, 40);
  const bmp = await readFile(join(FIXTURES, "pattern_rgb24.bmp"));
  await assert.rejects(readImageHeader(bmp, { maxPixels: 199 }), isCode(DecodeErrorCode.TOO_MANY_PIXELS));
  await assert.rejects(readImageHeader(bmp.subarray(0, 20)), isCode(DecodeErrorCode.CORRUPT));
  await assert.rejects(
    readImageHeader(Buffer.concat([png.subarray(0, 12)])),
    isCode(DecodeErrorCode.CORRUPT),
  );
  await assert.rejects(readImageHeader(png, { maxPixels: 0 }), RangeError);
});
