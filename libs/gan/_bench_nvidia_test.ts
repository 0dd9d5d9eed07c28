import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { cycleSummary, nvidiaUnavailable, runNvidiaBench, STYLEGAN3_SRC_ENV } from "./_bench_nvidia.ts";

test("cycleSummary() drops the warm-up round, takes medians and weighs Greg by 1/4 and Dreg by 1/16", () => {
  const s = cycleSummary(
    { Gmain: [9, 2, 4, 3], Greg: [9, 8], Dmain: [9, 1, 1], Dreg: [9, 16, 32], ema: [9, 0.5] },
    8,
  );
  assert.deepEqual(s.phases, { Gmain: 3, Greg: 8, Dmain: 1, Dreg: 24, ema: 0.5 });
  assert.equal(s.cycleSec, 3 + 1 + 0.5 + 8 / 4 + 24 / 16);
  assert.equal(s.secPerKimg, (s.cycleSec! * 1000) / 8);
  // One round only: it is used as it is; a missing phase leaves the cycle unknown.
  assert.equal(cycleSummary({ Gmain: [2], Greg: [4], Dmain: [1], Dreg: [16] }, 4).cycleSec, 2 + 1 + 1 + 1);
  assert.equal(cycleSummary({ Gmain: [2], Dmain: [1], Dreg: [16] }, 4).secPerKimg, null);
});

test("NVIDIA's side is skipped with the reason when no stylegan3 checkout is named or it is not one", async () => {
  assert.match(nvidiaUnavailable({}) ?? "", /DERMANOMALY_STYLEGAN3_SRC is not set/);
  const empty = mkdtempSync(join(tmpdir(), "stylegan3-"));
  try {
    assert.match(
      nvidiaUnavailable({ [STYLEGAN3_SRC_ENV]: empty }) ?? "",
      /holds no training\/networks_stylegan2\.py; NVIDIA's phases are skipped/,
    );
    const before = process.env[STYLEGAN3_SRC_ENV];
    process.env[STYLEGAN3_SRC_ENV] = empty;
    try {
      const r = await runNvidiaBench(
        {
          resolution: 16,
          cbase: 64,
          cmax: 16,
          mapDepth: 1,
          batch: 2,
          batchGpu: 2,
          gamma: 1,
          zDim: 8,
          augmentP: 0.2,
          rounds: 1,
          threads: 1,
          profile: false,
        },
        { capSec: 5, log: () => {} },
      );
      assert.equal(r.status, "skipped");
      assert.match(r.message ?? "", /holds no training/);
    } finally {
      if (before === undefined) delete process.env[STYLEGAN3_SRC_ENV];
      else process.env[STYLEGAN3_SRC_ENV] = before;
    }
  } finally {
    rmSync(empty, { recursive: true });
  }
});
