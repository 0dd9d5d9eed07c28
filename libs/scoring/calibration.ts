import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import { minMaxNormalise, sortedQuantile } from "@dermanomaly/evaluation/internal";
import { readScoreSheet } from "./sheet.ts";

/** `format` of a `calibration.json`. */
export const CALIBRATION_FORMAT = "dermanomaly/calibration/1";

/**
 * A decision threshold and score normalisation fixed on held-out normal images (never on the evaluation set),
 * stored as `calibration.json` beside the models:
 *
 * ```jsonc
 * {
 *   "format": "dermanomaly/calibration/1",
 *   "quantile": 0.95,                  // q: the threshold is the q-quantile of the normal scores
 *   "quantile_method": "linear",       // numpy's default np.quantile (linear interpolation between order statistics)
 *   "threshold": 0.0123,               // on raw scores: anomalous when score > threshold
 *   "threshold_normalised": 0.91,      // the same threshold on normalised scores
 *   "normalisation": { "method": "min-max", "min": 0.004, "max": 0.016 },  // min and max of the normal scores
 *   "count": 200,                      // normal scores it was fitted on
 *   "sheet": { "tag": "izif_a0.5", "method": "izif", ... },  // the score sheet's settings and lineage (its meta tab)
 *   "source": "runs/val/izif_a0.5.xlsx", // the sheet it was fitted on
 *   "created": "2026-12-06T10:00:00.000Z"
 * }
 * ```
 *
 * Normalised score = (raw - min) / (max - min), not clipped: new scores may fall outside [0, 1].
 */
export interface Calibration {
  readonly format: typeof CALIBRATION_FORMAT;
  readonly quantile: number;
  readonly quantileMethod: "linear";
  readonly threshold: number;
  readonly thresholdNormalised: number;
  readonly normalisation: { readonly method: "min-max"; readonly min: number; readonly max: number };
  readonly count: number;
  /** The sheet's `meta` (method, metric, alpha, kappa, lineage ...), to check a calibration fits the scores. */
  readonly sheet: Readonly<Record<string, string>>;
  readonly source: string;
  readonly created: string;
}

/** Options for {@linkcode fitCalibration}. */
export interface FitCalibrationOptions {
  /**
   * Quantile q of the normal scores taken as threshold, in (0, 1): about 1 - q of normal images are then called
   * anomalous.
   * @default 0.95
   */
  readonly quantile?: number;
  /** The sheet's `meta`, recorded. */
  readonly sheet?: Readonly<Record<string, string>>;
  /** Where the scores came from, recorded. */
  readonly source?: string;
}

/**
 * Fits a calibration on the scores of held-out normal images: threshold = their q-quantile (numpy's linear
 * method), normalisation bounds = their min and max.
 *
 * @throws {RangeError} for fewer than 2 scores, a score that is not finite, or q outside (0, 1).
 */
export function fitCalibration(
  normalScores: ArrayLike<number>,
  options: FitCalibrationOptions = {},
): Calibration {
  const q = options.quantile ?? 0.95;
  if (!(q > 0 && q < 1)) throw new RangeError(`Quantile must be in (0, 1), got '${q}'`);
  if (normalScores.length < 2) {
    throw new RangeError(`A calibration needs at least 2 normal scores, got '${normalScores.length}'`);
  }
  const sorted = Float64Array.from(normalScores);
  for (let i = 0; i < sorted.length; i++) {
    if (!Number.isFinite(sorted[i]))
      throw new RangeError(`Score ${i} must be a finite number, got '${sorted[i]}'`);
  }
  sorted.sort();
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  const threshold = sortedQuantile(sorted, q);
  return {
    format: CALIBRATION_FORMAT,
    quantile: q,
    quantileMethod: "linear",
    threshold,
    thresholdNormalised: minMaxNormalise([threshold], { min, max })[0] as number,
    normalisation: { method: "min-max", min, max },
    count: sorted.length,
    sheet: options.sheet ?? {},
    source: options.source ?? "",
    created: new Date().toISOString(),
  };
}

/** Scores under a calibration. */
export interface CalibratedScores {
  /** The raw scores, unchanged. */
  readonly raw: Float64Array;
  /** (raw - min) / (max - min) of the normal scores (0 for all when max = min). */
  readonly normalised: Float64Array;
  /** Whether each score is above the threshold. */
  readonly anomalous: readonly boolean[];
}

/** Normalises scores and decides each against a calibration's threshold. */
export function applyCalibration(calibration: Calibration, scores: ArrayLike<number>): CalibratedScores {
  const { min, max } = calibration.normalisation;
  const raw = Float64Array.from(scores);
  return {
    raw,
    normalised: minMaxNormalise(raw, { min, max }),
    anomalous: Array.from(raw, (v) => v > calibration.threshold),
  };
}

/** Writes `calibration.json` whole (temporary name, then rename). */
export async function writeCalibration(calibration: Calibration, path: string): Promise<void> {
  const json = {
    format: calibration.format,
    quantile: calibration.quantile,
    quantile_method: calibration.quantileMethod,
    threshold: calibration.threshold,
    threshold_normalised: calibration.thresholdNormalised,
    normalisation: calibration.normalisation,
    count: calibration.count,
    sheet: calibration.sheet,
    source: calibration.source,
    created: calibration.created,
  };
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(tmp, `${JSON.stringify(json, null, 2)}\n`);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Reads and checks a `calibration.json`.
 *
 * @throws {StatusError} NOT_FOUND for a missing file; INVALID_ARGUMENT, naming the file and field, for a file that
 *   is not JSON, of another format, or with a missing or bad field.
 */
export async function readCalibration(path: string): Promise<Calibration> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new StatusError(Code.NOT_FOUND, `Calibration file '${path}' does not exist`, { cause: err });
    }
    throw err;
  }
  const bad = (message: string) =>
    new StatusError(Code.INVALID_ARGUMENT, `Calibration file '${path}': ${message}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw bad("not valid JSON");
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad("not a JSON object");
  const o = raw as Record<string, unknown>;
  if (o["format"] !== CALIBRATION_FORMAT)
    throw bad(`field 'format' is '${String(o["format"])}', expected '${CALIBRATION_FORMAT}'`);
  const num = (value: unknown, field: string): number => {
    if (typeof value !== "number" || !Number.isFinite(value))
      throw bad(`field '${field}' must be a finite number, got '${String(value)}'`);
    return value;
  };
  const quantile = num(o["quantile"], "quantile");
  if (!(quantile > 0 && quantile < 1)) throw bad(`field 'quantile' must be in (0, 1), got '${quantile}'`);
  if (o["quantile_method"] !== "linear")
    throw bad(`field 'quantile_method' must be 'linear', got '${String(o["quantile_method"])}'`);
  const norm = o["normalisation"] as Record<string, unknown> | undefined;
  if (typeof norm !== "object" || norm === null || norm["method"] !== "min-max") {
    throw bad("field 'normalisation' must be { method: 'min-max', min, max }");
  }
  const min = num(norm["min"], "normalisation.min");
  const max = num(norm["max"], "normalisation.max");
  if (max < min) throw bad(`field 'normalisation' has max '${max}' below min '${min}'`);
  const count = num(o["count"], "count");
  if (!Number.isInteger(count) || count < 2)
    throw bad(`field 'count' must be an integer >= 2, got '${count}'`);
  const sheet = o["sheet"] ?? {};
  if (
    typeof sheet !== "object" ||
    sheet === null ||
    Object.values(sheet).some((v) => typeof v !== "string")
  ) {
    throw bad("field 'sheet' must be an object of strings");
  }
  return {
    format: CALIBRATION_FORMAT,
    quantile,
    quantileMethod: "linear",
    threshold: num(o["threshold"], "threshold"),
    thresholdNormalised: num(o["threshold_normalised"], "threshold_normalised"),
    normalisation: { method: "min-max", min, max },
    count,
    sheet: sheet as Record<string, string>,
    source: typeof o["source"] === "string" ? o["source"] : "",
    created: typeof o["created"] === "string" ? o["created"] : "",
  };
}

/** Options for {@linkcode calibrateFromSheet}. */
export interface CalibrateFromSheetOptions {
  /**
   * Quantile of the normal scores taken as threshold.
   * @default 0.95
   */
  readonly quantile?: number;
  /**
   * What the calibration records as the sheet it was fitted on (e.g. the store URI it was downloaded from); its
   * file name is the calibration's tag when the sheet's `meta` names none.
   * @default sheetPath
   */
  readonly source?: string;
}

/**
 * `calibrate --scores normals.xlsx --out calibration.json`: reads a sheet of held-out normal images' scores (all
 * labels 0: a sheet with anomalous rows is refused), fits and writes the calibration.
 *
 * @throws {StatusError} as `readScoreSheet` (with `classes: "normal"`), for fewer than 2 rows too.
 */
export async function calibrateFromSheet(
  sheetPath: string,
  out: string,
  options: CalibrateFromSheetOptions = {},
): Promise<Calibration> {
  const sheet = await readScoreSheet(sheetPath, { classes: "normal" });
  if (sheet.scores.length < 2) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Score sheet '${sheetPath}' has ${sheet.scores.length} row: a calibration needs at least 2 normal scores`,
    );
  }
  const calibration = fitCalibration(sheet.scores, {
    ...(options.quantile === undefined ? {} : { quantile: options.quantile }),
    sheet: sheet.meta,
    source: options.source ?? sheetPath,
  });
  await writeCalibration(calibration, out);
  return calibration;
}
