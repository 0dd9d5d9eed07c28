/**
 * The report of a run: `buildReport` evaluates score sheets (metrics.json, plots with their CSVs, summary.json),
 * embeds the latents with t-SNE, and writes a self-contained `report.html` in which hovering or clicking a t-SNE
 * point or a score-table row shows that image, its reconstruction and its residual map with its scores and
 * decisions, beside a naive colour baseline's AUC.
 *
 * @example
 * ```ts
 * import { buildReport } from "@dermanomaly/report";
 * await buildReport({
 *   out: "runs/report",
 *   sheets: [{ tag: "izif_a1", scores: [0.2, 0.9, 0.4, 0.7], labels: [0, 1, 0, 1] }],
 *   thresholdRule: "median",
 * });
 * // runs/report/report.html, summary.json, izif_a1/metrics.json, graphics/roc_izif_a1.png ...
 * ```
 *
 * @module
 */
export * from "./build_report.ts";
export * from "./html.ts";
export * from "./thumbnails.ts";
export type * from "./types.ts";
