import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import { fixture } from "./_testing.ts";
import {
  applyCalibration,
  calibrateFromSheet,
  fitCalibration,
  readCalibration,
  writeCalibration,
} from "./calibration.ts";
import { writeScoreSheet } from "./sheet.ts";

const { scores, quantiles } = fixture<{ scores: number[]; quantiles: Record<string, number> }>(
  "quantiles.json",
);

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "calibration-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("fitCalibration() takes numpy's default quantile of the normal scores as threshold and their min/max as bounds", () => {
  for (const q of ["0.5", "0.9", "0.95", "0.99"]) {
    const c = fitCalibration(scores, { quantile: Number(q) });
    assert.ok(Math.abs(c.threshold - (quantiles[q] as number)) <= 1e-15, q);
  }
  const c = fitCalibration(scores);
  assert.equal(c.quantile, 0.95);
  assert.equal(c.normalisation.min, quantiles["0"]);
  assert.equal(c.normalisation.max, quantiles["1"]);
  assert.ok(
    Math.abs(
      c.thresholdNormalised -
        (c.threshold - c.normalisation.min) / (c.normalisation.max - c.normalisation.min),
    ) < 1e-15,
  );
  assert.throws(() => fitCalibration(scores, { quantile: 1 }), /Quantile must be in \(0, 1\)/);
  assert.throws(() => fitCalibration([1]), /at least 2 normal scores/);
});

test("applyCalibration() reports raw and normalised scores and calls anomalous those above the threshold", () => {
  const c = fitCalibration([1, 2, 3, 4, 5], { quantile: 0.5 });
  const out = applyCalibration(c, [0, 3, 3.5, 9]);
  assert.deepEqual([...out.raw], [0, 3, 3.5, 9]);
  assert.deepEqual([...out.normalised], [-0.25, 0.5, 0.625, 2]);
  assert.deepEqual(out.anomalous, [false, false, true, true]);
});

test("calibrateFromSheet() fits on a normals-only sheet, writes calibration.json that readCalibration() reads back", async () => {
  await withDir(async (dir) => {
    await writeScoreSheet(
      {
        scores,
        labels: scores.map(() => 0),
        imageNames: scores.map((_, i) => `n${i}.png`),
        meta: { method: "izif", alpha: "0.5" },
      },
      join(dir, "normals.xlsx"),
    );
    const fitted = await calibrateFromSheet(
      join(dir, "normals.xlsx"),
      join(dir, "models", "calibration.json"),
    );
    assert.ok(Math.abs(fitted.threshold - (quantiles["0.95"] as number)) <= 1e-15);
    assert.deepEqual(fitted.sheet, { method: "izif", alpha: "0.5" });
    const json = JSON.parse(await readFile(join(dir, "models", "calibration.json"), "utf8"));
    assert.equal(json.format, "dermanomaly/calibration/1");
    assert.equal(json.quantile_method, "linear");
    assert.deepEqual(await readCalibration(join(dir, "models", "calibration.json")), fitted);
    await writeScoreSheet(
      { scores: [1, 2], labels: [0, 1], imageNames: ["a", "b"], meta: {} },
      join(dir, "mixed.xlsx"),
    );
    await assert.rejects(
      calibrateFromSheet(join(dir, "mixed.xlsx"), join(dir, "c.json")),
      (e) => isStatusError(e) && e.code === 3 && /row 3: label 1 \(anomalous\)/.test(e.message),
    );
  });
});

test("readCalibration() names the file and field of what is wrong", async () => {
  await withDir(async (dir) => {
    const good = fitCalibration([1, 2, 3]);
    await writeCalibration(good, join(dir, "c.json"));
    const json = JSON.parse(await readFile(join(dir, "c.json"), "utf8"));
    const cases: [unknown, RegExp][] = [
      [{ ...json, format: "other/1" }, /field 'format' is 'other\/1'/],
      [{ ...json, threshold: "x" }, /field 'threshold' must be a finite number, got 'x'/],
      [{ ...json, quantile: 1.5 }, /field 'quantile' must be in \(0, 1\)/],
      [{ ...json, normalisation: { method: "min-max", min: 3, max: 1 } }, /max '1' below min '3'/],
    ];
    for (const [body, pattern] of cases) {
      await writeFile(join(dir, "bad.json"), JSON.stringify(body));
      await assert.rejects(
        readCalibration(join(dir, "bad.json")),
        (e) => isStatusError(e) && e.code === 3 && pattern.test(e.message),
      );
    }
    await writeFile(join(dir, "bad.json"), "{");
    await assert.rejects(readCalibration(join(dir, "bad.json")), /not valid JSON/);
    await assert.rejects(readCalibration(join(dir, "none.json")), (e) => isStatusError(e) && e.code === 5);
  });
});
