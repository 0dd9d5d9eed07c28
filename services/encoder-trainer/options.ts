import {
  Code,
  type EncoderLoss__Output,
  type EncoderPreset__Output,
  type NoiseMode__Output,
  type StartEncoderTrainingRequest__Output,
  StatusError,
  type TrainingBackend__Output,
  type TrainingGenerator__Output,
} from "@dermanomaly/contracts";
import type {
  EncoderLoss,
  EncoderPreset,
  EncoderTrainingOptions,
  GeneratorChoice,
} from "@dermanomaly/encoder";
import type { NoiseMode } from "@dermanomaly/gan";
import type { BackendName } from "@dermanomaly/tf";

/** Snapshots kept when the request leaves `keep_snapshots` 0. */
export const DEFAULT_KEEP_SNAPSHOTS = 3;

const LOSSES: Record<EncoderLoss__Output, EncoderLoss | undefined> = {
  ENCODER_LOSS_UNSPECIFIED: undefined,
  ENCODER_LOSS_IZIF: "izif",
  ENCODER_LOSS_IZI: "izi",
  ENCODER_LOSS_ZIZ: "ziz",
};

const PRESETS: Record<EncoderPreset__Output, EncoderPreset | undefined> = {
  ENCODER_PRESET_UNSPECIFIED: undefined,
  ENCODER_PRESET_PAPER: "paper",
  ENCODER_PRESET_SMALL: "small",
  ENCODER_PRESET_TINY: "tiny",
};

const GENERATORS: Record<TrainingGenerator__Output, GeneratorChoice | undefined> = {
  TRAINING_GENERATOR_UNSPECIFIED: undefined,
  TRAINING_GENERATOR_G_EMA: "G_ema",
  TRAINING_GENERATOR_G: "G",
};

const NOISE_MODES: Record<NoiseMode__Output, NoiseMode | undefined> = {
  NOISE_MODE_UNSPECIFIED: undefined,
  NOISE_MODE_CONST: "const",
  NOISE_MODE_RANDOM: "random",
  NOISE_MODE_NONE: "none",
};

const BACKENDS: Record<TrainingBackend__Output, BackendName | "auto"> = {
  TRAINING_BACKEND_AUTO: "auto",
  TRAINING_BACKEND_TENSORFLOW_GPU: "tensorflow-gpu",
  TRAINING_BACKEND_TENSORFLOW: "tensorflow",
  TRAINING_BACKEND_WASM: "wasm",
  TRAINING_BACKEND_CPU: "cpu",
};

/** What a `StartEncoderTrainingRequest` asks for, in the words of `@dermanomaly/encoder` and the stage. */
export interface EncoderRunSettings {
  /** The trainer's options; a preset left out is absent (the job takes the `resume` file's, else `paper`). */
  options: EncoderTrainingOptions;
  /** Snapshots kept. */
  keep: number;
  /** The TF.js backend asked for. */
  backend: BackendName | "auto";
}

/** The wire's "unset": proto3 scalars are 0 when not given; a value that is set (NaN too) is passed on as is. */
const given = (v: number): number | undefined => (v === 0 ? undefined : v);

function pick<W extends string, T>(table: Record<W, T>, value: W, what: string): T {
  if (!Object.hasOwn(table, value)) throw invalid(`Unknown ${what} "${value}"`);
  return table[value];
}

/**
 * The settings a request asks for: enum names mapped, 0 (unset) left to the library's defaults (the original's),
 * everything else passed on unchecked: the library checks it (`encoderTrainingConfig`, with the generator's shape,
 * which is not known here).
 *
 * @throws {StatusError} INVALID_ARGUMENT for an enum value this version does not know
 */
export function encoderRunSettings(req: StartEncoderTrainingRequest__Output): EncoderRunSettings {
  const loss = pick(LOSSES, req.loss, "loss");
  const preset = pick(PRESETS, req.preset, "encoder preset");
  const generator = pick(GENERATORS, req.generator, "generator");
  const noiseMode = pick(NOISE_MODES, req.noiseMode, "noise mode");
  const backend = pick(BACKENDS, req.backend, "backend");
  const options: EncoderTrainingOptions = {
    epochs: given(req.epochs),
    batch: given(req.batch),
    batchGpu: given(req.batchGpu),
    lr: given(req.lr),
    // Unset betas keep the original's (0, 0.9); one given alone pairs with the other's default.
    betas:
      req.beta1 === undefined && req.beta2 === undefined ? undefined : [req.beta1 ?? 0, req.beta2 ?? 0.9],
    loss,
    alpha: req.alpha,
    kappa: req.kappa,
    preset,
    generator,
    noiseMode,
    snapshotEvery: req.snapshotEvery,
    seed: Number(req.seed),
  } as EncoderTrainingOptions;
  return {
    options: Object.fromEntries(
      Object.entries(options).filter(([, v]) => v !== undefined),
    ) as EncoderTrainingOptions,
    keep: req.keepSnapshots === 0 ? DEFAULT_KEEP_SNAPSHOTS : req.keepSnapshots,
    backend,
  };
}

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}
