/**
 * Evaluation of anomaly scores, equal to scikit-learn's metrics (ROC curve and AUC, precision-recall curve and
 * average precision, confusion matrix, classification report), decision thresholds (median, Youden, max-F1,
 * calibrated), a bootstrap interval of the AUC, Barnes-Hut t-SNE with its trustworthiness, and the plots
 * (vega-lite -> SVG -> PNG) with the numbers beside them.
 *
 * @example
 * ```ts
 * import { evaluateSheets } from "@dermanomaly/evaluation";
 * const { summary } = await evaluateSheets(
 *   [{ tag: "izif_a1", scores: [0.2, 0.9, 0.4, 0.7], labels: [0, 1, 0, 1] }],
 *   { out: "/tmp/evaluation", rule: "median" },
 * );
 * console.log(summary.sheets[0]?.auc); // 1; /tmp/evaluation/izif_a1/metrics.json, graphics/roc_izif_a1.png ...
 * ```
 *
 * @module
 */
export * from "./bootstrap.ts";
export * from "./classification_report.ts";
export * from "./confusion.ts";
export * from "./evaluate.ts";
export * from "./latents.ts";
export * from "./metrics.ts";
export * from "./plots.ts";
export * from "./precision_recall.ts";
export * from "./quantile.ts";
export * from "./render_plot.ts";
export * from "./roc.ts";
export * from "./threshold.ts";
export * from "./trustworthiness.ts";
export * from "./tsne.ts";
export type * from "./types.ts";
