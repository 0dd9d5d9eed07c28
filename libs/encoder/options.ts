import type { NoiseMode } from "@dermanomaly/gan";
import type { ConvKernels } from "./_conv.ts";
import {
  ENCODER_PRESETS,
  type EncoderConfig,
  type EncoderPreset,
  encoderConfig,
  isEncoderPreset,
} from "./config.ts";

/**
 * What E learns (f-AnoGAN): `izif` = alpha·MSE(G(E(x)), x) + kappa·MSE(f(G(E(x))), f(x)) with f the
 * discriminator's features; `izi` = the same with kappa 0; `ziz` = MSE(z, E(G(z))) on z drawn from N(0, I).
 */
export type EncoderLoss = "izif" | "izi" | "ziz";

/** Which generator of a GAN snapshot E trains against: the moving average (`G_ema`) or the trained one (`G`). */
export type GeneratorChoice = "G_ema" | "G";

/**
 * Settings of an encoder training run. Everything has the original `train_encoder.py`'s value where it had one;
 * the generator and noise defaults are the better choices (the original's are `G` and `random`).
 */
export interface EncoderTrainingOptions {
  /** Images per optimizer step. @default 16 */
  batch?: number;
  /**
   * Images per round through G and D: a batch goes through them in `batch / batchGpu` rounds, which bounds their
   * memory. E always sees the whole batch at once, so BatchNorm uses the whole batch's statistics and the step is
   * exactly the one-round step. Must divide `batch`. @default batch
   */
  batchGpu?: number;
  /** Passes over the data set. @default 1000 */
  epochs?: number;
  /** Adam learning rate. @default 1e-4 */
  lr?: number;
  /** Adam betas. @default [0, 0.9] */
  betas?: [number, number];
  /** Adam eps (PyTorch's default). @default 1e-8 */
  eps?: number;
  /** @default "izif" */
  loss?: EncoderLoss;
  /** Weight of the image term. @default 1 */
  alpha?: number;
  /** Weight of the feature term (`izif` only; must be 0 or unset for `izi` and `ziz`). @default 1 for izif */
  kappa?: number;
  /** @default "G_ema" */
  generator?: GeneratorChoice;
  /** Generator noise: `const` (the stored noise buffers), `random` (seeded per round from the run's seed), `none`. @default "const" */
  noiseMode?: NoiseMode;
  /** Encoder widths. @default "paper" */
  preset?: EncoderPreset;
  /** Other encoder settings (`convBias`, BatchNorm momentum and eps); resolution and z size come from the generator. @default {} */
  encoder?: Partial<Pick<EncoderConfig, "convBias" | "batchNormMomentum" | "batchNormEps">>;
  /** Epochs between snapshots (the original: 30); 0 snapshots only at the end and on abort. @default 30 */
  snapshotEvery?: number;
  /** Seed of E's initialisation, the ziz latents and the random noise. @default 0 */
  seed?: number;
  /** How E's convolutions run (a speed and memory choice; results agree to rounding). @default "auto" */
  kernels?: ConvKernels;
}

/** Every setting of a run, defaults filled and E's config resolved (stored in checkpoints). */
export interface EncoderTrainingConfig extends Required<Omit<EncoderTrainingOptions, "encoder" | "kappa">> {
  kappa: number;
  /** The encoder's architecture. */
  encoder: EncoderConfig;
}

/** What the trainer needs to know of the generator it trains against. */
export interface GeneratorShape {
  resolution: number;
  zDim: number;
  imgChannels: number;
}

/**
 * Validates training options against the generator and fills the defaults.
 *
 * @throws {RangeError} naming the first option with a bad value
 */
export function encoderTrainingConfig(
  options: EncoderTrainingOptions,
  generator: GeneratorShape,
): EncoderTrainingConfig {
  const batch = options.batch ?? 16;
  const loss = options.loss ?? "izif";
  if (!["izif", "izi", "ziz"].includes(loss))
    throw new RangeError(`Loss must be "izif", "izi" or "ziz", got "${loss}"`);
  if (loss !== "izif" && options.kappa !== undefined && options.kappa !== 0)
    throw new RangeError(`kappa must be 0 for the "${loss}" loss, got "${options.kappa}"`);
  const preset = options.preset ?? "paper";
  if (!isEncoderPreset(preset))
    throw new RangeError(
      `Unknown encoder preset "${preset}": expected one of "${Object.keys(ENCODER_PRESETS).join('", "')}"`,
    );
  const c: EncoderTrainingConfig = {
    batch,
    batchGpu: options.batchGpu ?? batch,
    epochs: options.epochs ?? 1000,
    lr: options.lr ?? 1e-4,
    betas: options.betas ?? [0, 0.9],
    eps: options.eps ?? 1e-8,
    loss,
    alpha: options.alpha ?? 1,
    kappa: loss === "izif" ? (options.kappa ?? 1) : 0,
    generator: options.generator ?? "G_ema",
    noiseMode: options.noiseMode ?? "const",
    preset,
    snapshotEvery: options.snapshotEvery ?? 30,
    seed: options.seed ?? 0,
    kernels: options.kernels ?? "auto",
    encoder: encoderConfig({
      ...options.encoder,
      ...ENCODER_PRESETS[preset],
      resolution: generator.resolution,
      zDim: generator.zDim,
      imgChannels: generator.imgChannels,
    }),
  };
  const positiveInt = (key: "batch" | "batchGpu" | "epochs", v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${key} must be a positive integer, got "${v}"`);
  };
  positiveInt("batch", c.batch);
  positiveInt("batchGpu", c.batchGpu);
  positiveInt("epochs", c.epochs);
  if (c.batch < 2)
    throw new RangeError(`batch must be at least 2 for BatchNorm's batch statistics, got "${c.batch}"`);
  if (c.batch % c.batchGpu !== 0)
    throw new RangeError(`batchGpu must divide the batch "${c.batch}", got "${c.batchGpu}"`);
  if (!(c.lr > 0 && Number.isFinite(c.lr)))
    throw new RangeError(`lr must be a positive number, got "${c.lr}"`);
  if (!Array.isArray(c.betas) || c.betas.length !== 2 || !c.betas.every((b) => b >= 0 && b < 1))
    throw new RangeError(`betas must be two numbers in [0, 1), got "${c.betas}"`);
  if (!(c.eps >= 0)) throw new RangeError(`eps must be a non-negative number, got "${c.eps}"`);
  for (const key of ["alpha", "kappa"] as const) {
    if (!(c[key] >= 0 && Number.isFinite(c[key])))
      throw new RangeError(`${key} must be a non-negative number, got "${c[key]}"`);
  }
  if (c.loss !== "ziz" && c.alpha === 0 && c.kappa === 0)
    throw new RangeError("alpha and kappa are both 0: the loss would be 0");
  if (!["G_ema", "G"].includes(c.generator))
    throw new RangeError(`generator must be "G_ema" or "G", got "${c.generator}"`);
  if (!["const", "random", "none"].includes(c.noiseMode))
    throw new RangeError(`noiseMode must be "const", "random" or "none", got "${c.noiseMode}"`);
  if (!Number.isInteger(c.snapshotEvery) || c.snapshotEvery < 0)
    throw new RangeError(`snapshotEvery must be a non-negative integer, got "${c.snapshotEvery}"`);
  if (!Number.isInteger(c.seed) || c.seed < 0)
    throw new RangeError(`seed must be a non-negative integer, got "${c.seed}"`);
  if (!["auto", "conv", "im2col"].includes(c.kernels))
    throw new RangeError(`kernels must be "auto", "conv" or "im2col", got "${c.kernels}"`);
  return c;
}
