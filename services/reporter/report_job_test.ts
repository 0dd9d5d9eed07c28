import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type ArtifactStore, openArtifactStore } from "@dermanomaly/artifacts";
import {
  Code,
  EVENTS,
  eventCodec,
  type JobRef__Output,
  type Progress__Output,
  type ReportReady__Output,
  type ServiceClients,
  type StartReportRequest,
  type StartTsneRequest,
} from "@dermanomaly/contracts";
import type { SheetMetrics } from "@dermanomaly/evaluation";
import { type RunningService, serveStageInProcess } from "@dermanomaly/runtime";
import { fitCalibration, readScoreSheet, writeCalibration } from "@dermanomaly/scoring";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { reporterHandlers } from "./mod.ts";
import { classFromName } from "./tsne_job.ts";

// The report library's fixture run: 12 naevi and 12 melanomas reconstructed into a set, and their score sheets.
const RUN = join(import.meta.dirname, "../../libs/report/fixtures/run");
const SCORES = join(RUN, "scores");
const SET = join(RUN, "set");
const TAGS = ["izif_a0.5", "pairwise_a1", "distance_manhattan_a1"];

let nats: NatsServer;
let service: RunningService;
let client: ServiceClients["reporter"];
let nc: NatsConnection;
let store: ArtifactStore;
let tmp: string;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "reporter-test-"));
  nats = await startNatsServer();
  ({ service, client } = await serveStageInProcess("reporter", reporterHandlers, {
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

function startReport(request: StartReportRequest): Promise<JobRef__Output> {
  return new Promise((ok, fail) =>
    client.StartReport(request, (e, r) => (e ? fail(e) : ok(r as JobRef__Output))),
  );
}

function startTsne(request: StartTsneRequest): Promise<JobRef__Output> {
  return new Promise((ok, fail) =>
    client.StartTsne(request, (e, r) => (e ? fail(e) : ok(r as JobRef__Output))),
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

function refusal<T>(call: Promise<T>): Promise<{ code: number; details: string }> {
  return call.then(
    () => ({ code: Code.OK, details: "" }),
    (e: { code: number; details: string }) => ({ code: e.code, details: e.details }),
  );
}

async function reportEvents(jobId: string): Promise<ReportReady__Output[]> {
  const consumer = await jetstream(nc).consumers.get("DERMANOMALY_EVENTS", {
    filter_subjects: EVENTS.reportReady.subject,
  });
  const events: ReportReady__Output[] = [];
  for (
    let m = await consumer.next({ expires: 1000 });
    m !== null;
    m = await consumer.next({ expires: 1000 })
  ) {
    const e = eventCodec("reportReady").decode(m.data);
    if (e.job?.id === jobId) events.push(e);
  }
  return events;
}

/** Whether a file is a PNG with a plausible size (its IHDR width and height). */
function isPng(path: string): boolean {
  const bytes = readFileSync(path);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return (
    bytes.subarray(0, 8).equals(signature) && bytes.readUInt32BE(16) > 100 && bytes.readUInt32BE(20) > 100
  );
}

const sheet = (tag: string, ext = "xlsx") => ({ sheet: { path: join(SCORES, `${tag}.${ext}`) } });

test("StartReport writes report.html, metrics, plots, t-SNE and thumbnails into a folder and announces the figures once", async () => {
  const out = join(tmp, "report-a");
  const request: StartReportRequest = {
    requestId: "report-a",
    sheets: TAGS.map((t) => sheet(t)),
    baseline: sheet("hue-spread", "csv"),
    reconstructionSets: [{ path: SET }],
    tsne: { perplexity: 5, seed: 2 },
    resamples: 200,
    title: "Fixture run",
    output: { path: out },
  };
  const job = await startReport(request);
  const last = await watch(job);
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  assert.deepEqual(
    last.outputs.slice(0, 2).map((o) => o.uri.split("/").pop()),
    ["report.html", "summary.json"],
  );
  assert.ok(!last.outputs.some((o) => o.uri.includes("/thumbs/")));
  for (const file of ["report.html", "summary.json", "graphics/tsne.png", "graphics/tsne.csv"]) {
    assert.ok(existsSync(join(out, file)), file);
  }
  for (const tag of [...TAGS, "hue-spread"]) {
    for (const file of [
      `${tag}/metrics.json`,
      `graphics/violon_${tag}.png`,
      `graphics/confMatrix_${tag}.png`,
      `graphics/report_${tag}.png`,
      `graphics/roc_${tag}.png`,
      `graphics/roc_${tag}.csv`,
      `graphics/pr_${tag}.png`,
      `graphics/pr_${tag}.csv`,
    ]) {
      assert.ok(existsSync(join(out, file)), file);
    }
    assert.ok(isPng(join(out, `graphics/roc_${tag}.png`)));
  }
  assert.equal(
    readdirSync(join(out, "thumbs"), { recursive: true }).filter((f) => String(f).endsWith(".jpg")).length,
    72,
  );
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  assert.equal(summary.baseline, "hue-spread");
  assert.equal(summary.tsne.perplexity, 5);
  assert.equal(summary.tsne.seed, 2);
  assert.match(readFileSync(join(out, "report.html"), "utf8"), /<title>Fixture run<\/title>/);

  const events = await reportEvents(job.id);
  assert.equal(events.length, 1);
  const event = events[0]!;
  assert.deepEqual(
    event.sheets.map((s) => [s.tag, s.baseline]),
    [...TAGS.map((t) => [t, false]), ["hue-spread", true]],
  );
  for (const s of event.sheets) {
    const metrics = JSON.parse(readFileSync(join(out, s.tag, "metrics.json"), "utf8")) as SheetMetrics;
    assert.equal(s.rocAuc, metrics.auc);
    assert.equal(s.averagePrecision, metrics.average_precision);
    assert.deepEqual([s.rocAucCi95Low, s.rocAucCi95High], metrics.auc_ci95);
    assert.equal(s.threshold, metrics.threshold.value);
    assert.equal(s.thresholdRule, "THRESHOLD_RULE_MEDIAN");
    assert.deepEqual(
      [
        [s.confusion?.tn, s.confusion?.fp],
        [s.confusion?.fn, s.confusion?.tp],
      ],
      metrics.confusion_matrix,
    );
    assert.equal(s.count, 24);
    assert.deepEqual(
      s.classes.map((c) => c.name),
      ["naevus", "melanoma", "macro avg", "weighted avg"],
    );
    assert.equal(s.classes[1]?.recall, (metrics.report["melanoma"] as { recall: number }).recall);
    assert.equal(s.accuracy, metrics.report["accuracy"]);
    assert.match(
      s.artifacts["roc"]?.uri ?? "",
      new RegExp(`graphics/roc_${s.tag.replace(".", "\\.")}\\.png$`),
    );
    assert.match(s.artifacts["metrics"]?.uri ?? "", /metrics\.json$/);
  }
  assert.equal(event.report?.sha256, last.outputs[0]?.sha256);
  assert.ok((event.tsneTrustworthiness ?? 0) > 0.5);
  assert.match(event.tsneCsv?.uri ?? "", /graphics\/tsne\.csv$/);
  assert.equal(event.lineage?.inputs.length, 5);
  // A repeated request id is the same job.
  assert.equal((await startReport(request)).id, job.id);
});

test("sheets, set and calibrations from the store, the calibrated rule, and the report stored under its key with links that hold", async () => {
  for (const tag of TAGS) await store.putFile(`runs/r/scores/${tag}.xlsx`, join(SCORES, `${tag}.xlsx`));
  for (const file of readdirSync(SET, { recursive: true, encoding: "utf8" })) {
    if (file.includes(".")) await store.putFile(`runs/r/set/${file}`, join(SET, file));
  }
  // Calibrations on the naevi of each sheet (a stand-in for held-out normals), recording each sheet's meta.
  const thresholds: Record<string, number> = {};
  for (const tag of TAGS) {
    const read = await readScoreSheet(join(SCORES, `${tag}.xlsx`));
    const normals = read.scores.filter((_, i) => read.labels[i] === 0);
    const c = fitCalibration(normals, { quantile: 0.9, sheet: read.meta, source: `val/${tag}.xlsx` });
    thresholds[tag] = c.threshold;
    const path = join(tmp, "cal", tag, "calibration.json");
    await writeCalibration(c, path);
    await store.putFile(`runs/r/cal/${tag}/calibration.json`, path);
  }
  const job = await startReport({
    sheets: TAGS.map((t) => ({ sheet: { key: `runs/r/scores/${t}.xlsx` } })),
    calibrations: [...TAGS].reverse().map((t) => ({ key: `runs/r/cal/${t}/calibration.json` })),
    thresholdRule: "THRESHOLD_RULE_CALIBRATED",
    reconstructionSets: [{ key: "runs/r/set/" }],
    resamples: 100,
    output: { key: "runs/r/report/" },
  });
  const last = await watch(job);
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  for (const tag of TAGS) {
    const metrics = JSON.parse(
      new TextDecoder().decode(await store.getBytes(`runs/r/report/${tag}/metrics.json`)),
    ) as SheetMetrics;
    assert.deepEqual(metrics.threshold, { method: "calibrated", value: thresholds[tag] });
  }
  const html = new TextDecoder().decode(await store.getBytes("runs/r/report/report.html"));
  // The set is named as stored, not by the job's scratch copy, with its digest and what its reconstructions are.
  assert.match(
    html,
    /Reconstruction set: [^<]*runs\/r\/set\/[^<]* \(sha256 [0-9a-f]{16}\) \(\d+ images; reconstructions G\(E\(x\)\)\)/,
  );
  assert.doesNotMatch(html, /Reconstruction set: \//);
  const data = JSON.parse(
    (
      html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)?.[1] ?? "{}"
    ).replaceAll("\\u003c", "<"),
  ) as { images: { thumbs?: Record<string, string> }[] };
  const links = [
    ...[...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string),
    ...data.images.flatMap((i) => Object.values(i.thumbs ?? {})),
  ];
  assert.ok(links.length > 72);
  for (const link of links) assert.ok(await store.exists(`runs/r/report/${decodeURI(link)}`), link);
});

test("bad sheets are refused on the call, naming file, column and row, and nothing is stored", async () => {
  const dir = join(tmp, "bad");
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    "one_class.csv": "score,label\n0.1,0\n0.2,0\n",
    "nan.csv": "score,label\n0.1,0\nnan,1\n",
    "missing.csv": "score,label,image_name\n0.1,0,a.jpg\n,1,b.jpg\n",
    "unknown.csv": "score,label,notes\n0.1,0,x\n0.3,1,y\n",
    "empty.csv": "score,label\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const cases: [string, RegExp][] = [
    [
      "one_class.csv",
      /one_class\.csv', column 'label': all 2 rows are 0 \(normal\); an evaluation needs both classes/,
    ],
    ["nan.csv", /nan\.csv', column 'score', row 3: 'nan' is not a finite number/],
    ["missing.csv", /missing\.csv', column 'score', row 3: the score is missing/],
    ["unknown.csv", /unknown\.csv': unknown column 'notes'/],
    ["empty.csv", /empty\.csv': it has no rows/],
  ];
  for (const [name, pattern] of cases) {
    const r = await refusal(
      startReport({
        sheets: [sheet("izif_a0.5"), { sheet: { path: join(dir, name) } }],
        output: { key: "bad/" },
      }),
    );
    assert.equal(r.code, Code.INVALID_ARGUMENT, `${name}: ${r.details}`);
    assert.match(r.details, pattern);
  }
  // A bad sheet in the store is read by the job, which fails the same way and stores nothing.
  await store.putFile("bad-in/nan.csv", join(dir, "nan.csv"));
  const job = await startReport({
    sheets: [sheet("izif_a0.5"), { sheet: { key: "bad-in/nan.csv" } }],
    output: { key: "bad/" },
  });
  const last = await watch(job);
  assert.equal(last.state, "JOB_STATE_FAILED");
  assert.equal(last.errorCode, "INVALID_ARGUMENT");
  assert.match(
    last.error,
    new RegExp(`Score sheet '${store.uriOf("bad-in/nan.csv")}', column 'score', row 3`),
  );
  assert.deepEqual(await store.list("bad/"), []);
});

test("bad report requests are refused on the call with a status that says what to change", async () => {
  const calibration = join(tmp, "izif-cal.json");
  const izif = await readScoreSheet(join(SCORES, "izif_a0.5.xlsx"));
  await writeCalibration(
    fitCalibration(
      izif.scores.filter((_, i) => izif.labels[i] === 0),
      { sheet: izif.meta, source: "v.xlsx" },
    ),
    calibration,
  );
  const cases: [StartReportRequest, Code, RegExp][] = [
    [{}, Code.INVALID_ARGUMENT, /Nothing to report/],
    [{ sheets: [{}] }, Code.INVALID_ARGUMENT, /Sheet 1 has no location/],
    [
      { sheets: [sheet("izif_a0.5"), sheet("izif_a0.5", "csv")] },
      Code.INVALID_ARGUMENT,
      /Two sheets have the tag 'izif_a0\.5'/,
    ],
    [
      { sheets: [{ ...sheet("izif_a0.5"), tag: "a/b" }] },
      Code.INVALID_ARGUMENT,
      /Tag must be letters, digits/,
    ],
    [
      { sheets: [sheet("izif_a0.5")], thresholdRule: "THRESHOLD_RULE_CALIBRATED" },
      Code.INVALID_ARGUMENT,
      /The calibrated rule needs the calibration\.json of every sheet's score/,
    ],
    [
      { sheets: [sheet("pairwise_a1")], calibrations: [{ path: calibration }] },
      Code.INVALID_ARGUMENT,
      /Calibration 'v\.xlsx' was fitted on scores with method 'izif', but sheet '.*pairwise_a1\.xlsx' \(tag 'pairwise_a1'\) has method 'pairwise'/,
    ],
    [
      {
        sheets: [sheet("izif_a0.5"), sheet("pairwise_a1")],
        calibrations: [{ path: calibration }, { path: calibration }],
      },
      Code.OK,
      /^$/,
    ],
    [
      {
        sheets: [sheet("pairwise_a1"), sheet("distance_manhattan_a1")],
        calibrations: [{ path: calibration }],
      },
      Code.INVALID_ARGUMENT,
      /fitted on 'izif_a0\.5', which no sheet is \(pairwise_a1, distance_manhattan_a1\)/,
    ],
    [
      { sheets: [{ sheet: { path: join(tmp, "absent.xlsx") } }] },
      Code.NOT_FOUND,
      /sheets\[0\]\.sheet path ".*absent\.xlsx" does not exist/,
    ],
    [{ sheets: [sheet("izif_a0.5")], tsne: {} }, Code.INVALID_ARGUMENT, /A t-SNE needs latents/],
    [
      { sheets: [sheet("izif_a0.5")], negativeName: "x", positiveName: "x" },
      Code.INVALID_ARGUMENT,
      /different names/,
    ],
  ];
  for (const [request, code, pattern] of cases) {
    const r = await refusal(startReport({ ...request, output: { key: "refused/" } }));
    assert.equal(r.code, code, `${JSON.stringify(request)}: ${r.details}`);
    assert.match(r.details, pattern);
  }
});

test("StartTsne embeds a latents file alone, classes from the set, with trustworthiness and tsne.csv", async () => {
  const out = join(tmp, "tsne");
  const job = await startTsne({
    tsne: { latents: { path: join(SET, "latent_vectors.csv") }, perplexity: 7 },
    reconstructionSet: { path: SET },
    output: { path: out },
  });
  const last = await watch(job);
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  assert.equal(last.metrics["points"], 24);
  const rows = readFileSync(join(out, "graphics", "tsne.csv"), "utf8")
    .trim()
    .split("\n");
  assert.equal(rows[0], "image_name,x,y,label");
  assert.equal(rows.length, 25);
  assert.deepEqual(new Set(rows.slice(1).map((r) => r.split(",")[3])), new Set(["0", "1"]));
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  assert.equal(summary.tsne.perplexity, 7);
  assert.ok(summary.tsne.trustworthiness > 0.5 && summary.tsne.trustworthiness <= 1);
  assert.ok(isPng(join(out, "graphics", "tsne.png")));
  const [event] = await reportEvents(job.id);
  assert.equal(event?.tsneTrustworthiness, summary.tsne.trustworthiness);
  assert.equal(event?.sheets.length, 0);

  const tooFew = join(tmp, "few.csv");
  writeFileSync(tooFew, "dim_1,dim_2,image_name\n1,2,a\n2,3,b\n");
  const failed = await watch(await startTsne({ tsne: { latents: { path: tooFew } } }));
  assert.equal(failed.errorCode, "INVALID_ARGUMENT");
  assert.match(failed.error, /has 2 rows: a t-SNE needs at least 4/);
  const r = await refusal(startTsne({ tsne: {} }));
  assert.equal(r.code, Code.INVALID_ARGUMENT);
  assert.match(r.details, /tsne\.latents is required/);
});

test("classFromName() takes the class folder of an image name and its label from the class map", () => {
  assert.deepEqual(classFromName("MEL/ISIC_1.jpg", { NEV: 0, MEL: 1 }), { class: "MEL", label: 1 });
  assert.deepEqual(classFromName("test/BKL/x.jpg", { NEV: 0, MEL: 1 }), { class: "BKL", label: -1 });
  assert.equal(classFromName("ISIC_1.jpg", { NEV: 0 }), undefined);
});
