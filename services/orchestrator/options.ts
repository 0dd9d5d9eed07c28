import { resolve } from "node:path";
import { Code, type Location, type StartPipelineRequest__Output, StatusError } from "@dermanomaly/contracts";
import { overlay, setFields } from "./_messages.ts";
import { loadPreset, PRESET_SECTIONS, type Preset, type StageSection } from "./presets.ts";

/** A pipeline's settings once its request was read: the preset with the overrides laid over it, inputs resolved. */
export interface PipelineSpec {
  /** Its name (the request's, else the preset's). */
  readonly name: string;
  /** The preset's name. */
  readonly preset: string;
  /** Whether the preset is meant for GPU nodes. */
  readonly gpu: boolean;
  /** Seed of the stages that set none, and of the held-out split. */
  readonly seed: number;
  /** The training set (the original's `train_set`: normal-class folders). */
  readonly trainSet: Location;
  /** The test set (the original's `test_set`: class folders). */
  readonly testSet: Location;
  /** Class folder -> label. */
  readonly classMap: Readonly<Record<string, number>>;
  /** An existing GAN to use as is (no GAN training). */
  readonly gan: Location | undefined;
  /** A GAN to fine-tune from. */
  readonly resume: Location | undefined;
  /** `resume` is the preset's base generator (a file beside the preset), not one the request gave. */
  readonly resumeIsBase: boolean;
  /** An existing encoder to use as is (no encoder training). */
  readonly encoder: Location | undefined;
  /** The preset's base encoder (a file beside the preset), which the encoder training starts from. */
  readonly baseEncoder: Location | undefined;
  /** Share of the training naevi held out for calibration; 0 = none. */
  readonly holdoutFraction: number;
  /** Quantile of the held-out scores taken as threshold. */
  readonly calibrationQuantile: number;
  /** Store key prefix of every output, ending in `/`. */
  readonly root: string;
  /** Local folder that receives the run folder, when the request's `outdir` was a path. */
  readonly localDir: string | undefined;
  /** Each stage's request settings: the preset's section with the request's overrides laid over it. */
  readonly stages: Readonly<Record<keyof typeof PRESET_SECTIONS, StageSection>>;
}

/** The overrides of a request, by preset section. */
const OVERRIDES = {
  prepare: "prepare",
  trainGan: "trainGan",
  trainEncoder: "trainEncoder",
  reconstruct: "reconstruct",
  score: "score",
  report: "report",
} as const satisfies Record<keyof typeof PRESET_SECTIONS, keyof StartPipelineRequest__Output>;

/** Fields a pipeline links itself, by section: an override may not set them. */
const LINKED: Record<keyof typeof PRESET_SECTIONS, readonly string[]> = {
  prepare: ["requestId", "source", "dest", "classMap", "split"],
  trainGan: ["requestId", "dataset", "outdir", "resume"],
  trainEncoder: ["requestId", "dataset", "gan", "outdir"],
  reconstruct: ["requestId", "source", "models.gan", "models.encoder", "dest", "classMap"],
  score: ["requestId", "reconstruction", "classMap", "output"],
  report: ["requestId", "sheets", "calibrations", "baseline", "reconstructionSets", "output"],
};

/** The request's field name of each section, as the user writes it (`train_gan`). */
const WIRE_NAMES: Record<keyof typeof PRESET_SECTIONS, string> = {
  prepare: "prepare",
  trainGan: "train_gan",
  trainEncoder: "train_encoder",
  reconstruct: "reconstruct",
  score: "score",
  report: "report",
};

const DEFAULT_CLASS_MAP = { NEV: 0, MEL: 1 };

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

/** A location as the request gave it (only its one form), or undefined when unset. */
function given(location: StartPipelineRequest__Output["gan"]): Location | undefined {
  switch (location?.kind) {
    case "path":
      return { path: location.path ?? "" };
    case "key":
      return { key: location.key ?? "" };
    case "artifact":
      return { artifact: structuredClone(location.artifact ?? {}) };
    default:
      return undefined;
  }
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The settings a `StartPipelineRequest` asks for: the preset (`demo` when none is named) with the request's
 * overrides laid over it, the data set's two parts, the models to start from, and where outputs go (`root`, set
 * from the pipeline id). `presetsDir` is the folder of presets to read. @default the built-in `presets/`
 *
 * @throws {StatusError} INVALID_ARGUMENT for an unknown preset, a missing or doubly given data set, a linked field
 *   set in an override, inconsistent models (`gan` with `resume`, `encoder` without `gan`, a preset that needs a GAN
 *   without one), a hold-out fraction or quantile out of range, a bad class map or outdir
 */
export function pipelineSpec(
  request: StartPipelineRequest__Output,
  pipelineId: string,
  options: { presetsDir?: string } = {},
): PipelineSpec {
  let preset: Preset;
  try {
    preset = loadPreset(request.preset === "" ? "demo" : request.preset, {
      ...(options.presetsDir !== undefined && { dir: options.presetsDir }),
    });
  } catch (err) {
    if (err instanceof RangeError) throw invalid(err.message);
    throw err;
  }
  const stages = {} as Record<keyof typeof PRESET_SECTIONS, StageSection>;
  for (const [section, typeName] of Object.entries(PRESET_SECTIONS) as [
    keyof typeof PRESET_SECTIONS,
    string,
  ][]) {
    const override = request[OVERRIDES[section]];
    const set = setFields(typeName, override);
    const linked = LINKED[section].find((l) => set.some((f) => f === l || f.startsWith(`${l}.`)));
    if (linked !== undefined) {
      throw invalid(
        `${WIRE_NAMES[section]}.${snake(linked)} is linked by the pipeline itself and cannot be overridden; ` +
          `the linked fields of ${WIRE_NAMES[section]} are ${LINKED[section].map(snake).join(", ")}`,
      );
    }
    stages[section] = overlay(typeName, preset[section], override);
  }
  const data = request.data?.kind ? request.data : undefined;
  const trainSet = given(request.trainSet);
  const testSet = given(request.testSet);
  let sets: { train: Location; test: Location };
  if (data !== undefined) {
    if (data.kind !== "path" || !data.path)
      throw invalid("data must be a folder path; give train_set and test_set for artifacts or keys");
    if (trainSet !== undefined || testSet !== undefined)
      throw invalid("Give either data or train_set and test_set, not both");
    const root = resolve(data.path);
    sets = { train: { path: resolve(root, "train_set") }, test: { path: resolve(root, "test_set") } };
  } else {
    if (trainSet === undefined || testSet === undefined) {
      throw invalid(
        "A data set is required: data (a folder with train_set/NEV and test_set/<class>), or train_set and test_set",
      );
    }
    sets = { train: trainSet, test: testSet };
  }
  const classMap = Object.keys(request.classMap).length > 0 ? { ...request.classMap } : DEFAULT_CLASS_MAP;
  for (const [name, label] of Object.entries(classMap)) {
    if (name === "" || name.includes("/")) throw invalid(`Class map key "${name}" must be a folder name`);
    if (label !== 0 && label !== 1)
      throw invalid(`Class map label of "${name}" must be 0 (normal) or 1 (anomalous), got ${label}`);
  }
  const gan = given(request.gan);
  const asked = given(request.resume);
  const base = gan === undefined && asked === undefined && !request.fromScratch ? preset.baseGan : undefined;
  const resumeIsBase = base !== undefined;
  const resume: Location | undefined = base !== undefined ? { path: base } : asked;
  const encoder = given(request.encoder);
  if (gan !== undefined && asked !== undefined)
    throw invalid("Give gan (use a trained GAN as it is) or resume (fine-tune one), not both");
  if (encoder !== undefined && gan === undefined)
    throw invalid("An encoder needs the GAN it was trained against: give gan too");
  // The base encoder goes with the base generator, unless the request names the encoder to start from.
  const baseEncoder =
    resumeIsBase && preset.baseEncoder !== undefined && stages.trainEncoder["resume"] === undefined
      ? { path: preset.baseEncoder }
      : undefined;
  if (preset.requiresGan && gan === undefined && resume === undefined) {
    throw invalid(
      `The ${preset.name} preset fine-tunes a trained GAN, as the original did from NVIDIA's FFHQ generator: give ` +
        "resume (e.g. stylegan2-ffhq-256x256.pkl), or gan to skip GAN training",
    );
  }
  const holdoutFraction = request.holdoutFraction ?? preset.holdoutFraction;
  if (!(holdoutFraction >= 0 && holdoutFraction < 1))
    throw invalid(`holdout_fraction must be in [0, 1), got ${holdoutFraction}`);
  const calibrationQuantile = request.calibrationQuantile || preset.calibrationQuantile;
  if (!(calibrationQuantile > 0 && calibrationQuantile < 1))
    throw invalid(`calibration_quantile must be in (0, 1), got ${calibrationQuantile}`);
  let root = `pipelines/${pipelineId}/`;
  let localDir: string | undefined;
  const outdir = request.outdir;
  if (outdir?.kind === "key") {
    const key = outdir.key ?? "";
    if (key === "" || key.startsWith("/") || key.split("/").includes(".."))
      throw invalid(`outdir key "${key}" must be a relative store key prefix`);
    root = key.endsWith("/") ? key : `${key}/`;
  } else if (outdir?.kind === "path") {
    if (!outdir.path) throw invalid("outdir path is empty");
    localDir = resolve(outdir.path);
  } else if (outdir?.kind === "artifact") {
    throw invalid("outdir cannot be an existing artifact: give a path or a store key prefix");
  }
  return {
    name: request.name || preset.name,
    preset: preset.name,
    gpu: preset.gpu,
    seed: request.seed,
    trainSet: sets.train,
    testSet: sets.test,
    classMap,
    gan,
    resume,
    resumeIsBase,
    encoder,
    baseEncoder,
    holdoutFraction,
    calibrationQuantile,
    root,
    localDir,
    stages,
  };
}
