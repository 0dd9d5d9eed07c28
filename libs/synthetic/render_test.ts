import assert from "node:assert/strict";
import { test } from "node:test";
import { structureFeatures } from "./_image_features.ts";
import type { LesionKind, LesionStyle } from "./features.ts";
import type { LesionMixOptions } from "./mix.ts";
import { renderLesion } from "./render.ts";

/** Every melanoma feature off: what is left of a melanoma is the naevus it grows in. */
const BARE: LesionMixOptions = {
  strength: { obvious: [0, 0], medium: [0, 0], subtle: [0, 0] },
  extraColours: { obvious: [0, 0], medium: [0, 0], subtle: [0, 0] },
  structures: {
    irregularBorder: { obvious: 0, medium: 0, subtle: 0 },
    atypicalNetwork: { obvious: 0, medium: 0, subtle: 0 },
    irregularDots: { obvious: 0, medium: 0, subtle: 0 },
    streaks: { obvious: 0, medium: 0, subtle: 0 },
  },
  // The naevus colour patterns a melanoma does not carry.
  naevus: { darkCentre: 0, lightCentre: 0, blueCentre: 0, pink: 0 },
};

for (const style of ["a", "b"] as const) {
  test(`renderLesion() style ${style} is deterministic for a seed and differs between seeds`, () => {
    const a = renderLesion({ kind: "MEL", style, width: 64, height: 48, seed: 9 });
    const b = renderLesion({ kind: "MEL", style, width: 64, height: 48, seed: 9 });
    const c = renderLesion({ kind: "MEL", style, width: 64, height: 48, seed: 10 });
    assert.deepEqual(a.data, b.data);
    assert.notDeepEqual(a.data, c.data);
    assert.deepEqual([a.width, a.height, a.data.length], [64, 48, 64 * 48 * 3]);
  });

  // The classes differ by the melanoma features alone: no hidden cue (size, shade, skin) comes with the label.
  test(`renderLesion() style ${style} draws a melanoma without its features exactly as the naevus of its seed`, () => {
    for (let seed = 0; seed < 4; seed++) {
      const nev = renderLesion({ kind: "NEV", style, width: 120, height: 90, seed, mix: BARE });
      const mel = renderLesion({ kind: "MEL", style, width: 120, height: 90, seed, mix: BARE });
      assert.deepEqual(mel.data, nev.data);
      const real = renderLesion({ kind: "MEL", style, width: 120, height: 90, seed });
      assert.notDeepEqual(real.data, nev.data);
    }
  });

  test(`renderLesion() style ${style} melanomas are more asymmetric than naevi on average`, () => {
    let nev = 0;
    let mel = 0;
    for (let seed = 0; seed < 12; seed++) {
      const at = (kind: LesionKind) =>
        structureFeatures(renderLesion({ kind, style, width: 128, height: 96, seed }));
      // Shape asymmetry plus colour asymmetry.
      const n = at("NEV");
      const m = at("MEL");
      nev += (n[0] as number) + (n[1] as number);
      mel += (m[0] as number) + (m[1] as number);
    }
    assert.ok(mel > nev * 1.5, `MEL ${mel} vs NEV ${nev}`);
  });

  test(`renderLesion() style ${style} renders other sizes and aspect ratios`, () => {
    for (const [width, height] of [
      [512, 384],
      [300, 300],
      [96, 160],
    ] as const) {
      const image = renderLesion({ kind: "NEV", style, width, height, seed: 3 });
      assert.equal(image.data.length, width * height * 3);
      // The lesion (darker than the skin) sits in the middle.
      const centre = (Math.floor(height / 2) * width + Math.floor(width / 2)) * 3;
      const edgeMid = (Math.floor(height / 2) * width + Math.floor(width * 0.08)) * 3;
      const lum = (i: number) =>
        (image.data[i] as number) + (image.data[i + 1] as number) + (image.data[i + 2] as number);
      assert.ok(lum(centre) < lum(edgeMid) || lum(edgeMid) < 60, `${width}x${height}`);
    }
  });
}

test("renderLesion() darkens the corners when the scene has the aperture (vignette) and not without", () => {
  const corner = (style: LesionStyle, vignette: number) => {
    let sum = 0;
    for (let seed = 0; seed < 6; seed++) {
      const image = renderLesion({
        kind: "NEV",
        style,
        width: 80,
        height: 60,
        seed,
        mix: { scene: { vignette } },
      });
      sum += (image.data[0] as number) + (image.data[1] as number) + (image.data[2] as number);
    }
    return sum / 6;
  };
  for (const style of ["a", "b"] as const) {
    assert.ok(corner(style, 1) < 80, `style ${style} with aperture ${corner(style, 1)}`);
    assert.ok(corner(style, 0) > 250, `style ${style} without aperture ${corner(style, 0)}`);
  }
});

test("renderLesion() rejects an unknown kind or style, a tiny size and a bad mix", () => {
  assert.throws(() => renderLesion({ kind: "BCC" as LesionKind }), /Unknown lesion kind 'BCC'/);
  assert.throws(() => renderLesion({ kind: "NEV", style: "c" as LesionStyle }), /Unknown style 'c'/);
  assert.throws(() => renderLesion({ kind: "NEV", width: 8 }), /at least 16, got '8x450'/);
  assert.throws(() => renderLesion({ kind: "NEV", mix: { scene: { hair: 2 } } }), /'scene\.hair'/);
});
