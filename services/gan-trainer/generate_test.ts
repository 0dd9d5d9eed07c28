import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  Code,
  type GenerateRequest,
  type GenerateResponse__Output,
  type InspectResponse__Output,
  type ServiceClients,
} from "@dermanomaly/contracts";
import { Generator } from "@dermanomaly/gan";
import { seedLatent } from "@dermanomaly/gan/numpy";
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
