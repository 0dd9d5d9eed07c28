import assert from "node:assert/strict";
import { test } from "node:test";
import type { RgbImage } from "@dermanomaly/imaging";
import { colourStatistics, segmentLesion, structureFeatures } from "./_image_features.ts";

function image(width: number, height: number, colour: (x: number, y: number) => readonly number[]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3);
  }
  return { data, width, height };
}

const SKIN = [220, 170, 150] as const;
const BROWN = [120, 80, 60] as const;

test("colourStatistics() gives the circular hue mean and spread, and S and V moments", () => {
  // Half pure red (hue 0), half pure blue (hue 240 degrees): mean direction -60 degrees, resultant length 0.5.
  const stats = colourStatistics(image(10, 4, (x) => (x < 5 ? [255, 0, 0] : [0, 0, 255])));
  const expected = [-Math.PI / 3, Math.sqrt(-2 * Math.log(0.5)), 1, 0, 1, 0];
  for (const [k, v] of stats.entries()) {
    assert.ok(Math.abs(v - (expected[k] as number)) < 1e-9, `feature ${k}: ${v}`);
  }
  // Greys: no saturation; value moments of 0, 51, ..., 255 over 255.
  const greys = colourStatistics(image(6, 1, (x) => [51 * x, 51 * x, 51 * x]));
  const values = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const mean = values.reduce((a, b) => a + b) / 6;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / 6);
  assert.ok(Math.abs((greys[2] as number) - 0) < 1e-12 && Math.abs((greys[3] as number) - 0) < 1e-12);
  assert.ok(Math.abs((greys[4] as number) - mean) < 1e-9 && Math.abs((greys[5] as number) - sd) < 1e-9);
});

test("segmentLesion() finds the dark lesion and fills a light area inside it", () => {
  // A dark ring with a skin-coloured centre: the centre belongs to the lesion.
  const ring = image(100, 80, (x, y) => {
    const d = Math.hypot(x - 50, y - 40);
    return d < 25 && d > 10 ? BROWN : SKIN;
  });
  const { mask, area } = segmentLesion(ring);
  assert.ok(Math.abs(area - Math.PI * 25 * 25) < 0.06 * Math.PI * 25 * 25, `area ${area}`);
  assert.equal(mask[40 * 100 + 50], 1);
  assert.equal(mask[5 * 100 + 5], 0);
});

test("structureFeatures() separates a symmetric oval from lobed, eccentric and notched lesions", () => {
  const oval = (x: number, y: number) => ((x - 60) / 30) ** 2 + ((y - 40) / 20) ** 2 < 1;
  const [shape0, colour0, border0, eccentric0] = structureFeatures(
    image(120, 80, (x, y) => (oval(x, y) ? BROWN : SKIN)),
  ) as [number, number, number, number];
  assert.ok(shape0 < 0.03 && colour0 < 0.01 && eccentric0 < 0.05, `${shape0} ${colour0} ${eccentric0}`);
  // A lobe on one side: shape asymmetry.
  const lobed = structureFeatures(
    image(120, 80, (x, y) => (oval(x, y) || Math.hypot(x - 85, y - 50) < 12 ? BROWN : SKIN)),
  );
  assert.ok((lobed[0] as number) > shape0 + 0.05, `lobed ${lobed[0]}`);
  // A black area off-centre: colour asymmetry and an eccentric dark part.
  const blotch = structureFeatures(
    image(120, 80, (x, y) => (!oval(x, y) ? SKIN : Math.hypot(x - 75, y - 40) < 9 ? [20, 15, 15] : BROWN)),
  );
  assert.ok((blotch[1] as number) > colour0 + 0.03, `colour ${blotch[1]}`);
  assert.ok((blotch[3] as number) > eccentric0 + 0.1, `eccentric ${blotch[3]}`);
  // Notches all around: a longer border for the area.
  const notched = structureFeatures(
    image(120, 80, (x, y) => {
      const a = Math.atan2(y - 40, x - 60);
      return Math.hypot(x - 60, y - 40) < 25 * (1 + 0.2 * Math.cos(9 * a)) ? BROWN : SKIN;
    }),
  );
  assert.ok((notched[2] as number) > border0 * 1.1, `border ${notched[2]} vs ${border0}`);
});
