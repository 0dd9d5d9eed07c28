import assert from "node:assert/strict";
import { test } from "node:test";
import { messageCodec } from "./codec.ts";
import type { Progress, Progress__Output } from "./gen/dermanomaly/v1/Progress.ts";

test("messageCodec() round-trips a Progress with enums as names and uint64 as numbers", () => {
  const codec = messageCodec<Progress, Progress__Output>("dermanomaly.v1.Progress");
  const msg: Progress = {
    job: { id: "j1", service: "preprocess" },
    state: "JOB_STATE_RUNNING",
    done: 12,
    total: 1000,
    unit: "images",
    metrics: { skipped: 2 },
    outputs: [{ uri: "file:///tmp/a", sha256: "ab", sizeBytes: 5, mediaType: "image/png" }],
    seq: 7,
  };
  const back = codec.decode(codec.encode(msg));
  assert.equal(back.state, "JOB_STATE_RUNNING");
  assert.equal(back.done, 12);
  assert.equal(back.total, 1000);
  assert.equal(back.seq, 7);
  assert.deepEqual(back.job, { id: "j1", service: "preprocess" });
  assert.equal(back.metrics["skipped"], 2);
  assert.equal(back.outputs[0]?.sizeBytes, 5);
  assert.equal(back.error, "");
});
