import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  type CancelResponse,
  Code,
  type JobRef,
  type JobRef__Output,
  type Progress,
  type Progress__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import type * as grpc from "@grpc/grpc-js";
import { Kvm } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  connectClient,
  packageDefinition,
  silentLogger,
  sleep,
  sleeperService,
  type TestClient,
  testConfig,
} from "./_testing.ts";
import { type JobManager, type JobManagerOptions, type JobStateChange, openJobManager } from "./jobs.ts";
import { type RunningService, startService, unimplemented } from "./server.ts";
import type { AsyncHandlers, RunFn } from "./types.ts";

/** The job methods as proto-loader-gen-types declares them for a service. */
interface GeneratedJobHandlers extends grpc.UntypedServiceImplementation {
  Watch: grpc.handleServerStreamingCall<JobRef__Output, Progress>;
  Cancel: grpc.handleUnaryCall<JobRef__Output, CancelResponse>;
  GetJob: grpc.handleUnaryCall<JobRef__Output, Progress>;
}

interface SleepRequest {
  ms: number;
  steps: number;
  requestId: string;
}

let nats: NatsServer;
let nc: NatsConnection;
let bucketNo = 0;

before(async () => {
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url });
});

after(async () => {
  await nc.close();
  await nats.stop();
});

/** Counts runs and resumes; each run reports one step per `ms`, continuing from a resumed job's `done`. */
function sleeper() {
  const stats = { runs: 0, resumes: 0, aborted: [] as unknown[] };
  const run: RunFn<SleepRequest> = async ({ signal, report, request, resumedFrom }) => {
    stats.runs++;
    if (resumedFrom) stats.resumes++;
    signal.addEventListener("abort", () => stats.aborted.push(signal.reason));
    for (let i = (resumedFrom?.done ?? 0) + 1; i <= request.steps; i++) {
      await sleep(request.ms, signal);
      report({ done: i, total: request.steps, unit: "steps", message: `Step ${i}` });
    }
    return { message: "Slept", metrics: { steps: request.steps } };
  };
  return { stats, run };
}

interface Stack {
  svc: RunningService;
  jobs: JobManager;
  client: TestClient;
  stop(): Promise<void>;
}

async function startStack(
  bucket: string,
  run: RunFn<SleepRequest>,
  options: JobManagerOptions = {},
): Promise<Stack> {
  const jobs = await openJobManager(nc, "sleeper", { bucket, log: silentLogger(), ...options });
  jobs.onResume("sleep", run);
  const svc = await startService({
    name: "sleeper",
    packageDefinition,
    service: sleeperService,
    config: testConfig(),
    jobs,
    handleSignals: false,
    handlers: {
      // Typed as a generated service would type them: grpcHandlers() must fit.
      ...(jobs.grpcHandlers() satisfies AsyncHandlers<GeneratedJobHandlers>),
      StartSleep: (req: SleepRequest) => jobs.start("sleep", run, { requestId: req.requestId, request: req }),
      ...unimplemented("SleeperService", ["Sleep", "Fail", "Ticks", "Later", "Echo"]),
    },
  });
  const client = connectClient(svc.address);
  return {
    svc,
    jobs,
    client,
    async stop() {
      client.close();
      await svc.stop();
    },
  };
}

function newBucket(): string {
  return `test_jobs_${process.pid}_${++bucketNo}`;
}

/** Collects a Watch stream until it ends; `seen` fills as messages arrive. */
function collect(stream: grpc.ClientReadableStream<Progress__Output>) {
  const seen: Progress__Output[] = [];
  const done = new Promise<Progress__Output[]>((resolve, reject) => {
    stream.on("data", (p: Progress__Output) => seen.push(p));
    stream.on("end", () => resolve(seen));
    stream.on("error", reject);
  });
  // Tests await it later; mark it handled so an early UNAVAILABLE is not reported as unhandled.
  done.catch(() => undefined);
  return { seen, done };
}

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error("Condition not met in time");
    await sleep(5);
  }
}

test("two watchers receive the same progress, and Cancel ends both with CANCELLED", async () => {
  const { stats, run } = sleeper();
  const stack = await startStack(newBucket(), run);
  try {
    const ref = await stack.client.unary<JobRef>("StartSleep", { ms: 10, steps: 10_000 });
    assert.equal(ref.service, "sleeper");
    const a = collect(stack.client.stream<Progress__Output>("Watch", ref));
    const b = collect(stack.client.stream<Progress__Output>("Watch", ref));
    await until(() => a.seen.length >= 3 && b.seen.length >= 3);
    const cancelled = await stack.client.unary<{ state: string }>("Cancel", ref);
    assert.equal(cancelled.state, "JOB_STATE_CANCELLED");
    const [got1, got2] = await Promise.all([a.done, b.done]);
    for (const got of [got1, got2]) {
      assert.equal(got.at(-1)?.state, "JOB_STATE_CANCELLED");
      // Every update after the first is delivered, in order.
      const seqs = got.map((p) => p.seq);
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => (seqs[0] ?? 0) + i),
      );
    }
    // Both saw the same reports from the later of their first messages on.
    const from = Math.max(got1[0]?.seq ?? 0, got2[0]?.seq ?? 0);
    assert.deepEqual(
      got1.filter((p) => p.seq >= from),
      got2.filter((p) => p.seq >= from),
    );
    assert.equal(stats.runs, 1);
    assert.equal(stats.aborted.length, 1);
    const last = await stack.client.unary<Progress__Output>("GetJob", ref);
    assert.equal(last.state, "JOB_STATE_CANCELLED");
    // Cancelling again reports the terminal state it already has.
    assert.equal((await stack.client.unary<{ state: string }>("Cancel", ref)).state, "JOB_STATE_CANCELLED");
  } finally {
    await stack.stop();
  }
});

test("a finished job streams to SUCCEEDED with the run's result merged in", async () => {
  const { run } = sleeper();
  const stack = await startStack(newBucket(), run);
  try {
    const ref = await stack.client.unary<JobRef>("StartSleep", { ms: 1, steps: 5 });
    const got = await collect(stack.client.stream<Progress__Output>("Watch", ref)).done;
    const last = got.at(-1);
    assert.equal(last?.state, "JOB_STATE_SUCCEEDED");
    assert.equal(last?.done, 5);
    assert.equal(last?.total, 5);
    assert.equal(last?.unit, "steps");
    assert.equal(last?.message, "Slept");
    assert.deepEqual(last?.metrics, { steps: 5 });
    assert.deepEqual(last?.job, ref);
    assert.ok((last?.updatedAt?.seconds ?? 0) > 1.7e9);
    // A watcher joining after the end gets the final state and the stream ends.
    const late = await collect(stack.client.stream<Progress__Output>("Watch", ref)).done;
    assert.deepEqual(late, [last]);
  } finally {
    await stack.stop();
  }
});

test("a duplicate requestId returns the existing job and does not run it twice", async () => {
  const { stats, run } = sleeper();
  const stack = await startStack(newBucket(), run);
  try {
    const req = { ms: 1, steps: 2, requestId: "req-42" };
    const [a, b] = await Promise.all([
      stack.client.unary<JobRef>("StartSleep", req),
      stack.client.unary<JobRef>("StartSleep", req),
    ]);
    assert.equal(a.id, b.id);
    await collect(stack.client.stream<Progress__Output>("Watch", a)).done;
    const c = await stack.client.unary<JobRef>("StartSleep", req);
    assert.equal(c.id, a.id);
    // The same id with other options is a client mistake, reported rather than ignored.
    await assert.rejects(
      stack.client.unary<JobRef>("StartSleep", { ...req, steps: 3 }),
      (err: { code: number }) => {
        assert.equal(err.code, Code.ALREADY_EXISTS);
        return true;
      },
    );
    const other = await stack.client.unary<JobRef>("StartSleep", { ...req, requestId: "req-43" });
    assert.notEqual(other.id, a.id);
    await collect(stack.client.stream<Progress__Output>("Watch", other)).done;
    assert.equal(stats.runs, 2);
  } finally {
    await stack.stop();
  }
});

test("a run that throws ends the job FAILED with the error's message", async () => {
  const jobs = await openJobManager(nc, "sleeper", { bucket: newBucket(), log: silentLogger() });
  try {
    const ref = await jobs.start("broken", async () => {
      throw new Error("Disk full");
    });
    const states = [];
    for await (const p of jobs.watch(ref)) states.push(p.state);
    assert.equal(states.at(-1), "JOB_STATE_FAILED");
    assert.equal((await jobs.get(ref)).error, "Disk full");
  } finally {
    await jobs.close();
  }
});

test("unknown jobs are NOT_FOUND and another service's jobs INVALID_ARGUMENT", async () => {
  const { run } = sleeper();
  const stack = await startStack(newBucket(), run);
  try {
    await assert.rejects(stack.client.unary("GetJob", { id: "sleep-nope", service: "sleeper" }), (err) => {
      assert.equal((err as grpc.ServiceError).code, Code.NOT_FOUND);
      return true;
    });
    await assert.rejects(
      collect(stack.client.stream<Progress__Output>("Watch", { id: "x.y" })).done,
      (err) => {
        assert.equal((err as grpc.ServiceError).code, Code.NOT_FOUND);
        return true;
      },
    );
    await assert.rejects(stack.client.unary("Cancel", { id: "sleep-1", service: "scorer" }), (err) => {
      assert.equal((err as grpc.ServiceError).code, Code.INVALID_ARGUMENT);
      assert.match((err as grpc.ServiceError).details, /belongs to service "scorer", not "sleeper"/);
      return true;
    });
  } finally {
    await stack.stop();
  }
});

test("after a restart on the same KV, GetJob and Watch answer each job's last state, and RUNNING jobs resume", async () => {
  const bucket = newBucket();
  const first = sleeper();
  const stack1 = await startStack(bucket, first.run, { persistIntervalMs: 20 });
  const done = await stack1.client.unary<JobRef>("StartSleep", { ms: 1, steps: 3 });
  const finished = (await collect(stack1.client.stream<Progress__Output>("Watch", done)).done).at(-1);
  const long = await stack1.client.unary<JobRef>("StartSleep", { ms: 20, steps: 15 });
  const watching = collect(stack1.client.stream<Progress__Output>("Watch", long));
  await until(() => (watching.seen.at(-1)?.done ?? 0) >= 3);
  await stack1.stop();
  // The watch of the interrupted job ends with UNAVAILABLE, so its client knows to watch again.
  await assert.rejects(watching.done, (err) => (err as grpc.ServiceError).code === Code.UNAVAILABLE);
  const interruptedAt = watching.seen.at(-1)?.done ?? 0;
  assert.equal(first.stats.aborted.length, 1);

  const second = sleeper();
  const stack2 = await startStack(bucket, second.run);
  try {
    assert.deepEqual(await stack2.client.unary<Progress__Output>("GetJob", done), finished);
    assert.deepEqual(await collect(stack2.client.stream<Progress__Output>("Watch", done)).done, [finished]);
    const resumed = await collect(stack2.client.stream<Progress__Output>("Watch", long)).done;
    assert.equal(resumed.at(-1)?.state, "JOB_STATE_SUCCEEDED");
    assert.equal(resumed.at(-1)?.done, 15);
    assert.equal(second.stats.resumes, 1);
    // It went on from the stored progress rather than from the beginning.
    assert.ok(
      (resumed[0]?.done ?? 0) >= interruptedAt - 1,
      `resumed at ${resumed[0]?.done}, stopped at ${interruptedAt}`,
    );
    assert.ok(resumed.every((p) => p.done >= (resumed[0]?.done ?? 0)));
  } finally {
    await stack2.stop();
  }
});

test("a job left RUNNING without a resume handler is reported RUNNING after a restart, and can be cancelled", async () => {
  const bucket = newBucket();
  const jobs1 = await openJobManager(nc, "sleeper", { bucket, log: silentLogger() });
  const ref = await jobs1.start("train", async ({ signal, report }) => {
    report({ done: 7, message: "Epoch 7" });
    await sleep(60_000, signal);
  });
  for await (const p of jobs1.watch(ref)) if (p.done === 7) break;
  await jobs1.close({ graceMs: 1000 });

  const jobs2 = await openJobManager(nc, "sleeper", { bucket, log: silentLogger() });
  try {
    assert.deepEqual(await jobs2.resumeAll(), []);
    const state = await jobs2.get(ref);
    assert.equal(state.state, "JOB_STATE_RUNNING");
    assert.equal(state.done, 7);
    assert.deepEqual(await jobs2.cancel(ref), { state: "JOB_STATE_CANCELLED" });
    assert.equal((await jobs2.get(ref)).state, "JOB_STATE_CANCELLED");
  } finally {
    await jobs2.close();
  }
});

test("progress is stored at most once per persist interval, and the final state always", async () => {
  const bucket = newBucket();
  const jobs = await openJobManager(nc, "sleeper", { bucket, persistIntervalMs: 300, log: silentLogger() });
  const kv = await new Kvm(nc).open(bucket);
  const stored: number[] = [];
  try {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ref = await jobs.start("burst", async ({ report }) => {
      for (let i = 1; i <= 200; i++) report({ done: i });
      await gate;
      return { message: "Done" };
    });
    const updates = await kv.watch({ key: ref.id ?? "" });
    const reading = (async () => {
      for await (const e of updates) {
        const seq = (JSON.parse(new TextDecoder().decode(e.value)) as { progress: Progress__Output }).progress
          .seq;
        stored.push(seq);
        if (seq === 203) break;
      }
    })();
    await sleep(450);
    release();
    await reading;
    // 203 reports (QUEUED, RUNNING, 200 steps, SUCCEEDED): stored are the first two, at most two throttled, the last.
    assert.ok(stored.length <= 5, `stored ${stored.length} times: ${stored.join(", ")}`);
    assert.equal(stored.at(-1), 203);
    assert.ok(stored.includes(202), "the last step is stored once the interval has passed");
    assert.equal((await jobs.get(ref)).seq, 203);
  } finally {
    await jobs.close();
  }
});

test("maxConcurrent holds extra jobs QUEUED until a slot frees", async () => {
  const jobs = await openJobManager(nc, "sleeper", {
    bucket: newBucket(),
    maxConcurrent: 1,
    log: silentLogger(),
  });
  try {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const a = await jobs.start("gate", () => gate);
    const b = await jobs.start("gate", async () => undefined);
    await sleep(20);
    assert.equal((await jobs.get(a)).state, "JOB_STATE_RUNNING");
    assert.equal((await jobs.get(b)).state, "JOB_STATE_QUEUED");
    assert.deepEqual(
      jobs.counts().sort((x, y) => x.state.localeCompare(y.state)),
      [
        { kind: "gate", state: "JOB_STATE_QUEUED", count: 1 },
        { kind: "gate", state: "JOB_STATE_RUNNING", count: 1 },
      ],
    );
    release();
    for await (const _ of jobs.watch(b)) {
      // drain until it ends
    }
    assert.equal((await jobs.get(b)).state, "JOB_STATE_SUCCEEDED");
  } finally {
    await jobs.close();
  }
});

test("a job running in another instance is followed through the store until it ends", async () => {
  const bucket = newBucket();
  const owner = await openJobManager(nc, "sleeper", { bucket, persistIntervalMs: 10, log: silentLogger() });
  const other = await openJobManager(nc, "sleeper", { bucket, log: silentLogger() });
  try {
    const { run } = sleeper();
    const ref = await owner.start("sleep", run, { request: { ms: 15, steps: 8, requestId: "" } });
    const seen: Progress__Output[] = [];
    for await (const p of other.watch(ref)) seen.push(p);
    assert.equal(seen.at(-1)?.state, "JOB_STATE_SUCCEEDED");
    assert.equal(seen.at(-1)?.done, 8);
    assert.ok(seen.length >= 3, `only ${seen.length} reports arrived`);
    const seqs = seen.map((p) => p.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
    assert.deepEqual(seen.at(-1), await owner.get(ref));
  } finally {
    await owner.close();
    await other.close();
  }
});

test("onStateChange hears every state change of every job, in order, from QUEUED to the end", async () => {
  const changes: JobStateChange[] = [];
  const jobs = await openJobManager(nc, "sleeper", {
    bucket: newBucket(),
    log: silentLogger(),
    onStateChange: (change) => {
      changes.push(change);
    },
  });
  try {
    const ok = await jobs.start("quick", async ({ report }) => {
      report({ done: 1 });
      return { message: "Done" };
    });
    const bad = await jobs.start("quick", async () => {
      throw new Error("Broken");
    });
    const slow = await jobs.start("quick", ({ signal }) => sleep(60_000, signal));
    for (const ref of [ok, bad]) for await (const _ of jobs.watch(ref));
    await until(() => changes.some((c) => c.job.id === slow.id && c.state === "JOB_STATE_RUNNING"));
    await jobs.cancel(slow);
    await until(() => changes.filter((c) => c.job.id === slow.id).length === 3);
    const of = (ref: JobRef) =>
      changes
        .filter((c) => c.job.id === ref.id)
        .map((c) => `${c.previous}>${c.state}`.replaceAll("JOB_STATE_", ""));
    assert.deepEqual(of(ok), ["UNSPECIFIED>QUEUED", "QUEUED>RUNNING", "RUNNING>SUCCEEDED"]);
    assert.deepEqual(of(bad), ["UNSPECIFIED>QUEUED", "QUEUED>RUNNING", "RUNNING>FAILED"]);
    assert.deepEqual(of(slow), ["UNSPECIFIED>QUEUED", "QUEUED>RUNNING", "RUNNING>CANCELLED"]);
    const failed = changes.find((c) => c.job.id === bad.id && c.state === "JOB_STATE_FAILED");
    assert.equal(failed?.progress.error, "Broken");
  } finally {
    await jobs.close();
  }
});

test("a failed job keeps the gRPC code of its error, not only the message; INTERNAL for an unexpected error", async () => {
  const bucket = newBucket();
  const jobs = await openJobManager(nc, "sleeper", { bucket, log: silentLogger() });
  try {
    const missing = await jobs.start("load", async () => {
      throw new StatusError(Code.NOT_FOUND, 'Checkpoint "a.pkl" does not exist');
    });
    const bug = await jobs.start("load", async () => {
      throw new TypeError("Cannot read properties of undefined");
    });
    for (const ref of [missing, bug]) for await (const _ of jobs.watch(ref));
    const a = await jobs.get(missing);
    assert.deepEqual(
      [a.state, a.errorCode, a.error],
      ["JOB_STATE_FAILED", "NOT_FOUND", 'Checkpoint "a.pkl" does not exist'],
    );
    assert.equal((await jobs.get(bug)).errorCode, "INTERNAL");
    // The stored record says so too, for any other instance.
    const kv = await new Kvm(nc).open(bucket);
    const entry = await kv.get(missing.id ?? "");
    assert.equal(JSON.parse(new TextDecoder().decode(entry?.value)).progress.errorCode, "NOT_FOUND");
  } finally {
    await jobs.close();
  }
});

test("a report carrying outputs is stored when it resolves, however long the persist interval", async () => {
  const bucket = newBucket();
  const jobs = await openJobManager(nc, "sleeper", {
    bucket,
    persistIntervalMs: 60_000,
    log: silentLogger(),
  });
  const other = await openJobManager(nc, "sleeper", { bucket, log: silentLogger() });
  try {
    let stored: Progress__Output | undefined;
    let release = () => {};
    const ref = await jobs.start("train", async ({ report, job }) => {
      report({ done: 1 });
      await report({
        done: 2,
        outputs: [{ uri: "file:///runs/snapshot.safetensors", sha256: "ab", sizeBytes: 3 }],
      });
      // What another instance reads the moment the snapshot is announced.
      stored = await other.get(job);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    for await (const p of jobs.watch(ref)) if (p.done === 2) break;
    while (stored === undefined) await sleep(10);
    assert.equal(stored.done, 2);
    assert.equal(stored.outputs[0]?.uri, "file:///runs/snapshot.safetensors");
    release();
  } finally {
    await jobs.close();
    await other.close();
  }
});

test("a job stopping for a shutdown still stores what it reports within the grace period", async () => {
  const bucket = newBucket();
  const jobs = await openJobManager(nc, "sleeper", {
    bucket,
    persistIntervalMs: 60_000,
    log: silentLogger(),
  });
  const ref = await jobs.start("train", async ({ signal, report }) => {
    report({ done: 1 });
    await sleep(60_000, signal).catch(() => undefined);
    // What a trainer does when told to stop: write its snapshot, then report it.
    await sleep(50);
    report({ done: 2, outputs: [{ uri: "file:///runs/snapshot.safetensors", sha256: "ab", sizeBytes: 3 }] });
  });
  for await (const p of jobs.watch(ref)) if (p.done === 1) break;
  await jobs.close({ graceMs: 2000 });
  const after = await openJobManager(nc, "sleeper", { bucket, log: silentLogger() });
  try {
    const stored = await after.get(ref);
    assert.equal(stored.state, "JOB_STATE_RUNNING");
    assert.equal(stored.done, 2);
    assert.equal(stored.outputs[0]?.uri, "file:///runs/snapshot.safetensors");
  } finally {
    await after.close();
  }
});
