import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactRef, ArtifactStore, StoredArtifact } from "@dermanomaly/artifacts";
import {
  Code,
  type Location__Output,
  type SheetInput__Output,
  type SheetSummary,
  type StartReportRequest__Output,
  StatusError,
} from "@dermanomaly/contracts";
import type { ClassFigures, EvaluationSummary, Latents, SheetMetrics } from "@dermanomaly/evaluation";
import { readLatents } from "@dermanomaly/evaluation/internal";
import {
  type ReconstructionSet,
  readReconstructionSet,
  reconstructionCaption,
} from "@dermanomaly/reconstruction";
import { buildReport, type ReportCalibration, type ReportSheet } from "@dermanomaly/report";
import {
  aboutSource,
  defineStageJob,
  localFolderInput,
  localNamedInput,
  now,
  outputLocation,
  type StageContext,
  type StageJob,
} from "@dermanomaly/runtime";
import {
  type Calibration,
  calibrationTag,
  checkCalibrationFits,
  readCalibration,
  readScoreSheet,
} from "@dermanomaly/scoring";
import { reportSettings, sheetTag, wireRule } from "./options.ts";
import { storeFolder } from "./store_folder.ts";

type Request = StartReportRequest__Output;

/** Where a job's files go: the store prefix and, for a path, the local folder. */
export function outputPlace(
  location: Location__Output | null | undefined,
  fallback: string,
): { prefix: string; dir?: string } {
  const dest = outputLocation(location, fallback);
  if (dest.kind === "path") return { prefix: `${fallback}/`, dir: dest.path };
  return { prefix: dest.key.endsWith("/") ? dest.key : `${dest.key}/` };
}

/** Refuses a path input that does not exist, on the call. */
export function checkPathExists(field: string, location: Location__Output | null | undefined): void {
  if (location?.kind === "path" && !existsSync(location.path ?? "")) {
    throw new StatusError(Code.NOT_FOUND, `${field} path "${location.path}" does not exist`);
  }
}

/** A sheet read for the report, with what lineage and messages need. */
interface ReadSheet {
  readonly report: ReportSheet;
  readonly source: string;
  readonly meta: Readonly<Record<string, string>>;
  readonly ref: ArtifactRef;
  readonly calibration: Location__Output | null;
}

/** Where inputs are read from and downloaded to. */
interface InputIo {
  readonly store: ArtifactStore;
  readonly workDir: string;
}

async function readSheet(io: InputIo, input: SheetInput__Output, field: string): Promise<ReadSheet> {
  const file = await localNamedInput(input.sheet, { ...io, field });
  try {
    const sheet = await readScoreSheet(file.path);
    const method = sheet.meta["method"];
    return {
      report: {
        tag: sheetTag(input),
        scores: sheet.scores,
        labels: sheet.labels,
        imageNames: sheet.imageNames,
        ...(method === undefined ? {} : { method }),
      },
      source: file.source,
      meta: sheet.meta,
      ref: file.ref,
      calibration: input.calibration?.kind ? input.calibration : null,
    };
  } catch (err) {
    throw aboutSource(err, file);
  }
}

/** A reconstruction set made local whole (the report shows every image) and read. */
export async function readSet(
  job: StageJob<unknown>,
  location: Location__Output,
  field: string,
): Promise<{ set: ReconstructionSet; source: string; ref: ArtifactRef }> {
  const folder = await localFolderInput(location, { store: job.artifacts, workDir: job.scratch, field });
  try {
    const set = await readReconstructionSet(folder.path);
    const tensors = folder.files.get("reconstruction_set.safetensors");
    return {
      set,
      source: folder.source,
      ref: tensors ?? { uri: folder.source, sha256: "", sizeBytes: 0, mediaType: "inode/directory" },
    };
  } catch (err) {
    throw aboutSource(err, folder);
  }
}

/** The latents of sets, one row per image, for a t-SNE of every image a report shows. */
export function setLatents(sets: readonly ReconstructionSet[]): Latents {
  const names: string[] = [];
  const rows = sets.reduce((n, s) => n + s.images.length, 0);
  const cols = sets[0]?.info.zDim ?? 0;
  const data = new Float32Array(rows * cols);
  let at = 0;
  for (const set of sets) {
    if (set.info.zDim !== cols) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Reconstruction sets have latents of ${cols} and ${set.info.zDim} values: one t-SNE cannot embed both`,
      );
    }
    for (const image of set.images) names.push(image.imageName);
    data.set(set.z, at * cols);
    at += set.images.length;
  }
  return { names, matrix: { data, rows, cols } };
}

function classFigures(name: string, f: ClassFigures | number | undefined) {
  const c = (typeof f === "object" ? f : { precision: 0, recall: 0, f1: 0, support: 0 }) as ClassFigures;
  return { name, precision: c.precision, recall: c.recall, f1: c.f1, support: c.support };
}

/** A sheet's figures on the wire, from its `metrics.json` and its stored files. */
export function wireSummary(
  summary: EvaluationSummary["sheets"][number],
  metrics: SheetMetrics,
  names: readonly [string, string],
  stored: ReadonlyMap<string, StoredArtifact>,
  baseline: boolean,
): SheetSummary {
  const [[tn, fp], [fn, tp]] = metrics.confusion_matrix;
  const artifacts: Record<string, ArtifactRef> = {};
  for (const [kind, file] of Object.entries({ metrics: summary.metrics, ...summary.files })) {
    const ref = stored.get(file);
    if (ref !== undefined) artifacts[kind] = ref;
  }
  return {
    tag: summary.tag,
    rocAuc: metrics.auc,
    averagePrecision: metrics.average_precision,
    threshold: metrics.threshold.value,
    thresholdRule: wireRule(metrics.threshold.method),
    confusion: { tn, fp, fn, tp },
    classes: [
      classFigures(names[0], metrics.report[names[0]]),
      classFigures(names[1], metrics.report[names[1]]),
      classFigures("macro avg", metrics.report["macro avg"]),
      classFigures("weighted avg", metrics.report["weighted avg"]),
    ],
    accuracy: typeof metrics.report["accuracy"] === "number" ? metrics.report["accuracy"] : 0,
    artifacts,
    rocAucCi95Low: metrics.auc_ci95[0],
    rocAucCi95High: metrics.auc_ci95[1],
    count: metrics.n,
    baseline,
  };
}

/** Which stored files a job lists as its outputs: the report, the tables and the plots' PNG and CSV (no thumbnails). */
export function mainOutputs(stored: ReadonlyMap<string, StoredArtifact>): StoredArtifact[] {
  return [...stored.entries()]
    .filter(([name]) => !name.startsWith("thumbs/") && !name.endsWith(".svg"))
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1))
    .map(([, ref]) => ref);
}

function rank(name: string): number {
  return name === "report.html" ? 0 : name === "summary.json" ? 1 : name.endsWith("metrics.json") ? 2 : 3;
}

/** The sheets of a report, read whole, and their calibrations matched to them. */
interface ReportInputs {
  readonly sheets: readonly ReadSheet[];
  readonly baseline: ReadSheet | undefined;
  /** By sheet tag. */
  readonly calibrations: Record<string, ReportCalibration>;
  /** Sheets and calibrations as lineage records them. */
  readonly inputs: ArtifactRef[];
}

/**
 * Reads every sheet and calibration of a request and pairs each calibration with its sheet (the one it names, or
 * the only sheet when there is one of each), checking that it was fitted on that sheet's score.
 *
 * @throws {StatusError} INVALID_ARGUMENT naming file, column and row for a bad sheet (one class only, a missing or
 * NaN score, an unknown column, no rows), a bad calibration, or a calibration that fits no sheet; NOT_FOUND for a
 * missing file
 */
async function readSheets(request: Request, io: InputIo): Promise<ReportInputs> {
  const sheets = await Promise.all(request.sheets.map((s, k) => readSheet(io, s, `sheets[${k}].sheet`)));
  const baseline = request.baseline?.sheet?.kind
    ? await readSheet(io, request.baseline, "baseline.sheet")
    : undefined;
  const all = [...sheets, ...(baseline === undefined ? [] : [baseline])];
  const calibrations: Record<string, ReportCalibration> = {};
  const inputs: ArtifactRef[] = all.map((s) => s.ref);
  const attach = (calibration: Calibration, sheet: ReadSheet) => {
    checkCalibrationFits(calibration, { file: sheet.source, tag: sheet.report.tag, meta: sheet.meta });
    calibrations[sheet.report.tag] = {
      threshold: calibration.threshold,
      normalisation: { min: calibration.normalisation.min, max: calibration.normalisation.max },
    };
  };
  const readCal = async (location: Location__Output, field: string) => {
    const file = await localNamedInput(location, { ...io, field });
    inputs.push(file.ref);
    try {
      return { calibration: await readCalibration(file.path), source: file.source };
    } catch (err) {
      throw aboutSource(err, file);
    }
  };
  for (const sheet of all) {
    if (sheet.calibration !== null)
      attach((await readCal(sheet.calibration, "calibration")).calibration, sheet);
  }
  for (const [k, location] of request.calibrations.entries()) {
    const { calibration, source } = await readCal(location, `calibrations[${k}]`);
    const tag = calibrationTag(calibration);
    const sheet =
      all.length === 1 && request.calibrations.length === 1 ? all[0] : all.find((s) => s.report.tag === tag);
    if (sheet === undefined) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Calibration '${source}' was fitted on '${tag}', which no sheet is (${all.map((s) => s.report.tag).join(", ") || "none"}): give the sheet that tag or leave the calibration out`,
      );
    }
    attach(calibration, sheet);
  }
  return { sheets, baseline, calibrations, inputs };
}

/**
 * Report jobs (`StartReport`): read every sheet, calibration, set and latents file (any refusal before anything is
 * made), build the report with `@dermanomaly/report` in the job's scratch folder, store it whole under the output
 * place, announce it with `report_ready`.
 */
export function reportJob(ctx: StageContext<StageContext["config"], "reporter">) {
  return defineStageJob(ctx, {
    kind: "report",
    async check(request: Request) {
      reportSettings(request);
      request.sheets.forEach((s, k) => {
        checkPathExists(`sheets[${k}].sheet`, s.sheet);
        checkPathExists(`sheets[${k}].calibration`, s.calibration);
      });
      checkPathExists("baseline.sheet", request.baseline?.sheet);
      for (const [k, c] of request.calibrations.entries()) checkPathExists(`calibrations[${k}]`, c);
      for (const [k, s] of request.reconstructionSets.entries())
        checkPathExists(`reconstruction_sets[${k}]`, s);
      checkPathExists("tsne.latents", request.tsne?.latents);
      outputLocation(request.output, "reports/pending");
      // Sheets and calibrations given as paths are read on the call (reading them has no side effect), so a bad
      // sheet is refused before a job exists; those in a store are read by the job.
      const locations = [
        ...request.sheets.flatMap((s) => [s.sheet, s.calibration]),
        request.baseline?.sheet,
        request.baseline?.calibration,
        ...request.calibrations,
      ];
      if (locations.every((l) => !l?.kind || l.kind === "path")) {
        await readSheets(request, { store: ctx.artifacts, workDir: ctx.workDir });
      }
    },
    async run(job) {
      const { request, report } = job;
      const settings = reportSettings(request);
      const fallback = `reports/${job.job.id}`;
      const place = outputPlace(request.output, fallback);
      report({ message: "Reading the sheets", unit: "steps" });
      const { sheets, baseline, calibrations, inputs } = await readSheets(request, {
        store: job.artifacts,
        workDir: job.scratch,
      });
      const all = [...sheets, ...(baseline === undefined ? [] : [baseline])];

      report({ message: "Reading the reconstruction sets" });
      const sets = [];
      const named = [];
      for (const [k, location] of request.reconstructionSets.entries()) {
        const read = await readSet(job, location, `reconstruction_sets[${k}]`);
        sets.push(read.set);
        // The report names the set as stored, not by the scratch copy read here, with its digest: a copy of the set
        // elsewhere (a pipeline's run folder, once the store that made it is gone) is then still recognisable.
        const digest = read.ref.sha256 === "" ? "" : ` (sha256 ${read.ref.sha256.slice(0, 16)})`;
        named.push({
          dir: read.set.dir,
          name: `${read.ref.uri}${digest}`,
          reconstructionCaption: reconstructionCaption(read.set.info.lineage),
          images: read.set.images,
        });
        inputs.push(read.ref);
      }
      let latents: Latents | undefined;
      if (settings.tsne !== undefined) {
        if (settings.tsne.latents !== null) {
          const file = await localNamedInput(settings.tsne.latents, {
            store: job.artifacts,
            workDir: job.scratch,
            field: "tsne.latents",
          });
          inputs.push(file.ref);
          latents = await readLatents(file.path).catch((err: unknown) => {
            throw aboutSource(err, file);
          });
        } else {
          latents = setLatents(sets);
        }
      }

      const out = join(job.scratch, "report");
      const built = await buildReport({
        out,
        sheets: sheets.map((s) => s.report),
        ...(baseline === undefined ? {} : { baseline: baseline.report }),
        reconstructionSets: named,
        thresholdRule: settings.rule,
        calibrations,
        ...(latents === undefined ? {} : { latents }),
        ...(settings.tsne?.perplexity === undefined ? {} : { tsnePerplexity: settings.tsne.perplexity }),
        ...(settings.tsne === undefined ? {} : { tsneSeed: settings.tsne.seed }),
        names: settings.names,
        ...(settings.resamples === undefined ? {} : { resamples: settings.resamples }),
        seed: settings.seed,
        ...(settings.title === undefined ? {} : { title: settings.title }),
        signal: job.signal,
        onProgress: (p) =>
          report({ done: p.done, total: p.total, unit: "steps", message: `Making ${p.stage}` }),
      });
      report({ message: "Storing the report" });
      const stored = await storeFolder(job.artifacts, place, out, { signal: job.signal });
      const metrics = new Map<string, SheetMetrics>();
      for (const s of built.summary.sheets) {
        metrics.set(s.tag, JSON.parse(await readFile(join(out, s.metrics), "utf8")) as SheetMetrics);
      }
      const summaries = built.summary.sheets.map((s) =>
        wireSummary(
          s,
          metrics.get(s.tag) as SheetMetrics,
          settings.names,
          stored,
          s.tag === baseline?.report.tag,
        ),
      );
      const tsne = built.summary.tsne;
      const lineage = job.lineage({
        inputs,
        config: {
          sheets: all.map((s) => ({ tag: s.report.tag, source: s.source })),
          thresholdRule: settings.rule,
          calibrations,
          names: settings.names,
          resamples: settings.resamples ?? 2000,
          tsne: settings.tsne ?? null,
        },
        seed: settings.seed,
      });
      const ref = (name: string | undefined) => (name === undefined ? undefined : stored.get(name));
      const event = {
        job: job.job,
        at: now(),
        sheets: summaries,
        summary: ref("summary.json") ?? null,
        report: ref("report.html") ?? null,
        tsnePlot: ref(tsne?.files["png"]) ?? null,
        tsneCsv: ref(tsne?.files["csv"]) ?? null,
        tsneTrustworthiness: tsne?.trustworthiness ?? 0,
        lineage,
      };
      await job.publish("reportReady", event, `${job.job.id}:report_ready`);
      const aucs = summaries.map((s) => `${s.tag} ${Number(s.rocAuc ?? 0).toFixed(3)}`);
      return {
        done: stored.size,
        total: stored.size,
        unit: "files",
        message: `Report of ${summaries.length} sheets${tsne === undefined ? "" : " and a t-SNE"}: AUC ${aucs.join(", ")}`,
        metrics: Object.fromEntries([
          ...summaries.map((s) => [`auc_${s.tag}`, s.rocAuc ?? 0]),
          ...(tsne === undefined ? [] : [["tsne_trustworthiness", tsne.trustworthiness]]),
        ]),
        outputs: mainOutputs(stored),
      };
    },
  });
}
