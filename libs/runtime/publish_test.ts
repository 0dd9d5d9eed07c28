import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "./log.ts";
import { type PublishFn, retryingPublish } from "./publish.ts";

function recordingLog() {
  const lines: { level: string; msg: string; attempts?: number }[] = [];
  const log = createLogger("test", { level: "debug", write: (line) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

test("retryingPublish() retries a failed publish with the same message id and backoff, then succeeds", async () => {
  const calls: { msgId: string; at: number }[] = [];
  let failures = 2;
  const raw: PublishFn = async (_key, _payload, msgId) => {
    calls.push({ msgId, at: performance.now() });
    if (failures-- > 0) throw new Error("no responders available for request");
  };
  const { log, lines } = recordingLog();
  await retryingPublish(raw, { log, attempts: 3, backoffMs: 30 })("ganTick", {}, "j1:tick:0");
  assert.deepEqual(
    calls.map((c) => c.msgId),
    ["j1:tick:0", "j1:tick:0", "j1:tick:0"],
  );
  // 30 ms before the second try, 60 ms before the third.
  assert.ok(calls[1]!.at - calls[0]!.at >= 25 && calls[2]!.at - calls[1]!.at >= 55);
  assert.equal(lines.filter((l) => l.level === "debug").length, 2);
  assert.equal(lines.filter((l) => l.level === "warn").length, 0);
});

test("retryingPublish() never rejects: after the last attempt it logs a warning and carries on", async () => {
  let calls = 0;
  const raw: PublishFn = async () => {
    calls++;
    throw new Error("stream not found");
  };
  const { log, lines } = recordingLog();
  await assert.doesNotReject(
    retryingPublish(raw, { log, attempts: 4, backoffMs: 1 })("ganFailed", {}, "j2:failed"),
  );
  assert.equal(calls, 4);
  const warn = lines.find((l) => l.level === "warn");
  assert.equal(warn?.msg, "Event not published; carrying on without it");
  assert.equal(warn?.attempts, 4);
});

test("retryingPublish() refuses a zero attempt count", () => {
  assert.throws(() => retryingPublish(async () => {}, { log: createLogger("t"), attempts: 0 }), RangeError);
});
