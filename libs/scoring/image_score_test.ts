import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture, type SetFixture } from "./_testing.ts";
import { alsScore, centreWeightedTerms, scaledPixels, termScore } from "./image_score.ts";
import { resolveScoreSpec } from "./score_spec.ts";

const f = fixture<SetFixture>("set.json");

test("termScore() gives one image's izif, pairwise and distance scores equal to the fixture's numpy, PyTorch and scikit-learn numbers", () => {
  const image = (bytes: number[]) => ({
    data: Uint8Array.from(bytes),
    width: f.resolution,
    height: f.resolution,
  });
  for (let i = 0; i < f.names.length; i++) {
    const terms = {
      pixelMse: f.pixel_mse[i] as number,
      pixelPairwise: f.pixel_pairwise[i] as number,
      featuresReal: Float32Array.from(f.features_real[i] as number[]),
      featuresRec: Float32Array.from(f.features_rec[i] as number[]),
      pixels: {
        x: scaledPixels(image(f.inputs[i] as number[])),
        g: scaledPixels(image(f.reconstructions[i] as number[])),
      },
      input: image(f.inputs[i] as number[]),
    };
    for (const spec of [
      { method: "izif", alpha: 0.5 },
      { method: "pairwise", alpha: 1 },
      { method: "distance", metric: "cosine", alpha: 0.5 },
      { method: "distance", metric: "manhattan", alpha: 0 },
      { method: "izif", alpha: 1, centreSigma: 0.25 },
      { method: "pairwise", alpha: 0.5, centreSigma: 0.25 },
      { method: "izif", alpha: 0.5, centreSigma: 1.5 },
    ] as const) {
      const r = resolveScoreSpec(spec);
      const want = (f.expected[r.tag] as number[])[i] as number;
      const got = termScore(r, terms);
      assert.ok(
        Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)),
        `${r.tag}[${i}]: ${got} vs ${want}`,
      );
    }
  }
  assert.throws(() => termScore(resolveScoreSpec({ method: "als" }), {} as never), /searches neighbours/);
  assert.throws(
    () =>
      termScore(resolveScoreSpec({ method: "distance", metric: "cosine" }), {
        pixelMse: 0,
        pixelPairwise: 0,
        featuresReal: [1],
        featuresRec: [1],
      }),
    /needs the image's pixels/,
  );
});

test("alsScore() is the mean distance to the nearest reference latents, equal to scikit-learn's neighbours", () => {
  const reference = { data: Float32Array.from(f.reference.flat()), rows: f.reference.length, cols: f.z_dim };
  const tag = `als_n${f.neighbours}`;
  for (let i = 0; i < f.names.length; i++) {
    const want = (f.expected[tag] as number[])[i] as number;
    const got = alsScore(Float32Array.from(f.z[i] as number[]), reference, f.neighbours);
    assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, want), `${i}: ${got} vs ${want}`);
  }
  assert.throws(() => alsScore([1, 2], reference, 3), /latent of 2 values/);
});

test("centreWeightedTerms() weighs the middle of the image over its border, and tends to the plain terms as sigma grows", () => {
  const width = 6;
  const height = 4;
  const x = new Float64Array(width * height * 3);
  const centre = new Float64Array(x.length);
  const corner = new Float64Array(x.length);
  const uniform = new Float64Array(x.length).fill(0.5);
  for (let c = 0; c < 3; c++) {
    centre[(1 * width + 2) * 3 + c] = 1; // a residual next to the centre
    corner[(0 * width + 0) * 3 + c] = 1; // the same residual in a corner
  }
  const plain = 3 / x.length;
  const near = centreWeightedTerms(x, centre, width, height, 0.25);
  const far = centreWeightedTerms(x, corner, width, height, 0.25);
  assert.ok(near.mse > plain && far.mse < plain, `${near.mse} > ${plain} > ${far.mse}`);
  // Weights average 1: a residual alike everywhere keeps its plain value, whatever sigma.
  for (const sigma of [0.1, 0.25, 3]) {
    const even = centreWeightedTerms(x, uniform, width, height, sigma);
    assert.ok(Math.abs(even.mse - 0.25) < 1e-12, `sigma ${sigma}: ${even.mse}`);
    assert.ok(Math.abs(even.pairwise - Math.sqrt(x.length * (-0.5 + 1e-6) ** 2)) < 1e-9);
  }
  const wide = centreWeightedTerms(x, corner, width, height, 1e4);
  assert.ok(Math.abs(wide.mse - plain) < 1e-6 * plain, `${wide.mse} vs ${plain}`);
  assert.throws(() => centreWeightedTerms(x, centre, 5, 4, 0.25), /Expected 60 values \(5x4 RGB\)/);
  assert.throws(
    () =>
      termScore(resolveScoreSpec({ method: "izif", centreSigma: 0.25 }), {
        pixelMse: 0,
        pixelPairwise: 0,
        featuresReal: [1],
        featuresRec: [1],
      }),
    /needs the image's pixels/,
  );
});
