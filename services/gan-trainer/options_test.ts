import assert from "node:assert/strict";
import { test } from "node:test";
import { Code, type StartGanTrainingRequest__Output, StatusError } from "@dermanomaly/contracts";
import { trainingConfig } from "@dermanomaly/gan/training";
import { trainingBackend, trainingOptions } from "./options.ts";
import { snapshotTag } from "./run_folder.ts";

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

test("unset options (0 on the wire) are left out, so the library applies train.py's defaults", () => {
  assert.deepEqual(trainingOptions(wire()), {
    batch: 32,
    mirror: false,
    seed: 0,
    resumed: false,
    cond: false,
    freezed: 0,
    metrics: [],
    desc: "",
  });
  assert.equal(trainingBackend(wire()), "auto");
  const c = trainingConfig({ ...trainingOptions(wire()), resolution: 256 });
  assert.deepEqual([c.cbase, c.mapDepth, c.kimg, c.tick, c.snap, c.aug], [32768, 8, 25000, 4, 50, "ada"]);
});

test("the method's options pass through unchanged, enum names mapped", () => {
  const o = trainingOptions(
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
  assert.deepEqual(
    [
      o.batchGpu,
      o.gamma,
      o.mapDepth,
      o.glr,
      o.cbase,
      o.kimg,
      o.snap,
      o.seed,
      o.aug,
      o.p,
      o.resumed,
      o.emaRampup,
    ],
    [4, 0.8192, 2, 0.0025, 16384, 50, 5, 9, "fixed", 0.3, true, null],
  );
  assert.equal(trainingBackend(wire({ backend: "TRAINING_BACKEND_WASM" })), "wasm");
});

test("NaN, infinite and negative values are passed on to be refused, never replaced by a default", () => {
  for (const kimg of [Number.NaN, Number.POSITIVE_INFINITY, -3]) {
    const o = trainingOptions(wire({ kimg, tick: kimg }));
    assert.ok(Object.is(o.kimg, kimg) && Object.is(o.tick, kimg));
    assert.throws(() => trainingConfig({ ...o, resolution: 256 }), RangeError);
  }
});

test("an enum value this version does not know is INVALID_ARGUMENT", () => {
  for (const over of [{ cfg: "GAN_CONFIG_STYLEGAN3" }, { aug: "AUGMENT_MODE_SOMETIMES" }] as const) {
    assert.throws(
      () => trainingOptions(wire(over as unknown as Partial<StartGanTrainingRequest__Output>)),
      (e: unknown) => e instanceof StatusError && e.code === Code.INVALID_ARGUMENT,
    );
  }
  assert.throws(
    () => trainingBackend(wire({ backend: "TRAINING_BACKEND_TPU" as "TRAINING_BACKEND_AUTO" })),
    /Unknown backend "TRAINING_BACKEND_TPU"/,
  );
});

test("snapshotTag() names snapshots by whole kimg as upstream, with the fraction for fractional ticks", () => {
  assert.equal(snapshotTag(64, 4), "000000");
  assert.equal(snapshotTag(25_024, 4), "000025");
  assert.equal(snapshotTag(200, 0.1), "000000.200");
  assert.equal(snapshotTag(1_400, 0.2), "000001.400");
});
