import assert from "node:assert/strict";
import { test } from "node:test";
import sharp from "sharp";
import { decodeImage } from "./decode.ts";
import { DecodeErrorCode, isImageDecodeError } from "./decode_error.ts";
import { planTransform, type TransformOptions, type TransformPlan } from "./transform.ts";
import { transformEncodedToPng, transformToPng } from "./transform_png.ts";
import type { RgbImage } from "./types.ts";

/** A photo-like test image: gradients and a disc, with fine detail for the resampler to get wrong. */
function pattern(width: number, height: number): sharp.Sharp {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (Math.min(width, height) / 3) ** 2;
      const checker = ((x >> 1) + (y >> 1)) % 2 === 0 ? 40 : 0;
      data.set(
        inside ? [90 + checker, 40, 30] : [(x * 3) % 256, (y * 2) % 256, 120 + checker],
        (y * width + x) * 3,
      );
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

/**
 * The reference: the decoded pixels through libvips' steps one at a time, each its own sharp call on raw pixels
 * (crop and lanczos3, then the black padding), as the data set preparation did before one pipeline did it all.
 */
async function stepByStep(image: RgbImage, plan: TransformPlan): Promise<Uint8Array> {
  const { crop, resize, padTop, output } = plan;
  const resized = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract(crop)
    .resize(resize.width, resize.height, { kernel: "lanczos3", fit: "fill" })
    .raw()
    .toBuffer();
  const out = new Uint8Array(output.width * output.height * 3);
  out.set(resized, padTop * output.width * 3);
  return out;
}

async function pixels(
  png: Uint8Array,
): Promise<{ data: Uint8Array; channels: number; depth: string | undefined }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const meta = await sharp(png).metadata();
  return { data: new Uint8Array(data), channels: info.channels, depth: meta.depth };
}

test("transformEncodedToPng() gives the pixels of decodeImage() and libvips' steps one by one, in one pipeline or not", async () => {
  const cases: { name: string; bytes: Buffer; options: TransformOptions }[] = [
    // Crops that reach the last row: one pipeline from the encoded bytes.
    {
      name: "landscape jpeg",
      bytes: await pattern(600, 450).jpeg({ quality: 90 }).toBuffer(),
      options: { transform: "center-crop", width: 256, height: 256 },
    },
    {
      name: "landscape jpeg to 64",
      bytes: await pattern(600, 450).jpeg({ quality: 90 }).toBuffer(),
      options: { transform: "center-crop", width: 64, height: 64 },
    },
    {
      name: "png, none",
      bytes: await pattern(301, 203).png().toBuffer(),
      options: { transform: "none", width: 96, height: 80 },
    },
    {
      name: "webp",
      bytes: await pattern(200, 150).webp({ quality: 90 }).toBuffer(),
      options: { transform: "center-crop", width: 64, height: 64 },
    },
    // Decoded whole first: a crop that ends above the last row, conversions, EXIF orientation, letterboxing.
    {
      name: "portrait jpeg",
      bytes: await pattern(450, 600).jpeg({ quality: 90 }).toBuffer(),
      options: { transform: "center-crop", width: 256, height: 256 },
    },
    {
      name: "wide",
      bytes: await pattern(600, 450).jpeg({ quality: 90 }).toBuffer(),
      options: { transform: "center-crop-wide", width: 128, height: 96 },
    },
    {
      name: "grey png",
      bytes: await pattern(120, 90).greyscale().toColourspace("b-w").png().toBuffer(),
      options: { transform: "center-crop", width: 32, height: 32 },
    },
    {
      name: "exif 6",
      bytes: await pattern(120, 90).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
      options: { transform: "center-crop", width: 32, height: 32 },
    },
  ];
  for (const { name, bytes, options } of cases) {
    const image = await decodeImage(bytes);
    const plan = planTransform(image.width, image.height, options) as TransformPlan;
    const want = await stepByStep(image, plan);
    const got = await pixels(await transformEncodedToPng(bytes, plan));
    assert.equal(got.channels, 3, name);
    assert.equal(got.depth, "uchar", name);
    assert.ok(
      Buffer.from(got.data).equals(Buffer.from(want)),
      `${name}: pixels differ from the step-by-step reference`,
    );
    const fromRaw = await pixels(await transformToPng(image, plan));
    assert.ok(Buffer.from(fromRaw.data).equals(Buffer.from(want)), `${name}: transformToPng() differs`);
  }
});

test("transformEncodedToPng() finds damage anywhere in the file, also below a crop that ends above the last row", async () => {
  const isCorrupt = (err: unknown) => isImageDecodeError(err) && err.code === DecodeErrorCode.CORRUPT;
  const options = { transform: "center-crop", width: 64, height: 64 } as const;
  for (const [width, height] of [
    [300, 400],
    [400, 300],
  ] as const) {
    const jpeg = await pattern(width, height).jpeg({ quality: 92 }).toBuffer();
    const plan = planTransform(width, height, options) as TransformPlan;
    // Only the last rows are lost: a decoder that stops at the crop's last row would not notice.
    const cut = jpeg.subarray(0, Math.floor(jpeg.length * 0.97));
    await assert.rejects(decodeImage(cut), isCorrupt);
    await assert.rejects(transformEncodedToPng(cut, plan), isCorrupt, `${width}x${height}`);
  }
});

test("transform PNGs are stored uncompressed by default, and a plan that does not fit the image is a RangeError", async () => {
  const bytes = await pattern(80, 60).png().toBuffer();
  const plan = planTransform(80, 60, { transform: "center-crop", width: 32, height: 32 }) as TransformPlan;
  const stored = await transformEncodedToPng(bytes, plan);
  // Stored deflate blocks: the file holds every byte of the 32 x 32 x 3 samples plus a filter byte per row.
  assert.ok(stored.length > 32 * (32 * 3 + 1), `${stored.length} bytes`);
  const compressed = await transformEncodedToPng(bytes, plan, { compressionLevel: 9 });
  assert.ok(compressed.length < stored.length);
  const tooBig = planTransform(800, 600, {
    transform: "center-crop",
    width: 32,
    height: 32,
  }) as TransformPlan;
  await assert.rejects(transformEncodedToPng(bytes, tooBig), RangeError);
  await assert.rejects(transformEncodedToPng(bytes, plan, { compressionLevel: 10 }), RangeError);
  await assert.rejects(transformToPng({ data: new Uint8Array(3), width: 1, height: 1 }, plan), RangeError);
});
