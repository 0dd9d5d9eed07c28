import type { TopLevelSpec } from "vega-lite";
import type { ClassificationReport } from "./classification_report.ts";
import type { ConfusionMatrix } from "./confusion.ts";
import type { Threshold } from "./threshold.ts";

// The vega-lite specs of every plot, as pure functions of their numbers (rendered by render_plot.ts).

/** Colours of class 0 (normal) and class 1 (anomalous), then of further classes (t-SNE of other folders). */
export const CLASS_COLOURS = ["#3a76af", "#d6452f", "#5aa05a", "#8c62b5", "#c08a2b", "#7f7f7f"] as const;

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const CONFIG = {
  background: "white",
  font: "DejaVu Sans",
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: "#444", anchor: "start" },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: "#ccc" },
} as const;

/** Options every plot spec takes. */
export interface PlotOptions {
  /**
   * Title above the plot.
   * @default the plot's kind, e.g. "ROC"
   */
  readonly title?: string;
}

/** Scores of two classes, for the violin and the histogram. */
export interface ClassScores {
  /** Scores, one per image. */
  readonly scores: ArrayLike<number>;
  /** Labels, 0 or 1, one per image. */
  readonly labels: ArrayLike<number>;
  /** Names of class 0 and class 1, e.g. ["naevus", "melanoma"]. */
  readonly names: readonly [string, string];
}

function classRows({ scores, labels, names }: ClassScores): { score: number; class: string }[] {
  return Array.from({ length: scores.length }, (_, i) => ({
    score: scores[i] as number,
    class: names[labels[i] as 0 | 1],
  }));
}

function extent(values: ArrayLike<number>): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i] as number);
    hi = Math.max(hi, values[i] as number);
  }
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** The original's `violon_<tag>`: each class's score density, mirrored, with a box plot of its quartiles. */
export function violinSpec(data: ClassScores, options: PlotOptions = {}): TopLevelSpec {
  const title = options.title ?? "Scores by class";
  const [lo, hi] = extent(data.scores);
  const colour = {
    field: "class",
    type: "nominal",
    scale: { domain: [...data.names], range: CLASS_COLOURS.slice(0, 2) },
    legend: null,
  } as const;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: title, subtitle: "Score density by class, with quartiles and 1.5 IQR whiskers" },
    data: { values: classRows(data) },
    facet: {
      column: {
        field: "class",
        type: "nominal",
        sort: [...data.names],
        header: { title: null, labelFontSize: 13, labelOrient: "bottom" },
      },
    },
    spec: {
      width: 170,
      height: 320,
      layer: [
        {
          transform: [{ density: "score", groupby: ["class"], extent: [lo, hi], as: ["score", "density"] }],
          mark: { type: "area", orient: "horizontal", opacity: 0.75 },
          encoding: {
            y: {
              field: "score",
              type: "quantitative",
              title: "Anomaly score",
              scale: { domain: [lo, hi], nice: false },
            },
            x: {
              field: "density",
              type: "quantitative",
              stack: "center",
              impute: null,
              title: null,
              axis: null,
            },
            color: colour,
          },
        },
        {
          mark: { type: "boxplot", extent: 1.5, size: 12, median: { color: "white" }, outliers: { size: 8 } },
          encoding: {
            y: { field: "score", type: "quantitative", title: "Anomaly score" },
            color: { value: "#333" },
          },
        },
      ],
    },
    resolve: { scale: { x: "independent" } },
  } as TopLevelSpec;
}

/** Numbers of a ROC plot. */
export interface RocPlotData {
  readonly fpr: ArrayLike<number>;
  readonly tpr: ArrayLike<number>;
  readonly auc: number;
  /** 95% interval of the AUC, when known. */
  readonly aucCi95?: readonly [number, number];
}

/** The original's `roc_<tag>`: the ROC curve, the chance diagonal and the AUC. */
export function rocSpec(data: RocPlotData, options: PlotOptions = {}): TopLevelSpec {
  const title = options.title ?? "ROC";
  const points = Array.from({ length: data.fpr.length }, (_, k) => ({
    k,
    fpr: data.fpr[k],
    tpr: data.tpr[k],
  }));
  const ci =
    data.aucCi95 === undefined ? "" : ` (95% CI ${data.aucCi95[0].toFixed(3)}-${data.aucCi95[1].toFixed(3)})`;
  const axis = (t: string) => ({ type: "quantitative" as const, title: t, scale: { domain: [0, 1] } });
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: title, subtitle: `AUC ${data.auc.toFixed(3)}${ci}` },
    width: 380,
    height: 380,
    layer: [
      {
        data: {
          values: [
            { fpr: 0, tpr: 0 },
            { fpr: 1, tpr: 1 },
          ],
        },
        mark: { type: "line", strokeDash: [6, 4], color: "#999" },
        encoding: {
          x: { field: "fpr", ...axis("False positive rate") },
          y: { field: "tpr", ...axis("True positive rate") },
        },
      },
      {
        data: { values: points },
        mark: { type: "line", color: CLASS_COLOURS[1], strokeWidth: 2.5, interpolate: "linear" },
        encoding: {
          x: { field: "fpr", ...axis("False positive rate") },
          y: { field: "tpr", ...axis("True positive rate") },
          order: { field: "k", type: "quantitative" },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Numbers of a precision-recall plot. */
export interface PrPlotData {
  readonly precision: ArrayLike<number>;
  readonly recall: ArrayLike<number>;
  readonly averagePrecision: number;
  /** Fraction of anomalous images: the precision of a random guess. */
  readonly prevalence: number;
}

/** `pr_<tag>`: the precision-recall curve as steps, the chance level and the average precision. */
export function prSpec(data: PrPlotData, options: PlotOptions = {}): TopLevelSpec {
  const title = options.title ?? "Precision-recall";
  const points = Array.from({ length: data.recall.length }, (_, k) => ({
    k,
    recall: data.recall[k],
    precision: data.precision[k],
  }));
  const axis = (t: string) => ({ type: "quantitative" as const, title: t, scale: { domain: [0, 1] } });
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: {
      text: title,
      subtitle: `Average precision ${data.averagePrecision.toFixed(3)} (chance ${data.prevalence.toFixed(3)})`,
    },
    width: 380,
    height: 380,
    layer: [
      {
        data: {
          values: [
            { recall: 0, precision: data.prevalence },
            { recall: 1, precision: data.prevalence },
          ],
        },
        mark: { type: "line", strokeDash: [6, 4], color: "#999" },
        encoding: {
          x: { field: "recall", ...axis("Recall") },
          y: { field: "precision", ...axis("Precision") },
        },
      },
      {
        data: { values: points },
        // Steps as scikit-learn's plots: precision holds until the next recall.
        mark: { type: "line", color: CLASS_COLOURS[1], strokeWidth: 2.5, interpolate: "step-before" },
        encoding: {
          x: { field: "recall", ...axis("Recall") },
          y: { field: "precision", ...axis("Precision") },
          order: { field: "k", type: "quantitative" },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Options of the plots of a decision: {@linkcode confusionSpec}, {@linkcode reportSpec}. */
export interface TablePlotOptions extends PlotOptions {
  /**
   * Line under the title (e.g. the threshold).
   * @default ""
   */
  readonly subtitle?: string;
  /**
   * Names of class 0 and class 1 (confusion matrix).
   * @default ["naevus", "melanoma"]
   */
  readonly names?: readonly [string, string];
}

/** The original's `confMatrix_<tag>`: counts by true and predicted class, with row percentages. */
export function confusionSpec(matrix: ConfusionMatrix, options: TablePlotOptions = {}): TopLevelSpec {
  const { title = "Confusion matrix", subtitle = "", names = ["naevus", "melanoma"] } = options;
  const cells = [0, 1].flatMap((t) =>
    [0, 1].map((p) => {
      const count = matrix[t as 0 | 1][p as 0 | 1];
      const row = matrix[t as 0 | 1][0] + matrix[t as 0 | 1][1];
      return {
        truth: names[t as 0 | 1],
        predicted: names[p as 0 | 1],
        count,
        label: `${count} (${row === 0 ? 0 : ((100 * count) / row).toFixed(1)}%)`,
      };
    }),
  );
  const max = Math.max(1, ...cells.map((c) => c.count));
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: title, subtitle },
    data: { values: cells },
    width: 300,
    height: 300,
    encoding: {
      x: {
        field: "predicted",
        type: "nominal",
        sort: [...names],
        title: "Predicted class",
        axis: { labelAngle: 0, orient: "top" },
      },
      y: { field: "truth", type: "nominal", sort: [...names], title: "True class" },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white", strokeWidth: 2 },
        encoding: {
          color: {
            field: "count",
            type: "quantitative",
            scale: { scheme: "blues", domain: [0, max] },
            legend: null,
          },
        },
      },
      {
        mark: { type: "text", fontSize: 16, fontWeight: "bold" },
        encoding: {
          text: { field: "label", type: "nominal" },
          color: { condition: { test: `datum.count > ${max / 2}`, value: "white" }, value: "#222" },
        },
      },
    ],
  } as TopLevelSpec;
}

/** The original's `report_<tag>`: precision, recall and F1 per class and averaged, as a heat map. */
export function reportSpec(report: ClassificationReport, options: TablePlotOptions = {}): TopLevelSpec {
  const { title = "Classification report", subtitle = "" } = options;
  const rows = [
    ...report.classes.map((c) => ({ row: `${c.name} (n = ${c.support})`, figures: c })),
    { row: "macro avg", figures: report.macroAvg },
    { row: "weighted avg", figures: report.weightedAvg },
  ];
  const order = rows.map((r) => r.row);
  const cells = rows.flatMap(({ row, figures }) =>
    (["precision", "recall", "f1"] as const).map((metric) => ({
      row,
      metric: metric === "f1" ? "F1" : metric,
      value: figures[metric],
      label: figures[metric].toFixed(3),
    })),
  );
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: {
      text: title,
      subtitle: `${subtitle === "" ? "" : `${subtitle}; `}accuracy ${report.accuracy.toFixed(3)}`,
    },
    data: { values: cells },
    width: 300,
    height: 240,
    encoding: {
      x: {
        field: "metric",
        type: "nominal",
        sort: ["precision", "recall", "F1"],
        title: null,
        axis: { labelAngle: 0, orient: "top" },
      },
      y: { field: "row", type: "nominal", sort: order, title: null },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white", strokeWidth: 2 },
        encoding: {
          color: {
            field: "value",
            type: "quantitative",
            scale: { scheme: "redyellowgreen", domain: [0, 1] },
            title: "value",
          },
        },
      },
      {
        mark: { type: "text", fontSize: 14 },
        encoding: { text: { field: "label", type: "nominal" }, color: { value: "#111" } },
      },
    ],
  } as TopLevelSpec;
}

/** `hist_<tag>`: the score histogram of each class, overlaid, with the decision threshold. */
export function histogramSpec(
  data: ClassScores & { readonly threshold: Threshold },
  options: PlotOptions = {},
): TopLevelSpec {
  const title = options.title ?? "Score histogram";
  const threshold = data.threshold;
  const [lo, hi] = extent([...Array.from(data.scores), threshold.value]);
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: {
      text: title,
      subtitle: `Threshold (${threshold.method}) ${formatNumber(threshold.value)}: anomalous when score > threshold`,
    },
    width: 460,
    height: 280,
    layer: [
      {
        data: { values: classRows(data) },
        mark: { type: "bar", opacity: 0.6, binSpacing: 0 },
        encoding: {
          x: {
            field: "score",
            type: "quantitative",
            bin: { extent: [lo, hi], maxbins: 40 },
            title: "Anomaly score",
          },
          y: { aggregate: "count", type: "quantitative", stack: null, title: "Images" },
          color: {
            field: "class",
            type: "nominal",
            scale: { domain: [...data.names], range: CLASS_COLOURS.slice(0, 2) },
            legend: { title: null, orient: "top-right" },
          },
        },
      },
      {
        data: { values: [{ threshold: threshold.value }] },
        mark: { type: "rule", color: "#111", strokeWidth: 2, strokeDash: [5, 3] },
        encoding: { x: { field: "threshold", type: "quantitative" } },
      },
    ],
  } as TopLevelSpec;
}

/** One embedded point of a t-SNE scatter. */
export interface ScatterPoint {
  readonly x: number;
  readonly y: number;
  /** Class name, the colour. */
  readonly class: string;
}

/** Options for {@linkcode tsneSpec}. */
export interface TsnePlotOptions extends PlotOptions {
  /**
   * Classes in colour order (normal first).
   * @default the points' classes, in order of appearance
   */
  readonly classes?: readonly string[];
  /**
   * The perplexity the embedding used, for the subtitle.
   * @default 30
   */
  readonly perplexity?: number;
}

/** `tsne`: the 2-D embedding of the latents, coloured by class. */
export function tsneSpec(points: readonly ScatterPoint[], options: TsnePlotOptions = {}): TopLevelSpec {
  const title = options.title ?? "Latent space";
  const perplexity = options.perplexity ?? 30;
  const classes = options.classes ?? [...new Set(points.map((p) => p.class))];
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: {
      text: title,
      subtitle: `t-SNE of ${points.length} encoder latents (perplexity ${formatNumber(perplexity)})`,
    },
    data: { values: points.map((p) => ({ ...p })) },
    width: 460,
    height: 460,
    mark: { type: "point", filled: true, size: 28, opacity: 0.75 },
    encoding: {
      x: { field: "x", type: "quantitative", title: "t-SNE 1", scale: { zero: false } },
      y: { field: "y", type: "quantitative", title: "t-SNE 2", scale: { zero: false } },
      color: {
        field: "class",
        type: "nominal",
        scale: { domain: [...classes], range: CLASS_COLOURS.slice(0, Math.max(1, classes.length)) },
        legend: { title: null, orient: "top-right" },
      },
    },
  } as TopLevelSpec;
}

/** A number with 4 significant digits, without an exponent for common magnitudes. */
export function formatNumber(v: number): string {
  if (v === 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6)) return String(Number(v.toPrecision(4)));
  return v.toExponential(3);
}
