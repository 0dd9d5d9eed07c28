import assert from "node:assert/strict";
import { test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import { fitCalibration } from "./calibration.ts";
import { calibrationTag, checkCalibrationFits } from "./calibration_match.ts";

const meta = { tag: "pairwise_a0.5", method: "pairwise", metric: "", alpha: "0.5", kappa: "1" };

test("calibrationTag() is the fitted sheet's meta tag, else its file name", () => {
  assert.equal(
    calibrationTag(fitCalibration([1, 2, 3], { sheet: meta, source: "x/normals.xlsx" })),
    "pairwise_a0.5",
  );
  assert.equal(
    calibrationTag(fitCalibration([1, 2, 3], { source: "file:///runs/val/izif_a1.csv" })),
    "izif_a1",
  );
});

test("checkCalibrationFits() refuses a calibration of another score, naming the setting", () => {
  const c = fitCalibration([1, 2, 3], { sheet: meta, source: "normals.xlsx" });
  checkCalibrationFits(c, { file: "test.xlsx", tag: "pairwise_a0.5", meta });
  // Sheets from elsewhere record nothing: any calibration fits them.
  checkCalibrationFits(c, { file: "original.xlsx", tag: "original", meta: {} });
  assert.throws(
    () => checkCalibrationFits(c, { file: "test.xlsx", tag: "t", meta: { ...meta, alpha: "1" } }),
    (e) =>
      isStatusError(e) &&
      e.code === 3 &&
      e.message ===
        "Calibration 'normals.xlsx' was fitted on scores with alpha '0.5', but sheet 'test.xlsx' (tag 't') has alpha '1': fit a calibration on held-out normals scored the same way",
  );
  assert.throws(
    () => checkCalibrationFits(c, { file: "s.csv", tag: "t", meta: { method: "izif" } }),
    /with method 'pairwise', but sheet 's.csv'/,
  );
});
