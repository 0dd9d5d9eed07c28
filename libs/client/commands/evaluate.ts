import { join } from "node:path";
import type { StartReportRequest, ThresholdRule } from "@dermanomaly/contracts";
import type { Command } from "../cli.ts";
import { choice, location, optionalInt, optionalNumber, requireString } from "./_args.ts";
import { runJob } from "./_job.ts";
import { strings } from "./score.ts";

type Values = Parameters<Command["run"]>[0];

const RULES: Record<string, ThresholdRule> = {
  median: "THRESHOLD_RULE_MEDIAN",
  youden: "THRESHOLD_RULE_YOUDEN",
  "max-f1": "THRESHOLD_RULE_MAX_F1",
  calibrated: "THRESHOLD_RULE_CALIBRATED",
};

function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === "string" ? v : undefined;
}

/**
 * The `StartReport` request the options describe. A t-SNE of the latents is part of the report when latents or
 * reconstruction sets are given (the sets' own latents by default), unless `--skip-tsne`.
 */
export function reportRequest(values: Values): StartReportRequest {
  const sheets = strings(values, "scores");
  const latents = str(values, "latents");
  const sets = strings(values, "reconstruction");
  const baseline = str(values, "baseline");
  const perplexity = optionalNumber(values, "perplexity");
  const seed = optionalInt(values, "seed");
  const withTsne = values["skip-tsne"] !== true && (latents !== undefined || sets.length > 0);
  return {
    requestId: str(values, "request-id") ?? "",
    sheets: sheets.map((s) => ({ sheet: location(s) })),
    thresholdRule: choice(values, "threshold", RULES),
    calibrations: strings(values, "calibration").map(location),
    ...(baseline === undefined ? {} : { baseline: { sheet: location(baseline) } }),
    reconstructionSets: sets.map(location),
    ...(withTsne
      ? {
          tsne: {
            ...(latents === undefined ? {} : { latents: location(latents) }),
            perplexity: perplexity ?? 0,
            seed: seed ?? 0,
          },
        }
      : {}),
    negativeName: str(values, "negative-name") ?? "",
    positiveName: str(values, "positive-name") ?? "",
    resamples: optionalInt(values, "resamples") ?? 0,
    seed: seed ?? 0,
    title: str(values, "title") ?? "",
    output: location(requireString(values, "out")),
  };
}

/** `evaluate`: metrics, plots and report.html of score sheets through the reporter service. */
export const evaluate: Command = {
  path: ["evaluate"],
  summary:
    "Evaluate score sheets (any .xlsx/.csv with score and label columns): metrics.json, plots, t-SNE, report.html",
  usage:
    "--scores a.xlsx [--scores b.xlsx ...] [--threshold median|youden|max-f1|calibrated] " +
    "[--calibration calibration.json ...] [--reconstruction DIR ...] [--baseline hue-spread.xlsx] " +
    "[--latents latent_vectors.csv] [--skip-tsne] [--perplexity 30] [--seed 0] [--resamples 2000] [--title TEXT] " +
    "[--negative-name naevus] [--positive-name melanoma] --out DIR|key:PREFIX/ [--request-id ID]",
  options: {
    scores: { type: "string", multiple: true },
    threshold: { type: "string", default: "median" },
    calibration: { type: "string", multiple: true },
    reconstruction: { type: "string", multiple: true },
    baseline: { type: "string" },
    latents: { type: "string" },
    "skip-tsne": { type: "boolean", default: false },
    perplexity: { type: "string" },
    seed: { type: "string" },
    resamples: { type: "string" },
    title: { type: "string" },
    "negative-name": { type: "string" },
    "positive-name": { type: "string" },
    out: { type: "string" },
    "request-id": { type: "string" },
  },
  async run(values) {
    const request = reportRequest(values);
    return runJob("reporter", {
      start: (client, done) => client.StartReport(request, done),
      // A path --out gets every file; a key leaves them in the store alone.
      results: request.output?.path === undefined ? "store" : "delivered",
      report({ last }) {
        for (const [k, v] of Object.entries(last.metrics)) {
          if (k.startsWith("auc_")) console.log(`AUC ${k.slice(4)}: ${v.toFixed(4)}`);
        }
        if (last.metrics["tsne_trustworthiness"] !== undefined) {
          console.log(`t-SNE trustworthiness: ${last.metrics["tsne_trustworthiness"].toFixed(4)}`);
        }
        const out = request.output as { path?: string };
        const report = last.outputs[0];
        console.log(`report: ${out.path === undefined ? report?.uri : join(out.path, "report.html")}`);
        return 0;
      },
    });
  },
};
