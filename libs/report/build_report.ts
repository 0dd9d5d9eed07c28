import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import {
  type EvaluationSummary,
  evaluateSheets,
  type ImageClass,
  type Latents,
  type SheetInput,
  ThresholdRule,
} from "@dermanomaly/evaluation";
import { writeFileAtomic } from "@dermanomaly/evaluation/internal";
import { type ReportImageModel, type ReportSheetModel, renderReportHtml } from "./html.ts";
import { type ImageThumbnails, writeThumbnails } from "./thumbnails.ts";
import type { ReportImageSet } from "./types.ts";

/** A score sheet to report on, already read (e.g. by `@dermanomaly/scoring`'s `readScoreSheet`). */
export interface ReportSheet extends SheetInput {
  /** Image names, one per row, to link rows to images; null or absent for sheets without them. */
  readonly imageNames?: readonly string[] | null;
  /** The sheet's method (its meta), shown beside the tag. */
  readonly method?: string;
}

/** A calibration as the report uses it (`@dermanomaly/scoring`'s `Calibration` is one). */
export interface ReportCalibration {
  /** Raw threshold: anomalous when score > threshold. */
  readonly threshold: number;
  /** Normalisation bounds, to show normalised scores beside the raw ones. */
  readonly normalisation?: { readonly min: number; readonly max: number };
}

/** Progress of {@linkcode buildReport}. */
export interface ReportProgress {
  /** What is being made: `plots`, `thumbnails` or `report`. */
  readonly stage: "plots" | "thumbnails" | "report";
  readonly done: number;
  readonly total: number;
}

/** Options for {@linkcode buildReport}. */
export interface BuildReportOptions {
  /** Output folder: report.html, summary.json, `<tag>/metrics.json`, graphics/, thumbs/. */
  readonly out: string;
  /** The score sheets of the methods. */
  readonly sheets: readonly ReportSheet[];
  /**
   * The naive colour baseline's sheet (the `hue-spread` score of the same images): evaluated like the others and
   * shown beside each method's AUC. Absent = no baseline column.
   */
  readonly baseline?: ReportSheet;
  /** Reconstruction sets holding the sheets' images (their input, reconstruction and residual PNGs). */
  readonly reconstructionSets?: readonly ReportImageSet[];
  /**
   * Threshold rule of every sheet.
   * @default "median"
   */
  readonly thresholdRule?: ThresholdRule;
  /** Calibrations by sheet tag; the `calibrated` rule needs one for every sheet (the baseline included). */
  readonly calibrations?: Readonly<Record<string, ReportCalibration>>;
  /** Latents to embed with t-SNE (`latent_vectors.csv`); classes come from the reconstruction sets. */
  readonly latents?: Latents;
  /**
   * Perplexity of the t-SNE (lowered to (n - 1) / 3 for small sets).
   * @default 30
   */
  readonly tsnePerplexity?: number;
  /**
   * Seed of the t-SNE.
   * @default `seed`
   */
  readonly tsneSeed?: number;
  /**
   * Names of class 0 and class 1.
   * @default ["naevus", "melanoma"]
   */
  readonly names?: readonly [string, string];
  /**
   * Bootstrap resamples of each AUC interval.
   * @default 2000
   */
  readonly resamples?: number;
  /**
   * Seed of the bootstraps and the t-SNE.
   * @default 0
   */
  readonly seed?: number;
  /**
   * Longest side of the thumbnails.
   * @default 128
   */
  readonly thumbnailSize?: number;
  /**
   * Page title.
   * @default "dermanomaly report"
   */
  readonly title?: string;
  /** Checked between steps; the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called as plots, thumbnails and the page are made (throttled by the steps). */
  readonly onProgress?: (progress: ReportProgress) => void;
}

/** What {@linkcode buildReport} wrote. */
export interface BuiltReport {
  /** `summary.json` as written (with `report` and `baseline` added). */
  readonly summary: EvaluationSummary & { readonly report: string; readonly baseline: string | null };
  /** Path of report.html. */
  readonly report: string;
}

/**
 * Evaluates the sheets (metrics.json, plots and their CSVs, summary.json: see `evaluateSheets`), embeds the latents
 * with t-SNE, writes thumbnails of every image of the reconstruction sets, and writes `report.html`: every plot,
 * the metrics table with the baseline's AUC beside each method's, the t-SNE scatter and the image table, where
 * hovering or clicking a point or a row shows that image, its reconstruction, its residual map, its scores and the
 * decisions. Everything it links is inside `out`, by relative paths.
 *
 * @throws {StatusError} INVALID_ARGUMENT for what `evaluateSheets` refuses, a sheet whose image names do not match
 *   its rows, or a calibration missing under the `calibrated` rule.
 * @throws {RangeError} for bad options.
 */
export async function buildReport(options: BuildReportOptions): Promise<BuiltReport> {
  const rule = options.thresholdRule ?? ThresholdRule.MEDIAN;
  const names = options.names ?? (["naevus", "melanoma"] as const);
  const sets = options.reconstructionSets ?? [];
  const all: ReportSheet[] = [
    ...options.sheets,
    ...(options.baseline === undefined ? [] : [options.baseline]),
  ];
  for (const sheet of all) {
    if (sheet.imageNames != null && sheet.imageNames.length !== sheet.scores.length) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Sheet '${sheet.tag}' has ${sheet.scores.length} scores but ${sheet.imageNames.length} image names`,
      );
    }
  }
  const calibrations = options.calibrations ?? {};
  const inputs: SheetInput[] = all.map((s) => {
    const calibrated = calibrations[s.tag]?.threshold ?? s.calibrated;
    return {
      tag: s.tag,
      scores: s.scores,
      labels: s.labels,
      ...(calibrated === undefined ? {} : { calibrated }),
    };
  });

  // Classes of the images, by name, for the t-SNE colours.
  const classes = new Map<string, ImageClass>();
  for (const set of sets) {
    for (const image of set.images) {
      if (!classes.has(image.imageName))
        classes.set(image.imageName, { class: image.className, label: image.label });
    }
  }
  const report = (stage: ReportProgress["stage"], done: number, total: number) =>
    options.onProgress?.({ stage, done, total });
  const evaluation = await evaluateSheets(inputs, {
    out: options.out,
    rule,
    names,
    ...(options.resamples === undefined ? {} : { resamples: options.resamples }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.latents === undefined
      ? {}
      : {
          tsne: {
            latents: options.latents,
            classes,
            ...((options.tsneSeed ?? options.seed) === undefined
              ? {}
              : { seed: (options.tsneSeed ?? options.seed) as number }),
            ...(options.tsnePerplexity === undefined ? {} : { perplexity: options.tsnePerplexity }),
          },
        }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onProgress: (p) => report("plots", p.done, p.total),
  });

  const thumbs = await writeThumbnails(sets, options.out, {
    ...(options.thumbnailSize === undefined ? {} : { size: options.thumbnailSize }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onImage: (done, total) => {
      if (done === total || done % 25 === 0) report("thumbnails", done, total);
    },
  });

  // One entry per image: those of the sets first (in set order), then names only the sheets or latents know.
  const images: {
    name: string;
    className: string;
    label: number;
    thumbs?: ImageThumbnails;
    reconstructionCaption?: string;
  }[] = [];
  const byName = new Map<string, number>();
  const add = (name: string, className: string, label: number, t?: ImageThumbnails, caption?: string) => {
    if (byName.has(name)) return;
    byName.set(name, images.length);
    images.push({
      name,
      className,
      label,
      ...(t === undefined ? {} : { thumbs: t }),
      ...(caption === undefined ? {} : { reconstructionCaption: caption }),
    });
  };
  sets.forEach((set, s) => {
    set.images.forEach((image, i) => {
      add(image.imageName, image.className, image.label, thumbs[s]?.[i], set.reconstructionCaption);
    });
  });
  for (const sheet of all) {
    sheet.imageNames?.forEach((name, k) => {
      add(name, sheet.labels[k] === 1 ? names[1] : names[0], sheet.labels[k] as number);
    });
  }
  for (const p of evaluation.tsne ?? []) add(p.image_name, p.class, p.label);
  const scores = images.map(() => all.map((): number | null => null));
  all.forEach((sheet, s) => {
    sheet.imageNames?.forEach((name, k) => {
      const row = scores[byName.get(name) as number] as (number | null)[];
      row[s] = sheet.scores[k] as number;
    });
  });
  const tsneAt = new Map((evaluation.tsne ?? []).map((p) => [p.image_name, [p.x, p.y] as const]));

  const summaries = new Map(evaluation.summary.sheets.map((s) => [s.tag, s]));
  const sheetModels: ReportSheetModel[] = all.map((sheet) => {
    const ev = evaluation.evaluations.get(sheet.tag);
    const summary = summaries.get(sheet.tag);
    if (ev === undefined || summary === undefined) throw new Error(`Sheet '${sheet.tag}' was not evaluated`);
    const normalisation = calibrations[sheet.tag]?.normalisation;
    return {
      tag: sheet.tag,
      method: sheet.method ?? "",
      metrics: ev.metrics,
      files: summary.files,
      baseline: sheet === options.baseline,
      ...(normalisation === undefined ? {} : { normalisation }),
    };
  });
  const imageModels: ReportImageModel[] = images.map((image, i) => {
    const xy = tsneAt.get(image.name);
    return { ...image, scores: scores[i] as (number | null)[], ...(xy === undefined ? {} : { tsne: xy }) };
  });
  const notes = [
    ...sets.map(
      (s) =>
        `Reconstruction set: ${s.name ?? s.dir} (${s.images.length} images` +
        `${s.reconstructionCaption === undefined ? "" : `; reconstructions ${s.reconstructionCaption}`})`,
    ),
    `${all.length} score sheet${all.length === 1 ? "" : "s"}; metrics in summary.json and <tag>/metrics.json.`,
  ];
  options.signal?.throwIfAborted();
  const html = renderReportHtml({
    title: options.title ?? "dermanomaly report",
    created: new Date().toISOString(),
    thresholdRule: rule,
    names,
    sheets: sheetModels,
    images: imageModels,
    ...(evaluation.summary.tsne === undefined ? {} : { tsne: evaluation.summary.tsne }),
    notes,
    resamples: options.resamples ?? 2000,
  });
  const reportPath = join(options.out, "report.html");
  await writeFileAtomic(reportPath, html);
  const summary = {
    ...evaluation.summary,
    report: "report.html",
    baseline: options.baseline?.tag ?? null,
  };
  await writeFileAtomic(join(options.out, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  report("report", 1, 1);
  return { summary, report: reportPath };
}

/** Reads `summary.json` of a report folder. */
export async function readSummary(out: string): Promise<BuiltReport["summary"]> {
  return JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as BuiltReport["summary"];
}
