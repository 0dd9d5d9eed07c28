import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { ensureEventStream, ensureWorkQueueStream } from "./streams.ts";
import { EVENTS_STREAM } from "./subjects.ts";

let server: NatsServer;
let nc: NatsConnection;

before(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
});

after(async () => {
  await nc.close();
  await server.stop();
});

test("ensureEventStream() creates a file-backed stream on dermanomaly.events.> with a 2-minute duplicate window", async () => {
  const info = await ensureEventStream(nc);
  assert.equal(info.config.name, EVENTS_STREAM);
  assert.deepEqual(info.config.subjects, ["dermanomaly.events.>"]);
  assert.equal(info.config.storage, StorageType.File);
  assert.equal(info.config.retention, RetentionPolicy.Limits);
  assert.equal(info.config.duplicate_window, 120e9);
  assert.equal(info.config.max_age, 7 * 24 * 3600e9);
});

test("ensureEventStream() is idempotent and updates the limits of an existing stream", async () => {
  await ensureEventStream(nc, { name: "EV2", subjects: ["ev2.>"] });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.info("EV2");
  const again = await ensureEventStream(jsm, {
    name: "EV2",
    subjects: ["ev2.>"],
    duplicateWindowMs: 5000,
    maxAgeMs: 60_000,
  });
  assert.equal(again.config.duplicate_window, 5e9);
  assert.equal(again.config.max_age, 60e9);
  const streams = await jsm.streams.names().next();
  assert.equal(streams.filter((s) => s === "EV2").length, 1);
});

test("ensureEventStream() keeps the duplicate window within max age", async () => {
  const info = await ensureEventStream(nc, { name: "EV3", subjects: ["ev3.>"], maxAgeMs: 10_000 });
  assert.equal(info.config.duplicate_window, 10e9);
});

test("ensureWorkQueueStream() uses WorkQueue retention and refuses a stream that exists with other retention", async () => {
  const info = await ensureWorkQueueStream(nc, { name: "WQ", subjects: ["wq.items"] });
  assert.equal(info.config.retention, RetentionPolicy.Workqueue);
  assert.equal(info.config.storage, StorageType.File);
  await assert.rejects(ensureEventStream(nc, { name: "WQ", subjects: ["wq.items"] }), (err) => {
    assert.ok(isStatusError(err));
    assert.equal(err.code, Code.FAILED_PRECONDITION);
    assert.match(err.message, /Stream "WQ" exists with retention "workqueue"/);
    return true;
  });
});

test("stream helpers refuse empty subject lists and bad limits", async () => {
  await assert.rejects(ensureWorkQueueStream(nc, { name: "X", subjects: [] }), TypeError);
  await assert.rejects(
    ensureEventStream(nc, { name: "Y", subjects: ["y.>"], duplicateWindowMs: 0 }),
    RangeError,
  );
});
