import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  followJob,
  type LocalStack,
  type StackRestart,
  stackSpecs,
  startLocalStack,
} from "@dermanomaly/client";
import {
  createClient,
  EVENTS,
  eventCodec,
  type JobRef__Output,
  type JobStateChanged__Output,
  type PipelineStatus__Output,
  type Progress__Output,
  type ServiceClients,
} from "@dermanomaly/contracts";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";

// One tiny pipeline, three faults on its way: the gan-trainer killed mid-training, nats-server restarted on the same
// store while the encoder trains, the orchestrator killed while scores are computed. Each test checks one of them.
const root = join(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "fault-test-"));
const storeDir = join(tmp, "nats");
let nats: NatsServer;
let stack: LocalStack;
let nc: NatsConnection;
let client: ServiceClients["orchestrator"];
const restarts: StackRestart[] = [];
let last: Progress__Output;
let status: PipelineStatus__Output;
/** The events stream's messages just before nats-server went down, and at the end. */
let streamBefore = { first: 0, last: 0, messages: 0 };
let streamAfter = { first: 0, last: 0, messages: 0 };
/** Every job state change of every service, as the stream holds them at the end. */
let changes: JobStateChanged__Output[] = [];

async function streamState(): Promise<typeof streamBefore> {
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const info = await (await jetstreamManager(nc)).streams.info("DERMANOMALY_EVENTS");
  return { first: info.state.first_seq, last: info.state.last_seq, messages: info.state.messages };
}

async function storedStateChanges(): Promise<JobStateChanged__Output[]> {
  const { AckPolicy, jetstream, jetstreamManager } = await import("@nats-io/jetstream");
  const jsm = await jetstreamManager(nc);
  // One filter subject per consumer: nats-server 2.9 has no filter_subjects.
  const name = "fault-test-reader";
  await jsm.consumers.add("DERMANOMALY_EVENTS", {
    name,
    filter_subject: EVENTS.jobStateChanged.subject,
    ack_policy: AckPolicy.None,
  });
  const consumer = await jetstream(nc).consumers.get("DERMANOMALY_EVENTS", name);
  const out: JobStateChanged__Output[] = [];
  for (;;) {
    const m = await consumer.next({ expires: 2000 });
    if (m === null) break;
    out.push(eventCodec("jobStateChanged").decode(m.data));
  }
  await jsm.consumers.delete("DERMANOMALY_EVENTS", name);
  return out;
}

before(async () => {
  const data = join(tmp, "data");
  const synth = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "libs/client/main.ts"),
      "synth",
      "--out",
      data,
      "--train-nev",
      "20",
    ].concat(["--test-nev", "5", "--test-mel", "5", "--size", "48x40", "--seed", "4"]),
    { cwd: root, encoding: "utf8" },
  );
  assert.equal(synth.status, 0, synth.stderr);
  nats = await startNatsServer({ storeDir, keepStore: true });
  stack = await startLocalStack(stackSpecs(), {
    runDir: join(tmp, "stack"),
    natsUrl: nats.url,
    // Jobs of a killed instance are taken over once their lease expires; a lost event is noticed within a second.
    env: {
      DERMANOMALY_JOB_LEASE_MS: "3000",
      DERMANOMALY_PIPELINE_POLL_MS: "1000",
      DERMANOMALY_LOG_LEVEL: "info",
    },
    onRestart: (r) => restarts.push(r),
  });
  nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  client = createClient("orchestrator", stack.endpoints["DERMANOMALY_ORCHESTRATOR_ENDPOINT"]!);

  const faults = (async () => {
    const snapshot = nc.subscribe(EVENTS.ganSnapshot.subject, { max: 1 });
    for await (const _ of snapshot) stack.kill("gan-trainer", "SIGKILL");
    const steps = nc.subscribe(EVENTS.pipelineStepChanged.subject);
    let natsRestarted = false;
    for await (const m of steps) {
      const { step } = eventCodec("pipelineStepChanged").decode(m.data);
      if (step?.job == null || step.state === "JOB_STATE_SUCCEEDED") continue;
      if (step.step === "train_encoder" && !natsRestarted) {
        natsRestarted = true;
        streamBefore = await streamState();
        const port = nats.port;
        await nats.kill();
        nats = await startNatsServer({ storeDir, port, keepStore: true });
      } else if (step.step === "score_test") {
        stack.kill("orchestrator", "SIGKILL");
        steps.unsubscribe();
      }
    }
  })();

  const job = await new Promise<JobRef__Output>((ok, fail) =>
    client.StartPipeline({ data: { path: data }, preset: "tiny", requestId: "faults" }, (e, r) =>
      e ? fail(e) : ok(r as JobRef__Output),
    ),
  );
  last = await followJob(client, job, { bar: false, cancelOnInterrupt: false, onReconnect: () => {} });
  await faults;
  streamAfter = await streamState();
  status = await new Promise<PipelineStatus__Output>((ok, fail) =>
    client.GetPipeline(job, (e, r) => (e ? fail(e) : ok(r as PipelineStatus__Output))),
  );
  changes = await storedStateChanges();
});

after(async () => {
  client?.close();
  await nc?.close();
  await stack?.stop();
  await nats?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const stepJob = (step: string) => status.stages.find((s) => s.step === step)?.job;

test("the gan-trainer killed mid-training: the stack starts it again, it resumes the training, the pipeline completes", () => {
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  const gan = restarts.filter((r) => r.name === "gan-trainer");
  assert.deepEqual(
    gan.map((r) => r.signal),
    ["SIGKILL"],
  );
  const training = status.stages.find((s) => s.step === "train_gan")!;
  assert.equal(training.state, "JOB_STATE_SUCCEEDED");
  assert.match(training.progress?.message ?? "", /\(resumed at [\d.]+ kimg\)/);
});

test("nats-server restarted mid-pipeline on the same store: no event lost, the pipeline completes", () => {
  assert.ok(streamBefore.messages > 0, "the restart happened");
  // Every event stored before the restart is still there after it.
  assert.equal(streamAfter.first, streamBefore.first);
  assert.ok(streamAfter.last >= streamBefore.last && streamAfter.messages >= streamBefore.messages);
  // Every stage job of the pipeline has its final state change in the stream, and the pipeline saw each end.
  for (const stage of status.stages) {
    if (stage.job == null) continue; // the calibration is a call, not a job
    const final = changes.filter((c) => c.job?.id === stage.job?.id && c.state === "JOB_STATE_SUCCEEDED");
    assert.equal(final.length, 1, `${stage.step}: one SUCCEEDED event of its job`);
    assert.equal(stage.state, "JOB_STATE_SUCCEEDED", stage.step);
  }
});

test("the orchestrator killed and restarted: it carries on without re-running a finished stage", () => {
  assert.deepEqual(
    restarts.filter((r) => r.name === "orchestrator").map((r) => r.signal),
    ["SIGKILL"],
  );
  // One job per step, each started once (a step started again would answer with its job, not a new one).
  for (const stage of status.stages) {
    if (stage.step === "calibrate") continue;
    const created = changes.filter(
      (c) => c.job?.service === stage.job?.service && c.previous === "JOB_STATE_UNSPECIFIED",
    );
    const mine = created.filter((c) => c.job?.id === stepJob(stage.step ?? "")?.id);
    assert.equal(mine.length, 1, `${stage.step}: its job was created once`);
    const ran = changes.filter((c) => c.job?.id === stage.job?.id && c.state === "JOB_STATE_RUNNING");
    assert.ok(ran.length >= 1, stage.step);
  }
  const byService = (service: string) =>
    new Set(changes.filter((c) => c.job?.service === service).map((c) => c.job?.id)).size;
  assert.equal(byService("preprocess"), 3);
  assert.equal(byService("gan-trainer"), 1);
  assert.equal(byService("encoder-trainer"), 1);
  assert.equal(byService("reconstructor"), 2);
  assert.equal(byService("scorer"), 2);
  assert.equal(byService("reporter"), 1);
});
