import assert from "node:assert/strict";
import { test } from "node:test";
import type { RgbImage } from "@dermanomaly/imaging";
import { type LesionKind, renderLesion } from "./render.ts";

/** Standard deviation of the chroma (r - g, g - b) over the central half of the image, where the lesion is. */
function centralChromaSpread(image: RgbImage): number {
  const { width, height, data } = image;
  const values: number[] = [];
  for (let y = Math.floor(height / 4); y < Math.floor((3 * height) / 4); y++) {
    for (let x = Math.floor(width / 4); x < Math.floor((3 * width) / 4); x++) {
      const i = (y * width + x) * 3;
      values.push(
        (data[i] as number) - (data[i + 1] as number),
        (data[i + 1] as number) - (data[i + 2] as number),
      );
    }
  }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

/** Mean absolute difference between the central half and its 180-degree rotation (point asymmetry). */
function asymmetry(image: RgbImage): number {
  const { width, height, data } = image;
  let sum = 0;
  let n = 0;
  for (let y = Math.floor(height / 4); y < Math.floor((3 * height) / 4); y++) {
    for (let x = Math.floor(width / 4); x < Math.floor((3 * width) / 4); x++) {
      const i = (y * width + x) * 3;
      const j = ((height - 1 - y) * width + (width - 1 - x)) * 3;
      for (let c = 0; c < 3; c++) sum += Math.abs((data[i + c] as number) - (data[j + c] as number));
      n += 3;
    }
  }
  return sum / n;
}

function average(kind: LesionKind, stat: (image: RgbImage) => number): number {
  let total = 0;
  for (let seed = 0; seed < 10; seed++)
    total += stat(renderLesion({ kind, width: 160, height: 120, seed: 1000 + seed }));
  return total / 10;
}

test("renderLesion() melanomas have more colour spread than naevi on average", () => {
  const nev = average("NEV", centralChromaSpread);
  const mel = average("MEL", centralChromaSpread);
  console.log(`# chroma spread: NEV ${nev.toFixed(2)}, MEL ${mel.toFixed(2)}`);
  assert.ok(mel > nev * 1.1, `MEL ${mel} vs NEV ${nev}`);
});

test("renderLesion() melanomas are more asymmetric than naevi on average", () => {
  const nev = average("NEV", asymmetry);
  const mel = average("MEL", asymmetry);
  console.log(`# asymmetry: NEV ${nev.toFixed(2)}, MEL ${mel.toFixed(2)}`);
  assert.ok(mel > nev * 1.2, `MEL ${mel} vs NEV ${nev}`);
});

test("renderLesion() is deterministic for a seed and has dark corners", () => {
  const a = renderLesion({ kind: "MEL", width: 64, height: 48, seed: 9 });
  const b = renderLesion({ kind: "MEL", width: 64, height: 48, seed: 9 });
  assert.deepEqual(a.data, b.data);
  assert.equal(a.data.length, 64 * 48 * 3);
  const corner = (a.data[0] as number) + (a.data[1] as number) + (a.data[2] as number);
  assert.ok(corner < 60, `corner ${corner}`);
  assert.throws(() => renderLesion({ kind: "BCC" as LesionKind }), RangeError);
});
