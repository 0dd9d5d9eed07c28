import assert from "node:assert/strict";
import { test } from "node:test";
import { Code, type StartGanTrainingRequest__Output, StatusError } from "@dermanomaly/contracts";
import { ganTrainingSettings, withDataset } from "./options.ts";
import { snapshotTag } from "./train_job.ts";

// A request as the wire delivers it when a client sets only the data set and the batch.
const wire = (over: Partial<StartGanTrainingRequest__Output> = {}): StartGanTrainingRequest__Output => ({
  requestId: "",
  dataset: { path: "/data/nev.zip", kind: "path" },
  outdir: null,
  cfg: "GAN_CONFIG_UNSPECIFIED",
  batch: 32,
  batchGpu: 0,
  mapDepth: 0,
  glr: 0,
  dlr: 0,
  cbase: 0,
  cmax: 0,
  mbstdGroup: 0,
  kimg: 0,
  tick: 0,
  snap: 0,
  mirror: false,
  aug: "AUGMENT_MODE_UNSPECIFIED",
  target: 0,
  resume: null,
  seed: 0,
  cond: false,
  freezed: 0,
  desc: "",
  metrics: [],
  emaKimg: 0,
  adaKimg: 0,
  backend: "TRAINING_BACKEND_AUTO",
  ...over,
});

test("unset options get train.py's --cfg=stylegan2 defaults", () => {
  const s = ganTrainingSettings(wire());
  assert.deepEqual(s.training, {
    batch: 32,
    batchGpu: 32,
    cbase: 32768,
    cmax: 512,
    mapDepth: 8,
    mbstdGroup: 4,
    plBatchShrink: 2,
    glr: 0.002,
    dlr: 0.002,
    kimg: 25000,
    tick: 4,
    snap: 50,
    mirror: false,
    aug: "ada",
    target: 0.6,
    p: 0.2,
    seed: 0,
    resumed: false,
  });
  assert.equal(s.backend, "auto");
  // No gamma: StyleGAN2-ADA's heuristic 0.0002 * res^2 / batch, once the data set gives the resolution.
  const o = withDataset(s, { resolution: 256, imgChannels: 3 });
  assert.ok(Math.abs(o.gamma - (0.0002 * 256 * 256) / 32) < 1e-12);
  assert.equal(o.resolution, 256);
});

test("the method's options pass through, a resume changes the defaults that depend on it", () => {
  const s = ganTrainingSettings(
    wire({
      batch: 16,
      batchGpu: 4,
      gamma: 0.8192,
      mapDepth: 2,
      glr: 0.0025,
      dlr: 0.0025,
      cbase: 16384,
      kimg: 50,
      snap: 5,
      seed: 9,
      emaRampup: 0,
      aug: "AUGMENT_MODE_FIXED",
      p: 0.3,
      resume: { path: "/m/ffhq.pkl", kind: "path" },
      backend: "TRAINING_BACKEND_WASM",
    }),
  );
  const o = withDataset(s, { resolution: 256, imgChannels: 3 });
  assert.equal(o.gamma, 0.8192);
  assert.equal(o.batchGpu, 4);
  assert.equal(o.mapDepth, 2);
  assert.equal(o.cbase, 16384);
  assert.equal(o.kimg, 50);
  assert.equal(o.snap, 5);
  assert.equal(o.seed, 9);
  assert.equal(o.aug, "fixed");
  assert.equal(o.p, 0.3);
  assert.equal(o.resumed, true);
  assert.equal(o.emaRampup, null);
  assert.equal(s.backend, "wasm");
});

test("unsupported or out-of-range options are INVALID_ARGUMENT with what to change", () => {
  const cases: [Partial<StartGanTrainingRequest__Output>, RegExp][] = [
    [{ batch: 0 }, /^Batch is required \(--batch\)/],
    [{ batch: 10 }, /multiple of the minibatch-stddev group "4"/],
    [{ batchGpu: 12 }, /Batch "32" must be a multiple of batch_gpu "12" \(--batch-gpu\)/],
    [{ batchGpu: 2 }, /batch_gpu "2" must be a multiple of the minibatch-stddev group "4"/],
    [{ cond: true }, /--cond\) is not supported/],
    [{ freezed: 1 }, /freezed "1" is not supported/],
    [{ metrics: ["fid50k_full"] }, /no quality metric is computed/],
    [{ gamma: -1 }, /Gamma must be >= 0/],
    [{ target: 1 }, /Target must be in \(0, 1\)/],
    [{ p: 2 }, /p must be in \[0, 1\]/],
    [{ desc: "a/b" }, /desc "a\/b" may hold only/],
    [{ dataset: null }, /A data set is required/],
  ];
  for (const [over, pattern] of cases) {
    assert.throws(
      () => ganTrainingSettings(wire(over)),
      (e: unknown) => e instanceof StatusError && e.code === Code.INVALID_ARGUMENT && pattern.test(e.message),
      JSON.stringify(over),
    );
  }
  assert.doesNotThrow(() => ganTrainingSettings(wire({ metrics: ["none"] })));
  assert.throws(
    () => withDataset(ganTrainingSettings(wire()), { resolution: 48, imgChannels: 3 }),
    /resolution "48" is not usable/,
  );
});

test("the path length uses half of each batch_gpu round, and the one image of a round of one", () => {
  assert.equal(ganTrainingSettings(wire({ batch: 16, batchGpu: 4 })).training.plBatchShrink, 2);
  const one = ganTrainingSettings(wire({ batch: 16, batchGpu: 1, mbstdGroup: 1 })).training;
  assert.equal(one.batchGpu, 1);
  assert.equal(one.plBatchShrink, 1);
});

test("snapshotTag() names snapshots by whole kimg as upstream, with the fraction for fractional ticks", () => {
  assert.equal(snapshotTag(64, 4), "000000");
  assert.equal(snapshotTag(25_024, 4), "000025");
  assert.equal(snapshotTag(200, 0.1), "000000.200");
  assert.equal(snapshotTag(1_400, 0.2), "000001.400");
});
