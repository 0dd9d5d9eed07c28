import assert from "node:assert/strict";
import { test } from "node:test";
import { blendImages, colorizeMap, residualMap } from "./heatmap.ts";
import type { RgbImage } from "./types.ts";

const image = (bytes: number[], width: number, height: number): RgbImage => ({
  data: Uint8Array.from(bytes),
  width,
  height,
});

test("residualMap() is the channel mean of |a - b| over 255", () => {
  const a = image([0, 0, 0, 255, 255, 255], 2, 1);
  const b = image([255, 0, 0, 0, 255, 51], 2, 1);
  const map = residualMap(a, b);
  assert.deepEqual([...map], [Math.fround(1 / 3), Math.fround((255 + 204) / 765)]);
  assert.throws(() => residualMap(a, image([0, 0, 0], 1, 1)), RangeError);
});

test("colorizeMap() draws min as inferno's dark end, max as its pale end, and the middle as its middle stop", () => {
  const out = colorizeMap(Float32Array.from([2, 4, 3]), { width: 3, height: 1 });
  assert.deepEqual([...out.data], [0, 0, 4, 252, 255, 164, 188, 55, 84]);
  const clamped = colorizeMap(Float32Array.from([-1, 9]), { width: 2, height: 1, min: 0, max: 1 });
  assert.deepEqual([...clamped.data], [0, 0, 4, 252, 255, 164]);
  const flat = colorizeMap(Float32Array.from([5, 5]), { width: 2, height: 1 });
  assert.deepEqual([...flat.data], [0, 0, 4, 0, 0, 4]);
});

test("blendImages() mixes two images by alpha", () => {
  const out = blendImages(image([0, 100, 200], 1, 1), image([100, 100, 0], 1, 1), { alpha: 0.25 });
  assert.deepEqual([...out.data], [25, 100, 150]);
  assert.throws(() => blendImages(image([0, 0, 0], 1, 1), image([0, 0, 0], 1, 1), { alpha: 2 }), RangeError);
});
