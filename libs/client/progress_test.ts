import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { test } from "node:test";
import { Code, type JobServiceClient, type Progress__Output } from "@dermanomaly/contracts";
import { followJob } from "./progress.ts";

const job = { id: "train-gan-1", service: "gan-trainer" };

function progress(state: string, done: number): Progress__Output {
  return {
    job,
    state,
    done,
    total: 10,
    unit: "kimg",
    message: "",
    metrics: {},
    outputs: [],
    seq: done,
  } as never;
}

/** A client whose Watch streams play `scripts` in turn: progress reports, then an error or the end. */
function scripted(scripts: { data: Progress__Output[]; error?: { code: number; details: string } }[]) {
  let calls = 0;
  const client = {
    Watch() {
      const stream = new EventEmitter();
      const script = scripts[Math.min(calls++, scripts.length - 1)]!;
      setImmediate(() => {
        for (const p of script.data) stream.emit("data", p);
        if (script.error) stream.emit("error", { ...script.error, message: script.error.details });
        else stream.emit("end");
      });
      return stream;
    },
    Cancel() {},
  };
  return { client: client as unknown as JobServiceClient, calls: () => calls };
}

test("followJob watches a job it has seen again after NOT_FOUND, as after a dropped stream, to its end", async () => {
  const { client, calls } = scripted([
    { data: [progress("JOB_STATE_RUNNING", 3)], error: { code: Code.UNAVAILABLE, details: "moved" } },
    { data: [], error: { code: Code.NOT_FOUND, details: 'No job "train-gan-1"' } },
    { data: [progress("JOB_STATE_RUNNING", 6), progress("JOB_STATE_SUCCEEDED", 10)] },
  ]);
  const causes: string[] = [];
  const last = await followJob(client, job, {
    bar: false,
    cancelOnInterrupt: false,
    reconnectDelayMs: 1,
    onReconnect: (cause) => causes.push(cause),
  });
  assert.equal(last.state, "JOB_STATE_SUCCEEDED");
  assert.equal(calls(), 3);
  // One line per outage, however many tries it takes.
  assert.deepEqual(causes, ["moved"]);
});

test("followJob ends at once on NOT_FOUND for a job it never saw, and gives up on one that stays gone", async () => {
  const unknown = scripted([{ data: [], error: { code: Code.NOT_FOUND, details: "No job" } }]);
  await assert.rejects(
    followJob(unknown.client, job, { bar: false, cancelOnInterrupt: false, onReconnect: () => {} }),
    { code: Code.NOT_FOUND },
  );
  assert.equal(unknown.calls(), 1);
  const gone = scripted([
    { data: [progress("JOB_STATE_RUNNING", 3)], error: { code: Code.UNAVAILABLE, details: "moved" } },
    { data: [], error: { code: Code.NOT_FOUND, details: "No job" } },
  ]);
  await assert.rejects(
    followJob(gone.client, job, {
      bar: false,
      cancelOnInterrupt: false,
      reconnectDelayMs: 1,
      reconnectTimeoutMs: 50,
      onReconnect: () => {},
    }),
    { code: Code.NOT_FOUND },
  );
  assert.ok(gone.calls() > 2);
});
