import assert from "node:assert/strict";
import {
  existsSync,
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
import {
  Code,
  EVENTS,
  type EventKey,
  type EventPayloads,
  eventCodec,
  type JobRef,
  type PrepareDatasetRequest__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { ensureEventStream } from "@dermanomaly/events";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { healthCheck, sleep } from "./_testing.ts";
import { serveStageInProcess } from "./in_process.ts";
import { outputFolder } from "./outputs.ts";
import type { RunningService } from "./server.ts";
import type { StageContext } from "./stage.ts";
import { defineStageJob, type StageJob, type StageJobKind } from "./stage_job.ts";

type Request = PrepareDatasetRequest__Output & { requestId: string };

let nats: NatsServer;
let nc: NatsConnection;
let tmp: string;
let service: RunningService;
let stage: StageContext<never, "preprocess">;
/** What the job body under test does; each test sets it. */
let body: (job: StageJob<Request>) => Promise<unknown>;
let kind: StageJobKind<Request>;
/** Whether the check finds the input of width-2 requests gone (as a consumed upload or a moved file). */
let inputGone = false;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "stage-job-test-"));
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url });
  ({ service } = await serveStageInProcess(
    "preprocess",
    (ctx) => {
      stage = ctx as unknown as StageContext<never, "preprocess">;
      kind = defineStageJob(ctx, {
        kind: "probe",
        check: (request: Request) => {
          if (request.width === 1) throw new StatusError(Code.INVALID_ARGUMENT, "Width 1 is refused");
          if (request.width === 2 && inputGone) throw new StatusError(Code.NOT_FOUND, "The input has gone");
        },
        run: async (job) => (await body(job)) as undefined,
      });
      return { StartPrepareDataset: (request) => kind.start(request as Request) };
    },
    { natsUrl: nats.url, root: tmp },
  ));
});

after(async () => {
  await nc?.close();
  await service?.stop();
  await nats?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const request = (over: Partial<Request> = {}): Request =>
  ({ requestId: "", source: null, dest: null, width: 0, height: 0, ...over }) as Request;

async function finished(ref: JobRef) {
  for (;;) {
    const p = await stage.jobs.get(ref);
    if (p.state !== "JOB_STATE_QUEUED" && p.state !== "JOB_STATE_RUNNING") return p;
    await sleep(10);
  }
}

/** The events of `key` published for job `id` so far. */
async function events<K extends EventKey>(key: K, id: string): Promise<EventPayloads[K]["Out"][]> {
  const consumer = await jetstream(nc).consumers.get("DERMANOMALY_EVENTS", {
    filter_subjects: EVENTS[key].subject,
  });
  const out: EventPayloads[K]["Out"][] = [];
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (m === null) return out;
    const e = eventCodec(key).decode(m.data) as EventPayloads[K]["Out"] & { job?: { id?: string } | null };
    if (e.job?.id === id) out.push(e);
  }
}

test("a retried request id gets its job back even where the check would now refuse its input", async () => {
  body = async () => undefined;
  const first = await kind.start(request({ requestId: "retry-after-gone", width: 2 }));
  await finished(first);
  inputGone = true;
  try {
    assert.deepEqual(await kind.start(request({ requestId: "retry-after-gone", width: 2 })), first);
    await assert.rejects(
      kind.start(request({ requestId: "new-after-gone", width: 2 })),
      /The input has gone/,
    );
    await assert.rejects(
      kind.start(request({ requestId: "retry-after-gone", width: 3 })),
      /already used for job .* with different options/,
    );
  } finally {
    inputGone = false;
  }
});

test("a job's scratch folder is empty when the body starts and removed when it ends, also on failure", async () => {
  const seen: string[] = [];
  for (const fail of [false, true]) {
    body = async (job) => {
      assert.ok(existsSync(job.scratch));
      assert.deepEqual(readdirSync(job.scratch), []);
      writeFileSync(join(job.scratch, "half-written.bin"), "x");
      seen.push(job.scratch);
      if (fail) throw new Error("Disk full");
    };
    const p = await finished(await kind.start(request()));
    assert.equal(p.state, fail ? "JOB_STATE_FAILED" : "JOB_STATE_SUCCEEDED");
  }
  assert.equal(seen.length, 2);
  for (const dir of seen) assert.ok(!existsSync(dir), `${dir} was left behind`);
});

test("a failing job publishes its stage's failure event with the code, and jobStateChanged at every change", async () => {
  body = async (job) => {
    job.report({ done: 3, total: 10, unit: "images" });
    throw new StatusError(Code.NOT_FOUND, 'Source "x.zip" vanished');
  };
  const ref = await kind.start(request());
  const p = await finished(ref);
  assert.deepEqual(
    [p.state, p.errorCode, p.error],
    ["JOB_STATE_FAILED", "NOT_FOUND", 'Source "x.zip" vanished'],
  );
  const [failed, ...more] = await events("preprocessFailed", ref.id ?? "");
  assert.equal(more.length, 0);
  assert.equal(failed?.code, "NOT_FOUND");
  assert.equal(failed?.error, 'Source "x.zip" vanished');
  assert.equal(failed?.progress?.done, 3);
  const states = (await events("jobStateChanged", ref.id ?? "")).map((e) => `${e.previous}>${e.state}`);
  assert.deepEqual(states, [
    "JOB_STATE_UNSPECIFIED>JOB_STATE_QUEUED",
    "JOB_STATE_QUEUED>JOB_STATE_RUNNING",
    "JOB_STATE_RUNNING>JOB_STATE_FAILED",
  ]);
});

test("a job whose events cannot be published (no stream) still succeeds", async () => {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete("DERMANOMALY_EVENTS");
  try {
    body = async (job) => {
      await job.publish("datasetPrepared", { job: job.job, at: { seconds: 1 } }, `${job.job.id}:prepared`);
      return { message: "Prepared" };
    };
    const p = await finished(await kind.start(request()));
    assert.equal(p.state, "JOB_STATE_SUCCEEDED");
    assert.equal(p.message, "Prepared");
  } finally {
    await ensureEventStream(nc);
  }
});

test("a request its check refuses starts no job and leaves nothing behind", async () => {
  const before = stage.jobs.counts().length;
  await assert.rejects(
    kind.start(request({ width: 1 })),
    (e: StatusError) => e.code === Code.INVALID_ARGUMENT,
  );
  assert.equal(stage.jobs.counts().length, before);
});

test("job.input() gives a path input its file reference, and outputFolder().put() copies the stored file to a local folder", async () => {
  const file = join(tmp, "photos.zip");
  writeFileSync(file, "zip bytes");
  const local = join(tmp, "out-folder");
  let stored: { uri: string; sha256: string } | undefined;
  body = async (job) => {
    const input = await job.input({ kind: "path", path: file }, "source");
    assert.equal(input.path, file);
    assert.deepEqual(input.ref, {
      uri: `file://${file}`,
      sha256: "",
      sizeBytes: 9,
      mediaType: "application/zip",
    });
    const folder = outputFolder(job.artifacts, { prefix: `probe/${job.job.id}/`, dir: local });
    stored = await folder.put("a.txt", Buffer.from("hi"));
  };
  assert.equal((await finished(await kind.start(request()))).state, "JOB_STATE_SUCCEEDED");
  assert.match(stored?.uri ?? "", /\/artifacts\/probe\/.+\/a\.txt$/);
  assert.equal(readFileSync(join(local, "a.txt"), "utf8"), "hi");
  assert.equal(readFileSync(new URL(stored!.uri), "utf8"), "hi");
});

test("a stage none of whose operations is built serves health and jobs, but its service is NOT_SERVING", async () => {
  mkdirSync(join(tmp, "scorer"), { recursive: true });
  const { service: scorer, client } = await serveStageInProcess("scorer", () => ({}), {
    natsUrl: nats.url,
    root: join(tmp, "scorer"),
  });
  try {
    assert.equal(await healthCheck(scorer.address, ""), "SERVING");
    assert.equal(await healthCheck(scorer.address, "dermanomaly.v1.ScorerService"), "NOT_SERVING");
    const err = await new Promise<{ code: number }>((resolve) =>
      client.GetJob({ id: "scoring-x", service: "scorer" }, (e) => resolve(e as unknown as { code: number })),
    );
    assert.equal(err.code, Code.NOT_FOUND);
  } finally {
    client.close();
    await scorer.stop();
  }
  assert.equal(await healthCheck(service.address, "dermanomaly.v1.PreprocessService"), "SERVING");
});
