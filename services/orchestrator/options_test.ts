import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  Code,
  isStatusError,
  messageCodec,
  type StartPipelineRequest,
  type StartPipelineRequest__Output,
} from "@dermanomaly/contracts";
import { pipelineSpec } from "./options.ts";
import { loadPreset, PRESET_SECTIONS, presetNames } from "./presets.ts";
import { planSteps, stepRequest } from "./steps.ts";

const tmp = mkdtempSync(join(tmpdir(), "orchestrator-options-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A request as the service receives it: encoded and decoded, defaults filled in. */
function wire(request: StartPipelineRequest): StartPipelineRequest__Output {
  const codec = messageCodec<StartPipelineRequest, StartPipelineRequest__Output>(
    "dermanomaly.v1.StartPipelineRequest",
  );
  return codec.decode(codec.encode(request));
}

function refusal(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(isStatusError(err), String(err));
    return { code: err.code, message: err.message };
  }
  assert.fail("expected a refusal");
}

test("every preset file is a valid preset: known fields of the right kinds in each stage section", () => {
  assert.deepEqual(presetNames(), ["demo", "paper", "tiny"]);
  for (const name of presetNames()) {
    const preset = loadPreset(name);
    assert.ok(preset.description.length > 20, name);
    for (const section of Object.keys(PRESET_SECTIONS))
      assert.equal(typeof preset[section as "prepare"], "object");
  }
  assert.throws(() => loadPreset("huge"), /Unknown preset "huge": use one of demo, paper, tiny/);
});

test("loadPreset() names the file and field of a preset that is not valid", () => {
  const write = (name: string, value: unknown) =>
    writeFileSync(join(tmp, `${name}.json`), JSON.stringify(value));
  write("a", { trainGan: { kimgs: 2 } });
  assert.throws(
    () => loadPreset("a", { dir: tmp }),
    /preset "a"\.trainGan\.kimgs is not a field of StartGanTrainingRequest/,
  );
  write("b", { trainGan: { aug: "AUGMENT_MODE_MAGIC" } });
  assert.throws(
    () => loadPreset("b", { dir: tmp }),
    /preset "b"\.trainGan\.aug must be one of AUGMENT_MODE_UNSPECIFIED/,
  );
  write("c", { prepare: { width: "32" } });
  assert.throws(() => loadPreset("c", { dir: tmp }), /preset "c"\.prepare\.width must be a finite number/);
  write("d", { holdoutFraction: 1 });
  assert.throws(() => loadPreset("d", { dir: tmp }), /holdoutFraction must be in \[0, 1\), got "1"/);
  write("e", { epochs: 3 });
  assert.throws(() => loadPreset("e", { dir: tmp }), /"epochs" is not a preset field/);
});

test("a preset's base generator is the GAN training's resume, and its base encoder the encoder's, unless a model or from_scratch is given", () => {
  const dir = mkdtempSync(join(tmpdir(), "orchestrator-base-"));
  try {
    writeFileSync(join(dir, "based.json"), JSON.stringify({ baseGan: "base.safetensors" }));
    assert.throws(() => loadPreset("based", { dir }), /baseGan "base.safetensors" is not a file in/);
    writeFileSync(join(dir, "base.safetensors"), "weights");
    const base = join(dir, "base.safetensors");
    assert.equal(loadPreset("based", { dir }).baseGan, base);
    const spec = (request: StartPipelineRequest) =>
      pipelineSpec(wire({ data: DATA, preset: "based", ...request }), "p", { presetsDir: dir });
    assert.deepEqual([spec({}).resume, spec({}).resumeIsBase], [{ path: base }, true]);
    assert.deepEqual(
      [spec({ fromScratch: true }).resume, spec({ fromScratch: true }).resumeIsBase],
      [undefined, false],
    );
    const own = spec({ resume: { path: "/r.pkl" } });
    assert.deepEqual([own.resume?.path, own.resumeIsBase], ["/r.pkl", false]);
    const gan = spec({ gan: { path: "/g.pkl" } });
    assert.deepEqual([gan.resume, gan.resumeIsBase], [undefined, false]);
    // A base encoder goes with the base generator it was trained against.
    writeFileSync(join(dir, "encoder.safetensors"), "weights");
    const encoder = join(dir, "encoder.safetensors");
    writeFileSync(
      join(dir, "pair.json"),
      JSON.stringify({ baseGan: "base.safetensors", baseEncoder: "encoder.safetensors" }),
    );
    const pair = (request: StartPipelineRequest) =>
      pipelineSpec(wire({ data: DATA, preset: "pair", ...request }), "p", { presetsDir: dir });
    assert.deepEqual(pair({}).baseEncoder, { path: encoder });
    assert.equal(pair({ fromScratch: true }).baseEncoder, undefined);
    assert.equal(pair({ resume: { path: "/r.pkl" } }).baseEncoder, undefined);
    assert.equal(pair({ trainEncoder: { resume: { path: "/e.safetensors" } } }).baseEncoder, undefined);
    assert.equal(spec({}).baseEncoder, undefined, "a preset without one");
    writeFileSync(join(dir, "alone.json"), JSON.stringify({ baseEncoder: "encoder.safetensors" }));
    assert.throws(() => loadPreset("alone", { dir }), /baseEncoder needs the baseGan it was trained against/);
    writeFileSync(join(dir, "escape.json"), JSON.stringify({ baseGan: "../base.safetensors" }));
    assert.throws(
      () => loadPreset("escape", { dir }),
      /baseGan must be the name of a file beside the preset/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the paper preset is the original's settings", () => {
  const paper = loadPreset("paper");
  assert.deepEqual(paper.prepare, { transform: "TRANSFORM_CENTER_CROP", width: 256, height: 256 });
  assert.deepEqual(
    [paper.trainGan["batch"], paper.trainGan["gamma"], paper.trainGan["mapDepth"], paper.trainGan["glr"]],
    [16, 0.8192, 2, 0.0025],
  );
  assert.deepEqual(
    [paper.trainGan["dlr"], paper.trainGan["cbase"], paper.trainGan["kimg"], paper.trainGan["snap"]],
    [0.0025, 16384, 50, 5],
  );
  assert.equal(paper.trainEncoder["epochs"], 1000);
  assert.equal(paper.trainEncoder["generator"], "TRAINING_GENERATOR_G");
  const scores = paper.score["scores"] as { method: string; metric?: string; alpha?: number }[];
  const methods = new Set(scores.map((s) => `${s.method}${s.metric ? `/${s.metric}` : ""}`));
  assert.deepEqual([...methods].sort(), [
    "SCORE_METHOD_DISTANCE/DISTANCE_METRIC_COSINE",
    "SCORE_METHOD_DISTANCE/DISTANCE_METRIC_MANHATTAN",
    "SCORE_METHOD_HUE_SPREAD",
    "SCORE_METHOD_IZIF",
    "SCORE_METHOD_PAIRWISE",
  ]);
  for (const m of methods) {
    if (m === "SCORE_METHOD_HUE_SPREAD") continue;
    const alphas = scores
      .filter((s) => `${s.method}${s.metric ? `/${s.metric}` : ""}` === m)
      .map((s) => s.alpha);
    assert.deepEqual(alphas, [0, 0.5, 1], m);
  }
  assert.ok(paper.gpu && paper.requiresGan);
  assert.match(paper.description, /constant noise, where the original drew random noise/);
});

const DATA = { path: "/data/lesions" };

test("a request's overrides are laid over the preset, field by field", () => {
  const spec = pipelineSpec(
    wire({
      data: DATA,
      preset: "tiny",
      trainGan: { kimg: 0.5, gamma: 0 },
      score: { scores: [{ method: "SCORE_METHOD_IZIF", alpha: 0.5 }] },
      report: { tsne: { perplexity: 5 } },
    }),
    "pipeline-x",
  );
  const tiny = loadPreset("tiny");
  assert.equal(spec.stages.trainGan["kimg"], 0.5);
  assert.equal(spec.stages.trainGan["gamma"], 0, "an optional field set to 0 is set");
  assert.equal(spec.stages.trainGan["cbase"], tiny.trainGan["cbase"]);
  assert.deepEqual(
    (spec.stages.score["scores"] as unknown[]).map((s) => (s as { alpha: number }).alpha),
    [0.5],
  );
  assert.equal((spec.stages.report["tsne"] as { perplexity: number }).perplexity, 5);
  assert.equal(spec.stages.report["thresholdRule"], tiny.report["thresholdRule"]);
  assert.deepEqual(spec.trainSet, { path: "/data/lesions/train_set" });
  assert.deepEqual(spec.testSet, { path: "/data/lesions/test_set" });
  assert.equal(spec.root, "pipelines/pipeline-x/");
  assert.equal(spec.holdoutFraction, 0.1);
});

test("pipelineSpec() refuses linked fields, missing or double data, inconsistent models and bad ranges", () => {
  const cases: [StartPipelineRequest, RegExp][] = [
    [
      { data: DATA, trainGan: { dataset: { path: "/x.zip" } } },
      /train_gan\.dataset is linked by the pipeline itself/,
    ],
    [
      { data: DATA, prepare: { split: { fraction: 0.2, part: "SPLIT_PART_KEPT" } } },
      /prepare\.split is linked/,
    ],
    [{}, /A data set is required: data \(a folder with train_set\/NEV and test_set\/<class>\)/],
    [{ data: DATA, testSet: { path: "/t" } }, /either data or train_set and test_set, not both/],
    [{ data: { key: "x/" } }, /data must be a folder path/],
    [{ data: DATA, gan: { path: "/g.pkl" }, resume: { path: "/r.pkl" } }, /gan .* or resume .*, not both/],
    [{ data: DATA, encoder: { path: "/e.safetensors" } }, /An encoder needs the GAN it was trained against/],
    [{ data: DATA, preset: "paper" }, /The paper preset fine-tunes a trained GAN.*give resume/],
    [{ data: DATA, preset: "large" }, /Unknown preset "large"/],
    [{ data: DATA, holdoutFraction: 1 }, /holdout_fraction must be in \[0, 1\), got 1/],
    [{ data: DATA, calibrationQuantile: 1.5 }, /calibration_quantile must be in \(0, 1\)/],
    [
      { data: DATA, classMap: { NEV: 0, MEL: 2 } },
      /label of "MEL" must be 0 \(normal\) or 1 \(anomalous\), got 2/,
    ],
    [{ data: DATA, outdir: { key: "../up" } }, /outdir key "..\/up" must be a relative store key prefix/],
  ];
  for (const [request, message] of cases) {
    const { code, message: got } = refusal(() => pipelineSpec(wire(request), "p"));
    assert.equal(code, Code.INVALID_ARGUMENT, got);
    assert.match(got, message);
  }
});

test("planSteps(): GAN and encoder training only when not given, the held-out steps only with a hold-out", () => {
  const names = (request: StartPipelineRequest) =>
    planSteps(pipelineSpec(wire({ data: DATA, ...request }), "p")).map((s) => s.name);
  assert.deepEqual(names({}), [
    "prepare_train",
    "prepare_holdout",
    "prepare_test",
    "train_gan",
    "train_encoder",
    "reconstruct_test",
    "reconstruct_holdout",
    "score_test",
    "score_holdout",
    "calibrate",
    "report",
  ]);
  assert.deepEqual(names({ gan: { path: "/g.pkl" }, holdoutFraction: 0 }), [
    "prepare_train",
    "prepare_test",
    "train_encoder",
    "reconstruct_test",
    "score_test",
    "report",
  ]);
  assert.deepEqual(names({ gan: { path: "/g.pkl" }, encoder: { path: "/e.safetensors" } }), [
    "prepare_holdout",
    "prepare_test",
    "reconstruct_test",
    "reconstruct_holdout",
    "score_test",
    "score_holdout",
    "calibrate",
    "report",
  ]);
  const steps = planSteps(pipelineSpec(wire({ data: DATA, resume: { path: "/r.pkl" } }), "p"));
  assert.deepEqual(steps.find((s) => s.name === "reconstruct_holdout")?.needs, [
    "prepare_holdout",
    "reconstruct_test",
    "train_gan",
    "train_encoder",
  ]);
  assert.deepEqual(steps.find((s) => s.name === "report")?.needs, [
    "score_test",
    "reconstruct_test",
    "calibrate",
  ]);
});

test("stepRequest() links each step's inputs to the outputs of the steps it needs, with derived request ids", () => {
  const spec = pipelineSpec(
    wire({ data: DATA, preset: "tiny", seed: 7, resume: { path: "/r.pkl" } }),
    "pipeline-1",
  );
  const ref = (uri: string) => ({ uri, sha256: "a".repeat(64), sizeBytes: 1, mediaType: "" });
  const outputs = {
    prepare_train: [
      ref("file:///s/pipelines/pipeline-1/datasets/train.zip"),
      ref("file:///s/x/train.manifest.json"),
    ],
    train_gan: [
      ref("file:///s/g/network-snapshot-000000.032.safetensors"),
      ref("file:///s/g/fakes000000.032.png"),
      ref("file:///s/g/network-snapshot-000000.016.safetensors"),
    ],
  };
  const holdout = stepRequest("prepare_holdout", spec, { pipelineId: "pipeline-1", outputs });
  assert.equal(holdout["requestId"], "pipeline-1.prepare_holdout");
  assert.deepEqual(holdout["split"], { fraction: 0.1, seed: 7, part: "SPLIT_PART_HELD_OUT" });
  assert.deepEqual(holdout["classMap"], { NEV: 0 });
  assert.deepEqual(holdout["dest"], { key: "pipelines/pipeline-1/datasets/holdout.zip" });
  assert.equal(holdout["width"], 16);
  const gan = stepRequest("train_gan", spec, { pipelineId: "pipeline-1", outputs });
  assert.deepEqual(gan["dataset"], { artifact: outputs.prepare_train[0] });
  assert.deepEqual(gan["resume"], { path: "/r.pkl" });
  assert.equal(gan["seed"], 7);
  const encoder = stepRequest("train_encoder", spec, { pipelineId: "pipeline-1", outputs });
  assert.deepEqual(encoder["gan"], { artifact: outputs.train_gan[0] }, "the last snapshot");
  assert.throws(
    () => stepRequest("reconstruct_test", spec, { pipelineId: "pipeline-1", outputs }),
    /Step prepare_test succeeded but its outputs hold no data set zip/,
  );
});
