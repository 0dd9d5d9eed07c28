import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, test } from "node:test";
import { type ArtifactStore, openArtifactStore } from "@dermanomaly/artifacts";
import {
  type CalibrateRequest,
  type CalibrateResponse__Output,
  Code,
  EVENTS,
  eventCodec,
  type JobRef__Output,
  type Progress__Output,
  type ServiceClients,
  type StartScoringRequest,
} from "@dermanomaly/contracts";
import { applyTransform, encodePng, type RgbImage } from "@dermanomaly/imaging";
import {
  openReconstructionModels,
  type ReconstructionSet,
  readReconstructionSet,
  reconstructSource,
} from "@dermanomaly/reconstruction";
import { type RunningService, serveStageInProcess } from "@dermanomaly/runtime";
import {
  fitCalibration,
  readCalibration,
  readScoreSheet,
  scoreReconstructionSet,
  writeScoreSheet,
} from "@dermanomaly/scoring";
import { renderLesion } from "@dermanomaly/synthetic";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { scorerHandlers } from "./mod.ts";

const MODELS = join(import.meta.dirname, "fixtures", "models");

let nats: NatsServer;
let service: RunningService;
let client: ServiceClients["scorer"];
let nc: NatsConnection;
let store: ArtifactStore;
let tmp: string;
/** A reconstruction set of 5 naevi and 4 melanomas, and one of 4 training naevi, made by the tiny ONNX models. */
let setDir: string;
let trainDir: string;
let set: ReconstructionSet;

/** Synthetic lesion photos, centre-cropped and resized to the networks' 16x16, as PNGs in class folders. */
async function writePhotos(dir: string, counts: Record<string, number>, seed: number): Promise<void> {
  for (const [kind, n] of Object.entries(counts)) {
    mkdirSync(join(dir, kind), { recursive: true });
    for (let k = 0; k < n; k++) {
      const photo = renderLesion({
        kind: kind as "NEV" | "MEL",
        width: 64,
        height: 48,
        seed: seed + 100 * k,
      });
      const x = applyTransform(photo, { transform: "center-crop", width: 16, height: 16 }) as RgbImage;
      writeFileSync(join(dir, kind, `${kind}_${k}.jpg.png`), await encodePng(x));
    }
  }
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "scorer-test-"));
  await writePhotos(join(tmp, "photos", "test"), { NEV: 5, MEL: 4 }, 1);
  await writePhotos(join(tmp, "photos", "train"), { NEV: 4 }, 2);
  const models = await openReconstructionModels(
    {
      encoder: join(MODELS, "E.onnx"),
      generator: join(MODELS, "G.onnx"),
      discriminator: join(MODELS, "D.onnx"),
    },
    { threads: 1 },
  );
  try {
    setDir = join(tmp, "set");
    trainDir = join(tmp, "train-set");
    await reconstructSource(models, { source: join(tmp, "photos", "test"), dest: setDir });
    await reconstructSource(models, { source: join(tmp, "photos", "train"), dest: trainDir });
  } finally {
    await models.close();
  }
  set = await readReconstructionSet(setDir);
  nats = await startNatsServer();
  ({ service, client } = await serveStageInProcess("scorer", scorerHandlers, {
    natsUrl: nats.url,
    root: tmp,
  }));
  nc = await connect({ servers: nats.url });
  store = await openArtifactStore({ uri: `file://${join(tmp, "artifacts")}` });
});

after(async () => {
  client?.close();
  await store?.close();
  await nc?.close();
  await service?.stop();
  await nats?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function start(request: StartScoringRequest): Promise<JobRef__Output> {
  return new Promise((ok, fail) =>
    client.StartScoring(request, (e, r) => (e ? fail(e) : ok(r as JobRef__Output))),
  );
}

function watch(job: JobRef__Output): Promise<Progress__Output> {
  return new Promise((ok, fail) => {
    let last: Progress__Output | undefined;
    const s = client.Watch(job);
    s.on("data", (p: Progress__Output) => {
      last = p;
    });
    s.on("error", fail);
    s.on("end", () => (last === undefined ? fail(new Error("no progress")) : ok(last)));
  });
}

async function run(request: StartScoringRequest): Promise<Progress__Output> {
  return watch(await start(request));
}

function calibrateCall(request: CalibrateRequest): Promise<CalibrateResponse__Output> {
  return new Promise((ok, fail) =>
    client.Calibrate(request, (e, r) => (e ? fail(e) : ok(r as CalibrateResponse__Output))),
  );
}

/** The status a refused call answers with. */
function refusal<T>(call: Promise<T>): Promise<{ code: number; details: string }> {
  return call.then(
    () => ({ code: Code.OK, details: "" }),
    (e: { code: number; details: string }) => ({ code: e.code, details: e.details }),
  );
}

test("StartScoring writes one sheet per score, equal to the scoring library on the same set, and announces them once", async () => {
  const out = join(tmp, "scores-a");
  const request: StartScoringRequest = {
    requestId: "score-a",
    reconstruction: { path: setDir },
    scores: [
      { method: "SCORE_METHOD_IZIF", alpha: 0.5 },
      { method: "SCORE_METHOD_PAIRWISE" },
      { method: "SCORE_METHOD_DISTANCE", metric: "DISTANCE_METRIC_MANHATTAN", alpha: 1, kappa: 1 },
      { method: "SCORE_METHOD_HUE_SPREAD" },
    ],
    output: { path: out },
  };
  const job = await start(request);
  const last = await watch(job);
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  assert.equal(last.metrics["scored"], 9);
  assert.equal(last.done, 9);
  const tags = ["izif_a0.5", "pairwise_a1", "distance_manhattan_a1", "hue-spread"];
  assert.deepEqual(
    last.outputs.map((o) => o.uri.split("/").pop()),
    tags.flatMap((t) => [`${t}.xlsx`, `${t}.csv`]),
  );
  const expected = await scoreReconstructionSet(set, [
    { method: "izif", alpha: 0.5 },
    { method: "pairwise" },
    { method: "distance", metric: "manhattan" },
    { method: "hue-spread" },
  ]);
  for (const [k, tag] of tags.entries()) {
    for (const ext of ["xlsx", "csv"]) {
      const sheet = await readScoreSheet(join(out, `${tag}.${ext}`));
      const want = expected.sheets[k]!;
      assert.deepEqual([...sheet.scores], [...want.scores], `${tag}.${ext}`);
      assert.deepEqual([...sheet.labels], [...want.labels]);
      assert.equal(sheet.labels.filter((l) => l === 1).length, 4);
      assert.deepEqual(sheet.imageNames, want.imageNames);
    }
  }
  const meta = (await readScoreSheet(join(out, "izif_a0.5.xlsx"))).meta;
  assert.equal(meta["produced_by"], `scorer/${job.id}`);
  assert.equal(meta["reconstruction_set"], setDir);
  assert.equal(meta["alpha"], "0.5");

  // The same request id is the same job, not a second run.
  assert.equal((await start(request)).id, job.id);
  const consumer = await jetstream(nc).consumers.get("DERMANOMALY_EVENTS", {
    filter_subjects: EVENTS.scoresComputed.subject,
  });
  const events = [];
  for (
    let m = await consumer.next({ expires: 1000 });
    m !== null;
    m = await consumer.next({ expires: 1000 })
  ) {
    const e = eventCodec("scoresComputed").decode(m.data);
    if (e.job?.id === job.id) events.push(e);
  }
  assert.equal(events.length, 1);
  const event = events[0]!;
  assert.deepEqual(
    event.sheets.map((s) => [s.tag, s.rows, s.spec?.method]),
    [
      ["izif_a0.5", 9, "SCORE_METHOD_IZIF"],
      ["pairwise_a1", 9, "SCORE_METHOD_PAIRWISE"],
      ["distance_manhattan_a1", 9, "SCORE_METHOD_DISTANCE"],
      ["hue-spread", 9, "SCORE_METHOD_HUE_SPREAD"],
    ],
  );
  assert.equal(event.sheets[2]?.spec?.metric, "DISTANCE_METRIC_MANHATTAN");
  assert.equal(event.sheets[0]?.spec?.kappa, 1);
  assert.equal(event.count, 9);
  assert.equal(event.sheets[0]?.xlsx?.sha256, last.outputs[0]?.sha256);
  assert.match(event.lineage?.configJson ?? "", /"izif_a0\.5"/);
  assert.equal(event.lineage?.producedBy?.id, job.id);
});

test("afs generates with the set's own G and D: with the set's latents as reference, its nearest neighbour is itself and afs is the set's feature error", async () => {
  await store.putFile("models/G.onnx", join(MODELS, "G.onnx"));
  await store.putFile("models/D.onnx", join(MODELS, "D.onnx"));
  const out = join(tmp, "scores-afs");
  const last = await run({
    reconstruction: { path: setDir },
    scores: [
      { method: "SCORE_METHOD_AFS", neighbours: 1 },
      { method: "SCORE_METHOD_ALS", neighbours: 1 },
    ],
    referenceLatents: { path: join(setDir, "latent_vectors.csv") },
    generator: { key: "models/G.onnx" },
    discriminator: { artifact: await store.stat("models/D.onnx") },
    output: { path: out },
  });
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  const afs = await readScoreSheet(join(out, "afs_n1.xlsx"));
  const als = await readScoreSheet(join(out, "als_n1.xlsx"));
  for (let i = 0; i < 9; i++) {
    assert.ok((als.scores[i] as number) < 1e-6, `als ${i}: ${als.scores[i]}`);
    const want = set.featuresMse[i] as number;
    assert.ok(Math.abs((afs.scores[i] as number) - want) <= 1e-5 * Math.max(want, 1e-6), `afs ${i}`);
  }
  assert.match(afs.meta["reference"] ?? "", /latent_vectors\.csv$/);

  // Without models given, the set's own are found in the reconstructor's model cache by their digests.
  const afsOnly = {
    reconstruction: { path: setDir },
    scores: [{ method: "SCORE_METHOD_AFS" as const, neighbours: 1 }],
    referenceLatents: { path: join(setDir, "latent_vectors.csv") },
    output: { path: join(tmp, "scores-afs-cached") },
  };
  const uncached = await run(afsOnly);
  assert.equal(uncached.errorCode, "FAILED_PRECONDITION");
  assert.match(
    uncached.error,
    /which the reconstructor's model cache does not hold: give them as generator and discriminator/,
  );
  const record = {
    key: "k1",
    generator: {
      model: await store.stat("models/G.onnx"),
      data: null,
      digest: set.info.lineage.onnx.generator,
    },
    discriminator: {
      model: await store.stat("models/D.onnx"),
      data: null,
      digest: set.info.lineage.onnx.discriminator,
    },
  };
  await store.put(
    "models/onnx/k0/models.json",
    Buffer.from(JSON.stringify({ ...record, generator: { digest: "0" } })),
  );
  await store.put("models/onnx/k1/models.json", Buffer.from(JSON.stringify(record)));
  const cached = await run(afsOnly);
  assert.equal(cached.state, "JOB_STATE_SUCCEEDED", cached.error);
  const again = await readScoreSheet(join(tmp, "scores-afs-cached", "afs_n1.xlsx"));
  assert.deepEqual([...again.scores], [...afs.scores]);

  // A generator that did not make the set is refused: a score never mixes models.
  const wrong = await run({
    reconstruction: { path: setDir },
    scores: [{ method: "SCORE_METHOD_AFS" }],
    referenceLatents: { path: join(trainDir, "latent_vectors.csv") },
    generator: { path: join(MODELS, "D.onnx") },
    discriminator: { path: join(MODELS, "D.onnx") },
  });
  assert.equal(wrong.state, "JOB_STATE_FAILED");
  assert.equal(wrong.errorCode, "FAILED_PRECONDITION");
  assert.match(
    wrong.error,
    /The generator model ".*D\.onnx" .* is not the one that made the reconstruction set/,
  );
});

test("a set under a store key is scored from the store and its sheets go under the key asked for", async () => {
  for (const file of readdirSync(setDir, { recursive: true, encoding: "utf8" })) {
    const path = join(setDir, file);
    if (file.includes(".") && !file.startsWith(".")) await store.putFile(`runs/r1/set/${file}`, path);
  }
  const last = await run({
    reconstruction: { key: "runs/r1/set/" },
    scores: [{ method: "SCORE_METHOD_IZIF" }, { method: "SCORE_METHOD_HUE_SPREAD" }],
    classMap: { MEL: 1, NEV: 0 },
    output: { key: "runs/r1/scores/" },
  });
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  assert.deepEqual(
    last.outputs.map((o) => o.uri.slice(o.uri.indexOf("runs/"))),
    ["izif_a1.xlsx", "izif_a1.csv", "hue-spread.xlsx", "hue-spread.csv"].map((f) => `runs/r1/scores/${f}`),
  );
  const local = join(tmp, "from-store.xlsx");
  await store.getToFile("runs/r1/scores/izif_a1.xlsx", local);
  const sheet = await readScoreSheet(local);
  assert.deepEqual(
    [...sheet.scores],
    [...(await scoreReconstructionSet(set, [{ method: "izif" }])).sheets[0]!.scores],
  );
  assert.equal(sheet.meta["reconstruction_set"], `${store.uriOf("runs/r1/set")}/`);
  // The artifact of any file of the set names the set too.
  const byArtifact = await run({
    reconstruction: { artifact: await store.stat("runs/r1/set/reconstruction_set.csv") },
    scores: [{ method: "SCORE_METHOD_PAIRWISE" }],
  });
  assert.equal(byArtifact.state, "JOB_STATE_SUCCEEDED", byArtifact.error);
  assert.match(byArtifact.outputs[0]?.uri ?? "", /scores\/[^/]+\/pairwise_a1\.xlsx$/);
});

test("bad scoring requests are refused on the call with a status that says what to change", async () => {
  const base: StartScoringRequest = { reconstruction: { path: setDir } };
  const cases: [StartScoringRequest, Code, RegExp][] = [
    [{}, Code.INVALID_ARGUMENT, /reconstruction is required/],
    [
      { reconstruction: { path: join(tmp, "nope") } },
      Code.NOT_FOUND,
      /reconstruction path ".*nope" does not exist/,
    ],
    [{ reconstruction: { key: "runs/none/" } }, Code.NOT_FOUND, /holds no reconstruction set/],
    [
      { ...base, scores: [{ method: "SCORE_METHOD_IZIF", metric: "DISTANCE_METRIC_COSINE" }] },
      Code.INVALID_ARGUMENT,
      /Score 1: Option 'metric' does not apply to the 'izif' score/,
    ],
    [
      { ...base, scores: [{ method: "SCORE_METHOD_IZIF" }, { method: "SCORE_METHOD_IZIF", alpha: 1 }] },
      Code.INVALID_ARGUMENT,
      /Score 'izif_a1' is asked for twice/,
    ],
    [
      { ...base, scores: [{ method: "SCORE_METHOD_PAIRWISE", alpha: 0, kappa: 0 }] },
      Code.INVALID_ARGUMENT,
      /must not both be 0/,
    ],
    [{ ...base, scores: [{}] }, Code.INVALID_ARGUMENT, /Score 1 has no method/],
    [
      { ...base, scores: [{ method: "SCORE_METHOD_ALS" }] },
      Code.INVALID_ARGUMENT,
      /als_n5 search reference latents: give reference_latents/,
    ],
    [
      { ...base, classMap: { NEV: 2 } },
      Code.INVALID_ARGUMENT,
      /Label of class 'NEV' must be 0 or 1, got '2'/,
    ],
    [{ ...base, generator: { path: join(MODELS, "G.onnx") } }, Code.INVALID_ARGUMENT, /only used by afs/],
    [
      { ...base, output: { artifact: { uri: "file:///x" } } },
      Code.INVALID_ARGUMENT,
      /cannot be an existing artifact/,
    ],
  ];
  for (const [request, code, pattern] of cases) {
    const r = await refusal(start(request));
    assert.equal(r.code, code, `${JSON.stringify(request)}: ${r.details}`);
    assert.match(r.details, pattern);
  }
});

test("a set with no image of the class map's classes fails the job as INVALID_ARGUMENT and stores no sheet", async () => {
  const last = await run({
    reconstruction: { path: setDir },
    classMap: { BKL: 0 },
    output: { key: "runs/none/" },
  });
  assert.equal(last.state, "JOB_STATE_FAILED");
  assert.equal(last.errorCode, "INVALID_ARGUMENT");
  assert.match(last.error, /has no image of the classes BKL \(its classes: MEL, NEV\)/);
  assert.deepEqual(await store.list("runs/none/"), []);
});

test("Calibrate fits numpy's quantile of a held-out normals sheet, stores calibration.json and copies it where asked", async () => {
  // The training naevi stand for held-out normals: their sheet has label 0 only.
  const normals = join(tmp, "normals");
  const scored = await run({
    reconstruction: { path: trainDir },
    scores: [{ method: "SCORE_METHOD_PAIRWISE", alpha: 0.5 }],
    output: { path: normals },
  });
  assert.equal(scored.state, "JOB_STATE_SUCCEEDED", scored.error);
  const sheet = await readScoreSheet(join(normals, "pairwise_a0.5.xlsx"), { classes: "normal" });
  const out = join(tmp, "cal", "pairwise.json");
  const res = await calibrateCall({
    scores: { path: join(normals, "pairwise_a0.5.xlsx") },
    quantile: 0.9,
    output: { path: out },
  });
  const want = fitCalibration(sheet.scores, { quantile: 0.9 });
  assert.equal(res.calibration?.threshold, want.threshold);
  assert.equal(res.calibration?.normMin, want.normalisation.min);
  assert.equal(res.calibration?.normMax, want.normalisation.max);
  assert.equal(res.calibration?.count, 4);
  assert.equal(res.calibration?.tag, "pairwise_a0.5");
  assert.equal(res.calibration?.method, "pairwise");
  const written = await readCalibration(out);
  assert.equal(written.threshold, want.threshold);
  assert.equal(written.sheet["alpha"], "0.5");
  assert.match(res.artifact?.uri ?? "", /calibrations\/pairwise_a0\.5\/.+\/pairwise\.json$/);
  assert.equal(res.artifact?.sha256.length, 64);

  // From the store, with the default quantile, to a key.
  await store.putFile("runs/val/pairwise_a0.5.csv", join(normals, "pairwise_a0.5.csv"));
  const keyed = await calibrateCall({
    scores: { key: "runs/val/pairwise_a0.5.csv" },
    output: { key: "runs/val/" },
  });
  assert.equal(keyed.calibration?.quantile, 0.95);
  assert.equal(keyed.calibration?.tag, "pairwise_a0.5");
  assert.equal(keyed.calibration?.source, store.uriOf("runs/val/pairwise_a0.5.csv"));
  assert.match(keyed.artifact?.uri ?? "", /runs\/val\/calibration\.json$/);
});

test("Calibrate refuses a sheet with an anomalous row, a missing or NaN score, unknown columns, or no rows, naming file, column and row", async () => {
  const dir = join(tmp, "bad-sheets");
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    "mel.csv": "score,label\n0.1,0\n0.2,1\n",
    "nan.csv": "score,label\n0.1,0\nNaN,0\n",
    "missing.csv": "score,label\n0.1,0\n,0\n",
    "extra.csv": "score,label,colour\n0.1,0,red\n",
    "empty.csv": "score,label\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const cases: [string, RegExp][] = [
    [
      "mel.csv",
      /mel\.csv', column 'label', row 3: label 1 \(anomalous\); a calibration is fitted on held-out normal images only/,
    ],
    ["nan.csv", /nan\.csv', column 'score', row 3: 'NaN' is not a finite number/],
    ["missing.csv", /missing\.csv', column 'score', row 3: the score is missing/],
    ["extra.csv", /extra\.csv': unknown column 'colour'/],
    ["empty.csv", /empty\.csv': it has no rows/],
  ];
  for (const [name, pattern] of cases) {
    const r = await refusal(
      calibrateCall({ scores: { path: join(dir, name) }, output: { key: `bad/${name}/` } }),
    );
    assert.equal(r.code, Code.INVALID_ARGUMENT, `${name}: ${r.details}`);
    assert.match(r.details, pattern);
  }
  // A sheet from the store is named by its URI, not by the service's copy.
  await store.putFile("bad/nan.csv", join(dir, "nan.csv"));
  const stored = await refusal(calibrateCall({ scores: { key: "bad/nan.csv" } }));
  assert.match(
    stored.details,
    new RegExp(`Score sheet '${store.uriOf("bad/nan.csv")}', column 'score', row 3`),
  );
  const missing = await refusal(calibrateCall({ scores: { path: join(dir, "absent.csv") } }));
  assert.equal(missing.code, Code.NOT_FOUND);
  const q = await refusal(calibrateCall({ scores: { path: join(dir, "mel.csv") }, quantile: 1.5 }));
  assert.equal(q.code, Code.INVALID_ARGUMENT);
  assert.match(q.details, /quantile must be in \(0, 1\)/);
  // Nothing was stored for any refused sheet.
  assert.deepEqual(
    (await store.list("bad/")).map((a) => relative("bad", a.key)),
    ["nan.csv"],
  );
  // A sheet written by the library with an anomalous row is refused the same way.
  await writeScoreSheet(
    { scores: [1, 2], labels: [0, 1], imageNames: ["a", "b"], meta: {} },
    join(dir, "s.xlsx"),
  );
  const r = await refusal(calibrateCall({ scores: { path: join(dir, "s.xlsx") } }));
  assert.match(r.details, /sheet 'scores', column 'label', row 3: label 1/);
  assert.ok(readFileSync(join(dir, "s.xlsx")).length > 0);
});
