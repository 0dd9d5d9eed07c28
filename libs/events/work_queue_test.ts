import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  Code,
  isStatusError,
  messageCodec,
  type Progress,
  type Progress__Output,
} from "@dermanomaly/contracts";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { eventually } from "./_testing.ts";
import { ensureWorkQueueStream } from "./streams.ts";
import { workQueue } from "./work_queue.ts";

const codec = messageCodec<Progress, Progress__Output>("dermanomaly.v1.Progress");
const STREAM = "DERMANOMALY_WORK_TEST";
const SUBJECT = "dermanomaly.work.test";

let server: NatsServer;
let producer: NatsConnection;
let workerA: NatsConnection;
let workerB: NatsConnection;

before(async () => {
  server = await startNatsServer();
  producer = await connect({ servers: server.url });
  workerA = await connect({ servers: server.url });
  workerB = await connect({ servers: server.url });
  await ensureWorkQueueStream(producer, { name: STREAM, subjects: [SUBJECT] });
  await ensureWorkQueueStream(producer, { name: "WQ_RETRY", subjects: ["dermanomaly.work.retry"] });
});

after(async () => {
  await Promise.all([producer, workerA, workerB].map((nc) => nc.close()));
  await server.stop();
});

test("two workers sharing a work queue process N items exactly once in total", async () => {
  const n = 40;
  const seen = new Map<number, string[]>();
  const work = (name: string) => async (p: Progress__Output) => {
    seen.set(p.done, [...(seen.get(p.done) ?? []), name]);
    // Take a little time so that the other worker gets a share of the items.
    await new Promise((r) => setTimeout(r, 20));
  };
  // Both workers are waiting before the items arrive, as replicas of a service would be.
  const a = await workQueue(jetstream(workerA), STREAM, SUBJECT, { codec, ackWaitMs: 5000 }).process(
    work("a"),
    {
      concurrency: 2,
    },
  );
  const b = await workQueue(jetstream(workerB), STREAM, SUBJECT, { codec, ackWaitMs: 5000 }).process(
    work("b"),
    {
      concurrency: 2,
    },
  );
  const q = workQueue(jetstream(producer), STREAM, SUBJECT, { codec, ackWaitMs: 5000 });
  for (let i = 0; i < n; i++) {
    const r = await q.push({ done: i }, `job-7:${i}`);
    assert.equal(r.duplicate, false);
  }
  // Pushing an item again (a producer that restarted) does not queue it twice.
  assert.equal((await q.push({ done: 0 }, "job-7:0")).duplicate, true);
  const jsm = await jetstreamManager(producer);
  // With WorkQueue retention, an item leaves the stream once acknowledged.
  await eventually("an empty queue", async () => (await jsm.streams.info(STREAM)).state.messages === 0);
  await Promise.all([a.stop(), b.stop()]);

  assert.deepEqual(
    [...seen.keys()].sort((x, y) => x - y),
    Array.from({ length: n }, (_, i) => i),
  );
  for (const [item, workers] of seen) assert.equal(workers.length, 1, `item ${item} handled by ${workers}`);
  const byA = [...seen.values()].filter((w) => w[0] === "a").length;
  assert.ok(byA > 0 && byA < n, `both workers should take items, worker a took ${byA} of ${n}`);
});

test("an item whose worker fails is retried by the queue", async () => {
  const q = workQueue(jetstream(producer), "WQ_RETRY", "dermanomaly.work.retry", { codec, retryDelayMs: 10 });
  await q.push({ done: 99 }, "job-8:0");
  const attempts: number[] = [];
  const h = await q.process((_p, ctx) => {
    attempts.push(ctx.deliveryCount);
    if (ctx.deliveryCount < 2) throw new Error("flaky");
  });
  await eventually("the retry", () => attempts.length === 2);
  await h.stop();
  assert.deepEqual(attempts, [1, 2]);
});

test("a second durable on the same work-queue subject is refused with an actionable error", async () => {
  const q = workQueue(jetstream(producer), STREAM, SUBJECT, { codec, durable: "other" });
  await assert.rejects(
    q.process(() => {}),
    (err) => {
      assert.ok(isStatusError(err));
      assert.equal(err.code, Code.FAILED_PRECONDITION);
      assert.match(err.message, /share one durable/);
      return true;
    },
  );
});
