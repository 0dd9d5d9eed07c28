import {
  Code,
  type GeneratorChoice__Output,
  type NoiseMode__Output,
  type ReconstructionModels__Output,
  type StartReconstructionRequest__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { type RefineSettings, refineSettings } from "./refiner.ts";

/** Which generator and noise the models run with; a field left out follows the encoder's lineage. */
export interface ModelChoice {
  generator?: "G_ema" | "G";
  noiseMode?: "const" | "random";
}

/** The domain options of a batch reconstruction, converted from the wire request and checked. */
export interface ReconstructionSettings {
  /** Images per inference batch. */
  batchSize: number;
  /** Images per work item. */
  itemSize: number;
  /** Class folder -> label; absent = the library's default ({NEV: 0, MEL: 1}). */
  classMap?: Record<string, number>;
  /** Seed of random noise; 0 = unseeded. */
  noiseSeed: number;
  choice: ModelChoice;
  /** Latent refinement; absent = none. */
  refine?: RefineSettings;
}

/** Images per inference batch when the request says 0. */
export const DEFAULT_BATCH_SIZE = 8;
/** Largest batch a request may ask for. */
export const MAX_BATCH_SIZE = 256;
/** Images per work item when the request says 0. */
export const DEFAULT_ITEM_SIZE = 64;
/** Largest work item a request may ask for (an item's partial set is held by one replica). */
export const MAX_ITEM_SIZE = 1024;

const GENERATORS: Record<GeneratorChoice__Output, "G_ema" | "G" | undefined> = {
  GENERATOR_CHOICE_UNSPECIFIED: undefined,
  GENERATOR_CHOICE_G_EMA: "G_ema",
  GENERATOR_CHOICE_G: "G",
};

/** The wire name of a generator. */
export function generatorChoiceName(generator: "G_ema" | "G"): GeneratorChoice__Output {
  return generator === "G" ? "GENERATOR_CHOICE_G" : "GENERATOR_CHOICE_G_EMA";
}

/** The wire name of a noise mode. */
export function noiseModeName(noiseMode: "const" | "random" | "none"): NoiseMode__Output {
  return noiseMode === "random"
    ? "NOISE_MODE_RANDOM"
    : noiseMode === "none"
      ? "NOISE_MODE_NONE"
      : "NOISE_MODE_CONST";
}

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

/**
 * The generator and noise mode `models` asks for (left out: from the encoder's lineage).
 *
 * @throws {StatusError} INVALID_ARGUMENT for NOISE_MODE_NONE or an enum value this version does not know
 */
export function modelChoice(models: ReconstructionModels__Output): ModelChoice {
  if (!Object.hasOwn(GENERATORS, models.generator))
    throw invalid(
      `Unknown generator "${models.generator}": use GENERATOR_CHOICE_G_EMA or GENERATOR_CHOICE_G`,
    );
  const generator = GENERATORS[models.generator];
  let noiseMode: ModelChoice["noiseMode"];
  switch (models.noiseMode) {
    case "NOISE_MODE_UNSPECIFIED":
      break;
    case "NOISE_MODE_CONST":
      noiseMode = "const";
      break;
    case "NOISE_MODE_RANDOM":
      noiseMode = "random";
      break;
    case "NOISE_MODE_NONE":
      throw invalid(
        "Noise mode NOISE_MODE_NONE is not available for reconstruction: use NOISE_MODE_CONST (deterministic) or NOISE_MODE_RANDOM",
      );
    default:
      throw invalid(`Unknown noise mode "${String(models.noiseMode)}"`);
  }
  return {
    ...(generator !== undefined && { generator }),
    ...(noiseMode !== undefined && { noiseMode }),
  };
}

/**
 * Checks that `models` names both checkpoints, and returns its choice.
 *
 * @throws {StatusError} INVALID_ARGUMENT naming the missing field
 */
export function checkModels(models: ReconstructionModels__Output | null | undefined): ModelChoice {
  if (!models)
    throw invalid("models is required: the GAN and encoder checkpoints (models.gan, models.encoder)");
  if (!models.gan?.kind) throw invalid("models.gan is required: a GAN checkpoint path, artifact or key");
  if (!models.encoder?.kind)
    throw invalid("models.encoder is required: an encoder checkpoint path, artifact or key");
  return modelChoice(models);
}

/**
 * Converts a `StartReconstructionRequest` into {@linkcode ReconstructionSettings}.
 *
 * @throws {StatusError} INVALID_ARGUMENT with what to change
 */
export function reconstructionSettings(req: StartReconstructionRequest__Output): ReconstructionSettings {
  if (!req.source?.kind)
    throw invalid("source is required: a folder, zip or prepared data set (path, artifact or key)");
  const choice = checkModels(req.models);
  const batchSize = req.batchSize === 0 ? DEFAULT_BATCH_SIZE : req.batchSize;
  if (batchSize > MAX_BATCH_SIZE)
    throw invalid(`batch_size must be at most ${MAX_BATCH_SIZE}, got "${req.batchSize}"`);
  const itemSize = req.itemSize === 0 ? DEFAULT_ITEM_SIZE : req.itemSize;
  if (itemSize > MAX_ITEM_SIZE)
    throw invalid(`item_size must be at most ${MAX_ITEM_SIZE}, got "${req.itemSize}"`);
  for (const [name, label] of Object.entries(req.classMap)) {
    if (name === "" || name.includes("/") || name === "_")
      throw invalid(`Class map key "${name}" must be a first-level folder name other than "_"`);
    if (!Number.isInteger(label) || label < 0)
      throw invalid(`Class map label of "${name}" must be >= 0, got "${label}"`);
  }
  const noiseSeed = Number(req.noiseSeed);
  if (!Number.isSafeInteger(noiseSeed) || noiseSeed >= 2 ** 32)
    throw invalid(`noise_seed must be below 2^32, got "${req.noiseSeed}"`);
  const refine = refineSettings(req.models!.refine, choice.noiseMode);
  return {
    batchSize,
    itemSize,
    noiseSeed,
    choice,
    ...(refine !== undefined && { refine }),
    ...(Object.keys(req.classMap).length > 0 && { classMap: { ...req.classMap } }),
  };
}
