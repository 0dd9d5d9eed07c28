import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { checkMessage } from "./_messages.ts";

/** The folder holding the presets, one `<name>.json` each. */
export const PRESETS_DIR: string = join(import.meta.dirname, "presets");

/** A stage section of a preset: a stage request in the loader's JavaScript shape, its links left out. */
export type StageSection = Record<string, unknown>;

/**
 * A pipeline preset: the settings of every stage, as data (`presets/<name>.json`), so that tuning one is editing a
 * file. Each stage section is that stage's request in the contracts' JavaScript shape (camelCase fields, enums by
 * name), without the fields a pipeline links itself (inputs, outputs, request ids).
 */
export interface Preset {
  /** The file's name without `.json`: `demo`, `paper`, `tiny`. */
  readonly name: string;
  /** What the preset is for, in a sentence or two (shown by the CLI). */
  readonly description: string;
  /** Meant for GPU nodes: a pipeline whose training runs on a CPU backend says so. */
  readonly gpu: boolean;
  /** Needs a GAN to start from (`gan` or `resume`), as the original fine-tuned NVIDIA's FFHQ generator. */
  readonly requiresGan: boolean;
  /**
   * A generator the preset fine-tunes by default (absolute path of a checkpoint shipped beside the preset file), as
   * the original resumed from NVIDIA's FFHQ weights: used as `resume` when a request gives neither `gan` nor
   * `resume` nor `from_scratch`. Undefined: the preset trains from random weights.
   */
  readonly baseGan: string | undefined;
  /**
   * An encoder trained against `baseGan` (a file beside the preset), which the encoder training starts from
   * whenever the base generator is fine-tuned, so it adapts to the fine-tuned generator instead of learning from
   * random weights. Undefined: the encoder starts from random weights.
   */
  readonly baseEncoder: string | undefined;
  /** Share of the normal training photos held out for calibration, in [0, 1). */
  readonly holdoutFraction: number;
  /** Quantile of the held-out scores taken as threshold, in (0, 1). */
  readonly calibrationQuantile: number;
  /** `PrepareDatasetRequest` of the three data sets (transform, resolution ...). */
  readonly prepare: StageSection;
  /** `StartGanTrainingRequest`. */
  readonly trainGan: StageSection;
  /** `StartEncoderTrainingRequest`. */
  readonly trainEncoder: StageSection;
  /** `StartReconstructionRequest`. */
  readonly reconstruct: StageSection;
  /** `StartScoringRequest`. */
  readonly score: StageSection;
  /** `StartReportRequest`. */
  readonly report: StageSection;
}

/** The stage sections of a preset and the request type each holds. */
export const PRESET_SECTIONS = {
  prepare: "dermanomaly.v1.PrepareDatasetRequest",
  trainGan: "dermanomaly.v1.StartGanTrainingRequest",
  trainEncoder: "dermanomaly.v1.StartEncoderTrainingRequest",
  reconstruct: "dermanomaly.v1.StartReconstructionRequest",
  score: "dermanomaly.v1.StartScoringRequest",
  report: "dermanomaly.v1.StartReportRequest",
} as const;

const TOP_LEVEL = new Set([
  "description",
  "gpu",
  "requiresGan",
  "baseGan",
  "baseEncoder",
  "holdoutFraction",
  "calibrationQuantile",
  ...Object.keys(PRESET_SECTIONS),
]);

/** The names of the presets in a folder (the built-in ones by default), sorted. */
export function presetNames(dir: string = PRESETS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => basename(f, ".json"))
    .sort();
}

/**
 * Reads and checks a preset: every stage section against its request type (unknown fields and wrong kinds are
 * refused, naming the file and field).
 *
 * @example
 * ```ts
 * const demo = loadPreset("demo");
 * console.log(demo.description, demo.trainGan["kimg"]);
 * ```
 * @throws {RangeError} for an unknown preset name (listing the known ones)
 * @throws {TypeError} for a preset file that is not a valid preset
 */
export function loadPreset(name: string, options: { dir?: string } = {}): Preset {
  const dir = options.dir ?? PRESETS_DIR;
  const names = presetNames(dir);
  if (!/^[a-z0-9_-]+$/.test(name) || !names.includes(name))
    throw new RangeError(`Unknown preset "${name}": use one of ${names.join(", ")}`);
  const file = join(dir, `${name}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new TypeError(`Preset file "${file}" is not readable JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new TypeError(`Preset file "${file}" must hold a JSON object`);
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!TOP_LEVEL.has(key))
      throw new TypeError(
        `Preset file "${file}": "${key}" is not a preset field (${[...TOP_LEVEL].join(", ")})`,
      );
  }
  const where = `preset "${name}"`;
  for (const [section, typeName] of Object.entries(PRESET_SECTIONS))
    checkMessage(typeName, o[section] ?? {}, `${where}.${section}`);
  const fraction = o["holdoutFraction"] ?? 0.1;
  if (typeof fraction !== "number" || !(fraction >= 0 && fraction < 1))
    throw new TypeError(`${where}.holdoutFraction must be in [0, 1), got "${String(fraction)}"`);
  const quantile = o["calibrationQuantile"] ?? 0.95;
  if (typeof quantile !== "number" || !(quantile > 0 && quantile < 1))
    throw new TypeError(`${where}.calibrationQuantile must be in (0, 1), got "${String(quantile)}"`);
  const besidePreset = (field: "baseGan" | "baseEncoder"): string | undefined => {
    const base = o[field];
    if (base === undefined) return undefined;
    if (typeof base !== "string" || !/^[A-Za-z0-9_.-]+$/.test(base))
      throw new TypeError(
        `${where}.${field} must be the name of a file beside the preset, got "${String(base)}"`,
      );
    const path = join(dir, base);
    if (!(existsSync(path) && statSync(path).isFile()))
      throw new TypeError(`${where}.${field} "${base}" is not a file in "${dir}"`);
    return path;
  };
  const baseGan = besidePreset("baseGan");
  const baseEncoder = besidePreset("baseEncoder");
  if (baseEncoder !== undefined && baseGan === undefined)
    throw new TypeError(`${where}.baseEncoder needs the baseGan it was trained against`);
  const section = (key: keyof typeof PRESET_SECTIONS) => (o[key] ?? {}) as StageSection;
  return {
    name,
    description: typeof o["description"] === "string" ? o["description"] : "",
    gpu: o["gpu"] === true,
    requiresGan: o["requiresGan"] === true,
    baseGan,
    baseEncoder,
    holdoutFraction: fraction,
    calibrationQuantile: quantile,
    prepare: section("prepare"),
    trainGan: section("trainGan"),
    trainEncoder: section("trainEncoder"),
    reconstruct: section("reconstruct"),
    score: section("score"),
    report: section("report"),
  };
}
