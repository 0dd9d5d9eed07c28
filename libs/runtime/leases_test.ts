import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { JobRef } from "@dermanomaly/contracts";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { Kvm } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { silentLogger, sleep } from "./_testing.ts";
import { type JobManager, type JobManagerOptions, openJobManager } from "./jobs.ts";
import { openJobLeases } from "./leases.ts";
import type { RunFn } from "./types.ts";

let nats: NatsServer;
let bucketNo = 0;
const connections: NatsConnection[] = [];

before(async () => {
  nats = await startNatsServer();
});

after(async () => {
  for (const nc of connections) if (!nc.isClosed()) await nc.close();
  await nats.stop();
});

/** One instance of a service: its own NATS connection and job manager, on a store shared with the others. */
async function instance(bucket: string, run: RunFn<unknown>, options: JobManagerOptions = {}) {
  const nc = await connect({ servers: nats.url });
  connections.push(nc);
  const jobs = await openJobManager(nc, "sleeper", {
    bucket,
    log: silentLogger(),
    leaseTtlMs: 1000,
    renewIntervalMs: 200,
    sweepIntervalMs: 100,
    persistIntervalMs: 10,
    ...options,
  });
  jobs.onResume("count", run);
  return { nc, jobs };
}

/** A job of `steps` steps of 20 ms that records which instance ran each step and when its runs started/stopped. */
function counter(steps: number) {
  const log: { instance: string; event: string; at: number; step?: number }[] = [];
  const runOn =
    (name: string): RunFn<unknown> =>
    async ({ signal, report, resumedFrom }) => {
      log.push({ instance: name, event: "start", at: performance.now() });
      try {
        for (let i = (resumedFrom?.done ?? 0) + 1; i <= steps; i++) {
          await sleep(20, signal);
          log.push({ instance: name, event: "step", at: performance.now(), step: i });
          report({ done: i, total: steps });
        }
      } finally {
        log.push({ instance: name, event: "stop", at: performance.now() });
      }
    };
  return { log, runOn };
}

/** Two instances a and b of a service on a new store, and a counting job of `steps` steps. */
async function twoInstances(steps: number) {
  const bucket = `leases_${process.pid}_${++bucketNo}`;
  const { log, runOn } = counter(steps);
  const a = await instance(bucket, runOn("a"));
  const b = await instance(bucket, runOn("b"));
  const start = () => a.jobs.start("count", runOn("a"));
  const close = async () => {
    await a.jobs.close();
    await b.jobs.close();
  };
  return { log, runOn, a, b, start, close };
}

async function waitFor(jobs: JobManager, ref: JobRef, state: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await jobs.get(ref)).state !== state) {
    if (Date.now() > until)
      throw new Error(`Job did not reach ${state} in time: ${JSON.stringify(await jobs.get(ref))}`);
    await sleep(20);
  }
}

test("a job whose owner is alive stays with it; another instance's sweep does not take it", async () => {
  const { log, a, b, start, close } = await twoInstances(60);
  try {
    const ref = await start();
    await sleep(1500); // longer than the lease TTL: a renews it while it runs
    assert.deepEqual(await b.jobs.resumeAll(), []);
    await waitFor(a.jobs, ref, "JOB_STATE_SUCCEEDED");
    assert.ok(
      log.every((e) => e.instance === "a"),
      "only the owner ran the job",
    );
    assert.equal(log.filter((e) => e.event === "start").length, 1);
  } finally {
    await close();
  }
});

test("when the owner stops renewing, another instance takes the job over after the TTL, never both at once", async () => {
  const { log, a, b, start, close } = await twoInstances(150);
  try {
    const ref = await start();
    await b.jobs.resumeAll(); // b sweeps every 100 ms from now on
    while (!log.some((e) => e.instance === "a" && e.step === 10)) await sleep(10);
    // The owner loses NATS as a crashed or partitioned process would: its lease is no longer renewed.
    const cut = performance.now();
    await a.nc.close();
    await waitFor(b.jobs, ref, "JOB_STATE_SUCCEEDED", 20_000);
    const bStart = log.find((e) => e.instance === "b" && e.event === "start");
    const aStop = log.find((e) => e.instance === "a" && e.event === "stop");
    assert.ok(
      bStart !== undefined && aStop !== undefined,
      JSON.stringify(log.filter((e) => e.event !== "step")),
    );
    // a gave up before its lease could expire; b took over only after the TTL.
    assert.ok(aStop.at <= bStart.at, `a stopped at ${aStop.at}, b started at ${bStart.at}`);
    assert.ok(bStart.at - cut >= 700, `b took over ${bStart.at - cut} ms after the cut`);
    const steps = log.filter((e) => e.event === "step");
    const lastOfA = Math.max(...steps.filter((e) => e.instance === "a").map((e) => e.step ?? 0));
    assert.ok(
      steps.filter((e) => e.instance === "b").every((e) => (e.step ?? 0) > 10),
      "b went on from the store",
    );
    assert.ok(lastOfA < 150);
    assert.equal(log.filter((e) => e.instance === "b" && e.event === "start").length, 1, "one takeover");
    assert.equal((await b.jobs.get(ref)).done, 150);
  } finally {
    await close();
  }
});

test("two instances sweeping the same abandoned job: exactly one takes it", async () => {
  const bucket = `leases_${process.pid}_${++bucketNo}`;
  const { log, runOn } = counter(5);
  // An owner that stopped at once: its job is stored RUNNING, its lease released at close.
  const gone = await instance(bucket, async ({ signal }) => sleep(60_000, signal));
  const ref = await gone.jobs.start("count", async ({ signal, report }) => {
    report({ done: 0 });
    await sleep(60_000, signal);
  });
  await waitFor(gone.jobs, ref, "JOB_STATE_RUNNING");
  await gone.jobs.close({ graceMs: 100 });
  const b = await instance(bucket, runOn("b"));
  const c = await instance(bucket, runOn("c"));
  try {
    const [byB, byC] = await Promise.all([b.jobs.resumeAll(), c.jobs.resumeAll()]);
    assert.equal(byB.length + byC.length, 1, `b took ${byB.length}, c took ${byC.length}`);
    const owner = byB.length === 1 ? b : c;
    await waitFor(owner.jobs, ref, "JOB_STATE_SUCCEEDED");
    await sleep(300); // further sweeps of the other must not run it again
    assert.equal(log.filter((e) => e.event === "start").length, 1);
  } finally {
    await b.jobs.close();
    await c.jobs.close();
  }
});

test("a cancel through another instance stops the job on its owner as CANCELLED", async () => {
  const { log, a, b, start, close } = await twoInstances(500);
  try {
    const ref = await start();
    while (!log.some((e) => e.step === 3)) await sleep(10);
    assert.deepEqual(await b.jobs.cancel(ref), { state: "JOB_STATE_CANCELLED" });
    await waitFor(a.jobs, ref, "JOB_STATE_CANCELLED");
    while (!log.some((e) => e.event === "stop")) await sleep(10);
    assert.equal((await b.jobs.get(ref)).state, "JOB_STATE_CANCELLED");
    assert.ok((log.filter((e) => e.event === "step").at(-1)?.step ?? 0) < 500);
  } finally {
    await close();
  }
});

test("a job that keeps the event loop busy past its lease TTL keeps running when no other instance took it", async () => {
  const bucket = `leases_${process.pid}_${++bucketNo}`;
  let runs = 0;
  const busy: RunFn<unknown> = async ({ report }) => {
    runs++;
    for (let round = 1; round <= 2; round++) {
      // A training round: synchronous work longer than the 1000 ms TTL, so every pending NATS request times out.
      const until = Date.now() + 1500;
      while (Date.now() < until) {}
      await sleep(250); // the loop breathes between rounds, as the trainer does
      report({ done: round, total: 2 });
    }
  };
  const a = await instance(bucket, busy);
  try {
    const ref = await a.jobs.start("count", busy);
    await waitFor(a.jobs, ref, "JOB_STATE_SUCCEEDED");
    assert.equal(runs, 1);
  } finally {
    await a.jobs.close();
  }
});

test("renewAll() keeps a lease its own unanswered write moved on, and gives up one another instance wrote", async () => {
  const nc = await connect({ servers: nats.url });
  connections.push(nc);
  const bucket = `leases_${process.pid}_${++bucketNo}`;
  const leases = await openJobLeases(nc, "sleeper", {
    bucket,
    ttlMs: 5000,
    owner: "me",
    log: silentLogger(),
  });
  const kv = await new Kvm(nc).open(bucket);
  const write = (owner: string) => kv.put("job-1", new TextEncoder().encode(JSON.stringify({ owner })));
  assert.equal(await leases.acquire("job-1"), true);
  // A renewal NATS applied but whose answer came too late: the stored revision moved on, still naming this instance.
  await write("me");
  assert.deepEqual(await leases.renewAll(1000), []);
  assert.deepEqual(await leases.renewAll(1000), [], "the revision was taken up again");
  await write("someone-else");
  assert.deepEqual(await leases.renewAll(1000), ["job-1"]);
  assert.equal(leases.holds("job-1"), false);
});

test("a job state write NATS applied but answered too late does not give the job up", async () => {
  const bucket = `leases_${process.pid}_${++bucketNo}`;
  const { log, runOn } = counter(40);
  const a = await instance(bucket, runOn("a"));
  try {
    const ref = await a.jobs.start("count", runOn("a"));
    while (!log.some((e) => e.step === 5)) await sleep(10);
    // What a late answer leaves behind: the stored record one revision further, with this instance's own content.
    const store = await new Kvm(a.nc).open(bucket);
    const entry = await store.get(ref.id!);
    assert.ok(entry);
    await store.put(ref.id!, entry.value);
    await waitFor(a.jobs, ref, "JOB_STATE_SUCCEEDED");
    assert.equal(log.filter((e) => e.event === "start").length, 1, "one run, never given up");
    assert.equal((await a.jobs.get(ref)).done, 40);
  } finally {
    await a.jobs.close();
  }
});

test(
  "a job given up for a lost lease is taken back by the same instance when nobody else took it, and followed to its end",
  { timeout: 30_000 },
  async () => {
    const bucket = `leases_${process.pid}_${++bucketNo}`;
    const { log, runOn } = counter(60);
    const a = await instance(bucket, runOn("a"));
    try {
      const ref = await a.jobs.start("count", runOn("a"));
      await a.jobs.resumeAll(); // a sweeps every 100 ms from now on
      while (!log.some((e) => e.step === 5)) await sleep(10);
      // Another holder appears in the lease, as when the lease expired during a stall and a ghost took it; then it dies.
      const leases = await new Kvm(a.nc).open(`${bucket}_leases`);
      await leases.purge(ref.id!);
      await leases.create(ref.id!, new TextEncoder().encode(JSON.stringify({ owner: "ghost" })));
      while (!log.some((e) => e.event === "stop")) await sleep(10);
      const seen: string[] = [];
      let error: unknown;
      try {
        for await (const p of a.jobs.watch(ref)) seen.push(p.state);
      } catch (err) {
        error = err;
      }
      assert.equal(error, undefined);
      assert.equal(seen.at(-1), "JOB_STATE_SUCCEEDED");
      const starts = log.filter((e) => e.event === "start");
      assert.equal(starts.length, 2, "given up once, taken back once");
      const steps = log.filter((e) => e.event === "step").map((e) => e.step ?? 0);
      assert.equal(Math.max(...steps), 60);
      assert.equal((await a.jobs.get(ref)).done, 60);
    } finally {
      await a.jobs.close();
    }
  },
);
