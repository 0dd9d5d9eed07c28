import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, mock, test } from "node:test";
import { readSafetensors } from "@dermanomaly/gan";
import { readNpy, writeNpy } from "@dermanomaly/gan/numpy";
import { chwToImage, decodeImage } from "@dermanomaly/imaging";
import { UsageError } from "../cli.ts";
import { ganExport, ganImport, ganInspect, generate, parseSeeds } from "./gan.ts";

// A snapshot-layout pickle holding the weights of NVIDIA's own tiny StyleGAN2 (res 16, z 8), and PyTorch's images
// of those networks for seeds 0 and 1 (libs/gan/nvidia/fixtures/make_fixtures.py).
const FIXTURES = new URL("../../gan/nvidia/fixtures/", import.meta.url);
const PKL = new URL("sg3_snapshot.pkl", FIXTURES).pathname;
const ref = JSON.parse(await readFile(new URL("expected.json", FIXTURES), "utf8")) as {
  sg3: {
    z: number[][];
    img_psi1: number[][];
    img_psi07: number[][];
    names: Record<string, [string, number[]][]>;
  };
  ada: { img: number[] };
};
let dir = "";

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "gan-cli-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs a command with console.log captured; returns its exit code and printed lines. */
async function run(
  cmd: typeof generate,
  values: Parameters<typeof generate.run>[0],
  positionals: string[] = [],
): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = mock.method(console, "log", (...args: unknown[]) => {
    lines.push(args.join(" "));
  });
  try {
    return { code: await cmd.run(values, positionals), out: lines.join("\n") };
  } finally {
    log.mock.restore();
  }
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

test("gan inspect --json shows G 23,191,522 and D 24,001,089 trainable parameters and num_ws 14 at 256/16384/512/2", async () => {
  const { code, out } = await run(ganInspect, {
    json: true,
    resolution: "256",
    cbase: "16384",
    cmax: "512",
    "map-depth": "2",
  });
  assert.equal(code, 0);
  const r = JSON.parse(out);
  assert.equal(r.G.totals.parameters, 23_191_522);
  assert.equal(r.D.totals.parameters, 24_001_089);
  assert.equal(r.G.numWs, 14);
  assert.equal(r.G.rows.length, 132);
  assert.deepEqual(r.G.rows[0], {
    name: "synthesis.b4.const",
    shape: [512, 4, 4],
    count: 8192,
    trainable: true,
  });
});

test("gan inspect FILE lists the networks of a pickle with NVIDIA's names; the text form has totals", async () => {
  const { out } = await run(ganInspect, { json: true }, [PKL]);
  const r = JSON.parse(out);
  assert.deepEqual(Object.keys(r), ["G", "D", "G_ema"]);
  assert.deepEqual(
    r.D.rows.map((x: { name: string; shape: number[] }) => [x.name, x.shape]),
    ref.sg3.names["D"],
  );
  const text = await run(ganInspect, { json: false }, [PKL]);
  assert.match(text.out, /^G_ema \(generator, num_ws 6\)$/m);
  assert.match(text.out, /mapping\.w_avg +\[8\] +8 +\(buffer\)/);
  await assert.rejects(ganInspect.run({ resolution: "64" }, [PKL]), UsageError);
});

test("generate --seeds 0-1 --out-npy from the pickle and from its import equals PyTorch's images within 1e-3", async () => {
  const ckpt = join(dir, "ckpt.safetensors");
  assert.equal((await run(ganImport, { out: ckpt }, [PKL])).code, 0);
  for (const gan of [PKL, ckpt]) {
    const npy = join(dir, "images.npy");
    const { code, out } = await run(generate, { gan, seeds: "0-1", "out-npy": npy, backend: "cpu" });
    assert.equal(code, 0);
    assert.match(out, /float32 \[2, 3, 16, 16\]/);
    const images = await readNpy(npy);
    assert.deepEqual(images.shape, [2, 3, 16, 16]);
    assert.ok(images.data instanceof Float32Array);
    const err = maxAbs(images.data, ref.sg3.img_psi1.flat());
    assert.ok(err < 1e-3, `${gan}: max abs error ${err}`);
  }
  const npy = join(dir, "trunc.npy");
  await run(generate, { gan: ckpt, seeds: "0,1", trunc: "0.7", "out-npy": npy, backend: "cpu" });
  const err = maxAbs((await readNpy(npy)).data, ref.sg3.img_psi07.flat());
  assert.ok(err < 1e-3, `psi 0.7: max abs error ${err}`);
});

test("generate --class picks the label of a conditional stylegan2-ada-pytorch G_ema, matching PyTorch within 1e-3", async () => {
  // PyTorch rendered seed 3 with c = [0, 1] and psi 0.5.
  const npy = join(dir, "cond.npy");
  const gan = new URL("ada_g_ema.pkl", FIXTURES).pathname;
  await run(generate, { gan, seeds: "3", class: "1", trunc: "0.5", "out-npy": npy, backend: "cpu" });
  const err = maxAbs((await readNpy(npy)).data, ref.ada.img);
  assert.ok(err < 1e-3, `max abs error ${err}`);
  await assert.rejects(
    generate.run({ gan, seeds: "3", "out-npy": npy, backend: "cpu" }, []),
    /give --class from 0 to 1/,
  );
});

test("generate --z latents.npy --out grid.png writes NVIDIA's uint8 conversion of the images as a grid", async () => {
  const zPath = join(dir, "z.npy");
  await writeNpy(zPath, { shape: [2, 8], data: Float64Array.from(ref.sg3.z.flat()) });
  const png = join(dir, "grid.png");
  assert.equal((await run(generate, { gan: PKL, z: zPath, out: png, backend: "cpu" })).code, 0);
  const grid = await decodeImage(png);
  assert.deepEqual([grid.width, grid.height], [32, 16]);
  // Tile 1 (seed 1) is the right half; compare with PyTorch's image through the same conversion (±1 for rounding
  // at a boundary within the 1e-3 tolerance).
  const expected = chwToImage(Float32Array.from(ref.sg3.img_psi1[1]!), { width: 16, height: 16 });
  let worst = 0;
  for (let y = 0; y < 16; y++)
    for (let x = 0; x < 16; x++)
      for (let c = 0; c < 3; c++)
        worst = Math.max(
          worst,
          Math.abs(grid.data[(y * 32 + 16 + x) * 3 + c]! - expected.data[(y * 16 + x) * 3 + c]!),
        );
  assert.ok(worst <= 1, `largest pixel difference ${worst}`);
});

test("gan export --layout nvidia writes NVIDIA's G_ema names; --network all prefixes them", async () => {
  const out = join(dir, "export.safetensors");
  assert.equal((await run(ganExport, { out, layout: "nvidia", network: "G_ema" }, [PKL])).code, 0);
  const { stateDict } = await readSafetensors(out);
  assert.deepEqual(
    [...stateDict].map(([k, t]) => [k, t.shape]),
    ref.sg3.names["G_ema"],
  );
  await run(ganExport, { out, layout: "nvidia", network: "all" }, [PKL]);
  assert.ok((await readSafetensors(out)).stateDict.has("D.b4.fc.weight"));
  await assert.rejects(ganExport.run({ out, layout: "onnx" }, [PKL]), /--layout must be "nvidia"/);
});

test("parseSeeds() and generate reject bad input with usage errors", async () => {
  assert.deepEqual(parseSeeds("0-3,10"), [0, 1, 2, 3, 10]);
  assert.deepEqual(parseSeeds("4294967295"), [4294967295]);
  assert.throws(() => parseSeeds("3-1"), /runs backwards/);
  assert.throws(() => parseSeeds("a"), UsageError);
  const base = { gan: PKL, "out-npy": join(dir, "x.npy"), backend: "cpu" };
  await assert.rejects(generate.run({ ...base }, []), /Give either --seeds or --z/);
  await assert.rejects(generate.run({ ...base, seeds: "0", z: "z.npy" }, []), /Give either --seeds or --z/);
  await assert.rejects(
    generate.run({ ...base, seeds: "0", "noise-mode": "loud" }, []),
    /--noise-mode must be/,
  );
  await assert.rejects(generate.run({ ...base, seeds: "0", class: "1" }, []), /--class needs a conditional/);
  const badZ = join(dir, "bad_z.npy");
  await writeNpy(badZ, { shape: [2, 5], data: new Float32Array(10) });
  await assert.rejects(generate.run({ ...base, z: badZ }, []), /has shape \[2, 5\]; expected \[N, 8\]/);
});
