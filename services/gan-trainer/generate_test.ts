import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  Code,
  type GenerateRequest,
  type GenerateResponse__Output,
  type InspectRequest,
  type InspectResponse__Output,
  type ServiceClients,
} from "@dermanomaly/contracts";
import { Generator } from "@dermanomaly/gan";
import { decodeNpy, encodeNpy, seedLatent } from "@dermanomaly/gan/numpy";
import { Trainer, writeCheckpoint } from "@dermanomaly/gan/training";
import { decodeImage } from "@dermanomaly/imaging";
import { type RunningService, serveStageInProcess } from "@dermanomaly/runtime";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { disposeBackend, initBackend, tf } from "@dermanomaly/tf";
import { ganTrainerHandlers } from "./mod.ts";

let nats: NatsServer;
let service: RunningService;
let client: ServiceClients["gan-trainer"];
let tmp: string;
let checkpoint: string;
let trainer: Trainer;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "gan-generate-test-"));
  await initBackend({ backend: "wasm", log: false });
  // An untrained run's state is a valid checkpoint: G_ema differs from a fresh generator only by its seed.
  trainer = new Trainer({
    batch: 4,
    gamma: 1,
    resolution: 8,
    cbase: 64,
    cmax: 16,
    mapDepth: 1,
    zDim: 16,
    wDim: 16,
    seed: 2,
  });
  checkpoint = join(tmp, "network-snapshot-000000.safetensors");
  const state = trainer.getState();
  state.counters.curNimg = 1234;
  await writeCheckpoint(checkpoint, state);
  nats = await startNatsServer();
  ({ service, client } = await serveStageInProcess("gan-trainer", ganTrainerHandlers, {
    natsUrl: nats.url,
    root: tmp,
  }));
});

after(async () => {
  trainer?.dispose();
  client?.close();
  await service?.stop();
  await nats?.stop();
  disposeBackend();
  rmSync(tmp, { recursive: true, force: true });
});

function generate(req: GenerateRequest): Promise<GenerateResponse__Output> {
  return new Promise((ok, fail) =>
    client.Generate(req, (e, r) => (e ? fail(e) : ok(r as GenerateResponse__Output))),
  );
}

test("Generate draws gen_images.py's seeds from G_ema into a grid and single images", async () => {
  const out = join(tmp, "samples");
  const res = await generate({
    checkpoint: { path: checkpoint },
    seeds: [0, 7, 42],
    gridColumns: 2,
    saveImages: true,
    output: { path: out },
  });
  assert.equal(res.resolution, 8);
  assert.deepEqual([res.gridColumns, res.gridRows], [2, 2]);
  assert.equal(res.images.length, 3);
  const grid = await decodeImage(readFileSync(join(out, "grid.png")));
  assert.deepEqual([grid.width, grid.height], [16, 16]);
  assert.match(res.grid!.uri, /grid\.png$/);
  // Reference: the checkpoint's G_ema run directly on numpy's RandomState(seed).randn(z_dim), constant noise.
  const G = new Generator(trainer.G_ema.config);
  G.loadStateDict(trainer.G_ema.stateDict());
  const z = new Float32Array(3 * 16);
  [0, 7, 42].forEach((s, k) => {
    z.set(seedLatent(s, 16), k * 16);
  });
  const ref = tf.tidy(() => G.forward(tf.tensor2d(z, [3, 16]), null, { noiseMode: "const" }).dataSync());
  G.dispose();
  const seed7 = await decodeImage(readFileSync(join(out, "seed0007.png")));
  let worst = 0;
  for (let i = 0; i < 64; i++) {
    for (let c = 0; c < 3; c++) {
      const expected = Math.min(255, Math.max(0, Math.trunc(ref[(64 + i) * 3 + c]! * 127.5 + 128)));
      worst = Math.max(worst, Math.abs(seed7.data[i * 3 + c]! - expected));
      // The grid holds the same image in its second cell (row 0, column 1).
      const g = grid.data[(Math.floor(i / 8) * 16 + 8 + (i % 8)) * 3 + c]!;
      assert.equal(g, seed7.data[i * 3 + c]);
    }
  }
  // Rounding of float32 near a level boundary may move a pixel by one.
  assert.ok(worst <= 1, `largest pixel difference ${worst}`);
});

test("Generate refuses requests without exactly one kind of latent", async () => {
  const code = (req: GenerateRequest) =>
    generate(req).then(
      () => Code.OK,
      (e: { code: number }) => e.code,
    );
  assert.equal(await code({ checkpoint: { path: checkpoint } }), Code.INVALID_ARGUMENT);
  assert.equal(
    await code({ checkpoint: { path: checkpoint }, seeds: [1], z: [{ values: new Array(16).fill(0) }] }),
    Code.INVALID_ARGUMENT,
  );
  assert.equal(await code({ checkpoint: { path: join(tmp, "none.pkl") }, seeds: [1] }), Code.NOT_FOUND);
});

test("Inspect reports the networks, totals, parameters and progress of a checkpoint", async () => {
  const res = await new Promise<InspectResponse__Output>((ok, fail) =>
    client.Inspect({ checkpoint: { path: checkpoint }, listParameters: true }, (e, r) =>
      e ? fail(e) : ok(r as InspectResponse__Output),
    ),
  );
  assert.equal(res.format, "safetensors");
  assert.deepEqual(
    res.networks.map((n) => n.name),
    ["G", "G_ema", "D"],
  );
  // Totals against the tensors as the trainer holds them.
  const state = trainer.getState();
  for (const key of ["G", "G_ema", "D"] as const) {
    const elements = [...state[key].values()].reduce((a, t) => a + t.data.length, 0);
    const net = res.networks.find((n) => n.name === key)!;
    assert.equal(Number(net.parameters) + Number(net.buffers), elements, key);
    assert.equal(net.tensors, state[key].size, key);
    const listed = res.parameters.filter((p) => p.name.startsWith(`${key}.`));
    assert.equal(listed.length, state[key].size);
  }
  assert.ok(res.parameters.some((p) => p.name === "G_ema.mapping.w_avg" && !p.trainable));
  assert.deepEqual([res.resolution, res.zDim, res.wDim, res.mapDepth, res.kimg], [8, 16, 16, 1, 1.234]);
  assert.equal(res.metadata["format"], "dermanomaly/stylegan2-ada-training/1");
});

// NVIDIA's tiny StyleGAN2 (res 16, z 8) and PyTorch's images of it (libs/gan/nvidia/fixtures/make_fixtures.py).
const FIXTURES = join(import.meta.dirname, "../../libs/gan/nvidia/fixtures");
const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as {
  sg3: {
    z: number[][];
    img_psi1: number[][];
    img_psi07: number[][];
    names: Record<string, [string, number[]][]>;
  };
  ada: { img: number[] };
};

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

test("Generate of seeds 0-1 from an NVIDIA pickle returns PyTorch's images (within 1e-3) as .npy and inline bytes", async () => {
  const res = await generate({
    checkpoint: { path: join(FIXTURES, "sg3_snapshot.pkl") },
    seeds: [0, 1],
    truncationPsi: 0.7,
    saveNpy: true,
    inline: true,
  });
  const npy = decodeNpy(res.npyBytes);
  assert.deepEqual(npy.shape, [2, 3, 16, 16]);
  const err = maxAbs(npy.data, expected.sg3.img_psi07.flat());
  assert.ok(err < 1e-3, `max abs error ${err}`);
  assert.deepEqual(decodeNpy(readFileSync(fileURLToPath(res.npy!.uri))).data, npy.data);
  const grid = await decodeImage(res.gridPng);
  assert.deepEqual([grid.width, grid.height], [32, 16]);
  assert.deepEqual(res.gridPng, readFileSync(fileURLToPath(res.grid!.uri)));
});

test("Generate takes latents as .npy bytes: the z of seeds 0-1 give the seeds' images", async () => {
  const zNpy = encodeNpy({ shape: [2, 8], data: Float64Array.from(expected.sg3.z.flat()) });
  const res = await generate({
    checkpoint: { path: join(FIXTURES, "sg3_snapshot.pkl") },
    zNpy,
    saveNpy: true,
    inline: true,
  });
  assert.ok(maxAbs(decodeNpy(res.npyBytes).data, expected.sg3.img_psi1.flat()) < 1e-3);
  const bad = encodeNpy({ shape: [2, 5], data: new Float32Array(10) });
  await assert.rejects(
    generate({ checkpoint: { path: join(FIXTURES, "sg3_snapshot.pkl") }, zNpy: bad }),
    (e: { code: number; details: string }) =>
      e.code === Code.INVALID_ARGUMENT && /z_npy has shape \[2, 5\]; expected \[N, 8\]/.test(e.details),
  );
});

test("Generate picks the class of a conditional generator as PyTorch does, and refuses one out of range", async () => {
  const checkpointOf = { path: join(FIXTURES, "ada_g_ema.pkl") };
  const res = await generate({
    checkpoint: checkpointOf,
    seeds: [3],
    classIdx: 1,
    truncationPsi: 0.5,
    saveNpy: true,
    inline: true,
  });
  const err = maxAbs(decodeNpy(res.npyBytes).data, expected.ada.img);
  assert.ok(err < 1e-3, `max abs error ${err}`);
  await assert.rejects(
    generate({ checkpoint: checkpointOf, seeds: [3], classIdx: 2 }),
    (e: { code: number }) => e.code === Code.INVALID_ARGUMENT,
  );
});

function inspect(req: InspectRequest): Promise<InspectResponse__Output> {
  return new Promise((ok, fail) =>
    client.Inspect(req, (e, r) => (e ? fail(e) : ok(r as InspectResponse__Output))),
  );
}

test("Inspect without a checkpoint describes the networks StartTraining would build, with train.py's defaults", async () => {
  const res = await inspect({ resolution: 256, cbase: 16384, cmax: 512, mapDepth: 2, listParameters: true });
  const [G, D] = res.networks;
  assert.deepEqual([G?.name, Number(G?.parameters), G?.numWs], ["G", 23_191_522, 14]);
  assert.deepEqual([D?.name, Number(D?.parameters), D?.numWs], ["D", 24_001_089, 0]);
  assert.equal(res.parameters.filter((p) => p.name.startsWith("G.")).length, 132);
  assert.deepEqual(res.parameters[0], {
    name: "G.synthesis.b4.const",
    shape: [512, 4, 4],
    dtype: "float32",
    count: 8192,
    trainable: true,
  });
  assert.equal(res.format, "settings");
  // Left out: train.py's --cfg=stylegan2 defaults (cbase 32768, map-depth 8), at resolution 256.
  const defaults = await inspect({});
  assert.equal(JSON.parse(defaults.networks[0]!.configJson).channelBase, 32768);
  assert.equal(defaults.mapDepth, 8);
  await assert.rejects(
    inspect({ checkpoint: { path: checkpoint }, cbase: 512 }),
    (e: { code: number }) => e.code === Code.INVALID_ARGUMENT,
  );
  await assert.rejects(
    inspect({ resolution: 100 }),
    (e: { code: number; details: string }) =>
      e.code === Code.INVALID_ARGUMENT && /power of two/.test(e.details),
  );
});

test("Inspect of an NVIDIA pickle lists its networks with NVIDIA's names and shapes", async () => {
  const res = await inspect({
    checkpoint: { path: join(FIXTURES, "sg3_snapshot.pkl") },
    listParameters: true,
  });
  assert.equal(res.format, "pickle");
  const d = res.parameters.filter((p) => p.name.startsWith("D.")).map((p) => [p.name.slice(2), p.shape]);
  assert.deepEqual(d, expected.sg3.names["D"]);
});
