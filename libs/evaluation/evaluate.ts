import { join } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import { checkTag, csvText, writeFileAtomic } from "./_files.ts";
import { checkScored } from "./_validate.ts";
import type { Latents } from "./latents.ts";
import { evaluateScores, type SheetEvaluation, type SheetMetrics } from "./metrics.ts";
import {
  confusionSpec,
  formatNumber,
  histogramSpec,
  prSpec,
  reportSpec,
  rocSpec,
  tsneSpec,
  violinSpec,
} from "./plots.ts";
import { renderPlot } from "./render_plot.ts";
import { isThresholdRule, ThresholdRule } from "./threshold.ts";
import { trustworthiness } from "./trustworthiness.ts";
import { tsne } from "./tsne.ts";

/** One score sheet to evaluate, already read (e.g. by `@dermanomaly/scoring`'s `readScoreSheet`). */
export interface SheetInput {
  /** Names the sheet's files (`roc_<tag>.png`): letters, digits, `.`, `-`, `_`. */
  readonly tag: string;
  /** Raw anomaly scores, one per image. */
  readonly scores: ArrayLike<number>;
  /** 0 (normal) or 1 (anomalous), one per image; both must occur. */
  readonly labels: ArrayLike<number>;
  /** The sheet's calibrated raw threshold (its `calibration.json`), needed by the `calibrated` rule. */
  readonly calibrated?: number;
}

/** The class of each embedded image, for the t-SNE colours and the `label` column of `tsne.csv`. */
export interface ImageClass {
  /** Class folder, e.g. `NEV`. */
  readonly class: string;
  /** Its label: 0 normal, 1 anomalous, -1 unknown. */
  readonly label: number;
}

/** The t-SNE part of {@linkcode evaluateSheets}. */
export interface TsneInput {
  /** The latents to embed (`latent_vectors.csv`). */
  readonly latents: Latents;
  /** Class of each image by name; images missing here are drawn as `unknown`, label -1. */
  readonly classes: ReadonlyMap<string, ImageClass>;
  /**
   * Seed of the embedding.
   * @default 0
   */
  readonly seed?: number;
  /**
   * Perplexity (lowered to (n - 1) / 3 for small sets, which need it).
   * @default 30
   */
  readonly perplexity?: number;
}

/** Progress of {@linkcode evaluateSheets}. */
export interface EvaluationProgress {
  /** Plots and tables done. */
  readonly done: number;
  /** Plots and tables in all. */
  readonly total: number;
}

/** Options for {@linkcode evaluateSheets}. */
export interface EvaluateSheetsOptions {
  /** Output folder: `summary.json`, `<tag>/metrics.json` and `graphics/`. Created if missing. */
  readonly out: string;
  /**
   * Threshold rule of every sheet.
   * @default "median"
   */
  readonly rule?: ThresholdRule;
  /**
   * Names of class 0 and class 1 in tables and plots.
   * @default ["naevus", "melanoma"]
   */
  readonly names?: readonly [string, string];
  /**
   * Bootstrap resamples of each AUC interval.
   * @default 2000
   */
  readonly resamples?: number;
  /**
   * Seed of the bootstraps.
   * @default 0
   */
  readonly seed?: number;
  /** t-SNE of latents, drawn as `graphics/tsne.png` with `graphics/tsne.csv`. Absent = none. */
  readonly tsne?: TsneInput;
  /** Checked between plots; the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after each plot, at most every `progressIntervalMs`, and at the end. */
  readonly onProgress?: (progress: EvaluationProgress) => void;
  /**
   * Least time between two progress calls.
   * @default 250
   */
  readonly progressIntervalMs?: number;
}

/** One sheet's entry in `summary.json`. */
export interface SheetSummary {
  readonly tag: string;
  readonly n: number;
  readonly auc: number;
  readonly auc_ci95: readonly [number, number];
  readonly average_precision: number;
  readonly threshold: SheetMetrics["threshold"];
  /** `<tag>/metrics.json`, relative to the output folder. */
  readonly metrics: string;
  /**
   * Files by kind, relative to the output folder: `violin`, `confusion`, `report`, `roc`, `pr`, `histogram`
   * (PNG; the same kinds with `_svg` for the SVG), `roc_csv`, `pr_csv`.
   */
  readonly files: Readonly<Record<string, string>>;
}

/** The t-SNE entry of `summary.json`. */
export interface TsneSummary {
  /** Points embedded. */
  readonly n: number;
  /** scikit-learn's trustworthiness (k = 5) of the embedding. */
  readonly trustworthiness: number;
  readonly perplexity: number;
  readonly seed: number;
  /** `png`, `svg`, `csv` (`image_name,x,y,label`), relative to the output folder. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * `summary.json`: every sheet's headline figures and files, and the t-SNE's. Format `dermanomaly/summary/1`;
 * keys are only ever added.
 */
export interface EvaluationSummary {
  readonly format: "dermanomaly/summary/1";
  readonly threshold_rule: ThresholdRule;
  readonly names: readonly [string, string];
  readonly sheets: readonly SheetSummary[];
  readonly tsne?: TsneSummary;
}

/** What {@linkcode evaluateSheets} wrote, with the full evaluations for callers that draw more (the report). */
export interface EvaluationResult {
  readonly summary: EvaluationSummary;
  /** Evaluations by tag. */
  readonly evaluations: ReadonlyMap<string, SheetEvaluation>;
  /** Embedded points, when a t-SNE was asked for: image name, coordinates and label, as `tsne.csv`. */
  readonly tsne?: readonly TsnePoint[];
}

/** One row of `tsne.csv`. */
export interface TsnePoint {
  readonly image_name: string;
  readonly x: number;
  readonly y: number;
  readonly label: number;
  readonly class: string;
}

/** The original's plot names (`classifier2.py`), and the new ones. */
export const PLOT_FILES = {
  violin: (tag: string) => `violon_${tag}`,
  confusion: (tag: string) => `confMatrix_${tag}`,
  report: (tag: string) => `report_${tag}`,
  roc: (tag: string) => `roc_${tag}`,
  pr: (tag: string) => `pr_${tag}`,
  histogram: (tag: string) => `hist_${tag}`,
} as const;

/**
 * Evaluates score sheets and writes, under `out`: `<tag>/metrics.json` per sheet ({@linkcode SheetMetrics}), the
 * plots of each sheet in `graphics/` as PNG and SVG (`violon_<tag>`, `confMatrix_<tag>`, `report_<tag>`,
 * `roc_<tag>` + `roc_<tag>.csv` (fpr,tpr,threshold), `pr_<tag>` + `pr_<tag>.csv` (precision,recall,threshold),
 * `hist_<tag>`), the t-SNE (`graphics/tsne.png`, `graphics/tsne.csv`) when asked, and `summary.json`. Every
 * sheet is checked before anything is written; each file is written whole (temporary name, then rename).
 *
 * @throws {StatusError} INVALID_ARGUMENT for an empty list without t-SNE, a sheet with one class only, or the
 *   `calibrated` rule on a sheet without a calibrated threshold (naming the sheet).
 * @throws {RangeError} for bad tags (or repeated ones), scores, labels or options.
 */
export async function evaluateSheets(
  sheets: readonly SheetInput[],
  options: EvaluateSheetsOptions,
): Promise<EvaluationResult> {
  const rule = options.rule ?? ThresholdRule.MEDIAN;
  const names = options.names ?? (["naevus", "melanoma"] as const);
  if (!isThresholdRule(rule)) {
    throw new RangeError(
      `Unknown threshold rule '${String(rule)}', expected one of ${Object.values(ThresholdRule).join(", ")}`,
    );
  }
  if (sheets.length === 0 && options.tsne === undefined) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      "Nothing to evaluate: give at least one score sheet or latents",
    );
  }
  const tags = new Set<string>();
  for (const sheet of sheets) {
    checkTag(sheet.tag);
    if (tags.has(sheet.tag)) throw new RangeError(`Tag '${sheet.tag}' is given twice`);
    tags.add(sheet.tag);
    checkScored(sheet.labels, sheet.scores);
    let positives = 0;
    for (let i = 0; i < sheet.labels.length; i++) positives += sheet.labels[i] as number;
    if (positives === 0 || positives === sheet.labels.length) {
      const only = positives === 0 ? 0 : 1;
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Sheet '${sheet.tag}' holds ${sheet.labels.length} images of class ${only} (${names[only]}) only: an evaluation needs both classes`,
      );
    }
    if (
      rule === ThresholdRule.CALIBRATED &&
      (sheet.calibrated === undefined || !Number.isFinite(sheet.calibrated))
    ) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Sheet '${sheet.tag}' has no calibrated threshold: give the calibration.json fitted on its method's held-out normal scores, or another threshold rule`,
      );
    }
  }

  const total = sheets.length * 7 + (options.tsne === undefined ? 0 : 1) + 1;
  let done = 0;
  let last = Number.NEGATIVE_INFINITY;
  const interval = options.progressIntervalMs ?? 250;
  const step = (force = false) => {
    done++;
    if (options.onProgress === undefined) return;
    const now = Date.now();
    if (force || now - last >= interval) {
      last = now;
      options.onProgress({ done, total });
    }
  };
  const graphics = join(options.out, "graphics");
  const writePlot = async (name: string, spec: Parameters<typeof renderPlot>[0]) => {
    options.signal?.throwIfAborted();
    const { svg, png } = await renderPlot(spec);
    await writeFileAtomic(join(graphics, `${name}.png`), png);
    await writeFileAtomic(join(graphics, `${name}.svg`), svg);
    step();
    return { png: `graphics/${name}.png`, svg: `graphics/${name}.svg` };
  };

  const summaries: SheetSummary[] = [];
  const evaluations = new Map<string, SheetEvaluation>();
  for (const sheet of sheets) {
    options.signal?.throwIfAborted();
    const tag = sheet.tag;
    const ev = evaluateScores(sheet.labels, sheet.scores, {
      rule,
      names,
      ...(sheet.calibrated === undefined ? {} : { calibrated: sheet.calibrated }),
      ...(options.resamples === undefined ? {} : { resamples: options.resamples }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    evaluations.set(tag, ev);
    const m = ev.metrics;
    await writeFileAtomic(join(options.out, tag, "metrics.json"), `${JSON.stringify(m, null, 2)}\n`);
    step();
    const thresholdText = `Threshold (${m.threshold.method}) ${formatNumber(m.threshold.value)}: anomalous when score > threshold`;
    const classes = { scores: sheet.scores, labels: sheet.labels, names };
    let positives = 0;
    for (let i = 0; i < sheet.labels.length; i++) positives += sheet.labels[i] as number;
    const files: Record<string, string> = {};
    const add = (kind: string, written: { png: string; svg: string }) => {
      files[kind] = written.png;
      files[`${kind}_svg`] = written.svg;
    };
    add(
      "violin",
      await writePlot(PLOT_FILES.violin(tag), violinSpec(classes, { title: `Scores by class: ${tag}` })),
    );
    add(
      "confusion",
      await writePlot(
        PLOT_FILES.confusion(tag),
        confusionSpec(m.confusion_matrix, {
          names,
          title: `Confusion matrix: ${tag}`,
          subtitle: thresholdText,
        }),
      ),
    );
    add(
      "report",
      await writePlot(
        PLOT_FILES.report(tag),
        reportSpec(ev.report, {
          title: `Classification report: ${tag}`,
          subtitle: `Threshold (${m.threshold.method}) ${formatNumber(m.threshold.value)}`,
        }),
      ),
    );
    add(
      "roc",
      await writePlot(
        PLOT_FILES.roc(tag),
        rocSpec(
          { fpr: ev.roc.fpr, tpr: ev.roc.tpr, auc: m.auc, aucCi95: m.auc_ci95 },
          { title: `ROC: ${tag}` },
        ),
      ),
    );
    add(
      "pr",
      await writePlot(
        PLOT_FILES.pr(tag),
        prSpec(
          {
            precision: ev.pr.precision,
            recall: ev.pr.recall,
            averagePrecision: m.average_precision,
            prevalence: positives / sheet.labels.length,
          },
          { title: `Precision-recall: ${tag}` },
        ),
      ),
    );
    add(
      "histogram",
      await writePlot(
        PLOT_FILES.histogram(tag),
        histogramSpec({ ...classes, threshold: m.threshold }, { title: `Score histogram: ${tag}` }),
      ),
    );
    files["roc_csv"] = `graphics/${PLOT_FILES.roc(tag)}.csv`;
    await writeFileAtomic(
      join(options.out, files["roc_csv"]),
      csvText(
        ["fpr", "tpr", "threshold"],
        Array.from(ev.roc.fpr, (f, k) => [f, ev.roc.tpr[k] as number, ev.roc.thresholds[k] as number]),
      ),
    );
    files["pr_csv"] = `graphics/${PLOT_FILES.pr(tag)}.csv`;
    // One more precision/recall than thresholds: the last point (recall 0, precision 1) has none.
    await writeFileAtomic(
      join(options.out, files["pr_csv"]),
      csvText(
        ["precision", "recall", "threshold"],
        Array.from(ev.pr.precision, (p, k) => [p, ev.pr.recall[k] as number, ev.pr.thresholds[k] ?? ""]),
      ),
    );
    summaries.push({
      tag,
      n: m.n,
      auc: m.auc,
      auc_ci95: m.auc_ci95,
      average_precision: m.average_precision,
      threshold: m.threshold,
      metrics: `${tag}/metrics.json`,
      files,
    });
  }

  let tsneSummary: TsneSummary | undefined;
  let points: TsnePoint[] | undefined;
  if (options.tsne !== undefined) {
    const { latents, classes } = options.tsne;
    const n = latents.matrix.rows;
    if (n < 4) throw new StatusError(Code.INVALID_ARGUMENT, `t-SNE needs at least 4 latents, got '${n}'`);
    const perplexity = Math.min(options.tsne.perplexity ?? 30, (n - 1) / 3);
    const seed = options.tsne.seed ?? 0;
    const { embedding } = await tsne(latents.matrix, {
      perplexity,
      seed,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const e = embedding.data;
    points = latents.names.map((name, i) => {
      const c = classes.get(name);
      return {
        image_name: name,
        x: e[2 * i] as number,
        y: e[2 * i + 1] as number,
        label: c?.label ?? -1,
        class: c?.class ?? "unknown",
      };
    });
    // Normal classes first, then anomalous, then the rest, so that colours follow the labels.
    const order = [...new Set(points.map((p) => `${p.label === -1 ? 9 : p.label}\u0000${p.class}`))].sort();
    const classNames = order.map((k) => k.split("\u0000")[1] as string);
    const written = await writePlot("tsne", tsneSpec(points, { classes: classNames, perplexity }));
    await writeFileAtomic(
      join(graphics, "tsne.csv"),
      csvText(
        ["image_name", "x", "y", "label"],
        points.map((p) => [p.image_name, p.x, p.y, p.label]),
      ),
    );
    tsneSummary = {
      n,
      trustworthiness: trustworthiness(latents.matrix, embedding, {
        neighbours: Math.min(5, Math.ceil(n / 2) - 1),
      }),
      perplexity,
      seed,
      files: { png: written.png, svg: written.svg, csv: "graphics/tsne.csv" },
    };
  }

  const summary: EvaluationSummary = {
    format: "dermanomaly/summary/1",
    threshold_rule: rule,
    names,
    sheets: summaries,
    ...(tsneSummary === undefined ? {} : { tsne: tsneSummary }),
  };
  await writeFileAtomic(join(options.out, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  step(true);
  return { summary, evaluations, ...(points === undefined ? {} : { tsne: points }) };
}
