import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  Code,
  EVENTS,
  type EventKey,
  type EventPayloads,
  eventCodec,
  type InspectEncoderResponse__Output,
  type JobRef__Output,
  type Progress__Output,
  type ServiceClients,
  type StartEncoderTrainingRequest,
} from "@dermanomaly/contracts";
import { openDataset } from "@dermanomaly/dataset";
import {
  Encoder,
  type EncoderConfig,
  loadEncoderFile,
  presetConfig,
  readEncoderCheckpoint,
  reconstruct,
  writeEncoderFile,
} from "@dermanomaly/encoder";
import type { Discriminator, Generator, StateDict } from "@dermanomaly/gan";
import type { RealBatch } from "@dermanomaly/gan/training";
import { decodeImage } from "@dermanomaly/imaging";
import {
  type AsyncHandlers,
  createLogger,
  openJobManager,
  type RunningService,
  type StageContext,
  serveStageInProcess,
} from "@dermanomaly/runtime";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { currentBackend, initBackend, tf } from "@dermanomaly/tf";
import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { RES, tinyGan, writeDrawnDataset, writeFlatDataset, writeGan, Z } from "./_testing.ts";
import { buildGanNetworks } from "./gan_networks.ts";
import { inspectEncoderFile } from "./inspect.ts";
import { encoderTrainingJob } from "./train_job.ts";

let nats: NatsServer;
let service: RunningService;
let client: ServiceClients["encoder-trainer"];
let nc: NatsConnection;
let tmp: string;
let nets: ReturnType<typeof tinyGan>;
/** The GAN (G, D, G_ema) and a generator-only one. */
let gan: string;
let ganNoD: string;
/** Eight images G_ema draws. */
let data: string;
/** Weights of the full run, used by later tests. */
let trainedWeights: string | undefined;
/** When set, the generator the service builds draws NaN from this many calls on (a fault injected into the GAN). */
let poisonAfter: number | undefined;
/** For each GAN network the service built and freed: whether its weights were the same bits when it was freed. */
const frozen: { network: string; unchanged: boolean }[] = [];

/** The stage's handlers, with progress on every step and the fault injection point of the NaN test. */
function handlers(ctx: StageContext<StageContext["config"], "encoder-trainer">) {
  const training = encoderTrainingJob(ctx, {
    progressIntervalMs: 0,
    networks: (weights, generator) => {
      const built = buildGanNetworks(weights, generator);
      for (const [network, net] of Object.entries(built) as [string, Generator | Discriminator][]) {
        const before = bits(net.stateDict());
        const dispose = net.dispose.bind(net);
        net.dispose = () => {
          frozen.push({
            network,
            unchanged: JSON.stringify(bits(net.stateDict())) === JSON.stringify(before),
          });
          dispose();
        };
      }
      if (poisonAfter !== undefined) poison(built[generator]!, poisonAfter);
      return built;
    },
  });
  return {
    StartTraining: (request) => training.start(request),
    Inspect: (request) => inspectEncoderFile(ctx, request),
  } satisfies Partial<
    AsyncHandlers<import("@dermanomaly/contracts").ServiceImplementations["encoder-trainer"]>
  >;
}

function poison(G: Generator, calls: number): void {
  const forward = G.forward.bind(G);
  let n = 0;
  G.forward = (...args: Parameters<Generator["forward"]>) => {
    const out = forward(...args);
    return n++ < calls ? out : tf.mul(out, Number.NaN);
  };
}

async function startService(): Promise<void> {
  ({ service, client } = await serveStageInProcess("encoder-trainer", handlers, {
    natsUrl: nats.url,
    root: tmp,
  }));
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "encoder-trainer-test-"));
  await initBackend({ backend: "wasm", log: false });
  nets = tinyGan();
  gan = join(tmp, "gan.safetensors");
  ganNoD = join(tmp, "gan-g-ema.safetensors");
  await writeGan(gan, nets);
  await writeGan(ganNoD, nets, ["G_ema"]);
  data = join(tmp, "nev-16");
  await writeDrawnDataset(data, nets.G_ema, 8);
  // The settings part of a preparation's manifest: the encoder's lineage records how the photos became images.
  await writeFile(
    join(data, "manifest.json"),
    JSON.stringify({
      version: 1,
      settings: { transform: "center-crop", resampler: "pil", width: RES, height: RES },
    }),
  );
  nats = await startNatsServer();
  await startService();
  nc = await connect({ servers: nats.url });
});

after(async () => {
  client?.close();
  await nc?.close();
  await service?.stop();
  await nats?.stop();
  for (const net of Object.values(nets ?? {})) net.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

const base = (over: Partial<StartEncoderTrainingRequest> = {}): StartEncoderTrainingRequest => ({
  dataset: { path: data },
  gan: { path: gan },
  epochs: 2,
  batch: 4,
  preset: "ENCODER_PRESET_TINY",
  backend: "TRAINING_BACKEND_WASM",
  ...over,
});

function start(req: StartEncoderTrainingRequest): Promise<JobRef__Output> {
  return new Promise((ok, fail) =>
    client.StartTraining(req, (e, r) => (e ? fail(e) : ok(r as JobRef__Output))),
  );
}

function refusal(req: StartEncoderTrainingRequest): Promise<{ code: number; details: string }> {
  return start(req).then(
    () => ({ code: Code.OK, details: "" }),
    (e: { code: number; details: string }) => ({ code: e.code, details: e.details }),
  );
}

/** Progress reports until the job ends, or until `until` holds (then the watch is dropped). */
function watch(job: JobRef__Output, until?: (p: Progress__Output) => boolean): Promise<Progress__Output[]> {
  return new Promise((ok, fail) => {
    const seen: Progress__Output[] = [];
    const s = client.Watch(job);
    let done = false;
    s.on("data", (p: Progress__Output) => {
      seen.push(p);
      if (!done && until?.(p)) {
        done = true;
        s.cancel();
        ok(seen);
      }
    });
    s.on("error", (e: { code?: number }) => (done || e.code === Code.CANCELLED ? undefined : fail(e)));
    s.on("end", () => {
      if (!done) ok(seen);
    });
  });
}

/** The events of one kind published so far about a job (or those `which` picks). */
async function events<K extends EventKey>(
  key: K,
  which: string | ((e: EventPayloads[K]["Out"]) => boolean),
): Promise<EventPayloads[K]["Out"][]> {
  const consumer = await jetstream(nc).consumers.get("DERMANOMALY_EVENTS", {
    filter_subjects: EVENTS[key].subject,
  });
  const pick =
    typeof which === "function"
      ? which
      : (e: EventPayloads[K]["Out"]) => (e as { job?: { id?: string } | null }).job?.id === which;
  const out: EventPayloads[K]["Out"][] = [];
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (m === null) break;
    const e = eventCodec(key).decode(m.data) as EventPayloads[K]["Out"];
    if (pick(e)) out.push(e);
  }
  return out;
}

function inspect(path: string, listParameters = false): Promise<InspectEncoderResponse__Output> {
  return new Promise((ok, fail) =>
    client.Inspect({ checkpoint: { path }, listParameters }, (e, r) =>
      e ? fail(e) : ok(r as InspectEncoderResponse__Output),
    ),
  );
}

const fileOf = (uri: string) => decodeURIComponent(new URL(uri).pathname);
const nameOf = (uri: string) => uri.split("/").pop() ?? "";
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const bits = (sd: StateDict): [string, string][] =>
  [...sd].map(([k, t]) => [
    k,
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString("base64"),
  ]);

/** The data set's images as one batch. */
async function images(): Promise<RealBatch> {
  const reader = await openDataset(data);
  const n = reader.entries.length;
  const out = new Float32Array(n * 3 * RES * RES);
  for (let k = 0; k < n; k++) await reader.loadChw(k, { out, offset: k * 3 * RES * RES });
  reader.close();
  return { images: out, shape: [n, 3, RES, RES] };
}

/** MSE of G_ema(E(x)) against the data set's images, E in inference mode. */
async function reconstructionMse(config: EncoderConfig, stateDict?: StateDict): Promise<number> {
  const encoder = new Encoder(config);
  if (stateDict !== undefined) encoder.loadStateDict(stateDict);
  const real = await images();
  const { data: recon } = reconstruct({ encoder, generator: nets.G_ema }, real);
  const x = tf.tidy(() => tf.transpose(tf.tensor4d(real.images, [...real.shape]), [0, 2, 3, 1]).dataSync());
  encoder.dispose();
  let s = 0;
  for (let i = 0; i < recon.length; i++) s += (recon[i]! - x[i]!) ** 2;
  return s / recon.length;
}

test("bad requests are refused on the call with a status a user can act on, and start nothing", async () => {
  const backendBefore = currentBackend()?.name;
  const nev32 = join(tmp, "nev-32");
  await writeFlatDataset(nev32, 2, 32);
  const empty = join(tmp, "empty");
  mkdirSync(empty);
  const melanomas = join(tmp, "mel-16");
  await writeDrawnDataset(melanomas, nets.G_ema, 4, { labels: [1, 1, 1, 1] });
  const notGan = join(tmp, "encoder.safetensors");
  const e = presetConfig("tiny", { resolution: RES, zDim: Z });
  const encoder = new Encoder(e);
  await writeEncoderFile(notGan, { config: e, stateDict: encoder.stateDict() });
  encoder.dispose();
  const cases: [Partial<StartEncoderTrainingRequest>, Code, RegExp][] = [
    [{ dataset: null }, Code.INVALID_ARGUMENT, /A data set of normal images is required/],
    [{ gan: null }, Code.INVALID_ARGUMENT, /A GAN checkpoint is required/],
    [
      { batch: 1 },
      Code.INVALID_ARGUMENT,
      /batch must be at least 2 for BatchNorm's batch statistics, got "1"/,
    ],
    [{ batch: 4, batchGpu: 3 }, Code.INVALID_ARGUMENT, /batchGpu must divide the batch "4", got "3"/],
    [{ lr: -1 }, Code.INVALID_ARGUMENT, /lr must be a positive number, got "-1"/],
    [{ alpha: Number.NaN }, Code.INVALID_ARGUMENT, /alpha must be a non-negative number, got "NaN"/],
    [{ loss: "ENCODER_LOSS_IZI", kappa: 1 }, Code.INVALID_ARGUMENT, /kappa must be 0 for the "izi" loss/],
    [{ outdir: { key: "../up" } }, Code.INVALID_ARGUMENT, /./],
    [{ gan: { path: join(tmp, "nope.pkl") } }, Code.NOT_FOUND, /nope\.pkl" does not exist/],
    [{ dataset: { path: join(tmp, "nope") } }, Code.NOT_FOUND, /does not exist/],
    [{ resume: { path: join(tmp, "nope.pth") } }, Code.NOT_FOUND, /resume path ".*nope\.pth" does not exist/],
    [
      { dataset: { path: nev32 } },
      Code.FAILED_PRECONDITION,
      /GAN checkpoint "gan\.safetensors" makes 16x16 images but data set "nev-32" holds 32x32 images/,
    ],
    [{ dataset: { path: empty } }, Code.FAILED_PRECONDITION, /holds no images/],
    [
      { dataset: { path: melanomas } },
      Code.FAILED_PRECONDITION,
      /Data set "mel-16" holds no normal images: its labels are 1, none is 0/,
    ],
    [
      { gan: { path: notGan } },
      Code.INVALID_ARGUMENT,
      /The gan file is not a GAN checkpoint: "encoder\.safetensors" is not a network checkpoint/,
    ],
    [
      { gan: { path: ganNoD } },
      Code.INVALID_ARGUMENT,
      /"gan-g-ema\.safetensors" holds no discriminator D, which the izif loss needs/,
    ],
    [
      { gan: { path: ganNoD }, loss: "ENCODER_LOSS_IZI", generator: "TRAINING_GENERATOR_G" },
      Code.INVALID_ARGUMENT,
      /"gan-g-ema\.safetensors" holds no generator G: choose the generator G_ema/,
    ],
  ];
  for (const [over, code, pattern] of cases) {
    const s = await refusal(base(over));
    assert.equal(s.code, code, `${JSON.stringify(over)}: ${s.details}`);
    assert.match(s.details, pattern, JSON.stringify(over));
  }
  assert.equal(currentBackend()?.name, backendBefore, "checking the requests started no backend");
  const changes = await events("jobStateChanged", (e) => e.job?.service === "encoder-trainer");
  assert.deepEqual(changes, [], "no job was created");
});

test("training reduces the reconstruction MSE, stores snapshots and grids with their lineage, and announces them", async () => {
  const ganDigest = sha256(gan);
  const outdir = join(tmp, "runs");
  // lr 1e-3 rather than the original's 1e-4 keeps this to 60 steps (30 epochs of the 8 images, batch 4).
  const req = base({
    epochs: 30,
    lr: 1e-3,
    snapshotEvery: 10,
    outdir: { path: outdir },
    requestId: "full-run",
  });
  frozen.length = 0;
  const job = await start(req);
  // A repeated request is the same job: it does not train twice.
  assert.deepEqual(await start(req), job);
  const seen = await watch(job);
  const last = seen.at(-1)!;
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  assert.deepEqual([last.unit, last.done, last.total], ["steps", 60, 60]);
  assert.match(last.message, /^Trained 30 epoch\(s\) on wasm, 3 snapshot\(s\) kept$/);
  // Throttled progress within an epoch (every step here), and one report per epoch with its means.
  assert.ok(seen.some((p) => p.metrics["step_in_epoch"] === 1 && p.metrics["epoch"] === 0));
  const epochEnd = seen.filter((p) => p.metrics["epoch_time"] !== undefined);
  assert.deepEqual(
    epochEnd.map((p) => p.metrics["epoch"]),
    Array.from({ length: 30 }, (_, i) => i + 1),
  );
  for (const key of ["loss", "loss_img", "loss_feat", "images_per_sec", "steps_per_epoch", "rss_bytes"])
    assert.ok(Number.isFinite(epochEnd[0]!.metrics[key]), key);
  assert.ok(epochEnd.at(-1)!.metrics["loss_img"]! < epochEnd[0]!.metrics["loss_img"]!);

  const names = last.outputs.map((o) => nameOf(o.uri));
  assert.deepEqual(names, [
    "encoder-0030.safetensors",
    "encoder-0020.safetensors",
    "encoder-0010.safetensors",
    "rec0030.png",
    "rec0020.png",
    "rec0010.png",
    "resume.safetensors",
    "training_options.json",
  ]);
  const [runDir] = readdirSync(outdir);
  assert.equal(runDir, "00000-izif-nev-16-tiny-batch4");
  assert.deepEqual(readdirSync(join(outdir, runDir!)).sort(), [...names].sort());
  trainedWeights = join(outdir, runDir!, "encoder-0030.safetensors");

  // The weights: the original's names, the run's lineage (generator, noise mode, GAN digest) in the metadata.
  const final = await loadEncoderFile(trainedWeights);
  assert.equal(final.format, "dermanomaly/izif-encoder/1");
  assert.deepEqual([final.config.channelBase, final.config.resolution, final.config.zDim], [16, RES, Z]);
  assert.ok(final.stateDict.has("0.weight") && final.stateDict.has("1.running_var"));
  assert.equal(final.lineage?.generator, "G_ema");
  assert.equal(final.lineage?.noiseMode, "const");
  assert.equal(final.lineage?.inputs["ganSha256"], ganDigest);
  assert.deepEqual(final.lineage?.preparation, {
    transform: "center-crop",
    resampler: "pil",
    width: RES,
    height: RES,
  });
  assert.equal(final.metadata["epoch"], "30");

  // E learnt: the reconstruction MSE of the training images at least halves from E's initialisation (seed 0) and
  // falls from snapshot to snapshot; G and D were only read.
  const startMse = await reconstructionMse(final.config);
  const first = await loadEncoderFile(join(outdir, runDir!, "encoder-0010.safetensors"));
  const firstMse = await reconstructionMse(final.config, first.stateDict);
  const endMse = await reconstructionMse(final.config, final.stateDict);
  assert.ok(endMse <= 0.5 * startMse, `reconstruction MSE went from ${startMse} to ${endMse}`);
  assert.ok(endMse < firstMse, `MSE ${firstMse} at epoch 10, ${endMse} at epoch 30`);
  assert.deepEqual(
    frozen,
    [
      { network: "G_ema", unchanged: true },
      { network: "D", unchanged: true },
    ],
    "G_ema and D were the same bits when the job freed them",
  );
  assert.equal(sha256(gan), ganDigest, "the GAN file is unchanged");

  const grid = await decodeImage(readFileSync(join(outdir, runDir!, "rec0030.png")));
  assert.deepEqual([grid.width, grid.height], [8 * RES, 2 * RES]);

  const record = JSON.parse(readFileSync(join(outdir, runDir!, "training_options.json"), "utf8"));
  assert.deepEqual(
    [record.images, record.keep, record.lr, record.generator, record.resume],
    [8, 3, 1e-3, "G_ema", null],
  );
  assert.equal(record.gan.sha256, ganDigest);

  const epochs = await events("encoderEpochEnded", job.id);
  assert.equal(epochs.length, 30);
  assert.equal(epochs[0]!.epoch?.steps, 2);
  assert.ok(epochs[0]!.epoch!.lossFeat > 0 && epochs[0]!.epoch!.imagesPerSec > 0);
  const snapshots = await events("encoderSnapshot", job.id);
  assert.deepEqual(
    snapshots.map((s) => [s.epoch, s.steps, nameOf(s.checkpoint!.uri), nameOf(s.grid!.uri)]),
    [
      [10, 20, "encoder-0010.safetensors", "rec0010.png"],
      [20, 40, "encoder-0020.safetensors", "rec0020.png"],
      [30, 60, "encoder-0030.safetensors", "rec0030.png"],
    ],
  );
  const lineage = snapshots[2]!.lineage!;
  assert.deepEqual(
    lineage.models.map((m) => [m.role, m.artifact?.sha256]),
    [
      ["generator", ganDigest],
      ["discriminator", ganDigest],
    ],
  );
  const config = JSON.parse(lineage.configJson);
  assert.deepEqual(
    [config.generator, config.noiseMode, config.loss, config.alpha, config.kappa],
    ["G_ema", "const", "izif", 1, 1],
  );
  assert.equal(lineage.producedBy?.id, job.id);
  const completed = await events("encoderCompleted", job.id);
  assert.equal(completed.length, 1, "the job ran once");
  assert.equal(completed[0]!.epochs, 30);
  assert.equal(completed[0]!.checkpoint?.sha256, last.outputs[0]!.sha256);
  assert.deepEqual(
    completed[0]!.snapshots.map((s) => nameOf(s.uri)),
    ["encoder-0010.safetensors", "encoder-0020.safetensors", "encoder-0030.safetensors"],
  );
  // The same request id with other options is refused rather than ignored.
  assert.equal((await refusal({ ...req, epochs: 31 })).code, Code.ALREADY_EXISTS);
});

test("only the newest snapshots are kept, in the store and the local folder; the last one always", async () => {
  const outdir = join(tmp, "pruned");
  const job = await start(base({ epochs: 4, snapshotEvery: 1, keepSnapshots: 2, outdir: { path: outdir } }));
  const last = (await watch(job)).at(-1)!;
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  const names = last.outputs.map((o) => nameOf(o.uri));
  assert.deepEqual(names, [
    "encoder-0004.safetensors",
    "encoder-0003.safetensors",
    "rec0004.png",
    "rec0003.png",
    "resume.safetensors",
    "training_options.json",
  ]);
  for (const o of last.outputs) assert.ok(existsSync(fileOf(o.uri)), o.uri);
  const [runDir] = readdirSync(outdir);
  assert.deepEqual(readdirSync(join(outdir, runDir!)).sort(), [...names].sort());
  const store = join(tmp, "artifacts", "encoder", job.id);
  assert.ok(!readdirSync(store).some((f) => /encoder-000[12]|rec000[12]/.test(f)), "older snapshots deleted");
  assert.equal((await events("encoderSnapshot", job.id)).length, 4);
});

test("a stopped service's job continues on the next one from the step it reached and ends as the uninterrupted run", async () => {
  // Random noise and the trained generator G: every random draw must continue where it stopped.
  const options = base({
    epochs: 4,
    noiseMode: "NOISE_MODE_RANDOM",
    generator: "TRAINING_GENERATOR_G",
    seed: 5,
    snapshotEvery: 0,
  });
  const whole = (await watch(await start({ ...options, requestId: "uninterrupted" }))).at(-1)!;
  assert.equal(whole.state, "JOB_STATE_SUCCEEDED", whole.error);

  const job = await start({ ...options, requestId: "interrupted" });
  await watch(job, (p) => p.done >= 3);
  client.close();
  await service.stop();
  // The state written while stopping was stored with the job's progress: a step within the run.
  const jobs = await openJobManager(nc, "encoder-trainer", {
    log: createLogger("test", { level: "silent" }),
  });
  const stored = await jobs.get(job);
  await jobs.close();
  assert.equal(stored.state, "JOB_STATE_RUNNING");
  const atStop = await readEncoderCheckpoint(
    fileOf(stored.outputs.find((o) => o.uri.endsWith("/resume.safetensors"))!.uri),
  );
  const steps = atStop.counters.steps;
  assert.ok(steps >= 3 && steps < 8, `stopped at step ${steps}`);
  assert.ok(
    !stored.outputs.some((o) => /encoder-[\d.]+\.safetensors$/.test(o.uri)),
    "a shutdown writes the state only",
  );

  await startService();
  const seen = await watch(job);
  const last = seen.at(-1)!;
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  assert.match(last.message, new RegExp(`\\(resumed at epoch ${atStop.counters.epoch}\\)`));
  assert.ok(
    seen.every((p) => p.done === 0 || p.done >= steps),
    "no step before the stop runs again",
  );
  // The resumed run repeats the uninterrupted one step for step: the same weights, bit for bit.
  const a = await loadEncoderFile(fileOf(whole.outputs[0]!.uri));
  const b = await loadEncoderFile(fileOf(last.outputs[0]!.uri));
  assert.equal(nameOf(last.outputs[0]!.uri), "encoder-0004.safetensors");
  assert.deepEqual(bits(b.stateDict), bits(a.stateDict));
  assert.deepEqual([b.lineage?.generator, b.lineage?.noiseMode], ["G", "random"]);
  const stateA = await readEncoderCheckpoint(
    fileOf(whole.outputs.find((o) => o.uri.endsWith("resume.safetensors"))!.uri),
  );
  const stateB = await readEncoderCheckpoint(
    fileOf(last.outputs.find((o) => o.uri.endsWith("resume.safetensors"))!.uri),
  );
  assert.deepEqual(bits(stateB.E_opt.expAvgSq), bits(stateA.E_opt.expAvgSq));
  assert.deepEqual(stateB.random, stateA.random);
});

test("Cancel ends the job CANCELLED and writes a snapshot of the step it stopped at", async () => {
  const job = await start(base({ epochs: 1000 }));
  await watch(job, (p) => p.done >= 3);
  const cancelled = await new Promise((ok, fail) => client.Cancel(job, (e, r) => (e ? fail(e) : ok(r))));
  assert.deepEqual(cancelled, { state: "JOB_STATE_CANCELLED" });
  let snapshots: Awaited<ReturnType<typeof events<"encoderSnapshot">>> = [];
  for (let i = 0; i < 30 && snapshots.length === 0; i++) snapshots = await events("encoderSnapshot", job.id);
  assert.equal(snapshots.length, 1);
  const s = snapshots[0]!;
  assert.ok(s.steps >= 3, `stopped at step ${s.steps}`);
  const tag =
    s.steps % 2 === 0
      ? `${String(s.steps / 2).padStart(4, "0")}`
      : `${String((s.steps - 1) / 2).padStart(4, "0")}.0001`;
  assert.equal(nameOf(s.checkpoint!.uri), `encoder-${tag}.safetensors`);
  assert.equal(s.grid, null, "no grid between two steps");
  const state = await readEncoderCheckpoint(fileOf(s.state!.uri));
  assert.equal(state.counters.steps, s.steps);
  assert.deepEqual(bits((await loadEncoderFile(fileOf(s.checkpoint!.uri))).stateDict), bits(state.E));
  assert.equal((await watch(job)).at(-1)!.state, "JOB_STATE_CANCELLED");
  assert.equal((await events("encoderFailed", job.id)).length, 0);
});

test("a loss that turns NaN fails the job naming the epoch; the last good snapshot stays listed", async () => {
  // The generator draws NaN from its third call on: epoch 1's step and grid are good, epoch 2's step is not.
  poisonAfter = 2;
  try {
    const job = await start(base({ batch: 8, epochs: 5, snapshotEvery: 1 }));
    const last = (await watch(job)).at(-1)!;
    assert.equal(last.state, "JOB_STATE_FAILED");
    assert.match(last.error, /^Encoder loss is "NaN" at epoch 2, step 1: training stopped before the update/);
    assert.equal(last.errorCode, "ABORTED");
    assert.equal(nameOf(last.outputs[0]!.uri), "encoder-0001.safetensors");
    const good = await loadEncoderFile(fileOf(last.outputs[0]!.uri));
    for (const [name, t] of good.stateDict) assert.ok(t.data.every(Number.isFinite), name);
    const [failed] = await events("encoderFailed", job.id);
    assert.equal(failed?.code, "ABORTED");
    assert.equal(failed?.epochs, 1);
    assert.equal(failed?.lastCheckpoint?.sha256, last.outputs[0]!.sha256);
  } finally {
    poisonAfter = undefined;
  }
});

test("Inspect describes weights and training states, and refuses a GAN file", async () => {
  assert.ok(trainedWeights !== undefined, "needs the weights of the full run");
  const w = await inspect(trainedWeights, true);
  assert.deepEqual(
    [w.kind, w.format, w.preset, w.resolution, w.zDim, w.channelBase, w.channelMax, w.epoch],
    ["safetensors", "dermanomaly/izif-encoder/1", "tiny", RES, Z, 16, 128, 0],
  );
  assert.equal(w.parameters[0]?.name, "0.weight");
  assert.deepEqual(w.parameters[0]?.shape, [16, 3, 4, 4]);
  assert.equal(w.tensorCount, w.parameters.length);
  assert.equal(
    w.parameterCount,
    w.parameters.filter((p) => p.trainable).reduce((s, p) => s + Number(p.count), 0),
  );
  assert.equal(JSON.parse(w.lineageJson).generator, "G_ema");
  const state = await inspect(join(trainedWeights, "..", "resume.safetensors"));
  assert.deepEqual(
    [state.format, state.epoch, state.steps, state.parameters.length],
    ["dermanomaly/izif-encoder-training/1", 30, 60, 0],
  );
  const refused = await inspect(gan).then(
    () => undefined,
    (e: { code: number; details: string }) => e,
  );
  assert.equal(refused?.code, Code.INVALID_ARGUMENT);
  assert.match(refused?.details ?? "", /is a StyleGAN2 network file/);
});

test("resume starts from an encoder's weights, takes their preset, and records them in the lineage", async () => {
  assert.ok(trainedWeights !== undefined, "needs the weights of the full run");
  const job = await start(
    base({ epochs: 1, preset: "ENCODER_PRESET_UNSPECIFIED", resume: { path: trainedWeights } }),
  );
  const last = (await watch(job)).at(-1)!;
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  const [snapshot] = await events("encoderSnapshot", job.id);
  assert.deepEqual(
    snapshot?.lineage?.models.map((m) => [m.role, nameOf(m.artifact?.uri ?? "")]),
    [
      ["generator", "gan.safetensors"],
      ["discriminator", "gan.safetensors"],
      ["encoder", "encoder-0030.safetensors"],
    ],
  );
  assert.equal(snapshot?.lineage?.models[2]?.artifact?.sha256, sha256(trainedWeights));
  // Two steps of lr 1e-4 from the trained weights: close to them, far from a fresh initialisation.
  const from = await loadEncoderFile(trainedWeights);
  const now = await loadEncoderFile(fileOf(last.outputs[0]!.uri));
  assert.equal(now.config.channelBase, 16, "the preset came from the weights");
  const a = from.stateDict.get("0.weight")!.data;
  const b = now.stateDict.get("0.weight")!.data;
  assert.ok(
    a.every((v, i) => Math.abs(v - b[i]!) <= 2.5e-4),
    "moved more than two Adam steps",
  );

  // Weights of another preset than the one asked for fail the job with the differing widths named.
  const other = await start(
    base({ epochs: 1, preset: "ENCODER_PRESET_SMALL", resume: { path: trainedWeights } }),
  );
  const refused = (await watch(other)).at(-1)!;
  assert.equal(refused.state, "JOB_STATE_FAILED");
  assert.equal(refused.errorCode, "INVALID_ARGUMENT");
  assert.match(
    refused.error,
    /The initial weights differ from the run's encoder in channelBase \("16" vs "32"\)/,
  );
});

test("the izi and ziz losses train against a generator alone, and label their terms", async () => {
  for (const [loss, present, absent] of [
    ["ENCODER_LOSS_IZI", "loss_img", "loss_feat"],
    ["ENCODER_LOSS_ZIZ", "loss_latent", "loss_img"],
  ] as const) {
    const job = await start(base({ gan: { path: ganNoD }, loss, epochs: 1 }));
    const seen = await watch(job);
    assert.equal(seen.at(-1)!.state, "JOB_STATE_SUCCEEDED", seen.at(-1)!.error);
    const epochEnd = seen.find((p) => p.metrics["epoch_time"] !== undefined)!;
    assert.ok(epochEnd.metrics[present]! > 0, `${loss}: ${present}`);
    assert.equal(epochEnd.metrics[absent], undefined, `${loss}: ${absent}`);
    const [snapshot] = await events("encoderSnapshot", job.id);
    assert.deepEqual(
      snapshot?.lineage?.models.map((m) => m.role),
      ["generator"],
    );
  }
});
