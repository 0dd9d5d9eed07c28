import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import sharp from "sharp";
import { parseCsv } from "./_files.ts";
import { Random } from "./_random.ts";
import { assertClose, metricsCases } from "./_testing.ts";
import { evaluateSheets } from "./evaluate.ts";
import type { SheetMetrics } from "./metrics.ts";
import { CLASS_COLOURS } from "./plots.ts";

const cases = metricsCases();
const random = cases.find((c) => c.name === "random")!;
const ties = cases.find((c) => c.name === "ties")!;

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "evaluate-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Pixels of exactly this colour in a PNG.
async function countColour(file: string, hex: string): Promise<number> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [r, g, b] = [1, 3, 5].map((k) => Number.parseInt(hex.slice(k, k + 2), 16));
  let count = 0;
  for (let i = 0; i < info.width * info.height; i++) {
    if (data[3 * i] === r && data[3 * i + 1] === g && data[3 * i + 2] === b) count++;
  }
  return count;
}

test("evaluateSheets() writes metrics.json equal to scikit-learn's figures, plots, CSVs and summary.json", async () => {
  await withDir(async (out) => {
    const { summary } = await evaluateSheets(
      [
        { tag: "random", scores: random.scores, labels: random.labels },
        { tag: "ties_a0.5", scores: ties.scores, labels: ties.labels },
      ],
      { out, resamples: 200 },
    );
    for (const [tag, c] of [
      ["random", random],
      ["ties_a0.5", ties],
    ] as const) {
      const m = JSON.parse(await readFile(join(out, tag, "metrics.json"), "utf8")) as SheetMetrics;
      assert.deepEqual(Object.keys(m), [
        "auc",
        "auc_ci95",
        "average_precision",
        "threshold",
        "confusion_matrix",
        "report",
        "n",
      ]);
      assert.ok(Math.abs(m.auc - c.auc) <= 1e-9);
      assert.ok(Math.abs(m.average_precision - c.average_precision) <= 1e-9);
      assert.deepEqual(m.threshold, { method: "median", value: c.median });
      assert.deepEqual(m.confusion_matrix, c.confusion_at_median);
      assert.deepEqual(Object.keys(m.report), [
        "naevus",
        "melanoma",
        "accuracy",
        "macro avg",
        "weighted avg",
      ]);
      const expected = c.report_at_median["0"];
      for (const key of ["naevus", "melanoma", "macro avg", "weighted avg"]) {
        const want = expected[key] as { precision: number; recall: number; f1: number; support: number };
        const got = m.report[key] as typeof want;
        assertClose(
          [got.precision, got.recall, got.f1, got.support],
          [want.precision, want.recall, want.f1, want.support],
          1e-9,
          key,
        );
      }
      assert.ok(Math.abs((m.report["accuracy"] as number) - (expected["accuracy"] as number)) <= 1e-9);
      assert.equal(m.n, c.labels.length);
      assert.ok(m.auc_ci95[0] < m.auc && m.auc < m.auc_ci95[1]);

      const roc = parseCsv(await readFile(join(out, "graphics", `roc_${tag}.csv`), "utf8"));
      assert.deepEqual(roc[0], ["fpr", "tpr", "threshold"]);
      assertClose(
        roc.slice(1).map((r) => Number(r[0])),
        c.roc.fpr,
        0,
        "fpr",
      );
      assertClose(
        roc.slice(1).map((r) => Number(r[1])),
        c.roc.tpr,
        0,
        "tpr",
      );
      assertClose(
        roc.slice(1).map((r) => Number(r[2])),
        c.roc.thresholds,
        0,
        "thresholds",
      );
      const pr = parseCsv(await readFile(join(out, "graphics", `pr_${tag}.csv`), "utf8"));
      assert.deepEqual(pr[0], ["precision", "recall", "threshold"]);
      assertClose(
        pr.slice(1).map((r) => Number(r[0])),
        c.pr.precision,
        0,
        "precision",
      );
      assert.equal(pr.at(-1)?.[2], "");

      for (const name of ["violon", "confMatrix", "report", "roc", "pr", "hist"]) {
        const meta = await sharp(join(out, "graphics", `${name}_${tag}.png`)).metadata();
        assert.equal(meta.format, "png");
        assert.ok(
          (meta.width ?? 0) > 400 && (meta.height ?? 0) > 300,
          `${name}: ${meta.width}x${meta.height}`,
        );
        assert.ok(existsSync(join(out, "graphics", `${name}_${tag}.svg`)));
      }
      // The ROC curve is drawn in the anomalous class's colour; the violins hold both classes' colours.
      assert.ok((await countColour(join(out, "graphics", `roc_${tag}.png`), CLASS_COLOURS[1])) > 500);
    }
    const written = JSON.parse(await readFile(join(out, "summary.json"), "utf8"));
    assert.deepEqual(written, JSON.parse(JSON.stringify(summary)));
    assert.equal(written.format, "dermanomaly/summary/1");
    assert.deepEqual(
      written.sheets.map((s: { tag: string }) => s.tag),
      ["random", "ties_a0.5"],
    );
    assert.equal(written.sheets[0].files.violin, "graphics/violon_random.png");
    assert.equal(written.sheets[0].files.roc_csv, "graphics/roc_random.csv");
    assert.ok(Math.abs(written.sheets[0].auc - random.auc) <= 1e-9);
  });
});

test("evaluateSheets() with the calibrated rule uses each sheet's own threshold", async () => {
  await withDir(async (out) => {
    const { summary } = await evaluateSheets(
      [{ tag: "s", scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1], calibrated: 0.3 }],
      { out, rule: "calibrated", resamples: 50 },
    );
    const m = JSON.parse(await readFile(join(out, "s", "metrics.json"), "utf8")) as SheetMetrics;
    assert.deepEqual(m.threshold, { method: "calibrated", value: 0.3 });
    assert.deepEqual(m.confusion_matrix, [
      [1, 1],
      [0, 2],
    ]);
    assert.equal(summary.threshold_rule, "calibrated");
  });
});

test("evaluateSheets() refuses a one-class sheet and a missing calibration before writing anything", async () => {
  await withDir(async (dir) => {
    const out = join(dir, "out");
    const good = { tag: "good", scores: [1, 2, 3], labels: [0, 1, 1] };
    await assert.rejects(
      evaluateSheets([good, { tag: "one", scores: [1, 2], labels: [1, 1] }], { out }),
      (e) =>
        isStatusError(e) &&
        e.code === 3 &&
        /Sheet 'one' holds 2 images of class 1 \(melanoma\) only/.test(e.message),
    );
    await assert.rejects(
      evaluateSheets([good], { out, rule: "calibrated" }),
      (e) => isStatusError(e) && e.code === 3 && /Sheet 'good' has no calibrated threshold/.test(e.message),
    );
    await assert.rejects(evaluateSheets([good, good], { out }), /Tag 'good' is given twice/);
    await assert.rejects(evaluateSheets([{ ...good, tag: "../x" }], { out }), /Tag must be letters/);
    await assert.rejects(evaluateSheets([], { out }), (e) => isStatusError(e) && e.code === 3);
    assert.equal(existsSync(out), false);
  });
});

test("evaluateSheets() embeds latents with t-SNE into tsne.png and tsne.csv (image_name, x, y, label)", async () => {
  await withDir(async (out) => {
    const r = new Random(5);
    const n = 60;
    const names = Array.from({ length: n }, (_, i) => `img_${i}.png`);
    const data = new Float32Array(n * 8);
    for (let i = 0; i < n; i++) for (let t = 0; t < 8; t++) data[i * 8 + t] = r.normal() + (i % 2) * 4;
    const classes = new Map(
      names.slice(0, 58).map((name, i) => [name, { class: i % 2 ? "MEL" : "NEV", label: i % 2 }]),
    );
    const progress: number[] = [];
    const { summary, tsne } = await evaluateSheets([], {
      out,
      tsne: { latents: { names, matrix: { data, rows: n, cols: 8 } }, classes },
      onProgress: (p) => progress.push(p.done),
      progressIntervalMs: 0,
    });
    assert.equal(summary.tsne?.n, n);
    assert.ok((summary.tsne?.trustworthiness ?? 0) > 0.9);
    const csv = parseCsv(await readFile(join(out, "graphics", "tsne.csv"), "utf8"));
    assert.deepEqual(csv[0], ["image_name", "x", "y", "label"]);
    assert.equal(csv.length, n + 1);
    assert.deepEqual(csv[2]?.[0], "img_1.png");
    assert.equal(csv[2]?.[3], "1");
    assert.equal(csv[60]?.[3], "-1");
    assert.equal(tsne?.[59]?.class, "unknown");
    assert.ok(Number.isFinite(Number(csv[1]?.[1])));
    assert.equal((await sharp(join(out, "graphics", "tsne.png")).metadata()).format, "png");
    assert.ok((await countColour(join(out, "graphics", "tsne.png"), "#ffffff")) > 0);
    assert.deepEqual(progress, [1, 2]);
  });
});
