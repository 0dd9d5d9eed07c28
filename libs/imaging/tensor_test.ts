import assert from "node:assert/strict";
import { test } from "node:test";
import { chwToImage, imageToChw, nhwcToImages } from "./tensor.ts";
import type { RgbImage } from "./types.ts";

test("imageToChw() maps bytes to x / 127.5 - 1 in planar order", () => {
  const image: RgbImage = { data: Uint8Array.from([0, 255, 51, 128, 1, 2]), width: 2, height: 1 };
  const chw = imageToChw(image);
  const expected = [0, 128, 255, 1, 51, 2].map((v) => Math.fround(v / 127.5 - 1));
  assert.deepEqual([...chw], expected);
});

test("chwToImage() inverts imageToChw() for every byte value", () => {
  const data = new Uint8Array(256 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 256;
  const image: RgbImage = { data, width: 16, height: 16 };
  assert.deepEqual(chwToImage(imageToChw(image), { width: 16, height: 16 }).data, data);
});

test("chwToImage() clamps and truncates like (x * 127.5 + 128).clamp(0, 255).to(uint8)", () => {
  const values = [-2, -1, -0.999, 0, 0.5, 0.999, 1, 3, Number.NaN];
  const chw = new Float32Array(values.length * 3);
  chw.set(values);
  const out = chwToImage(chw, { width: values.length, height: 1 });
  const reference = values.map((v) => {
    const t = Math.fround(v) * 127.5 + 128;
    return Number.isNaN(t) ? 0 : Math.trunc(Math.min(255, Math.max(0, t)));
  });
  assert.deepEqual(
    values.map((_, i) => out.data[i * 3]),
    reference,
  );
  assert.deepEqual(reference.slice(0, 7), [0, 0, 0, 128, 191, 255, 255]);
});

test("imageToChw() writes into a batch buffer at an offset and chwToImage() reads it back", () => {
  const a: RgbImage = { data: new Uint8Array(12).fill(10), width: 2, height: 2 };
  const b: RgbImage = { data: new Uint8Array(12).fill(200), width: 2, height: 2 };
  const batch = new Float32Array(24);
  imageToChw(a, { out: batch, offset: 0 });
  imageToChw(b, { out: batch, offset: 12 });
  assert.deepEqual(chwToImage(batch, { width: 2, height: 2, offset: 12 }).data, b.data);
  assert.throws(() => imageToChw(a, { out: batch, offset: 13 }), RangeError);
  assert.throws(() => chwToImage(batch, { width: 4, height: 4 }), RangeError);
});

test("nhwcToImages() equals chwToImage() of the same batch in planar order, and repeats one channel", () => {
  const [n, h, w] = [2, 3, 4];
  const nhwc = Float32Array.from({ length: n * h * w * 3 }, (_, i) => Math.sin(i * 0.7) * 1.2);
  const images = nhwcToImages(nhwc, [n, h, w, 3]);
  for (let k = 0; k < n; k++) {
    const chw = new Float32Array(3 * h * w);
    for (let i = 0; i < h * w; i++)
      for (let c = 0; c < 3; c++) chw[c * h * w + i] = nhwc[(k * h * w + i) * 3 + c]!;
    assert.deepEqual(images[k], chwToImage(chw, { width: w, height: h }));
  }
  const grey = nhwcToImages(Float32Array.from([-1, 0, 1]), [1, 1, 3, 1])[0]!;
  assert.deepEqual([...grey.data], [0, 0, 0, 128, 128, 128, 255, 255, 255]);
  assert.throws(() => nhwcToImages(new Float32Array(8), [1, 2, 2, 2]), RangeError);
});
