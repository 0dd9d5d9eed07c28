import assert from "node:assert/strict";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  Code,
  EVENTS,
  type EventKey,
  type EventPayloads,
  eventCodec,
  type JobRef__Output,
  type Progress__Output,
  type ServiceClients,
  type StartGanTrainingRequest,
} from "@dermanomaly/contracts";
import { prepareDataset } from "@dermanomaly/dataset";
import { ensureEventStream } from "@dermanomaly/events";
import { loadNetworkFile } from "@dermanomaly/gan/nvidia";
import { decodeCheckpoint } from "@dermanomaly/gan/training";
import { decodeImage } from "@dermanomaly/imaging";
import { createLogger, openJobManager, type RunningService, serveStageInProcess } from "@dermanomaly/runtime";
import { generateSyntheticSet } from "@dermanomaly/synthetic";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { currentBackend } from "@dermanomaly/tf";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { FAKES_GRID } from "./_fakes.ts";
import { ganTrainerHandlers } from "./mod.ts";

let nats: NatsServer;
let service: RunningService;
let client: ServiceClients["gan-trainer"];
let nc: NatsConnection;
let tmp: string;
let dataset: string;
/** The final checkpoint of the full run, resumed from by later tests. */
let trained: string | undefined;

async function startService(): Promise<void> {
  ({ service, client } = await serveStageInProcess("gan-trainer", ganTrainerHandlers, {
    natsUrl: nats.url,
    root: tmp,
  }));
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "gan-trainer-test-"));
  const photos = join(tmp, "photos");
  await generateSyntheticSet({
    out: photos,
    trainNev: 8,
    testNev: 0,
    testMel: 0,
    width: 40,
    height: 32,
    seed: 5,
  });
  dataset = join(tmp, "nev-16.zip");
  await prepareDataset({ source: join(photos, "train_set"), dest: dataset, width: 16, height: 16 });
  nats = await startNatsServer();
  await startService();
  nc = await connect({ servers: nats.url });
});

after(async () => {
  client?.close();
  await nc?.close();
  await service?.stop();
  await nats?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// Tiny networks: 16 px, 32 -> 16 channels, one mapping layer. The wire counts kimg in whole thousands, so a batch
// of 64 keeps one kimg at 16 iterations.
const base = (over: Partial<StartGanTrainingRequest> = {}): StartGanTrainingRequest => ({
  dataset: { path: dataset },
  batch: 64,
  gamma: 0.05,
  cbase: 256,
  cmax: 32,
  mapDepth: 1,
  kimg: 1,
  tick: 1,
  snap: 1,
  aug: "AUGMENT_MODE_NOAUG",
  seed: 3,
  backend: "TRAINING_BACKEND_WASM",
  ...over,
});

function start(req: StartGanTrainingRequest): Promise<JobRef__Output> {
  return new Promise((ok, fail) =>
    client.StartTraining(req, (e, r) => (e ? fail(e) : ok(r as JobRef__Output))),
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

async function events<K extends EventKey>(key: K, jobId: string): Promise<EventPayloads[K]["Out"][]> {
  const consumer = await jetstream(nc).consumers.get("DERMANOMALY_EVENTS", {
    filter_subjects: EVENTS[key].subject,
  });
  const out: EventPayloads[K]["Out"][] = [];
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (m === null) break;
    const e = eventCodec(key).decode(m.data) as EventPayloads[K]["Out"];
    if ((e as { job?: { id?: string } | null }).job?.id === jobId) out.push(e);
  }
  return out;
}

const fileOf = (uri: string) => new URL(uri).pathname;

test("bad requests are refused on the call with a status a user can act on", async () => {
  const status = (req: StartGanTrainingRequest) =>
    start(req).then(
      () => ({ code: Code.OK, details: "" }),
      (e: { code: number; details: string }) => ({ code: e.code, details: e.details }),
    );
  assert.deepEqual(await status(base({ batch: 0 })), {
    code: Code.INVALID_ARGUMENT,
    details: 'batch must be an integer >= 1, got "0"',
  });
  const checks: [Partial<StartGanTrainingRequest>, RegExp][] = [
    [{ batch: 6 }, /multiple of the minibatch-stddev group "4"/],
    [{ cond: true }, /cond \(class-conditional training\) is not supported/],
    [{ metrics: ["fid50k_full"] }, /metrics "fid50k_full" are not supported/],
    [{ freezed: 2 }, /freezed "2" is not supported/],
    [{ target: 1.5 }, /target must be in \[0, 1\]/],
    [{ dataset: null }, /A data set is required/],
    [{ outdir: { key: "../up" } }, /./],
    // Resolution-dependent checks use the data set's resolution (16 here): cbase 8 leaves no channel at 16.
    [{ cbase: 8 }, /channelBase "8" leaves no channels at resolution "16"/],
  ];
  for (const [over, pattern] of checks) {
    const s = await status(base(over));
    assert.equal(s.code, Code.INVALID_ARGUMENT, `${JSON.stringify(over)}: ${s.details}`);
    assert.match(s.details, pattern);
  }
  const missing = await status(base({ dataset: { path: join(tmp, "nope.zip") } }));
  assert.equal(missing.code, Code.NOT_FOUND);
  const truncated = join(tmp, "truncated.zip");
  writeFileSync(truncated, readFileSync(dataset).subarray(0, 300));
  const broken = await status(base({ dataset: { path: truncated } }));
  assert.equal(broken.code, Code.INVALID_ARGUMENT);
  assert.match(broken.details, /not a readable zip/);
});

test("kimg and tick that are negative, NaN or infinite are INVALID_ARGUMENT on the call, also with --resume", async () => {
  const resume = { path: join(import.meta.dirname, "../../libs/gan/nvidia/fixtures/sg3_snapshot.pkl") };
  for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
    for (const over of [{ kimg: value }, { tick: value }, { kimg: value, resume }]) {
      const err = await start(base(over)).then(
        () => undefined,
        (e: { code: number; details: string }) => e,
      );
      const name = "kimg" in over ? "kimg" : "tick";
      assert.equal(err?.code, Code.INVALID_ARGUMENT, `${name} ${value}`);
      assert.match(err?.details ?? "", new RegExp(`^${name} must be a finite number > 0, got "${value}"`));
    }
  }
});

test("a refused request leaves the process as it was: a refused cpu request does not pin the TF.js backend", async () => {
  const before = currentBackend()?.name;
  const err = await start(base({ backend: "TRAINING_BACKEND_CPU", kimg: -1 })).then(
    () => undefined,
    (e: { code: number }) => e,
  );
  assert.equal(err?.code, Code.INVALID_ARGUMENT);
  assert.equal(currentBackend()?.name, before, "checking the request started no backend");
  // A cpu request that is accepted runs; a wasm job after it gets wasm.
  const cpu =
    // One iteration of 4 images: the plain JavaScript backend is some 100 times slower than wasm.
    (await watch(await start(base({ backend: "TRAINING_BACKEND_CPU", kimg: 0.004, batch: 4, snap: 0 })))).at(
      -1,
    )!;
  assert.equal(cpu.state, "JOB_STATE_SUCCEEDED", cpu.error);
  assert.match(cpu.message, /on cpu/);
  const wasm = (await watch(await start(base({ kimg: 0.064 })))).at(-1)!;
  assert.equal(wasm.state, "JOB_STATE_SUCCEEDED", wasm.error);
  assert.match(wasm.message, /on wasm/);
});

test("a run streams tick metrics, stores snapshots, fakes and stats, and announces them", async () => {
  const outdir = join(tmp, "runs");
  const job = await start(base({ outdir: { path: outdir }, aug: "AUGMENT_MODE_ADA", desc: "t1" }));
  const seen = await watch(job);
  const last = seen.at(-1)!;
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  assert.equal(last.unit, "nimg");
  assert.equal(last.done, 1024);
  assert.equal(last.total, 1000);
  // Tick 0 after the first iteration, then one at 1 kimg (the end), as train.py.
  const ticks = seen.filter((p) => p.metrics["tick"] !== undefined);
  assert.deepEqual([...new Set(ticks.map((p) => `${p.metrics["tick"]}@${p.done}`))], ["0@64", "1@1024"]);
  for (const key of ["kimg", "sec_per_kimg", "loss_g", "loss_d", "loss_r1", "loss_pl", "augment_p"])
    assert.ok(Number.isFinite(last.metrics[key]), `metric ${key}`);
  assert.ok(last.metrics["sec_per_kimg"]! > 0 && last.metrics["loss_d"]! > 0);
  assert.match(ticks[0]!.message, /on wasm$/);

  // Outputs: the latest snapshot first, with its fakes and stats, then the older snapshot and the options.
  const names = last.outputs.map((o) => o.uri.split("/").slice(-2).join("/"));
  // A path outdir gets a copy of the run; the store keeps it under the job's key.
  assert.equal(names[0], `${job.id}/network-snapshot-000001.safetensors`);
  assert.deepEqual(
    names.slice(1).map((n) => n.split("/")[1]),
    ["fakes000001.png", "stats.jsonl", "network-snapshot-000000.safetensors", "training_options.json"],
  );
  trained = fileOf(last.outputs[0]!.uri);
  const state = decodeCheckpoint(readFileSync(trained));
  assert.equal(state.counters.curNimg, 1024);
  assert.equal(state.config.resolution, 16);
  assert.equal(state.config.mapDepth, 1);
  const png = await decodeImage(readFileSync(fileOf(last.outputs[1]!.uri)));
  assert.deepEqual([png.width, png.height], [FAKES_GRID.cols * 16, FAKES_GRID.rows * 16]);
  const stats = readFileSync(fileOf(last.outputs[2]!.uri), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    stats.map((s) => s["Progress/kimg"]),
    [0.064, 1.024],
  );
  // Each tick's real count and spread: one value per image, tick 1 holds iterations 1-15 of 64 images.
  assert.deepEqual(
    stats.map((s) => s["Loss/G/loss"].num),
    [64, 960],
  );
  assert.ok(stats[1]["Loss/G/loss"].mean > 0 && stats[1]["Loss/G/loss"].std > 0);
  assert.ok(stats[1]["Loss/scores/real"].std > 0);

  // The same files in the local run folder.
  const runDirs = readdirSync(outdir);
  assert.deepEqual(runDirs, ["00000-stylegan2-nev-16-gpus1-batch64-gamma0.05-t1"]);
  assert.deepEqual(readdirSync(join(outdir, runDirs[0]!)).sort(), [
    "fakes000000.png",
    "fakes000001.png",
    "network-snapshot-000000.safetensors",
    "network-snapshot-000001.safetensors",
    "stats.jsonl",
    "training_options.json",
  ]);

  const snapshots = await events("ganSnapshot", job.id);
  assert.deepEqual(
    snapshots.map((s) => [s.tick, s.kimg]),
    [
      [0, 0.064],
      [1, 1.024],
    ],
  );
  assert.equal(snapshots[1]!.checkpoint?.sha256, last.outputs[0]!.sha256);
  const completed = await events("ganCompleted", job.id);
  assert.equal(completed.length, 1);
  assert.equal(completed[0]!.kimg, 1.024);
  assert.equal(completed[0]!.backend, "wasm");
  assert.equal(completed[0]!.snapshots.length, 2);
  const tickEvents = await events("ganTick", job.id);
  assert.deepEqual(
    tickEvents.map((e) => [e.tick?.tick, e.tick?.kimg]),
    [
      [0, 0.064],
      [1, 1.024],
    ],
  );
});

test("Cancel ends the job CANCELLED and writes a snapshot at the step it stopped", async () => {
  assert.ok(trained !== undefined, "needs the checkpoint of the full run");
  // Started from the full run's weights (--resume), which also switches train.py's resume defaults on.
  const job = await start(base({ kimg: 10, snap: 100, resume: { path: trained } }));
  await watch(job, (p) => p.metrics["tick"] === 0);
  const cancelled = await new Promise((ok, fail) => client.Cancel(job, (e, r) => (e ? fail(e) : ok(r))));
  assert.deepEqual(cancelled, { state: "JOB_STATE_CANCELLED" });
  // The run stops after the step in progress (possibly still the first one), then writes its snapshot.
  let snapshots: Awaited<ReturnType<typeof events<"ganSnapshot">>> = [];
  for (let i = 0; i < 30 && snapshots.length < 2; i++) snapshots = await events("ganSnapshot", job.id);
  assert.equal(snapshots.length, 2);
  assert.equal(snapshots[0]!.kimg, 0.064);
  assert.ok(snapshots[1]!.kimg >= 0.064, `kimg at cancel ${snapshots[1]!.kimg}`);
  const state = decodeCheckpoint(readFileSync(fileOf(snapshots[1]!.checkpoint!.uri)));
  assert.equal(state.counters.curNimg, snapshots[1]!.kimg * 1000);
  assert.equal(state.config.resumed, true);
  assert.equal(state.config.emaRampup, null);
  assert.match(
    snapshots[0]!.lineage?.models[0]?.artifact?.uri ?? "",
    /network-snapshot-000001\.safetensors$/,
  );
  const last = (await watch(job)).at(-1)!;
  assert.equal(last.state, "JOB_STATE_CANCELLED");
  assert.equal((await events("ganFailed", job.id)).length, 0);
});

test("--resume takes G, D and G_ema from an NVIDIA snapshot pickle", async () => {
  const pkl = join(import.meta.dirname, "../../libs/gan/nvidia/fixtures/sg3_snapshot.pkl");
  const nets = await loadNetworkFile(pkl);
  const g = nets.G!.config;
  const job = await start(
    base({
      batch: 4,
      kimg: 10,
      snap: 100,
      cbase: g.channelBase,
      cmax: g.channelMax,
      mapDepth: g.mappingLayers,
      mbstdGroup: nets.D!.config.mbstdGroupSize,
      resume: { path: pkl },
    }),
  );
  await watch(job, (p) => p.outputs.some((o) => o.uri.endsWith("network-snapshot-000000.safetensors")));
  await new Promise((ok, fail) => client.Cancel(job, (e, r) => (e ? fail(e) : ok(r))));
  const [first] = await events("ganSnapshot", job.id);
  assert.match(first!.lineage?.models[0]?.artifact?.uri ?? "", /sg3_snapshot\.pkl$/);
  const state = decodeCheckpoint(readFileSync(fileOf(first!.checkpoint!.uri)));
  assert.equal(state.config.zDim, g.zDim);
  // One Adam step (lr 0.002) away from the pickle's weights; a fresh initialisation would be O(1) away.
  for (const [net, name] of [
    ["G", "synthesis.b4.const"],
    ["G_ema", "synthesis.b4.const"],
    ["D", "b4.out.weight"],
  ] as const) {
    const want = nets[net]!.stateDict.get(name)!.data;
    const got = state[net].get(name)!.data;
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    assert.ok(worst < 0.02, `${net}.${name} moved ${worst} from the pickle`);
  }
});

test("a resume file that does not fit the configured networks fails the job and announces it", async () => {
  assert.ok(trained !== undefined, "needs the checkpoint of the full run");
  const job = await start(base({ cbase: 512, resume: { path: trained } }));
  const last = (await watch(job)).at(-1)!;
  assert.equal(last.state, "JOB_STATE_FAILED");
  assert.match(
    last.error,
    /does not match the configured networks: it has resolution 16, cbase 256, cmax 32/,
  );
  assert.equal(last.errorCode, "INVALID_ARGUMENT");
  const failed = await events("ganFailed", job.id);
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.code, "INVALID_ARGUMENT");
});

test("a training job whose events cannot be published (no stream) still succeeds", async () => {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete("DERMANOMALY_EVENTS");
  try {
    const last = (await watch(await start(base({ kimg: 0.128 })))).at(-1)!;
    assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
    assert.ok(last.outputs.some((o) => /network-snapshot-\d+\.safetensors$/.test(o.uri)));
  } finally {
    await ensureEventStream(nc);
  }
});

test("a stop (SIGTERM) snapshots the round in progress; the resumed job continues from it without the --resume file", async () => {
  assert.ok(trained !== undefined, "needs the checkpoint of the full run");
  // A copy of the weights to start from, removed before the job resumes: the snapshot must be enough.
  const weights = join(tmp, "weights-copy.safetensors");
  copyFileSync(trained, weights);
  const job = await start(
    base({ requestId: "resume-me", outdir: { key: "runs/r" }, resume: { path: weights } }),
  );
  await watch(job, (p) => p.outputs.some((o) => o.uri.endsWith("network-snapshot-000000.safetensors")));
  await sleep(300); // into the next iterations
  client.close();
  await service.stop();
  assert.ok(!existsSync(join(tmp, "work", "jobs", job.id)), "the scratch folder is cleaned at stop");
  // The snapshot written while stopping was recorded: it holds the iteration in progress.
  const store = await openJobManager(nc, "gan-trainer", { log: createLogger("test", { level: "silent" }) });
  const stored = await store.get(job);
  await store.close();
  assert.equal(stored.state, "JOB_STATE_RUNNING");
  const atStop = decodeCheckpoint(readFileSync(fileOf(stored.outputs[0]!.uri)));
  assert.ok(atStop.pending !== undefined, "a snapshot between two rounds");
  rmSync(weights);

  await startService();
  const seen = await watch(job);
  const last = seen.at(-1)!;
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  const resumedAt = atStop.counters.curNimg / 1000;
  assert.match(last.message, new RegExp(`^Trained to 1.024 kimg on wasm \\(resumed at ${resumedAt} kimg\\)`));
  // The first report may be the one stored before the stop; after it, no tick 0. (A resumed job's first report keeps
  // the last tick's metrics, so the messages tell a tick that ran.)
  assert.deepEqual(
    seen.slice(1).filter((p) => p.message.startsWith("tick 0 ")),
    [],
    "tick 0 never runs again",
  );
  assert.equal(last.done, 1024);
  assert.match(
    last.outputs[0]!.uri,
    /runs\/r\/00000-stylegan2-nev-16-[^/]+\/network-snapshot-000001\.safetensors$/,
  );
  const state = decodeCheckpoint(readFileSync(fileOf(last.outputs[0]!.uri)));
  assert.equal(state.counters.batchIdx, 16);
  assert.equal(state.pending, undefined);
  const stats = readFileSync(fileOf(last.outputs.find((o) => o.uri.endsWith("stats.jsonl"))!.uri), "utf8")
    .trim()
    .split("\n");
  assert.deepEqual(
    stats.map((l) => JSON.parse(l)["Progress/kimg"]),
    [0.064, 1.024],
  );
  // The lineage still names the file the weights came from at the first start.
  const [completed] = await events("ganCompleted", job.id);
  assert.match(completed?.lineage?.models[0]?.artifact?.uri ?? "", /weights-copy\.safetensors$/);
});
