import assert from "node:assert/strict";
import { test } from "node:test";
import sharp from "sharp";
import { imageGrid, tileImages } from "./grid.ts";
import { encodePng } from "./png.ts";
import type { RgbImage } from "./types.ts";

const filled = (v: number): RgbImage => ({ data: new Uint8Array(2 * 3 * 3).fill(v), width: 2, height: 3 });

test("tileImages() places images row by row with padding and background", () => {
  const out = tileImages([filled(1), filled(2), filled(3)], { cols: 2, padding: 1, background: [9, 9, 9] });
  assert.deepEqual([out.width, out.height], [2 * 2 + 3, 2 * 3 + 3]);
  const at = (x: number, y: number) => out.data[(y * out.width + x) * 3];
  assert.equal(at(0, 0), 9);
  assert.equal(at(1, 1), 1);
  assert.equal(at(4, 3), 2);
  assert.equal(at(1, 5), 3);
  assert.equal(at(4, 5), 9, "empty cell");
  assert.throws(() => tileImages([]), RangeError);
  assert.throws(() => tileImages([filled(1), { data: new Uint8Array(3), width: 1, height: 1 }]), RangeError);
});

test("imageGrid() encodes a PNG that decodes to the tiled pixels", async () => {
  const png = await imageGrid([filled(5), filled(250)], { cols: 2 });
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height, info.channels], [4, 3, 3]);
  assert.deepEqual([data[0], data[3 * 3]], [5, 250]);
});

test("encodePng() at level 0 is larger than at level 9 and both decode losslessly", async () => {
  const data = new Uint8Array(64 * 64 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 251;
  const image: RgbImage = { data, width: 64, height: 64 };
  const stored = await encodePng(image, { compressionLevel: 0 });
  const packed = await encodePng(image, { compressionLevel: 9 });
  assert.ok(stored.length > data.length && packed.length < stored.length);
  for (const png of [stored, packed])
    assert.deepEqual(new Uint8Array(await sharp(png).raw().toBuffer()), data);
});
