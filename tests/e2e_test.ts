import assert from "node:assert/strict";
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, test } from "node:test";
import { decodeImage } from "@dermanomaly/imaging";
import { checkPipelineMetrics } from "@dermanomaly/service-orchestrator";

const root = join(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "e2e-test-"));
const data = join(tmp, "data");
const run = join(tmp, "run");
const TRAIN = 20;
const TEST = { NEV: 5, MEL: 5 };
/** 10% of the training naevi held out, rounded half up. */
const HOLDOUT = 2;
let result: SpawnSyncReturns<string>;
let seconds = 0;

// The CLI as a user runs it, with no endpoints configured: it starts its own local stack.
function cli(...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.endsWith("_ENDPOINT")));
  return spawnSync(process.execPath, ["--import", "tsx", join(root, "libs/client/main.ts"), ...args], {
    cwd: root,
    env: { ...env, DERMANOMALY_LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
}

before(() => {
  const synth = cli(
    "synth",
    ...[
      "--out",
      data,
      "--train-nev",
      String(TRAIN),
      "--test-nev",
      String(TEST.NEV),
      "--test-mel",
      String(TEST.MEL),
    ],
    ...["--size", "48x40", "--seed", "3"],
  );
  assert.equal(synth.status, 0, synth.stderr);
  const started = performance.now();
  result = cli("pipeline", "--data", data, "--preset", "tiny", "--out", run, "--seed", "1");
  seconds = (performance.now() - started) / 1000;
});

after(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file under a folder, relative, `/`-separated. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** The `__metadata__` of a safetensors file (its JSON header). */
function safetensorsMetadata(path: string): Record<string, string> {
  const bytes = readFileSync(path);
  const length = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + length).toString("utf8")) as {
    __metadata__?: Record<string, string>;
  };
  return header.__metadata__ ?? {};
}

test("`pipeline --preset tiny` runs the whole method through the orchestrator and prints each score's AUC and the report", () => {
  assert.equal(result.status, 0, `${result.stderr}\n${result.stdout}`);
  assert.match(
    result.stderr,
    /Starting a local stack \(preprocess, gan-trainer, encoder-trainer, reconstructor, scorer, reporter, orchestrator\)/,
  );
  for (const step of [
    "prepare_train",
    "train_gan",
    "train_encoder",
    "reconstruct_test",
    "score_test",
    "report",
  ])
    assert.match(result.stderr, new RegExp(`\\] ${step}: `), step);
  assert.match(result.stdout, /^AUC izif_a1: [01]\.\d{3} \(95% CI /m);
  assert.match(result.stdout, /^AUC hue-spread \(colour baseline\): [01]\.\d{3}$/m);
  assert.match(result.stdout, new RegExp(`^report: ${join(run, "report.html")}$`, "m"));
  console.log(`e2e pipeline (tiny preset) took ${seconds.toFixed(1)} s`);
  assert.ok(seconds < 300, `the tiny pipeline took ${seconds} s; it must stay under 5 minutes`);
});

test("the run folder holds the report, every plot as a PNG that decodes, reconstructions and residual maps", async () => {
  const all = files(run);
  for (const f of [
    "report.html",
    "summary.json",
    "metrics.json",
    "calibration.json",
    "lineage.json",
    "run.json",
  ])
    assert.ok(all.includes(f), f);
  const plots = all.filter((f) => f.startsWith("graphics/") && f.endsWith(".png"));
  for (const kind of ["violon_", "confMatrix_", "roc_", "report_"])
    assert.ok(
      plots.some((f) => f.startsWith(`graphics/${kind}izif_a1`)),
      `${kind} plot`,
    );
  const images = [
    ...plots,
    ...all.filter((f) => /^(generated_img|residual|input_img)\//.test(f)),
    ...all.filter((f) => /^models\/(gan\/fakes|encoder\/rec).*\.png$/.test(f)),
  ];
  assert.equal(all.filter((f) => f.startsWith("generated_img/")).length, TEST.NEV + TEST.MEL);
  assert.equal(all.filter((f) => f.startsWith("residual/")).length, TEST.NEV + TEST.MEL);
  assert.equal(all.filter((f) => f.startsWith("holdout/generated_img/")).length, HOLDOUT);
  for (const f of images) {
    const image = await decodeImage(join(run, f));
    assert.ok(image.width > 0 && image.height > 0, f);
  }
  const html = readFileSync(join(run, "report.html"), "utf8");
  for (const link of html.matchAll(/(?:src|href)="([^"#:]+)"/g)) {
    assert.ok(existsSync(join(run, link[1]!)), `report.html links to ${link[1]}, which is in the run folder`);
  }
  // run.json lists exactly the files of the folder (besides itself), each with the digest of the file there.
  const manifest = JSON.parse(readFileSync(join(run, "run.json"), "utf8")) as {
    files: Record<string, { sha256: string }>;
  };
  assert.deepEqual(
    Object.keys(manifest.files).sort(),
    all.filter((f) => f !== "run.json"),
  );
  for (const [f, ref] of Object.entries(manifest.files)) assert.equal(sha256(join(run, f)), ref.sha256, f);
});

test("the score sheets have score and label columns and one row per image, the held-out sheets only naevi", () => {
  const sheets = files(join(run, "sheets")).filter((f) => f.endsWith(".csv"));
  const test = sheets.filter((f) => !f.startsWith("holdout/"));
  const holdout = sheets.filter((f) => f.startsWith("holdout/"));
  assert.ok(test.includes("izif_a1.csv") && test.includes("hue-spread.csv"), test.join());
  assert.deepEqual(
    holdout.map((f) => f.slice("holdout/".length)),
    test,
  );
  for (const f of sheets) {
    const [header, ...rows] = readFileSync(join(run, "sheets", f), "utf8")
      .trim()
      .split("\n");
    const columns = header!.split(",");
    assert.deepEqual(columns.slice(0, 2), ["score", "label"], f);
    const labels = rows.map((r) => Number(r.split(",")[1]));
    const scores = rows.map((r) => Number(r.split(",")[0]));
    assert.ok(scores.every(Number.isFinite), f);
    if (f.startsWith("holdout/")) {
      assert.equal(rows.length, HOLDOUT, f);
      assert.ok(
        labels.every((l) => l === 0),
        f,
      );
    } else {
      assert.equal(rows.length, TEST.NEV + TEST.MEL, f);
      assert.deepEqual(
        [labels.filter((l) => l === 0).length, labels.filter((l) => l === 1).length],
        [TEST.NEV, TEST.MEL],
        f,
      );
    }
    assert.ok(existsSync(join(run, "sheets", f.replace(/\.csv$/, ".xlsx"))), `${f} has its xlsx`);
  }
});

test("metrics.json matches its schema and the report's figures; calibration.json holds a threshold per score", () => {
  const metrics = checkPipelineMetrics(JSON.parse(readFileSync(join(run, "metrics.json"), "utf8")));
  assert.equal(metrics.preset, "tiny");
  assert.equal(metrics.threshold_rule, "calibrated");
  assert.equal(metrics.test_images, TEST.NEV + TEST.MEL);
  assert.equal(metrics.holdout_images, HOLDOUT);
  assert.equal(metrics.baseline?.tag, "hue-spread");
  const summary = JSON.parse(readFileSync(join(run, "summary.json"), "utf8")) as {
    sheets: { tag: string; auc: number }[];
  };
  for (const s of metrics.scores) {
    assert.equal(s.auc, summary.sheets.find((x) => x.tag === s.tag)?.auc, s.tag);
    assert.ok(existsSync(join(run, s.metrics)), s.metrics);
    assert.equal(s.threshold.method, "calibrated");
  }
  const calibration = JSON.parse(readFileSync(join(run, "calibration.json"), "utf8")) as {
    calibrations: Record<string, { threshold: number; count: number }>;
  };
  const tags = [...metrics.scores.map((s) => s.tag), "hue-spread"].sort();
  assert.deepEqual(Object.keys(calibration.calibrations).sort(), tags);
  for (const s of metrics.scores)
    assert.equal(s.threshold.value, calibration.calibrations[s.tag]!.threshold, s.tag);
  assert.ok(Object.values(calibration.calibrations).every((c) => c.count === HOLDOUT));
});

test("every output's lineage links to the models that made it, by digest", () => {
  const models = files(join(run, "models"));
  const gan = models.filter((f) => /^gan\/network-snapshot-.*\.safetensors$/.test(f));
  const encoder = models.filter((f) => /^encoder\/encoder-.*\.safetensors$/.test(f));
  assert.equal(gan.length, 1, "the final GAN snapshot");
  assert.equal(encoder.length, 1, "the final encoder weights");
  const ganSha = sha256(join(run, "models", gan[0]!));
  const encoderSha = sha256(join(run, "models", encoder[0]!));
  assert.ok(models.includes("gan/training_options.json") && models.includes("encoder/training_options.json"));
  // The encoder's own lineage names the GAN it was trained against.
  assert.match(JSON.stringify(safetensorsMetadata(join(run, "models", encoder[0]!))), new RegExp(ganSha));
  // Both reconstruction sets record the two models they ran.
  for (const set of ["", "holdout/"]) {
    const meta = safetensorsMetadata(join(run, `${set}reconstruction_set.safetensors`));
    const lineage = JSON.parse(meta["lineage"] ?? "{}") as {
      gan?: { sha256: string };
      encoder?: { sha256: string };
    };
    assert.equal(lineage.gan?.sha256, ganSha, `${set} set's GAN`);
    assert.equal(lineage.encoder?.sha256, encoderSha, `${set} set's encoder`);
  }
  // lineage.json: each step's models and the steps it took its inputs from; every step after the trainings reaches
  // the reconstructions, whose models are the two files.
  const lineage = JSON.parse(readFileSync(join(run, "lineage.json"), "utf8")) as {
    steps: {
      step: string;
      needs: string[];
      models: { role: string; artifact: { sha256: string } }[];
      outputs: unknown[];
    }[];
  };
  const byStep = new Map(lineage.steps.map((s) => [s.step, s]));
  const reaches = (step: string, target: string): boolean =>
    step === target || (byStep.get(step)?.needs ?? []).some((n) => reaches(n, target));
  for (const step of ["reconstruct_test", "reconstruct_holdout"]) {
    const roles = Object.fromEntries(byStep.get(step)!.models.map((m) => [m.role, m.artifact.sha256]));
    assert.deepEqual(roles, { gan: ganSha, encoder: encoderSha }, step);
  }
  assert.equal(byStep.get("train_encoder")!.models[0]?.artifact.sha256, ganSha);
  for (const step of ["score_test", "score_holdout", "calibrate", "report"]) {
    assert.ok(reaches(step, "reconstruct_test") || reaches(step, "reconstruct_holdout"), step);
    assert.ok(byStep.get(step)!.outputs.length > 0, step);
  }
});
