import { basename, extname } from "node:path";
import {
  Code,
  type Location__Output,
  type SheetInput__Output,
  type StartReportRequest__Output,
  type StartTsneRequest__Output,
  StatusError,
  type ThresholdRule__Output,
  type TsneOptions__Output,
} from "@dermanomaly/contracts";
import type { ThresholdRule } from "@dermanomaly/evaluation";
import { checkTag } from "@dermanomaly/evaluation/internal";
import { asInvalidArgument } from "@dermanomaly/runtime";
import { checkClassMap, tagOf } from "@dermanomaly/scoring";

const RULES: Record<ThresholdRule__Output, ThresholdRule> = {
  THRESHOLD_RULE_UNSPECIFIED: "median",
  THRESHOLD_RULE_MEDIAN: "median",
  THRESHOLD_RULE_YOUDEN: "youden",
  THRESHOLD_RULE_MAX_F1: "max-f1",
  THRESHOLD_RULE_CALIBRATED: "calibrated",
};

/** A threshold rule on the wire, as the evaluation library names it. */
export function domainRule(rule: ThresholdRule__Output): ThresholdRule {
  const out = RULES[rule];
  if (out === undefined) throw new StatusError(Code.INVALID_ARGUMENT, `Unknown threshold rule '${rule}'`);
  return out;
}

/** The library's threshold rule on the wire. */
export function wireRule(rule: ThresholdRule): ThresholdRule__Output {
  return (Object.keys(RULES) as ThresholdRule__Output[]).find(
    (k) => RULES[k] === rule && k !== "THRESHOLD_RULE_UNSPECIFIED",
  ) as ThresholdRule__Output;
}

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

/** The file name a location names, read without fetching it: the path's, the key's, or the artifact URI's. */
export function locationName(location: Location__Output | null | undefined): string {
  switch (location?.kind) {
    case "path":
      return basename(location.path ?? "");
    case "key":
      return basename(location.key ?? "");
    case "artifact":
      return decodeURIComponent(basename(location.artifact?.uri ?? ""));
    default:
      return "";
  }
}

/** The tag of a sheet input: its own, else its file name without extension. */
export function sheetTag(input: SheetInput__Output): string {
  return input.tag !== "" ? input.tag : tagOf(locationName(input.sheet));
}

/** t-SNE options in domain form. */
export interface TsneSettings {
  readonly latents: Location__Output | null;
  /** Undefined = 30. */
  readonly perplexity: number | undefined;
  readonly seed: number;
}

function tsneSettings(tsne: TsneOptions__Output, defaultSeed: number): TsneSettings {
  if (!(Number.isFinite(tsne.perplexity) && tsne.perplexity >= 0)) {
    throw invalid(`tsne.perplexity must be a positive number (0 = 30), got '${tsne.perplexity}'`);
  }
  return {
    latents: tsne.latents?.kind ? tsne.latents : null,
    perplexity: tsne.perplexity === 0 ? undefined : tsne.perplexity,
    seed: Number(tsne.seed) || defaultSeed,
  };
}

/** The domain options of a report, converted from the wire request and checked. */
export interface ReportSettings {
  readonly rule: ThresholdRule;
  /** Tags of the sheets, in the request's order; the baseline's last. */
  readonly tags: readonly string[];
  readonly names: readonly [string, string];
  readonly resamples: number | undefined;
  readonly seed: number;
  readonly title: string | undefined;
  /** Undefined = no t-SNE. */
  readonly tsne: TsneSettings | undefined;
}

/** Largest bootstrap of an AUC interval a request may ask for. */
export const MAX_RESAMPLES = 100_000;

/**
 * Converts a `StartReportRequest` into {@linkcode ReportSettings}: everything that can be checked without reading a
 * file.
 *
 * @throws {StatusError} INVALID_ARGUMENT for nothing to report, a sheet without a location, a bad or repeated tag, an
 * unknown rule, the calibrated rule without any calibration, equal class names, or bad numbers
 */
export function reportSettings(request: StartReportRequest__Output): ReportSettings {
  const inputs = [...request.sheets, ...(request.baseline?.sheet?.kind ? [request.baseline] : [])];
  if (inputs.length === 0 && !request.tsne) {
    throw invalid("Nothing to report: give at least one score sheet, or t-SNE options with latents");
  }
  const tags: string[] = [];
  for (const [k, input] of inputs.entries()) {
    if (!input.sheet?.kind)
      throw invalid(`Sheet ${k + 1} has no location: give a path, an artifact or a key`);
    const tag = sheetTag(input);
    asInvalidArgument(() => checkTag(tag));
    if (tags.includes(tag)) {
      throw invalid(`Two sheets have the tag '${tag}': give each a tag of its own (SheetInput.tag)`);
    }
    tags.push(tag);
  }
  const rule = domainRule(request.thresholdRule);
  if (
    rule === "calibrated" &&
    request.calibrations.length === 0 &&
    !inputs.some((i) => i.calibration?.kind)
  ) {
    throw invalid(
      "The calibrated rule needs the calibration.json of every sheet's score (Calibrate on held-out normals): give calibrations, or another rule",
    );
  }
  const names: [string, string] = [request.negativeName || "naevus", request.positiveName || "melanoma"];
  if (names[0] === names[1]) throw invalid(`The two classes need different names, got '${names[0]}' twice`);
  if (request.resamples > MAX_RESAMPLES) {
    throw invalid(`resamples must be at most ${MAX_RESAMPLES}, got '${request.resamples}'`);
  }
  const seed = Number(request.seed);
  const tsne = request.tsne ? tsneSettings(request.tsne, seed) : undefined;
  if (tsne !== undefined && tsne.latents === null && request.reconstructionSets.length === 0) {
    throw invalid("A t-SNE needs latents: give tsne.latents or reconstruction_sets");
  }
  return {
    rule,
    tags,
    names,
    resamples: request.resamples === 0 ? undefined : request.resamples,
    seed,
    title: request.title === "" ? undefined : request.title,
    tsne,
  };
}

/** The domain options of a t-SNE alone. */
export interface TsneJobSettings extends TsneSettings {
  readonly latents: Location__Output;
  /** Class folder -> label. */
  readonly classMap: Readonly<Record<string, number>>;
}

/**
 * Converts a `StartTsneRequest` into {@linkcode TsneJobSettings}.
 *
 * @throws {StatusError} INVALID_ARGUMENT for missing latents or bad options
 */
export function tsneJobSettings(request: StartTsneRequest__Output): TsneJobSettings {
  const tsne = request.tsne ? tsneSettings(request.tsne, 0) : undefined;
  if (tsne?.latents == null) {
    throw invalid("tsne.latents is required: a latent_vectors.csv (dim_1..dim_<z>,image_name)");
  }
  const classMap = asInvalidArgument(() =>
    Object.keys(request.classMap).length === 0 ? { NEV: 0, MEL: 1 } : checkClassMap(request.classMap),
  );
  return { ...tsne, latents: tsne.latents, classMap };
}

/** Whether a file name looks like a score sheet (the formats `readScoreSheet` reads). */
export function isSheetName(name: string): boolean {
  return [".xlsx", ".csv"].includes(extname(name).toLowerCase());
}
