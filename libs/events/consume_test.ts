import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { messageCodec, type Progress, type Progress__Output } from "@dermanomaly/contracts";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { type JetStreamClient, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { eventually } from "./_testing.ts";
import { consumeEvents } from "./consume.ts";
import { RetryableError, TerminalError } from "./errors.ts";
import { publishEvent } from "./publish.ts";
import { ensureEventStream } from "./streams.ts";
import { EVENTS_STREAM, eventSubject } from "./subjects.ts";
import type { EventContext, Settlement } from "./types.ts";

const codec = messageCodec<Progress, Progress__Output>("dermanomaly.v1.Progress");

let server: NatsServer;
let nc: NatsConnection;
let js: JetStreamClient;

before(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
  await ensureEventStream(nc);
  js = jetstream(nc);
});

after(async () => {
  await nc.close();
  await server.stop();
});

async function consumerInfo(durable: string) {
  const jsm = await jetstreamManager(nc);
  return jsm.consumers.info(EVENTS_STREAM, durable);
}

test("an event published twice with the same msg id is stored and consumed once", async () => {
  const subject = eventSubject("dedup", "progress");
  const first = await publishEvent(
    js,
    subject,
    codec,
    { done: 7, message: "seven" },
    { msgId: "job-1:progress:7" },
  );
  const second = await publishEvent(
    js,
    subject,
    codec,
    { done: 7, message: "seven" },
    { msgId: "job-1:progress:7" },
  );
  const third = await publishEvent(js, subject, codec, { done: 8 }, { msgId: "job-1:progress:8" });
  assert.equal(first.duplicate, false);
  assert.equal(second.duplicate, true);
  assert.equal(second.seq, first.seq);
  assert.equal(third.duplicate, false);

  const seen: Array<{ done: number; msgId: string; typeName: string; message: string }> = [];
  const handle = await consumeEvents(js, {
    durable: "dedup",
    filterSubjects: subject,
    codec,
    handler: (p, ctx) => {
      seen.push({ done: p.done, msgId: ctx.msgId, typeName: ctx.typeName, message: p.message });
    },
  });
  await eventually("two events", () => seen.length >= 2);
  await handle.stop();
  await handle.done;
  assert.deepEqual(seen, [
    { done: 7, msgId: "job-1:progress:7", typeName: "dermanomaly.v1.Progress", message: "seven" },
    { done: 8, msgId: "job-1:progress:8", typeName: "dermanomaly.v1.Progress", message: "" },
  ]);
  const info = await consumerInfo("dedup");
  assert.equal(info.num_pending, 0);
  assert.equal(info.num_ack_pending, 0);
});

test("publishEvent() refuses a missing msg id and a wildcard subject", async () => {
  await assert.rejects(
    publishEvent(js, eventSubject("x", "y"), codec, {}, { msgId: "" }),
    /needs a deterministic "msgId"/,
  );
  await assert.rejects(
    publishEvent(js, "dermanomaly.events.*.y", codec, {}, { msgId: "a" }),
    /wildcards are not allowed/,
  );
});

test("a message whose consumer dies before acking is redelivered to a new consumer after the ack wait", async () => {
  const subject = eventSubject("crash", "progress");
  await publishEvent(js, subject, codec, { done: 1 }, { msgId: "crash:1" });

  // The first worker has its own connection and "dies" (connection closed) while the handler is busy.
  const nc1 = await connect({ servers: server.url });
  let firstCtx: EventContext | undefined;
  let started!: () => void;
  const startedP = new Promise<void>((r) => {
    started = r;
  });
  const h1 = await consumeEvents(jetstream(nc1), {
    durable: "crash",
    filterSubjects: subject,
    codec,
    ackWaitMs: 1000,
    handler: async (_p, ctx) => {
      firstCtx = ctx;
      started();
      await new Promise(() => {}); // never settles: the process is about to die
    },
  });
  await startedP;
  const t0 = Date.now();
  await nc1.close();
  // Its consumption ends because its connection is gone; the message was never acknowledged.
  await Promise.race([h1.done.catch(() => {}), delay(2000)]);

  const redelivered: EventContext[] = [];
  const h2 = await consumeEvents(js, {
    durable: "crash",
    filterSubjects: subject,
    codec,
    ackWaitMs: 1000,
    handler: (p, ctx) => {
      assert.equal(p.done, 1);
      redelivered.push(ctx);
    },
  });
  await eventually("the redelivery", () => redelivered.length === 1);
  const waited = Date.now() - t0;
  await h2.stop();
  assert.equal(firstCtx?.deliveryCount, 1);
  assert.equal(firstCtx?.redelivered, false);
  assert.equal(redelivered[0]?.deliveryCount, 2);
  assert.equal(redelivered[0]?.redelivered, true);
  assert.equal(redelivered[0]?.streamSequence, firstCtx?.streamSequence);
  // Not redelivered before the ack wait ran out (small allowance for timer granularity).
  assert.ok(waited >= 800, `redelivered after ${waited} ms, expected about 1000 ms`);
  assert.equal((await consumerInfo("crash")).num_ack_pending, 0);
});

test("a handler error naks the message and it is redelivered until the handler succeeds", async () => {
  const subject = eventSubject("nak", "progress");
  await publishEvent(js, subject, codec, { done: 5 }, { msgId: "nak:5" });
  const deliveries: number[] = [];
  const settlements: Settlement[] = [];
  const handle = await consumeEvents(js, {
    durable: "nak",
    filterSubjects: subject,
    codec,
    ackWaitMs: 30_000, // the redelivery must come from the nak, not from the ack wait
    handler: (_p, ctx) => {
      deliveries.push(ctx.deliveryCount);
      if (ctx.deliveryCount === 1) throw new Error("transient");
      if (ctx.deliveryCount === 2) throw new RetryableError("again", { delayMs: 50 });
    },
    onSettled: (how) => settlements.push(how),
  });
  await eventually("three deliveries", () => settlements.length === 3);
  await handle.stop();
  assert.deepEqual(deliveries, [1, 2, 3]);
  assert.deepEqual(settlements, ["nak", "nak", "ack"]);
  const info = await consumerInfo("nak");
  assert.equal(info.num_ack_pending, 0);
  assert.equal(info.num_pending, 0);
});

test("a TerminalError or an undecodable payload terminates the message: it is not redelivered", async () => {
  const subject = eventSubject("term", "progress");
  await publishEvent(js, subject, codec, { done: 1 }, { msgId: "term:1" });
  // Bytes that are not a Progress message (field 1 declared as a 100-byte string, then truncated).
  await js.publish(subject, new Uint8Array([0x0a, 0x64, 0x01]), { msgID: "term:poison" });
  await publishEvent(js, subject, codec, { done: 3 }, { msgId: "term:3" });
  const calls: number[] = [];
  const settled: Array<[Settlement, number]> = [];
  const handle = await consumeEvents(js, {
    durable: "term",
    filterSubjects: subject,
    codec,
    ackWaitMs: 500,
    handler: (p) => {
      calls.push(p.done);
      if (p.done === 1) throw new TerminalError("job unknown");
    },
    onSettled: (how, ctx) => settled.push([how, ctx.deliveryCount]),
  });
  await eventually("three settlements", () => settled.length >= 3);
  // Wait past the ack wait: a terminated message would be back by now if term had been ignored.
  await delay(1200);
  await handle.stop();
  assert.deepEqual(calls, [1, 3]);
  assert.deepEqual(settled, [
    ["term", 1],
    ["term", 1],
    ["ack", 1],
  ]);
  const info = await consumerInfo("term");
  assert.equal(info.num_ack_pending, 0);
  assert.equal(info.num_redelivered, 0);
  assert.equal(info.ack_floor.stream_seq, info.delivered.stream_seq);
});

test("maxDeliver stops redelivery of a message that always fails", async () => {
  const subject = eventSubject("maxdeliver", "progress");
  await publishEvent(js, subject, codec, { done: 1 }, { msgId: "maxdeliver:1" });
  const deliveries: Array<[number, boolean]> = [];
  const handle = await consumeEvents(js, {
    durable: "maxdeliver",
    filterSubjects: subject,
    codec,
    maxDeliver: 3,
    ackWaitMs: 500,
    handler: (_p, ctx) => {
      deliveries.push([ctx.deliveryCount, ctx.lastAttempt]);
      throw new Error("always fails");
    },
  });
  await eventually("three deliveries", () => deliveries.length >= 3);
  // Longer than the ack wait and the immediate nak redelivery: a fourth delivery would show up.
  await delay(1200);
  // The consumer still works for later messages.
  await handle.stop();
  assert.deepEqual(deliveries, [
    [1, false],
    [2, false],
    [3, true],
  ]);
  assert.equal((await consumerInfo("maxdeliver")).config.max_deliver, 3);
});

test("consumeEvents() is idempotent on the durable and updates its ack wait and max deliver", async () => {
  const opts = { durable: "cfg", codec, filterSubjects: eventSubject("cfg", "x"), handler: () => {} };
  const a = await consumeEvents(js, { ...opts, ackWaitMs: 2000, maxDeliver: 4 });
  await a.stop();
  const b = await consumeEvents(js, { ...opts, ackWaitMs: 2000, maxDeliver: 4 });
  await b.stop();
  let info = await consumerInfo("cfg");
  assert.equal(info.config.ack_wait, 2_000_000_000);
  assert.equal(info.config.max_deliver, 4);
  const c = await consumeEvents(js, { ...opts, ackWaitMs: 3000, maxDeliver: 6 });
  await c.stop();
  info = await consumerInfo("cfg");
  assert.equal(info.config.ack_wait, 3_000_000_000);
  assert.equal(info.config.max_deliver, 6);
});

test("consumeEvents() refuses bad durable names and limits", async () => {
  await assert.rejects(consumeEvents(js, { durable: "a.b", codec, handler: () => {} }), TypeError);
  await assert.rejects(
    consumeEvents(js, { durable: "ok", codec, handler: () => {}, concurrency: 0 }),
    RangeError,
  );
  await assert.rejects(
    consumeEvents(js, { durable: "ok", codec, handler: () => {}, maxDeliver: 0 }),
    RangeError,
  );
});

test("stop() waits for the handler in flight, acknowledges its message and aborts the context signal", async () => {
  const subject = eventSubject("drain", "progress");
  await publishEvent(js, subject, codec, { done: 1 }, { msgId: "drain:1" });
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let entered!: () => void;
  const inHandler = new Promise<void>((r) => {
    entered = r;
  });
  let aborted = false;
  const handle = await consumeEvents(js, {
    durable: "drain",
    filterSubjects: subject,
    codec,
    handler: async (_p, ctx) => {
      ctx.signal.addEventListener("abort", () => {
        aborted = true;
      });
      entered();
      await gate;
    },
  });
  await inHandler;
  let stopped = false;
  const stopping = handle.stop().then(() => {
    stopped = true;
  });
  await delay(100);
  assert.equal(stopped, false, "stop() must wait for the handler");
  assert.equal(aborted, true);
  release();
  await stopping;
  await handle.done;
  await eventually(
    "the ack to reach the server",
    async () => (await consumerInfo("drain")).num_ack_pending === 0,
  );
  assert.equal((await consumerInfo("drain")).num_pending, 0);
});
