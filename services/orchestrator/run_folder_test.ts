import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { type ArtifactRef, openArtifactStore } from "@dermanomaly/artifacts";
import {
  messageCodec,
  type StartPipelineRequest,
  type StartPipelineRequest__Output,
} from "@dermanomaly/contracts";
import { checkPipelineMetrics } from "./metrics.ts";
import { pipelineSpec } from "./options.ts";
import { downloadRun, writeRunFolder } from "./run_folder.ts";
import { planSteps, type StepName } from "./steps.ts";
import type { PipelineRecord } from "./store.ts";

const tmp = mkdtempSync(join(tmpdir(), "orchestrator-run-folder-"));
const store = await openArtifactStore({ uri: `file://${join(tmp, "store")}` });
after(async () => {
  await store.close();
  rmSync(tmp, { recursive: true, force: true });
});

const codec = messageCodec<StartPipelineRequest, StartPipelineRequest__Output>(
  "dermanomaly.v1.StartPipelineRequest",
);

test("writeRunFolder() lays the stages' files out as the original's run folder and writes metrics.json from the report", async () => {
  const spec = pipelineSpec(
    codec.decode(codec.encode({ data: { path: "/d" }, preset: "tiny" })),
    "pipeline-r",
  );
  const root = spec.root;
  const put = (key: string, body: string) => store.put(`${root}${key}`, Buffer.from(body));
  const outputs: Partial<Record<StepName, ArtifactRef[]>> = {
    prepare_train: [await put("datasets/train.zip", "zip"), await put("datasets/train.manifest.json", "{}")],
    prepare_holdout: [await put("datasets/holdout.zip", "zip")],
    prepare_test: [await put("datasets/test.zip", "zip")],
    train_gan: [
      await put("gan/00000-run/network-snapshot-000000.032.safetensors", "final"),
      await put("gan/00000-run/fakes000000.032.png", "png"),
      await put("gan/00000-run/network-snapshot-000000.016.safetensors", "older"),
      await put("gan/00000-run/training_options.json", "{}"),
    ],
    train_encoder: [
      await put("encoder/00000-izif/encoder-0002.safetensors", "E"),
      await put("encoder/00000-izif/resume.safetensors", "state"),
    ],
    reconstruct_test: [
      await put("reconstructions/test/reconstruction_set.safetensors", "t"),
      await put("reconstructions/test/generated_img/MEL/a.png", "g"),
    ],
    reconstruct_holdout: [await put("reconstructions/holdout/reconstruction_set.safetensors", "h")],
    score_test: [await put("scores/test/izif_a1.xlsx", "x"), await put("scores/test/izif_a1.csv", "c")],
    score_holdout: [await put("scores/holdout/izif_a1.xlsx", "x")],
    calibrate: [
      await put(
        "calibration/izif_a1/calibration.json",
        JSON.stringify({
          format: "dermanomaly/calibration/1",
          threshold: 0.5,
          count: 2,
          sheet: { tag: "izif_a1" },
        }),
      ),
    ],
    report: [
      await put("report/report.html", "<html>"),
      await put("report/graphics/roc_izif_a1.png", "png"),
      await put(
        "report/summary.json",
        JSON.stringify({
          format: "dermanomaly/summary/1",
          threshold_rule: "calibrated",
          baseline: "hue-spread",
          sheets: [
            {
              tag: "izif_a1",
              n: 10,
              auc: 0.8,
              auc_ci95: [0.6, 0.95],
              average_precision: 0.7,
              threshold: { method: "calibrated", value: 0.5 },
              metrics: "izif_a1/metrics.json",
              files: {},
            },
            {
              tag: "hue-spread",
              n: 10,
              auc: 0.55,
              auc_ci95: [0.3, 0.8],
              average_precision: 0.5,
              threshold: { method: "calibrated", value: 0.1 },
              metrics: "hue-spread/metrics.json",
              files: {},
            },
          ],
        }),
      ),
    ],
  };
  const now = new Date().toISOString();
  const record: PipelineRecord = {
    id: "pipeline-r",
    requestId: "",
    request: {},
    spec,
    createdAt: now,
    state: "JOB_STATE_RUNNING",
    error: "",
    errorCode: "",
    steps: planSteps(spec).map((s) => ({
      ...s,
      state: "JOB_STATE_SUCCEEDED",
      outputs: outputs[s.name] ?? [],
      message: "",
      error: "",
      errorCode: "",
      startedAt: now,
      endedAt: now,
      job: { id: `${s.name}-job`, service: s.service },
    })),
    warnings: [],
    seq: 1,
  };
  const written = await writeRunFolder(store, record, { requests: {} });
  assert.deepEqual(Object.keys(written.runManifest.files), [
    "calibration.json",
    "calibrations/izif_a1.json",
    "datasets/train.manifest.json",
    "generated_img/MEL/a.png",
    "graphics/roc_izif_a1.png",
    "holdout/reconstruction_set.safetensors",
    "lineage.json",
    "metrics.json",
    "models/encoder/encoder-0002.safetensors",
    "models/gan/fakes000000.032.png",
    "models/gan/network-snapshot-000000.032.safetensors",
    "models/gan/training_options.json",
    "reconstruction_set.safetensors",
    "report.html",
    "sheets/holdout/izif_a1.xlsx",
    "sheets/izif_a1.csv",
    "sheets/izif_a1.xlsx",
    "summary.json",
  ]);
  const metrics = checkPipelineMetrics(
    JSON.parse(Buffer.from(await store.getBytes(written.metrics)).toString()),
  );
  assert.deepEqual(
    metrics.scores.map((s) => [s.tag, s.auc]),
    [["izif_a1", 0.8]],
  );
  assert.equal(metrics.baseline?.auc, 0.55);
  assert.equal(metrics.holdout_images, 2);
  assert.equal(metrics.test_images, 10);
  const dir = join(tmp, "run");
  await downloadRun(store, written.runManifest, dir);
  assert.equal(
    readFileSync(join(dir, "models/gan/network-snapshot-000000.032.safetensors"), "utf8"),
    "final",
  );
  assert.ok(!existsSync(join(dir, "models/encoder/resume.safetensors")), "training states stay in the store");
  const calibration = JSON.parse(readFileSync(join(dir, "calibration.json"), "utf8"));
  assert.equal(calibration.calibrations.izif_a1.threshold, 0.5);
});

test("checkPipelineMetrics() names the first field that is missing or out of range", () => {
  const good = {
    format: "dermanomaly/pipeline-metrics/1",
    pipeline: "p",
    name: "n",
    preset: "tiny",
    threshold_rule: "median",
    scores: [
      {
        tag: "izif_a1",
        n: 4,
        auc: 0.5,
        auc_ci95: [0.2, 0.8],
        average_precision: 0.5,
        threshold: { method: "median", value: 1 },
        metrics: "m",
      },
    ],
    baseline: null,
    test_images: 4,
    holdout_images: 0,
    seconds: 1,
    steps: {},
  };
  assert.equal(checkPipelineMetrics(good).preset, "tiny");
  const bad = (over: object) => () => checkPipelineMetrics({ ...good, ...over });
  assert.throws(bad({ format: "x" }), /format must be "dermanomaly\/pipeline-metrics\/1"/);
  assert.throws(bad({ scores: [] }), /scores must be a non-empty list/);
  assert.throws(
    bad({ scores: [{ ...good.scores[0], auc: 1.5 }] }),
    /scores\[0\]\.auc must be a valid finite number, got 1\.5/,
  );
  assert.throws(
    bad({ scores: [{ ...good.scores[0], auc_ci95: [0.9, 0.1] }] }),
    /scores\[0\]\.auc_ci95 must be \[low, high\]/,
  );
  assert.throws(bad({ test_images: 0 }), /test_images must be a valid finite number/);
});
