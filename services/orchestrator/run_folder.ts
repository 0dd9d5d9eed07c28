import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ArtifactRef, ArtifactStore, StoredArtifact } from "@dermanomaly/artifacts";
import { PIPELINE_METRICS_FORMAT, type PipelineMetrics, type ScoreMetrics } from "./metrics.ts";
import { BASELINE_TAG, fileName, pick, type StepName, type StepOutputs, stepModels } from "./steps.ts";
import type { PipelineRecord } from "./store.ts";

/** `format` of `run.json`. */
export const RUN_MANIFEST_FORMAT = "dermanomaly/run/1";

/**
 * `run.json`: every file of a pipeline's run folder, by its path in the folder, with the artifact holding it, so a
 * client anywhere (with access to the artifact store) can download the run.
 */
export interface RunManifest {
  readonly format: typeof RUN_MANIFEST_FORMAT;
  readonly pipeline: string;
  readonly name: string;
  readonly preset: string;
  /** Path in the run folder -> artifact. */
  readonly files: Readonly<Record<string, ArtifactRef>>;
}

/** Where the files a stage wrote under the pipeline's root go in the run folder, by key prefix (first match wins). */
const PLACES: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^run\/(.+)$/, (m) => m[1]!],
  [/^report\/(.+)$/, (m) => m[1]!],
  [/^reconstructions\/test\/(.+)$/, (m) => m[1]!],
  [/^reconstructions\/holdout\/(.+)$/, (m) => `holdout/${m[1]}`],
  [/^scores\/test\/(.+)$/, (m) => `sheets/${m[1]}`],
  [/^scores\/holdout\/(.+)$/, (m) => `sheets/holdout/${m[1]}`],
  [/^calibration\/([^/]+)\/calibration\.json$/, (m) => `calibrations/${m[1]}.json`],
  [/^gan\/[^/]+\/(.+)$/, (m) => `models/gan/${m[1]}`],
  [/^encoder\/[^/]+\/(.+)$/, (m) => `models/encoder/${m[1]}`],
  [/^datasets\/(.+\.manifest\.json)$/, (m) => `datasets/${m[1]}`],
];

/** Large files a run folder leaves out: data set zips, training states, snapshots other than the final models. */
function leftOut(key: string, finals: ReadonlySet<string>): boolean {
  if (/^datasets\/.*\.zip$/.test(key)) return true;
  const name = key.slice(key.lastIndexOf("/") + 1);
  if (/^(gan|encoder)\//.test(key) && name.endsWith(".safetensors")) return !finals.has(key);
  return false;
}

/** The store key of an artifact of `store`, or undefined for one of another store. */
function keyOf(store: ArtifactStore, ref: ArtifactRef): string | undefined {
  const base = store.uriOf("x").slice(0, -1);
  if (!ref.uri.startsWith(base)) return undefined;
  return ref.uri.slice(base.length).split("/").map(decodeURIComponent).join("/");
}

/** The finished steps' outputs, by step. */
export function outputsOf(record: PipelineRecord): StepOutputs {
  return Object.fromEntries(
    record.steps.filter((s) => s.state === "JOB_STATE_SUCCEEDED").map((s) => [s.name, s.outputs]),
  );
}

/** The lineage of each step: what it read, which models it used, its job and request, what it wrote. */
export function runLineage(record: PipelineRecord, requests: Readonly<Partial<Record<StepName, unknown>>>) {
  const outputs = outputsOf(record);
  return {
    format: "dermanomaly/pipeline-lineage/1",
    pipeline: record.id,
    steps: record.steps.map((step) => ({
      step: step.name,
      stage: step.stage,
      job: step.job ?? null,
      started: step.startedAt ?? null,
      ended: step.endedAt ?? null,
      needs: step.needs,
      inputs: step.needs
        .flatMap((n) => outputs[n] ?? [])
        .filter((o) => !o.uri.endsWith(".json") || /manifest/.test(o.uri)),
      models: stepModels(step.name, record.spec, outputs),
      request: requests[step.name] ?? null,
      outputs: step.outputs,
    })),
  };
}

function seconds(start: string | undefined, end: string | undefined): number {
  return start && end ? Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000) : 0;
}

/** `metrics.json` from the report's `summary.json`. */
export function pipelineMetrics(
  record: PipelineRecord,
  summary: unknown,
  holdoutImages: number,
): PipelineMetrics {
  const s = summary as {
    threshold_rule?: string;
    baseline?: string | null;
    sheets?: {
      tag: string;
      n: number;
      auc: number;
      auc_ci95: [number, number];
      average_precision: number;
      threshold: { method: string; value: number };
      metrics: string;
    }[];
  };
  const sheets = (s.sheets ?? []).map(
    (sheet): ScoreMetrics => ({
      tag: sheet.tag,
      n: sheet.n,
      auc: sheet.auc,
      auc_ci95: sheet.auc_ci95,
      average_precision: sheet.average_precision,
      threshold: { method: sheet.threshold.method, value: sheet.threshold.value },
      metrics: sheet.metrics,
    }),
  );
  const baselineTag = typeof s.baseline === "string" ? s.baseline : BASELINE_TAG;
  const baseline = sheets.find((x) => x.tag === baselineTag) ?? null;
  const scores = sheets.filter((x) => x !== baseline);
  const end = new Date().toISOString();
  return {
    format: PIPELINE_METRICS_FORMAT,
    pipeline: record.id,
    name: record.spec.name,
    preset: record.spec.preset,
    threshold_rule: s.threshold_rule ?? "",
    scores,
    baseline,
    test_images: scores[0]?.n ?? baseline?.n ?? 0,
    holdout_images: holdoutImages,
    seconds: seconds(record.createdAt, end),
    steps: Object.fromEntries(
      record.steps.map((st) => [
        st.name,
        { seconds: seconds(st.startedAt, st.endedAt), job: st.job?.id ?? "" },
      ]),
    ),
  };
}

/** Options of {@linkcode writeRunFolder}. */
export interface WriteRunFolderOptions {
  /** The stage requests each step was started with, for `lineage.json`. */
  requests: Readonly<Partial<Record<StepName, unknown>>>;
}

/**
 * Writes the pipeline's own files under `<root>run/` (`metrics.json`, `calibration.json`, `lineage.json`) and the
 * run manifest `run.json` listing every file of the run folder: the report at its top (so its relative links
 * work), the test set's reconstructions (`generated_img/`, `residual/`, `input_img/`, `latent_vectors.csv`), the
 * held-out set's under `holdout/`, the sheets under `sheets/`, the calibrations, the final models with their
 * training records under `models/`, the data sets' manifests. Idempotent: a retry writes the same keys.
 */
export async function writeRunFolder(
  store: ArtifactStore,
  record: PipelineRecord,
  options: WriteRunFolderOptions,
): Promise<{ manifest: StoredArtifact; metrics: StoredArtifact; runManifest: RunManifest }> {
  const root = record.spec.root;
  const outputs = outputsOf(record);
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  const put = (name: string, value: unknown) =>
    store.put(`${root}run/${name}`, json(value), { mediaType: "application/json" });

  const calibrations: Record<string, unknown> = {};
  let holdoutImages = 0;
  for (const ref of pick.calibrations(outputs)) {
    const content = JSON.parse(Buffer.from(await store.getBytes(ref)).toString("utf8")) as Record<
      string,
      unknown
    >;
    const sheet = (content["sheet"] ?? {}) as Record<string, string>;
    const tag = sheet["tag"] ?? keyOf(store, ref)?.split("/").at(-2) ?? fileName(ref);
    calibrations[tag] = content;
    holdoutImages = Math.max(holdoutImages, Number(content["count"] ?? 0));
  }
  await put("calibration.json", {
    format: "dermanomaly/pipeline-calibration/1",
    quantile: record.spec.calibrationQuantile,
    calibrations,
  });
  const summaryRef = (outputs.report ?? []).find((o) => fileName(o) === "summary.json");
  const summary = summaryRef
    ? JSON.parse(Buffer.from(await store.getBytes(summaryRef)).toString("utf8"))
    : {};
  const metrics = await put("metrics.json", pipelineMetrics(record, summary, holdoutImages));
  await put("lineage.json", runLineage(record, options.requests));

  const finals = new Set(
    [outputs.train_gan && pick.ganCheckpoint(outputs), outputs.train_encoder && pick.encoder(outputs)]
      .filter((r): r is ArtifactRef => Boolean(r))
      .map((r) => keyOf(store, r)?.slice(root.length) ?? ""),
  );
  const files: Record<string, ArtifactRef> = {};
  for (const artifact of await store.list(root)) {
    const key = artifact.key.slice(root.length);
    if (key === "run/run.json" || leftOut(key, finals)) continue;
    const place = PLACES.find(([re]) => re.test(key));
    const path = place ? place[1](key.match(place[0])!) : `other/${key}`;
    if (path in files) continue; // the first place wins (the report's files over a set's of the same name)
    files[path] = {
      uri: artifact.uri,
      sha256: artifact.sha256,
      sizeBytes: artifact.sizeBytes,
      mediaType: artifact.mediaType,
    };
  }
  const runManifest: RunManifest = {
    format: RUN_MANIFEST_FORMAT,
    pipeline: record.id,
    name: record.spec.name,
    preset: record.spec.preset,
    files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  const manifest = await put("run.json", runManifest);
  return { manifest, metrics, runManifest };
}

/**
 * Downloads every file of a run manifest into `dir` (digests checked), and writes `run.json` itself there. Used for
 * a path `outdir`.
 */
export async function downloadRun(
  store: ArtifactStore,
  manifest: RunManifest,
  dir: string,
  options: { onFile?: (path: string, done: number, total: number) => void } = {},
): Promise<void> {
  const entries = Object.entries(manifest.files);
  let done = 0;
  for (const [path, ref] of entries) {
    if (path.split("/").includes("..") || path.startsWith("/"))
      throw new TypeError(`Run file path "${path}" leaves the run folder`);
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await store.getToFile(ref, join(dir, path));
    options.onFile?.(path, ++done, entries.length);
  }
  await writeFile(join(dir, "run.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}
