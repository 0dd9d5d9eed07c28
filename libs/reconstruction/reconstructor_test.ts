import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { blendImages, chwToImage, colorizeMap, imageToChw, residualMap } from "@dermanomaly/imaging";
import { openSession } from "@dermanomaly/onnx";
import * as ort from "onnxruntime-node";
import { exportTestModels, noiseImage, type TestModels } from "./_testing.ts";
import { openReconstructionModels, type ReconstructionModels } from "./models.ts";

const dir = await mkdtemp(join(tmpdir(), "rec-core-"));
let paths: TestModels;
let models: ReconstructionModels;
before(async () => {
  paths = await exportTestModels(dir);
  models = await openReconstructionModels(paths, { threads: 1 });
});
after(async () => {
  await models.close();
  await rm(dir, { recursive: true, force: true });
});

const R = 16;
const plane = 3 * R * R;

async function runOne(
  session: ort.InferenceSession,
  feeds: Record<string, ort.Tensor>,
  output: string,
): Promise<Float32Array> {
  return (await session.run(feeds))[output]!.data as Float32Array;
}

test("reconstruct() gives each image what E, G and D give it alone, and distances computed naively", async () => {
  const rec = models.reconstructor;
  assert.equal(rec.resolution, R);
  assert.equal(rec.zDim, 8);
  assert.equal(rec.featureDim, 8 * 16);
  assert.equal(rec.noiseMode, "const");
  const images = [1, 2, 3].map((s) => noiseImage(R, s));
  const results = await rec.reconstruct(images);
  const { encoder, generator, discriminator } = models.sessions;
  for (const [i, image] of images.entries()) {
    const x = imageToChw(image);
    const z = await runOne(encoder.session, { image: new ort.Tensor("float32", x, [1, 3, R, R]) }, "z");
    const g = await runOne(
      generator.session,
      { z: new ort.Tensor("float32", z, [1, 8]), psi: new ort.Tensor("float32", Float32Array.of(1), []) },
      "image",
    );
    const fx = await runOne(
      discriminator.session,
      { image: new ort.Tensor("float32", x, [1, 3, R, R]) },
      "features",
    );
    const fg = await runOne(
      discriminator.session,
      { image: new ort.Tensor("float32", g, [1, 3, R, R]) },
      "features",
    );
    const r = results[i]!;
    const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) =>
      a.length === b.length && Array.from(a).every((v, k) => Math.abs(v - b[k]!) <= tol);
    assert.ok(close(r.z, z, 1e-6), "z");
    assert.ok(close(r.featuresReal, fx, 1e-5), "f(x)");
    assert.ok(close(r.featuresRec, fg, 1e-4), "f(G(E(x)))");
    assert.deepEqual(r.reconstruction, chwToImage(g, { width: R, height: R }));
    let se = 0;
    let pe = 0;
    for (let k = 0; k < plane; k++) {
      se += (x[k]! - g[k]!) ** 2;
      pe += (x[k]! - g[k]! + 1e-6) ** 2;
    }
    assert.ok(Math.abs(r.pixelMse - se / plane) < 1e-5 * Math.max(1, se / plane));
    assert.ok(Math.abs(r.pixelPairwise - Math.sqrt(pe)) < 1e-4);
    let fse = 0;
    for (let k = 0; k < fx.length; k++) fse += (r.featuresReal[k]! - r.featuresRec[k]!) ** 2;
    assert.ok(Math.abs(r.featuresMse - fse / fx.length) < 1e-9 * Math.max(1, fse));
    const heat = colorizeMap(residualMap(image, r.reconstruction), { width: R, height: R, min: 0, max: 0.5 });
    assert.deepEqual(r.residual, blendImages(image, heat, { alpha: 0.5 }));
  }
});

test("D runs in chunks that the minibatch-stddev group divides: 5 images as 4 + 1", async () => {
  const images = [1, 2, 3, 4, 5].map((s) => noiseImage(R, s + 10));
  const results = await models.reconstructor.reconstruct(images);
  const x = new Float32Array(5 * plane);
  for (const [i, im] of images.entries()) imageToChw(im, { out: x, offset: i * plane });
  const d = models.sessions.discriminator.session;
  const four = await runOne(
    d,
    { image: new ort.Tensor("float32", x.slice(0, 4 * plane), [4, 3, R, R]) },
    "logit",
  );
  const one = await runOne(
    d,
    { image: new ort.Tensor("float32", x.slice(4 * plane), [1, 3, R, R]) },
    "logit",
  );
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(results[i]!.logitReal - four[i]!) < 1e-5);
  assert.ok(Math.abs(results[4]!.logitReal - one[0]!) < 1e-5);
  assert.equal((await models.reconstructor.reconstruct([])).length, 0);
  await assert.rejects(
    models.reconstructor.reconstruct([noiseImage(8, 1)]),
    /Image 0 is 8x8, the networks take 16x16/,
  );
});

test("models whose sizes do not fit are FAILED_PRECONDITION naming both sizes; a missing one NOT_FOUND", async () => {
  const other = await mkdtemp(join(dir, "other-"));
  const z = await exportTestModels(other, { encoderZDim: 6, seed: 4 });
  await assert.rejects(
    openReconstructionModels(z, { threads: 1 }),
    (e) =>
      isStatusError(e) &&
      e.code === Code.FAILED_PRECONDITION &&
      /latent size "6" does not match the generator's "8"/.test(e.message),
  );
  const other2 = await mkdtemp(join(dir, "other-"));
  const res = await exportTestModels(other2, { encoderResolution: 32, seed: 5 });
  await assert.rejects(
    openReconstructionModels(res, { threads: 1 }),
    (e) =>
      isStatusError(e) &&
      e.code === Code.FAILED_PRECONDITION &&
      /\[N, 3, 32, 32\].*\[N, 3, 16, 16\]/.test(e.message),
  );
  await assert.rejects(
    openReconstructionModels({ ...paths, encoder: join(dir, "none.onnx") }),
    (e) => isStatusError(e) && e.code === Code.NOT_FOUND,
  );
  await assert.rejects(
    openReconstructionModels({ ...paths, encoder: paths.discriminator }),
    (e) =>
      isStatusError(e) &&
      e.code === Code.FAILED_PRECONDITION &&
      /is a discriminator model where the encoder is expected/.test(e.message),
  );
});

test("a generator exported with random noise draws it per call, reproducibly from a seed", async () => {
  const other = await mkdtemp(join(dir, "random-"));
  const p = await exportTestModels(other, { noiseMode: "random", seed: 7 });
  const image = [noiseImage(R, 3)];
  const run = async (noiseSeed: number) => {
    const m = await openReconstructionModels(p, { threads: 1, noiseSeed });
    try {
      assert.equal(m.noiseMode, "random");
      return (await m.reconstructor.reconstruct(image))[0]!.reconstruction.data;
    } finally {
      await m.close();
    }
  };
  const a = await run(1);
  assert.deepEqual(a, await run(1));
  assert.notDeepEqual(a, await run(2));
  // Reseeding open models (one seed per work item) draws what models opened with that seed draw.
  const m = await openReconstructionModels(p, { threads: 1, noiseSeed: 2 });
  try {
    const reseeded = m.with({ noiseSeed: 1 });
    assert.equal(reseeded.sessions, m.sessions);
    assert.deepEqual((await reseeded.reconstructor.reconstruct(image))[0]!.reconstruction.data, a);
  } finally {
    await m.close();
  }
  // The session itself stays usable with explicit noise.
  const { session } = await openSession(p.generator, { threads: 1 });
  assert.ok(session.inputNames.includes("noise_b16_conv1"));
  await session.release();
});

test("a refinement replaces G(E(x)): it gets x and E(x), and D, distances and residuals follow its images", async () => {
  const images = [4, 5, 6].map((s) => noiseImage(R, s));
  const plain = await models.reconstructor.reconstruct(images);
  const calls: { x: Float32Array; z: Float32Array; n: number }[] = [];
  // A stand-in that returns x itself: a perfect reconstruction, so every distance is 0 and f(x) = f(rec).
  const refined = models.with({
    refine: async (x, z, n) => {
      calls.push({ x: x.slice(), z: z.slice(), n });
      return x.slice();
    },
  });
  assert.equal(refined.sessions, models.sessions);
  const got = await refined.reconstructor.reconstruct(images);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.n, 3);
  for (const [i, image] of images.entries()) {
    assert.deepEqual(calls[0]!.x.subarray(i * plane, (i + 1) * plane), imageToChw(image));
    assert.deepEqual(calls[0]!.z.subarray(i * 8, (i + 1) * 8), plain[i]!.z);
    assert.deepEqual(got[i]!.z, plain[i]!.z);
    assert.deepEqual(got[i]!.reconstruction.data, image.data);
    assert.equal(got[i]!.pixelMse, 0);
    assert.deepEqual(got[i]!.featuresRec, got[i]!.featuresReal);
    assert.deepEqual(got[i]!.featuresReal, plain[i]!.featuresReal);
    assert.equal(got[i]!.featuresMse, 0);
  }
  const short = models.with({ refine: async (x) => x.subarray(0, 10) });
  await assert.rejects(
    short.reconstructor.reconstruct(images),
    /The refinement returned 10 values for 3 images of 768/,
  );
});
