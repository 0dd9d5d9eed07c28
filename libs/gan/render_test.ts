import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { disposeBackend, initBackend } from "@dermanomaly/tf";
import { Generator } from "./generator.ts";
import { seedLatent } from "./numpy/mod.ts";
import { loadGenerator } from "./nvidia/mod.ts";
import { nhwcToNchw, renderImages } from "./render.ts";

// NVIDIA's tiny StyleGAN2 (res 16, z 8) and PyTorch's images of it (libs/gan/nvidia/fixtures/make_fixtures.py):
// seeds 0 and 1 (z as gen_images.py draws them), noise const, psi 1 and 0.7; and a conditional G_ema of
// stylegan2-ada-pytorch rendered for seed 3, class 1, psi 0.5.
const FIXTURES = new URL("./nvidia/fixtures/", import.meta.url);
const ref = JSON.parse(await readFile(new URL("expected.json", FIXTURES), "utf8")) as {
  sg3: { img_psi1: number[][]; img_psi07: number[][] };
  ada: { img: number[] };
};

before(async () => {
  await initBackend({ backend: "cpu", log: false });
});
after(() => disposeBackend());

async function generator(file: string): Promise<Generator> {
  const weights = await loadGenerator(new URL(file, FIXTURES).pathname);
  const G = new Generator(weights.config);
  G.loadStateDict(weights.stateDict);
  return G;
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function seeds(list: number[], zDim: number): Float64Array {
  const z = new Float64Array(list.length * zDim);
  for (const [k, s] of list.entries()) z.set(seedLatent(s, zDim), k * zDim);
  return z;
}

test("renderImages() of seeds 0-1 equals PyTorch's G_ema images within 1e-3, at psi 1 and 0.7, one image per pass", async () => {
  const G = await generator("sg3_snapshot.pkl");
  try {
    for (const [psi, expected] of [
      [1, ref.sg3.img_psi1],
      [0.7, ref.sg3.img_psi07],
    ] as const) {
      const images = await renderImages(G, seeds([0, 1], G.config.zDim), { psi, batch: 1 });
      assert.deepEqual(images.shape, [2, 16, 16, 3]);
      const nchw = nhwcToNchw(images);
      assert.deepEqual(nchw.shape, [2, 3, 16, 16]);
      const err = maxAbs(nchw.data, expected.flat());
      assert.ok(err < 1e-3, `psi ${psi}: max abs error ${err}`);
    }
  } finally {
    G.dispose();
  }
});

test("renderImages() picks the label of a conditional generator, as PyTorch within 1e-3, and insists on one", async () => {
  const G = await generator("ada_g_ema.pkl");
  try {
    const images = await renderImages(G, seeds([3], G.config.zDim), { psi: 0.5, classIndex: 1 });
    const err = maxAbs(nhwcToNchw(images).data, ref.ada.img);
    assert.ok(err < 1e-3, `max abs error ${err}`);
    await assert.rejects(renderImages(G, seeds([3], G.config.zDim)), /give a class index from 0 to 1/);
  } finally {
    G.dispose();
  }
});

test("renderImages() refuses latents that are not whole z vectors and a class for an unconditional generator", async () => {
  const G = await generator("sg3_snapshot.pkl");
  try {
    await assert.rejects(renderImages(G, new Float32Array(12)), RangeError);
    await assert.rejects(renderImages(G, new Float32Array(8), { classIndex: 0 }), /needs a conditional/);
    await assert.rejects(renderImages(G, new Float32Array(8), { psi: Number.NaN }), /psi must be a finite/);
  } finally {
    G.dispose();
  }
});
