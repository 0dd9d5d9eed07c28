import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, mock, test } from "node:test";
import { parseArgs } from "node:util";
import { runCli, UsageError } from "../cli.ts";
import { evaluate, reportRequest } from "./evaluate.ts";
import { score, scoreSpecs, sheetsDestination } from "./score.ts";

// The report library's fixture run: a reconstruction set of 12 naevi and 12 melanomas and its score sheets.
const RUN = join(import.meta.dirname, "../../report/fixtures/run");
const SET = join(RUN, "set");
const tmp = mkdtempSync(join(tmpdir(), "scoring-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
// The commands' own local stacks make their run folders here.
process.env["DERMANOMALY_RUNS_DIR"] = join(tmp, "stacks");

function parse(command: typeof score, argv: string[]) {
  return parseArgs({ args: argv, options: command.options, strict: true }).values;
}

/** Runs the CLI in this process with no endpoint configured (a local stack per command); exit code and stdout. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = Object.entries(process.env).filter(([k]) => k.endsWith("_ENDPOINT"));
  for (const [k] of saved) delete process.env[k];
  const out: string[] = [];
  const err: string[] = [];
  const log = mock.method(console, "log", (...a: unknown[]) => out.push(a.join(" ")));
  const error = mock.method(console, "error", (...a: unknown[]) => err.push(a.join(" ")));
  try {
    return { code: await runCli(argv), out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mock.restore();
    error.mock.restore();
    for (const [k, v] of saved) process.env[k] = v;
  }
}

/** numpy's default quantile, written out: linear interpolation between order statistics at (n - 1) q. */
function numpyQuantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return (s[lo] as number) + ((s[Math.min(lo + 1, s.length - 1)] as number) - (s[lo] as number)) * (h - lo);
}

test("score options become one spec per --method, each with the options that apply to it", () => {
  const specs = scoreSpecs(
    parse(score, [
      "--method",
      "izif",
      "--method",
      "distance",
      "--method",
      "als",
      "--metric",
      "cityblock",
      "--alpha",
      "0.5",
      "--kappa",
      "2",
      "--neighbours",
      "3",
      "--own-class",
    ]),
  );
  assert.deepEqual(specs, [
    { method: "SCORE_METHOD_IZIF", alpha: 0.5, kappa: 2 },
    { method: "SCORE_METHOD_DISTANCE", metric: "DISTANCE_METRIC_MANHATTAN", alpha: 0.5, kappa: 2 },
    { method: "SCORE_METHOD_ALS", neighbours: 3, originalOwnClassSearch: true },
  ]);
  assert.deepEqual(
    scoreSpecs(
      parse(score, [
        "--method",
        "pairwise",
        "--method",
        "distance",
        "--metric",
        "l1",
        "--centre-sigma",
        "0.25",
      ]),
    ),
    [
      { method: "SCORE_METHOD_PAIRWISE", centreSigma: 0.25 },
      { method: "SCORE_METHOD_DISTANCE", metric: "DISTANCE_METRIC_MANHATTAN" },
    ],
  );
  assert.throws(
    () => scoreSpecs(parse(score, ["--method", "hue-spread", "--centre-sigma", "0.25"])),
    /--centre-sigma goes with --method izif or pairwise/,
  );
  assert.throws(() => scoreSpecs(parse(score, ["--method", "distance"])), /needs a --metric/);
  assert.throws(
    () => scoreSpecs(parse(score, ["--method", "izif", "--metric", "cosine"])),
    /--metric goes with --method distance/,
  );
  assert.throws(() => scoreSpecs(parse(score, ["--method", "iziff"])), UsageError);
  assert.throws(
    () => scoreSpecs(parse(score, ["--method", "distance", "--metric", "hamming"])),
    /--metric must be one of/,
  );
  assert.throws(() => sheetsDestination("scores.xlsx", 2), /is one sheet: give exactly one --method/);
  assert.deepEqual(sheetsDestination("key:runs/a/", 3), { kind: "key", key: "runs/a/" });
  assert.deepEqual(sheetsDestination("out", 3), { kind: "folder", path: resolve("out") });
});

test("evaluate options become a report request; a t-SNE comes with latents or sets unless skipped", () => {
  const req = reportRequest(
    parse(evaluate, [
      "--scores",
      "a.xlsx",
      "--scores",
      "key:runs/b.csv",
      "--threshold",
      "youden",
      "--reconstruction",
      "set",
      "--out",
      "report",
    ]),
  );
  assert.deepEqual(req.sheets, [{ sheet: { path: resolve("a.xlsx") } }, { sheet: { key: "runs/b.csv" } }]);
  assert.equal(req.thresholdRule, "THRESHOLD_RULE_YOUDEN");
  assert.deepEqual(req.tsne, { perplexity: 0, seed: 0 });
  assert.equal(reportRequest(parse(evaluate, ["--scores", "a.xlsx", "--out", "r"])).tsne, undefined);
  assert.equal(
    reportRequest(
      parse(evaluate, ["--scores", "a.xlsx", "--reconstruction", "s", "--skip-tsne", "--out", "r"]),
    ).tsne,
    undefined,
  );
  assert.throws(
    () => reportRequest(parse(evaluate, ["--scores", "a", "--threshold", "mean", "--out", "r"])),
    /--threshold must be one of median, youden, max-f1, calibrated/,
  );
});

test("score, calibrate, evaluate and tsne run through local stacks and write what they say", async () => {
  // score: one sheet to a file, equal to the fixture's sheet of the same score on the same set.
  const sheet = join(tmp, "izif.xlsx");
  const s = await cli("score", "--reconstruction", SET, "--method", "izif", "--alpha", "0.5", "--out", sheet);
  assert.equal(s.code, 0, s.err);
  assert.match(s.out, /sheet: .*izif\.xlsx \(24 rows\)/);
  assert.ok(existsSync(sheet));
  assert.equal(
    readFileSync(join(tmp, "izif.csv"), "utf8"),
    readFileSync(join(RUN, "scores", "izif_a0.5.csv"), "utf8"),
  );

  // calibrate: the naevi's rows stand for held-out normals.
  const rows = readFileSync(join(tmp, "izif.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((r) => r.split(","));
  const normals = rows.filter((r) => r[1] === "0");
  writeFileSync(
    join(tmp, "normals.csv"),
    `score,label,image_name\n${normals.map((r) => r.join(",")).join("\n")}\n`,
  );
  const cal = join(tmp, "calibration.json");
  const c = await cli("calibrate", "--scores", join(tmp, "normals.csv"), "--q", "0.9", "--out", cal);
  assert.equal(c.code, 0, c.err);
  const calibration = JSON.parse(readFileSync(cal, "utf8"));
  const want = numpyQuantile(
    normals.map((r) => Number(r[0])),
    0.9,
  );
  assert.ok(Math.abs(calibration.threshold - want) < 1e-12, `${calibration.threshold} vs ${want}`);
  assert.match(c.out, /threshold: .* \(quantile 0\.9 of 12 normal scores\)/);

  // evaluate: the calibrated threshold, the set's images and a t-SNE of its latents in the report.
  const report = join(tmp, "report");
  const e = await cli(
    "evaluate",
    "--scores",
    sheet,
    "--threshold",
    "calibrated",
    "--calibration",
    cal,
    "--reconstruction",
    SET,
    "--perplexity",
    "5",
    "--out",
    report,
  );
  assert.equal(e.code, 0, e.err);
  assert.match(e.out, /AUC izif: 0\.\d{4}/);
  assert.match(e.out, /report: .*report\/report\.html/);
  const metrics = JSON.parse(readFileSync(join(report, "izif", "metrics.json"), "utf8"));
  assert.deepEqual(metrics.threshold, { method: "calibrated", value: calibration.threshold });
  assert.ok(existsSync(join(report, "graphics", "tsne.csv")));

  // The original's files evaluate too: pandas' unnamed index column, no image names.
  const original = join(tmp, "original.csv");
  writeFileSync(original, `,score,label\n${rows.map((r, i) => `${i},${r[0]},${r[1]}`).join("\n")}\n`);
  const o = await cli("evaluate", "--scores", original, "--out", join(tmp, "original-report"));
  assert.equal(o.code, 0, o.err);
  const om = JSON.parse(readFileSync(join(tmp, "original-report", "original", "metrics.json"), "utf8"));
  assert.equal(om.auc, metrics.auc);
  assert.equal(om.threshold.method, "median");

  // A sheet with one class only is the service's INVALID_ARGUMENT, printed with the file, column and row.
  const bad = await cli("evaluate", "--scores", join(tmp, "normals.csv"), "--out", join(tmp, "bad"));
  assert.equal(bad.code, 1);
  assert.match(bad.err, /normals\.csv', column 'label': all 12 rows are 0 \(normal\)/);

  // tsne alone.
  const t = await cli(
    "tsne",
    "--latents",
    join(SET, "latent_vectors.csv"),
    "--reconstruction",
    SET,
    "--out",
    join(tmp, "tsne"),
  );
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /points: 24/);
  assert.equal(
    readFileSync(join(tmp, "tsne", "graphics", "tsne.csv"), "utf8")
      .trim()
      .split("\n").length,
    25,
  );

  // Every command wrote its results to --out: their stacks kept only their logs, but for the failed evaluate's.
  const stacks = readdirSync(join(tmp, "stacks")).map((d) => readdirSync(join(tmp, "stacks", d)).sort());
  assert.equal(stacks.length, 6);
  assert.equal(stacks.filter((parts) => parts.length === 1 && parts[0] === "logs").length, 5);
  assert.equal(stacks.filter((parts) => parts.includes("nats")).length, 1);
});
