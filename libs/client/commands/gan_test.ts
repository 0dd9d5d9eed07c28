import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, mock, test } from "node:test";
import { readSafetensors } from "@dermanomaly/gan";
import { UsageError } from "../cli.ts";
import { ganExport, ganImport, generateRequest, inspectRequest, parseSeeds } from "./gan.ts";

// A snapshot-layout pickle holding the weights of NVIDIA's own tiny StyleGAN2 (res 16, z 8), and the parameter
// names PyTorch lists for it (libs/gan/nvidia/fixtures/make_fixtures.py).
const FIXTURES = new URL("../../gan/nvidia/fixtures/", import.meta.url);
const PKL = new URL("sg3_snapshot.pkl", FIXTURES).pathname;
const ref = JSON.parse(await readFile(new URL("expected.json", FIXTURES), "utf8")) as {
  sg3: { names: Record<string, [string, number[]][]> };
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
  cmd: typeof ganImport,
  values: Parameters<typeof ganImport.run>[0],
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

test("gan import then gan export --layout nvidia writes NVIDIA's G_ema names; --network all prefixes them", async () => {
  const ckpt = join(dir, "ckpt.safetensors");
  const imported = await run(ganImport, { out: ckpt }, [PKL]);
  assert.equal(imported.code, 0);
  assert.match(imported.out, /Wrote .*ckpt\.safetensors: G, D, G_ema/);
  const out = join(dir, "export.safetensors");
  assert.equal((await run(ganExport, { out, layout: "nvidia", network: "G_ema" }, [ckpt])).code, 0);
  const { stateDict } = await readSafetensors(out);
  assert.deepEqual(
    [...stateDict].map(([k, t]) => [k, t.shape]),
    ref.sg3.names["G_ema"],
  );
  await run(ganExport, { out, layout: "nvidia", network: "all" }, [PKL]);
  assert.ok((await readSafetensors(out)).stateDict.has("D.b4.fc.weight"));
  await assert.rejects(ganExport.run({ out, layout: "onnx" }, [PKL]), /--layout must be "nvidia"/);
});

test("gan inspect asks the service about a file, or about the networks settings describe, never both", () => {
  assert.deepEqual(inspectRequest({ resolution: "256", cbase: "16384", cmax: "512", "map-depth": "2" }, []), {
    resolution: 256,
    cbase: 16384,
    cmax: 512,
    mapDepth: 2,
    listParameters: true,
  });
  assert.deepEqual(inspectRequest({}, ["key:runs/a/network-snapshot-000010.safetensors"]), {
    checkpoint: { key: "runs/a/network-snapshot-000010.safetensors" },
    listParameters: true,
  });
  assert.deepEqual(inspectRequest({}, ["model.pkl"]).checkpoint, { path: resolve("model.pkl") });
  assert.throws(() => inspectRequest({ resolution: "64" }, [PKL]), UsageError);
});

test("generate asks for the images inline, seeds as NVIDIA numbers them, .npy latents as their bytes", async () => {
  const req = await generateRequest({
    gan: PKL,
    seeds: "0-2,7",
    trunc: "0.7",
    "noise-mode": "random",
    out: "g.png",
  });
  assert.deepEqual(req, {
    checkpoint: { path: PKL },
    seeds: [0, 1, 2, 7],
    truncationPsi: 0.7,
    noiseMode: "NOISE_MODE_RANDOM",
    batch: 0,
    saveNpy: false,
    inline: true,
  });
  const zPath = join(dir, "z.npy");
  await writeFile(zPath, "npy bytes");
  const withZ = await generateRequest({
    gan: `key:models/g.safetensors`,
    z: zPath,
    "out-npy": "i.npy",
    class: "1",
  });
  assert.deepEqual(
    [withZ.checkpoint, withZ.zNpy, withZ.saveNpy, withZ.classIdx],
    [{ key: "models/g.safetensors" }, Buffer.from("npy bytes"), true, 1],
  );
});

test("parseSeeds() and generate reject bad input with usage errors", async () => {
  assert.deepEqual(parseSeeds("0-3,10"), [0, 1, 2, 3, 10]);
  assert.deepEqual(parseSeeds("4294967295"), [4294967295]);
  assert.throws(() => parseSeeds("3-1"), /runs backwards/);
  assert.throws(() => parseSeeds("a"), UsageError);
  const base = { gan: PKL, "out-npy": join(dir, "x.npy") };
  await assert.rejects(generateRequest({ ...base }), /Give either --seeds or --z/);
  await assert.rejects(generateRequest({ ...base, seeds: "0", z: "z.npy" }), /Give either --seeds or --z/);
  await assert.rejects(
    generateRequest({ ...base, seeds: "0", "noise-mode": "loud" }),
    /--noise-mode must be/,
  );
  await assert.rejects(generateRequest({ ...base, seeds: "0", trunc: "wide" }), /--trunc must be a number/);
  await assert.rejects(generateRequest({ gan: PKL, seeds: "0" }), /Give --out and\/or --out-npy/);
});
