/** `format` of a pipeline's `metrics.json`. */
export const PIPELINE_METRICS_FORMAT = "dermanomaly/pipeline-metrics/1";

/** One score's figures in `metrics.json`. */
export interface ScoreMetrics {
  /** The sheet's tag, e.g. `izif_a1`. */
  readonly tag: string;
  /** Images scored. */
  readonly n: number;
  /** ROC AUC, anomalous positive. */
  readonly auc: number;
  /** 95% bootstrap interval of the AUC. */
  readonly auc_ci95: readonly [number, number];
  /** Average precision. */
  readonly average_precision: number;
  /** The decision threshold on raw scores, and the rule that chose it (`calibrated`, `median` ...). */
  readonly threshold: { readonly method: string; readonly value: number };
  /** `<tag>/metrics.json` in the run folder: the full figures (confusion matrix, classification report). */
  readonly metrics: string;
}

/**
 * A pipeline's `metrics.json`: the AUC of each score and of the naive colour baseline, as the report computed them.
 *
 * ```jsonc
 * {
 *   "format": "dermanomaly/pipeline-metrics/1",
 *   "pipeline": "pipeline-3f2a...", "name": "demo", "preset": "demo",
 *   "threshold_rule": "calibrated",
 *   "scores": [{ "tag": "izif_a1", "n": 80, "auc": 0.93, "auc_ci95": [0.88, 0.97], "average_precision": 0.92,
 *                "threshold": { "method": "calibrated", "value": 0.012 }, "metrics": "izif_a1/metrics.json" }],
 *   "baseline": { "tag": "hue-spread", ... } // or null
 *   "test_images": 80, "holdout_images": 20, "seconds": 812.4,
 *   "steps": { "train_gan": { "seconds": 402.1, "job": "gan-training-..." } }
 * }
 * ```
 */
export interface PipelineMetrics {
  readonly format: typeof PIPELINE_METRICS_FORMAT;
  readonly pipeline: string;
  readonly name: string;
  readonly preset: string;
  readonly threshold_rule: string;
  readonly scores: readonly ScoreMetrics[];
  readonly baseline: ScoreMetrics | null;
  /** Rows of the test sheets. */
  readonly test_images: number;
  /** Held-out naevi the thresholds were calibrated on (0 without calibration). */
  readonly holdout_images: number;
  /** Wall-clock time from start to the report. */
  readonly seconds: number;
  /** Each step's time and job. */
  readonly steps: Readonly<Record<string, { readonly seconds: number; readonly job: string }>>;
}

function fail(path: string, what: string): never {
  throw new TypeError(`metrics.json: ${path} ${what}`);
}

function num(o: Record<string, unknown>, key: string, path: string, check?: (v: number) => boolean): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isFinite(v) || (check && !check(v)))
    fail(`${path}.${key}`, `must be a ${check ? "valid " : ""}finite number, got ${JSON.stringify(v)}`);
  return v;
}

function str(o: Record<string, unknown>, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string" || v === "")
    fail(`${path}.${key}`, `must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(path, "must be an object");
  return v as Record<string, unknown>;
}

const unit = (v: number) => v >= 0 && v <= 1;

function checkScore(v: unknown, path: string): ScoreMetrics {
  const o = obj(v, path);
  str(o, "tag", path);
  num(o, "n", path, (n) => Number.isInteger(n) && n > 0);
  num(o, "auc", path, unit);
  num(o, "average_precision", path, unit);
  const ci = o["auc_ci95"];
  if (
    !Array.isArray(ci) ||
    ci.length !== 2 ||
    !ci.every((x) => typeof x === "number" && unit(x)) ||
    ci[0] > ci[1]
  )
    fail(`${path}.auc_ci95`, "must be [low, high] in [0, 1]");
  const threshold = obj(o["threshold"], `${path}.threshold`);
  str(threshold, "method", `${path}.threshold`);
  num(threshold, "value", `${path}.threshold`);
  str(o, "metrics", path);
  return o as unknown as ScoreMetrics;
}

/**
 * Reads a parsed `metrics.json` and checks it against {@linkcode PipelineMetrics}: every field present, of its
 * type and range.
 *
 * @throws {TypeError} naming the first field that is missing or wrong
 */
export function checkPipelineMetrics(value: unknown): PipelineMetrics {
  const o = obj(value, "the file");
  if (o["format"] !== PIPELINE_METRICS_FORMAT)
    fail("format", `must be "${PIPELINE_METRICS_FORMAT}", got ${JSON.stringify(o["format"])}`);
  for (const key of ["pipeline", "name", "preset", "threshold_rule"]) str(o, key, "");
  const scores = o["scores"];
  if (!Array.isArray(scores) || scores.length === 0) fail("scores", "must be a non-empty list");
  for (const [i, s] of scores.entries()) checkScore(s, `scores[${i}]`);
  if (o["baseline"] !== null) checkScore(o["baseline"], "baseline");
  num(o, "test_images", "", (n) => Number.isInteger(n) && n > 0);
  num(o, "holdout_images", "", (n) => Number.isInteger(n) && n >= 0);
  num(o, "seconds", "", (n) => n >= 0);
  for (const [step, v] of Object.entries(obj(o["steps"], "steps"))) {
    const s = obj(v, `steps.${step}`);
    num(s, "seconds", `steps.${step}`, (n) => n >= 0);
    if (typeof s["job"] !== "string") fail(`steps.${step}.job`, "must be a string");
  }
  return o as unknown as PipelineMetrics;
}
