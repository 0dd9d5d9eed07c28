import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  Code,
  EVENTS,
  type EventKey,
  type EventPayloads,
  eventCodec,
  type JobRef__Output,
  type PipelineStatus__Output,
  type Progress__Output,
  SERVICES,
  type ServiceClients,
  type ServiceName,
  type StartEncoderTrainingRequest__Output,
  type StartPipelineRequest,
  StatusError,
} from "@dermanomaly/contracts";
import { type RunningService, serveStageInProcess } from "@dermanomaly/runtime";
import { ganTrainerHandlers } from "@dermanomaly/service-gan-trainer";
import { preprocessHandlers } from "@dermanomaly/service-preprocess";
import { generateSyntheticSet } from "@dermanomaly/synthetic";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { orchestratorHandlers, PRESETS_DIR } from "./mod.ts";

let nats: NatsServer;
let nc: NatsConnection;
let tmp: string;
let data: string;
const services: RunningService[] = [];
let client: ServiceClients["orchestrator"];
let gan: ServiceClients["gan-trainer"];
/** Every request the encoder trainer got. */
const encoderRequests: StartEncoderTrainingRequest__Output[] = [];

/** Serves a stage in this process and points the orchestrator at it through its endpoint variable. */
async function serve<N extends ServiceName>(name: N, build: Parameters<typeof serveStageInProcess<N>>[1]) {
  const { service, client: c } = await serveStageInProcess(name, build, {
    natsUrl: nats.url,
    root: join(tmp, name),
  });
  services.push(service);
  process.env[SERVICES[name].endpointEnv] = service.address;
  return c;
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "orchestrator-test-"));
  data = join(tmp, "data");
  await generateSyntheticSet({
    out: data,
    trainNev: 12,
    testNev: 3,
    testMel: 3,
    width: 40,
    height: 32,
    seed: 2,
  });
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url });
  await serve("preprocess", preprocessHandlers);
  // The encoder trainer as a service whose StartTraining answers UNIMPLEMENTED, after noting the request.
  await serve("encoder-trainer", () => ({
    StartTraining: async (request: StartEncoderTrainingRequest__Output) => {
      encoderRequests.push(request);
      throw new StatusError(
        Code.UNIMPLEMENTED,
        "EncoderTrainerService.StartTraining is not available in this version",
      );
    },
  }));
  gan = await serve("gan-trainer", ganTrainerHandlers);
  // The built-in presets, and a copy of the tiny one marked as meant for GPU nodes.
  const presets = join(tmp, "presets");
  mkdirSync(presets);
  // (Every file: a preset may name a base generator beside it.)
  for (const file of readdirSync(PRESETS_DIR)) copyFileSync(join(PRESETS_DIR, file), join(presets, file));
  const tiny = JSON.parse(readFileSync(join(PRESETS_DIR, "tiny.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(presets, "gpu-tiny.json"), JSON.stringify({ ...tiny, gpu: true }));
  client = await serve("orchestrator", (ctx) =>
    orchestratorHandlers({
      ...ctx,
      config: { ...ctx.config, DERMANOMALY_PIPELINE_POLL_MS: 500, DERMANOMALY_PRESETS_DIR: presets },
    }),
  );
});

after(async () => {
  client?.close();
  await nc?.close();
  for (const s of services.reverse()) await s.stop();
  await nats?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function start(request: StartPipelineRequest): Promise<JobRef__Output> {
  return new Promise((ok, fail) =>
    client.StartPipeline(request, (e, r) => (e ? fail(e) : ok(r as JobRef__Output))),
  );
}

function watch(job: JobRef__Output): Promise<Progress__Output[]> {
  return new Promise((ok, fail) => {
    const seen: Progress__Output[] = [];
    const s = client.Watch(job);
    s.on("data", (p: Progress__Output) => seen.push(p));
    s.on("error", fail);
    s.on("end", () => ok(seen));
  });
}

function pipeline(job: JobRef__Output): Promise<PipelineStatus__Output> {
  return new Promise((ok, fail) =>
    client.GetPipeline(job, (e, r) => (e ? fail(e) : ok(r as PipelineStatus__Output))),
  );
}

/** Every event of one kind stored so far. */
async function events<K extends EventKey>(key: K): Promise<EventPayloads[K]["Out"][]> {
  const jsm = await jetstreamManager(nc);
  const name = `t${Math.random().toString(36).slice(2)}`;
  await jsm.consumers.add("DERMANOMALY_EVENTS", {
    name,
    filter_subject: EVENTS[key].subject,
    ack_policy: "none" as never,
  });
  const consumer = await jetstream(nc).consumers.get("DERMANOMALY_EVENTS", name);
  const out: EventPayloads[K]["Out"][] = [];
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (m === null) break;
    out.push(eventCodec(key).decode(m.data));
  }
  await jsm.consumers.delete("DERMANOMALY_EVENTS", name);
  return out;
}

const TINY = (over: Partial<StartPipelineRequest> = {}): StartPipelineRequest => ({
  data: { path: data },
  preset: "tiny",
  trainGan: { backend: "TRAINING_BACKEND_WASM" },
  ...over,
});

test("a data folder that is not in the original's layout is INVALID_ARGUMENT on the call, naming what is missing", async () => {
  const err = await start(TINY({ data: { path: join(data, "test_set") } })).then(
    () => undefined,
    (e: { code: number; details: string }) => e,
  );
  assert.equal(err?.code, Code.INVALID_ARGUMENT);
  assert.match(
    err?.details ?? "",
    /Data folder ".*test_set" has no train_set\/ folder \(normal training images\); expected layout/,
  );
  const listed = await new Promise<{ jobs: unknown[] }>((ok, fail) =>
    client.ListJobs({}, (e, r) => (e ? fail(e) : ok(r as { jobs: unknown[] }))),
  );
  assert.equal(listed.jobs.length, 0, "nothing was stored");
});

test("a pipeline prepares its three data sets, trains the GAN, and fails at the first stage that refuses, naming it and the cause", async () => {
  const job = await start(TINY({ requestId: "run-1", name: "first" }));
  assert.equal(job.service, "orchestrator");
  const seen = await watch(job);
  const last = seen.at(-1)!;
  assert.equal(last.state, "JOB_STATE_FAILED");
  assert.equal(last.errorCode, "UNIMPLEMENTED");
  assert.match(last.error, /^train_encoder: the encoder-trainer service does not run this operation/);
  // The GAN's progress was relayed, prefixed with its step.
  assert.ok(
    seen.some((p) => p.metrics["train_gan.kimg"] !== undefined),
    "train_gan metrics relayed",
  );
  assert.ok(seen.some((p) => /^train_gan: /.test(p.message)));
  const status = await pipeline(job);
  assert.equal(status.failedStage, "STAGE_TRAIN_ENCODER");
  assert.equal(status.name, "first");
  const states = Object.fromEntries(status.stages.map((s) => [s.step, s.state]));
  assert.deepEqual(states, {
    prepare_train: "JOB_STATE_SUCCEEDED",
    prepare_holdout: "JOB_STATE_SUCCEEDED",
    prepare_test: "JOB_STATE_SUCCEEDED",
    train_gan: "JOB_STATE_SUCCEEDED",
    train_encoder: "JOB_STATE_FAILED",
    reconstruct_test: "JOB_STATE_QUEUED",
    reconstruct_holdout: "JOB_STATE_QUEUED",
    score_test: "JOB_STATE_QUEUED",
    score_holdout: "JOB_STATE_QUEUED",
    calibrate: "JOB_STATE_QUEUED",
    report: "JOB_STATE_QUEUED",
  });
  const gan = status.stages.find((s) => s.step === "train_gan")!;
  assert.ok(gan.outputs.some((o) => /network-snapshot-[\d.]+\.safetensors$/.test(o.uri)));
  assert.equal(gan.progress?.state, "JOB_STATE_SUCCEEDED");
  // The held-out naevi (10% of 12, rounded: 1) and the training naevi do not overlap.
  const prepared = await events("datasetPrepared");
  const written = (step: string) =>
    prepared.find((e) => e.job?.id === status.stages.find((s) => s.step === step)?.job?.id)?.written;
  assert.deepEqual(
    [written("prepare_train"), written("prepare_holdout"), written("prepare_test")],
    [11, 1, 6],
  );
  const failed = (await events("pipelineFailed")).filter((e) => e.job?.id === job.id);
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.step, "train_encoder");
  assert.equal(failed[0]!.stage, "STAGE_TRAIN_ENCODER");
  assert.equal(failed[0]!.code, "UNIMPLEMENTED");
});

test("the same request id runs once: the first pipeline answers it; another request under it is ALREADY_EXISTS", async () => {
  const again = await start(TINY({ requestId: "run-1", name: "first" }));
  const first = await start(TINY({ requestId: "run-1", name: "first" }));
  assert.deepEqual(again, first);
  const err = await start(TINY({ requestId: "run-1", name: "second" })).then(
    () => undefined,
    (e: { code: number; details: string }) => e,
  );
  assert.equal(err?.code, Code.ALREADY_EXISTS);
  assert.match(err?.details ?? "", /Request id "run-1" was already used for pipeline "pipeline-[0-9a-f]+"/);
  // Its stage jobs ran once each: one GAN training started by pipelines so far.
  const gans = (await events("jobStateChanged")).filter(
    (e) => e.job?.service === "gan-trainer" && e.state === "JOB_STATE_QUEUED",
  );
  assert.equal(gans.length, 1);
});

test("a preset's base generator and encoder are stored as artifacts and fine-tuned, unless the request asks for training from scratch", async () => {
  // The GAN the first pipeline trained serves as the base of a copy of the tiny preset.
  const firstJob = await start(TINY({ requestId: "run-1", name: "first" }));
  await watch(firstJob);
  const first = await pipeline(firstJob);
  const snapshot = first.stages
    .find((s) => s.step === "train_gan")!
    .outputs.find((o) => o.uri.endsWith(".safetensors"))!;
  const presets = join(tmp, "presets");
  copyFileSync(fileURLToPath(snapshot.uri), join(presets, "tiny_base.safetensors"));
  // Any file serves as the base encoder here: the test's encoder trainer only notes its request.
  writeFileSync(join(presets, "tiny_base_encoder.safetensors"), "encoder weights");
  const tiny = JSON.parse(readFileSync(join(PRESETS_DIR, "tiny.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(
    join(presets, "based-tiny.json"),
    JSON.stringify({
      ...tiny,
      baseGan: "tiny_base.safetensors",
      baseEncoder: "tiny_base_encoder.safetensors",
    }),
  );
  /**
   * The `resume` the GAN training recorded in its options file, and the one the encoder training was asked for
   * (null: from random weights).
   */
  const resumed = async (request: StartPipelineRequest) => {
    const job = await start(TINY({ preset: "based-tiny", ...request }));
    await watch(job);
    const options = (await pipeline(job)).stages
      .find((s) => s.step === "train_gan")!
      .outputs.find((o) => o.uri.endsWith("/training_options.json"))!;
    const gan = JSON.parse(readFileSync(fileURLToPath(options.uri), "utf8")) as {
      resume: { uri: string; sha256: string } | null;
    };
    const encoder = encoderRequests.at(-1)?.resume?.artifact ?? null;
    return { gan: gan.resume, encoder: encoder && { uri: encoder.uri, sha256: encoder.sha256 } };
  };
  const based = await resumed({});
  assert.match(based.gan?.uri ?? "", /\/models\/base\/tiny_base-[0-9a-f]{16}\.safetensors$/);
  assert.equal(based.gan?.sha256, snapshot.sha256);
  assert.match(based.encoder?.uri ?? "", /\/models\/base\/tiny_base_encoder-[0-9a-f]{16}\.safetensors$/);
  assert.equal(based.encoder?.sha256, createHash("sha256").update("encoder weights").digest("hex"));
  // The same bases are stored once: a second pipeline finds them under the same keys.
  assert.deepEqual(await resumed({ seed: 3 }), based);
  assert.deepEqual(await resumed({ fromScratch: true }), { gan: null, encoder: null });
});

test("a preset meant for GPU nodes says so when its training runs on a CPU backend; Cancel stops the pipeline and its running job", async () => {
  const job = await start(
    TINY({ preset: "gpu-tiny", trainGan: { backend: "TRAINING_BACKEND_WASM", kimg: 50 } }),
  );
  const stream = client.Watch(job);
  stream.on("error", () => {}); // cancelled below
  await new Promise<void>((ok) => {
    stream.on("data", (p: Progress__Output) => {
      if (/the gpu-tiny preset is meant for GPU nodes: train_gan runs on wasm \(CPU\)/.test(p.message)) ok();
    });
  });
  stream.cancel();
  const res = await new Promise<{ state: string }>((ok, fail) =>
    client.Cancel(job, (e, r) => (e ? fail(e) : ok(r as { state: string }))),
  );
  assert.equal(res.state, "JOB_STATE_CANCELLED");
  const status = await pipeline(job);
  assert.equal(status.progress?.state, "JOB_STATE_CANCELLED");
  const training = status.stages.find((s) => s.step === "train_gan")!.job!;
  const ended = await new Promise<Progress__Output[]>((ok, fail) => {
    const seen: Progress__Output[] = [];
    const s = gan.Watch(training);
    s.on("data", (p: Progress__Output) => seen.push(p));
    s.on("error", fail);
    s.on("end", () => ok(seen));
  });
  assert.equal(ended.at(-1)?.state, "JOB_STATE_CANCELLED");
});
