import {
  type DiscriminatorConfig,
  discriminatorConfig,
  type GeneratorConfig,
  generatorConfig,
} from "../config.ts";

/** Augmentation mode, as train.py's `--aug`. */
export type AugmentMode = "ada" | "fixed" | "noaug";

/**
 * The options of a training run: NVIDIA's `train.py --cfg=stylegan2` options (stylegan3 repository) and the
 * `training_loop` settings it passes on. Only `batch` is required; every default is train.py's for
 * `--cfg=stylegan2` (STYLEGAN2.md sections 1, 2.1 and 4.1), noted where a default is not.
 */
export interface TrainingOptions {
  /** Total batch size (`--batch`): images per iteration. */
  batch: number;
  /**
   * Samples per accumulation round (`--batch-gpu`): each phase runs `batch / batchGpu` rounds whose gradients add
   * up before one optimizer step, which bounds memory by `batchGpu` instead of `batch`. Must divide `batch` and be a
   * multiple of `mbstdGroup`. @default batch
   */
  batchGpu?: number;
  /**
   * R1 weight (`--gamma`, which train.py requires). @default stylegan2-ada-pytorch's `auto` heuristic,
   * `0.0002 · resolution² / batch`
   */
  gamma?: number;
  /** Image resolution of G and D (the data set's). @default 256 */
  resolution?: number;
  /** Image channels. @default 3 */
  imgChannels?: number;
  /** `--cbase`: channels at resolution r are `min(cbase / r, cmax)`. @default 32768 */
  cbase?: number;
  /** `--cmax`. @default 512 */
  cmax?: number;
  /** `--map-depth`: mapping network layers. @default 8 */
  mapDepth?: number;
  /** Latent size z (512 upstream; smaller for tests). @default 512 */
  zDim?: number;
  /** Intermediate latent size w. @default 512 */
  wDim?: number;
  /** `--mbstd-group`: minibatch-stddev group size. @default 4 */
  mbstdGroup?: number;
  /** G learning rate (`--glr`). @default 0.002 */
  glr?: number;
  /** D learning rate (`--dlr`). @default 0.002 */
  dlr?: number;
  /** Length of the run in thousands of real images (`--kimg`); fractions allowed. @default 25000 */
  kimg?: number;
  /** Thousands of images per tick (`--tick`); fractions allowed. @default 4 */
  tick?: number;
  /** Ticks between snapshots (`--snap`); 0 snapshots only at the end or on abort. @default 50 */
  snap?: number;
  /**
   * x-flip reals (`--mirror`): each real image is flipped with probability 1/2, which samples the same
   * distribution as upstream's data set doubled with flipped copies. @default false
   */
  mirror?: boolean;
  /** `--aug`. @default "ada" */
  aug?: AugmentMode;
  /** ADA target of `mean(sign(D(real)))` (`--target`), in [0, 1]. @default 0.6 */
  target?: number;
  /** Fixed augmentation probability for `aug: "fixed"` (`--p`), in [0, 1]. @default 0.2 */
  p?: number;
  /** Thousands of images over which ADA can move p by 1. @default 500 (100 when `resumed`) */
  adaKimg?: number;
  /** Iterations between ADA adjustments. @default 4 */
  adaInterval?: number;
  /** Seed of the network initialisation and of every random draw of the run (`--seed`), in [0, 2^32). @default 0 */
  seed?: number;
  /** Half-life of G_ema in thousands of images. @default batch · 10 / 32 */
  emaKimg?: number;
  /** G_ema ramp-up (half-life at most `cur_nimg · emaRampup`); null for none. @default 0.05 (null when `resumed`) */
  emaRampup?: number | null;
  /** Lazy path-length interval. @default 4 */
  gRegInterval?: number;
  /** Lazy R1 interval. @default 16 */
  dRegInterval?: number;
  /** Probability of style mixing. @default 0.9 */
  styleMixingProb?: number;
  /** Path-length weight. @default 2 */
  plWeight?: number;
  /**
   * The path-length term runs on `floor(batchGpu / plBatchShrink)` latents of every round. @default 2, or 1 when
   * `batchGpu` is 1 (train.py cannot run such a round: its half is empty; here it runs on the round's one image,
   * which bounds memory the most on a CPU)
   */
  plBatchShrink?: number;
  /** Decay of the running mean path length. @default 0.01 */
  plDecay?: number;
  /**
   * A new run starting from another run's weights (`--resume`): changes the adaKimg and emaRampup defaults.
   * @default false
   */
  resumed?: boolean;
  /** `--cond`: class-conditional training; not implemented here, so only false is accepted. @default false */
  cond?: boolean;
  /** `--freezed`: D layers kept frozen; not implemented here, so only 0 is accepted. @default 0 */
  freezed?: number;
  /** `--metrics`: quality metrics per snapshot; none is computed here, so only [] or ["none"]. @default [] */
  metrics?: readonly string[];
  /** `--desc`: text added to the run folder's name (letters, digits, ".", "_", "-"). @default "" */
  desc?: string;
}

/** Every setting of a run, defaults filled and the network configs derived (stored in checkpoints). */
export interface TrainingConfig
  extends Required<Omit<TrainingOptions, "emaRampup" | "metrics" | "cond" | "freezed">> {
  emaRampup: number | null;
  generator: GeneratorConfig;
  discriminator: DiscriminatorConfig;
}

/** train.py's `--cfg=stylegan2` defaults of the options that do not depend on others. */
export const TRAINING_DEFAULTS = {
  resolution: 256,
  imgChannels: 3,
  cbase: 32768,
  cmax: 512,
  mapDepth: 8,
  zDim: 512,
  wDim: 512,
  mbstdGroup: 4,
  glr: 0.002,
  dlr: 0.002,
  kimg: 25000,
  tick: 4,
  snap: 50,
  mirror: false,
  aug: "ada",
  target: 0.6,
  p: 0.2,
  adaInterval: 4,
  seed: 0,
  gRegInterval: 4,
  dRegInterval: 16,
  styleMixingProb: 0.9,
  plWeight: 2,
  plDecay: 0.01,
  desc: "",
} as const satisfies Partial<TrainingOptions>;

const AUGMENTS: readonly AugmentMode[] = ["ada", "fixed", "noaug"];

/**
 * Checks a run's options and fills train.py's defaults: the one place the options are checked, for the trainer and
 * for a service answering a request. NaN and infinite values are refused, never replaced by a default.
 *
 * @throws {RangeError} naming the option (train.py's name) and the value, for any value out of range or an option
 * this port does not implement
 * @example
 * ```ts
 * const config = trainingConfig({ batch: 16, gamma: 0.8192, resolution: 256, cbase: 16384, mapDepth: 2 });
 * config.generator.channelBase; // 16384
 * ```
 */
export function trainingConfig(options: TrainingOptions): TrainingConfig {
  const o = { ...TRAINING_DEFAULTS, ...definedOnly(options) };
  const batch = o.batch;
  checkInteger("batch", batch, 1);
  checkInteger("mbstdGroup", o.mbstdGroup, 1);
  if (batch % o.mbstdGroup !== 0)
    throw new RangeError(
      `batch "${batch}" must be a multiple of the minibatch-stddev group "${o.mbstdGroup}"`,
    );
  const batchGpu = o.batchGpu ?? batch;
  checkInteger("batchGpu", batchGpu, 1);
  if (batch % batchGpu !== 0)
    throw new RangeError(`batch "${batch}" must be a multiple of batchGpu "${batchGpu}"`);
  // As train.py, which refuses `--batch-gpu` below `--mbstd-group`; the layer itself needs whole groups.
  if (batchGpu % o.mbstdGroup !== 0)
    throw new RangeError(
      `batchGpu "${batchGpu}" must be a multiple of the minibatch-stddev group "${o.mbstdGroup}"`,
    );
  if (options.cond === true) throw new RangeError("cond (class-conditional training) is not supported");
  if (options.freezed !== undefined && options.freezed !== 0)
    throw new RangeError(`freezed "${options.freezed}" is not supported: D layers cannot be frozen`);
  const metrics = options.metrics ?? [];
  if (metrics.length > 0 && !(metrics.length === 1 && metrics[0] === "none"))
    throw new RangeError(
      `metrics "${metrics.join(",")}" are not supported: no quality metric is computed during training`,
    );
  if (!/^[A-Za-z0-9._-]*$/.test(o.desc))
    throw new RangeError(
      `desc "${o.desc}" may hold only letters, digits, ".", "_" and "-" (it names a folder)`,
    );
  for (const k of ["glr", "dlr", "kimg", "tick"] as const) checkPositive(k, o[k]);
  for (const k of ["snap", "gRegInterval", "dRegInterval"] as const) checkInteger(k, o[k], 0);
  checkInteger("adaInterval", o.adaInterval, 1);
  if (!(Number.isSafeInteger(o.seed) && o.seed >= 0 && o.seed < 2 ** 32))
    throw new RangeError(`seed must be an integer in [0, 2^32), got "${o.seed}"`);
  if (!AUGMENTS.includes(o.aug))
    throw new RangeError(`aug must be "ada", "fixed" or "noaug", got "${String(o.aug)}"`);
  if (!(o.target >= 0 && o.target <= 1)) throw new RangeError(`target must be in [0, 1], got "${o.target}"`);
  if (!(o.p >= 0 && o.p <= 1)) throw new RangeError(`p must be in [0, 1], got "${o.p}"`);
  if (!(o.styleMixingProb >= 0 && o.styleMixingProb <= 1))
    throw new RangeError(`styleMixingProb must be in [0, 1], got "${o.styleMixingProb}"`);
  for (const k of ["plWeight", "plDecay"] as const) {
    if (!(Number.isFinite(o[k]) && o[k] >= 0))
      throw new RangeError(`${k} must be a number >= 0, got "${o[k]}"`);
  }
  const resumed = o.resumed ?? false;
  const generator = generatorConfig({
    resolution: o.resolution,
    imgChannels: o.imgChannels,
    zDim: o.zDim,
    wDim: o.wDim,
    channelBase: o.cbase,
    channelMax: o.cmax,
    mappingLayers: o.mapDepth,
  });
  const discriminator = discriminatorConfig({
    resolution: generator.resolution,
    imgChannels: generator.imgChannels,
    channelBase: generator.channelBase,
    channelMax: generator.channelMax,
    mbstdGroupSize: o.mbstdGroup,
  });
  const gamma = o.gamma ?? (0.0002 * generator.resolution ** 2) / batch;
  if (!(Number.isFinite(gamma) && gamma >= 0))
    throw new RangeError(`gamma must be a number >= 0, got "${gamma}"`);
  const emaKimg = o.emaKimg ?? (batch * 10) / 32;
  checkPositive("emaKimg", emaKimg);
  const adaKimg = o.adaKimg ?? (resumed ? 100 : 500);
  checkPositive("adaKimg", adaKimg);
  const emaRampup = o.emaRampup === undefined ? (resumed ? null : 0.05) : o.emaRampup;
  if (emaRampup !== null) checkPositive("emaRampup", emaRampup);
  const plBatchShrink = o.plBatchShrink ?? (batchGpu === 1 ? 1 : 2);
  checkInteger("plBatchShrink", plBatchShrink, 1);
  // Path length runs on `floor(batchGpu / plBatchShrink)` latents of every round.
  if (o.plWeight > 0 && batchGpu < plBatchShrink)
    throw new RangeError(
      `batchGpu "${batchGpu}" is smaller than the path-length batch shrink "${plBatchShrink}"`,
    );
  return {
    batch,
    batchGpu,
    gamma,
    resolution: generator.resolution,
    imgChannels: generator.imgChannels,
    cbase: generator.channelBase,
    cmax: generator.channelMax,
    mapDepth: generator.mappingLayers,
    zDim: generator.zDim,
    wDim: generator.wDim,
    mbstdGroup: o.mbstdGroup,
    glr: o.glr,
    dlr: o.dlr,
    kimg: o.kimg,
    tick: o.tick,
    snap: o.snap,
    mirror: o.mirror,
    aug: o.aug,
    target: o.target,
    p: o.p,
    adaKimg,
    adaInterval: o.adaInterval,
    seed: o.seed,
    emaKimg,
    emaRampup,
    gRegInterval: o.gRegInterval,
    dRegInterval: o.dRegInterval,
    styleMixingProb: o.styleMixingProb,
    plWeight: o.plWeight,
    plBatchShrink,
    plDecay: o.plDecay,
    resumed,
    desc: o.desc,
    generator,
    discriminator,
  };
}

/** The options with their `undefined` entries left out, so that they do not hide a default when spread. */
function definedOnly<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as T;
}

function checkInteger(name: string, v: number, min: number): void {
  if (!Number.isSafeInteger(v) || v < min)
    throw new RangeError(`${name} must be an integer >= ${min}, got "${v}"`);
}

function checkPositive(name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${name} must be a finite number > 0, got "${v}"`);
}
