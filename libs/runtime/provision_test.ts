import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { createLogger } from "./log.ts";
import { provision } from "./provision.ts";

let nats: NatsServer;
let nc: NatsConnection;

before(async () => {
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url });
  // A subject someone listens on but never answers: requests to it time out, as a JetStream API request does
  // when the cluster is too busy to answer in time.
  nc.subscribe("dermanomaly.test.silent");
});

after(async () => {
  await nc.close();
  await nats.stop();
});

function recordingLog() {
  const lines: { level: string; msg: string; what?: string; attempt?: number; pauseMs?: number }[] = [];
  const log = createLogger("test", { level: "debug", write: (line) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** A step whose first `timeouts` calls time out for real (a NATS request nobody answers), then resolves. */
function stepTimingOut(timeouts: number) {
  const calls: number[] = [];
  const step = async () => {
    calls.push(performance.now());
    if (calls.length <= timeouts) await nc.request("dermanomaly.test.silent", "", { timeout: 30 });
    return "opened";
  };
  return { step, calls };
}

test("provision() runs a step again after NATS timeouts, with doubling pauses, and returns its result", async () => {
  const { log, lines } = recordingLog();
  const { step, calls } = stepTimingOut(2);
  assert.equal(await provision(step, { what: "the events stream", log, delayMs: 20 }), "opened");
  assert.equal(calls.length, 3);
  // 30 ms of timeout, then 20 ms of pause before the second call; 30 + 40 before the third.
  assert.ok(calls[1]! - calls[0]! >= 45 && calls[2]! - calls[1]! >= 65, `${calls}`);
  const warnings = lines.filter((l) => l.level === "warn");
  assert.deepEqual(
    warnings.map((l) => [l.what, l.attempt, l.pauseMs]),
    [
      ["the events stream", 1, 20],
      ["the events stream", 2, 40],
    ],
  );
});

test("provision() gives up after its attempts, naming the step, with the timeout as the cause", async () => {
  const { log } = recordingLog();
  const { step, calls } = stepTimingOut(10);
  await assert.rejects(
    provision(step, { what: "the job store", log, attempts: 3, delayMs: 1 }),
    (err: Error) => {
      assert.match(
        err.message,
        /^NATS JetStream did not answer while provisioning the job store \(3 attempts\)/,
      );
      assert.equal((err.cause as Error).name, "TimeoutError");
      return true;
    },
  );
  assert.equal(calls.length, 3);
});

test("provision() throws any other error at once", async () => {
  const { log, lines } = recordingLog();
  let calls = 0;
  const failing = async () => {
    calls++;
    throw new Error("insufficient resources");
  };
  await assert.rejects(
    provision(failing, { what: "the artifact store", log, delayMs: 1 }),
    /^Error: insufficient/,
  );
  assert.equal(calls, 1);
  assert.equal(lines.length, 0);
  await assert.rejects(provision(failing, { what: "x", log, attempts: 0 }), RangeError);
});
