import { toTfLayout, toTorchLayout } from "../_layout.ts";
import { tf } from "../_tf.ts";
import { AdaController, type AdaState, AugmentPipe } from "../augment/mod.ts";
import {
  type DiscriminatorConfig,
  discriminatorConfig,
  type GeneratorConfig,
  generatorConfig,
} from "../config.ts";
import { Discriminator } from "../discriminator.ts";
import { Generator } from "../generator.ts";
import type { StateDict } from "../state_dict.ts";
import { Random, type RandomState } from "./_rng.ts";
import { Adam, type AdamSettings, type AdamState, lazyRegularizationSettings } from "./adam.ts";
import type { BatchSource, RealBatch } from "./batch_source.ts";
import { PHASES, type Phase, StyleGAN2Loss } from "./loss.ts";

/** Augmentation mode, as train.py's `--aug`. */
export type AugmentMode = "ada" | "fixed" | "noaug";

/**
 * Settings of a training run, mirroring NVIDIA's `train.py --cfg=stylegan2` options. Only `batch` and `gamma` are
 * required; everything else has upstream's default.
 */
export interface TrainingOptions {
  /** Total batch size (`--batch`). */
  batch: number;
  /**
   * Samples per accumulation round (`--batch-gpu`): each phase runs `batch / batchGpu` rounds whose gradients add
   * up before one optimizer step, which bounds memory by `batchGpu` instead of `batch`. Must divide `batch` and be a
   * multiple of `mbstdGroup`. @default batch
   */
  batchGpu?: number;
  /** R1 weight (`--gamma`). */
  gamma: number;
  /** Image resolution of G and D. @default 256 */
  resolution?: number;
  /** Image channels. @default 3 */
  imgChannels?: number;
  /** `--cbase`. @default the network configs' default (16384) */
  cbase?: number;
  /** `--cmax`. @default 512 */
  cmax?: number;
  /** `--map-depth`. @default the network config's default (2) */
  mapDepth?: number;
  /** Latent size z (512 upstream; smaller for tests). @default 512 */
  zDim?: number;
  /** Intermediate latent size w. @default 512 */
  wDim?: number;
  /** `--mbstd-group`. @default 4 */
  mbstdGroup?: number;
  /** G learning rate (`--glr`). @default 0.002 */
  glr?: number;
  /** D learning rate (`--dlr`). @default 0.002 */
  dlr?: number;
  /** Length of the run in thousands of real images (`--kimg`). @default 25000 */
  kimg?: number;
  /** Thousands of images per tick (`--tick`). @default 4 */
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
  /** ADA target of `mean(sign(D(real)))` (`--target`). @default 0.6 */
  target?: number;
  /** Fixed augmentation probability for `aug: "fixed"` (`--p`). @default 0.2 */
  p?: number;
  /** Thousands of images over which ADA can move p by 1. @default 500 (100 when `resumed`) */
  adaKimg?: number;
  /** Iterations between ADA adjustments. @default 4 */
  adaInterval?: number;
  /** Seed of the network initialisation and of every random draw of the run (`--seed`). @default 0 */
  seed?: number;
  /** Half-life of G_ema in thousands of images. @default batch · 10 / 32 */
  emaKimg?: number;
  /** G_ema ramp-up (half-life at most `cur_nimg · emaRampup`); null for none. @default 0.05 (null when `resumed`) */
  emaRampup?: number | null;
  /** Lazy path-length interval. @default 4 */
  gRegInterval?: number;
  /** Lazy R1 interval. @default 16 */
  dRegInterval?: number;
  /** @default 0.9 */
  styleMixingProb?: number;
  /** @default 2 */
  plWeight?: number;
  /** @default 2 */
  plBatchShrink?: number;
  /** @default 0.01 */
  plDecay?: number;
  /** A new run starting from another run's weights (`--resume`): changes the adaKimg and emaRampup defaults. @default false */
  resumed?: boolean;
}

/** Every setting of a run, defaults filled and the network configs derived (stored in checkpoints). */
export interface TrainingConfig extends Required<Omit<TrainingOptions, "cbase" | "mapDepth" | "emaRampup">> {
  cbase: number;
  mapDepth: number;
  emaRampup: number | null;
  generator: GeneratorConfig;
  discriminator: DiscriminatorConfig;
}

/** Validates training options and fills upstream's defaults. */
export function trainingConfig(options: TrainingOptions): TrainingConfig {
  const batch = options.batch;
  const resumed = options.resumed ?? false;
  const generator = generatorConfig({
    resolution: options.resolution ?? 256,
    imgChannels: options.imgChannels ?? 3,
    zDim: options.zDim ?? 512,
    wDim: options.wDim ?? 512,
    ...(options.cbase !== undefined && { channelBase: options.cbase }),
    ...(options.cmax !== undefined && { channelMax: options.cmax }),
    ...(options.mapDepth !== undefined && { mappingLayers: options.mapDepth }),
  });
  const discriminator = discriminatorConfig({
    resolution: generator.resolution,
    imgChannels: generator.imgChannels,
    channelBase: generator.channelBase,
    channelMax: generator.channelMax,
    mbstdGroupSize: options.mbstdGroup ?? 4,
  });
  const c: TrainingConfig = {
    batch,
    batchGpu: options.batchGpu ?? batch,
    gamma: options.gamma,
    resolution: generator.resolution,
    imgChannels: generator.imgChannels,
    cbase: generator.channelBase,
    cmax: generator.channelMax,
    mapDepth: generator.mappingLayers,
    zDim: generator.zDim,
    wDim: generator.wDim,
    mbstdGroup: discriminator.mbstdGroupSize,
    glr: options.glr ?? 0.002,
    dlr: options.dlr ?? 0.002,
    kimg: options.kimg ?? 25000,
    tick: options.tick ?? 4,
    snap: options.snap ?? 50,
    mirror: options.mirror ?? false,
    aug: options.aug ?? "ada",
    target: options.target ?? 0.6,
    p: options.p ?? 0.2,
    adaKimg: options.adaKimg ?? (resumed ? 100 : 500),
    adaInterval: options.adaInterval ?? 4,
    seed: options.seed ?? 0,
    emaKimg: options.emaKimg ?? (batch * 10) / 32,
    emaRampup: options.emaRampup === undefined ? (resumed ? null : 0.05) : options.emaRampup,
    gRegInterval: options.gRegInterval ?? 4,
    dRegInterval: options.dRegInterval ?? 16,
    styleMixingProb: options.styleMixingProb ?? 0.9,
    plWeight: options.plWeight ?? 2,
    plBatchShrink: options.plBatchShrink ?? 2,
    plDecay: options.plDecay ?? 0.01,
    resumed,
    generator,
    discriminator,
  };
  if (!Number.isInteger(batch) || batch < 1)
    throw new RangeError(`Batch must be a positive integer, got "${batch}"`);
  if (batch < c.mbstdGroup)
    throw new RangeError(`Batch "${batch}" is smaller than the minibatch-stddev group "${c.mbstdGroup}"`);
  if (!Number.isInteger(c.batchGpu) || c.batchGpu < 1 || batch % c.batchGpu !== 0)
    throw new RangeError(`batchGpu must be a positive divisor of the batch "${batch}", got "${c.batchGpu}"`);
  // As train.py, which refuses `--batch-gpu` below `--mbstd-group`; the layer itself needs whole groups.
  if (c.batchGpu < c.mbstdGroup || c.batchGpu % c.mbstdGroup !== 0)
    throw new RangeError(
      `batchGpu "${c.batchGpu}" must be a multiple of the minibatch-stddev group "${c.mbstdGroup}"`,
    );
  if (!(c.gamma >= 0)) throw new RangeError(`Gamma must be non-negative, got "${c.gamma}"`);
  for (const k of ["glr", "dlr", "kimg", "tick", "adaKimg", "emaKimg"] as const) {
    if (!(Number.isFinite(c[k]) && c[k] > 0))
      throw new RangeError(`${k} must be a positive number, got "${c[k]}"`);
  }
  for (const k of ["snap", "gRegInterval", "dRegInterval", "adaInterval", "seed"] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 0)
      throw new RangeError(`${k} must be a non-negative integer, got "${c[k]}"`);
  }
  if (c.adaInterval < 1) throw new RangeError(`adaInterval must be positive, got "${c.adaInterval}"`);
  if (!["ada", "fixed", "noaug"].includes(c.aug))
    throw new RangeError(`Augmentation must be "ada", "fixed" or "noaug", got "${c.aug}"`);
  if (!(c.p >= 0 && Number.isFinite(c.p)))
    throw new RangeError(`p must be a non-negative number, got "${c.p}"`);
  if (c.emaRampup !== null && !(c.emaRampup > 0))
    throw new RangeError(`emaRampup must be positive or null, got "${c.emaRampup}"`);
  // Path length runs on `floor(batchGpu / plBatchShrink)` latents of every round.
  if (c.plWeight > 0 && c.batchGpu < c.plBatchShrink)
    throw new RangeError(
      `batchGpu "${c.batchGpu}" is smaller than the path-length batch shrink "${c.plBatchShrink}"`,
    );
  return c;
}

/** Optimizer state with moments in PyTorch layout, keyed by parameter name. */
export interface OptimizerState {
  /** Updates applied. */
  step: number;
  /** First moments (`exp_avg`). */
  expAvg: StateDict;
  /** Second moments (`exp_avg_sq`). */
  expAvgSq: StateDict;
}

/** Progress counters of a run. */
export interface TrainingCounters {
  /** Real images shown to D so far. */
  curNimg: number;
  /** Iterations done (decides which lazy phases run). */
  batchIdx: number;
  /** Ticks completed. */
  curTick: number;
  /** `curNimg` when the current tick started. */
  tickStartNimg: number;
}

/** Everything needed to continue a run exactly where it stopped (what a checkpoint holds). */
export interface TrainerState {
  config: TrainingConfig;
  G: StateDict;
  D: StateDict;
  G_ema: StateDict;
  G_opt: OptimizerState;
  D_opt: OptimizerState;
  counters: TrainingCounters;
  /** Running mean path length. */
  plMean: number;
  /** State of the run's random generator. */
  random: RandomState;
  /** Augmentation probability in force. */
  augmentP: number;
  /** ADA controller (accumulated signs, iteration); null unless `aug` is "ada". */
  ada: AdaState | null;
  /** Position of the batch source, when it can report one. */
  batchSource?: unknown;
}

/** What one {@link Trainer.step} did. */
export interface StepResult {
  /** Phases that ran, with their batch-mean statistics (NVIDIA stat names). */
  phases: Partial<Record<Phase, Record<string, number>>>;
  curNimg: number;
  batchIdx: number;
  augmentP: number;
}

/** A whole batch for {@link Trainer.accumulatePhase}. */
export interface PhaseBatch {
  /** Real images, NHWC `[batch, H, W, C]` in [-1, 1]. */
  realImg: tf.Tensor4D;
  /** The phase's latents `[batch, zDim]`. */
  genZ: tf.Tensor2D;
  /** Source of the phase's other random draws. @default the run's own generator */
  random?: Random;
}

/** What {@link Trainer.accumulatePhase} returns. */
export interface PhaseGradients {
  /** Gradients summed over the rounds, aligned with the phase module's `trainableVariables()`. */
  grads: (tf.Tensor | undefined)[];
  /** Batch means of the phase's statistics (NVIDIA stat names). */
  stats: Record<string, number>;
}

/** Progress report at the end of a tick. */
export interface TickInfo {
  tick: number;
  /** Thousands of real images shown so far. */
  kimg: number;
  curNimg: number;
  /** Seconds of this tick, and per thousand images. */
  secPerTick: number;
  secPerKimg: number;
  augmentP: number;
  /** TF.js backend name. */
  backend: string;
  /** Means over the tick of every statistic, e.g. `Loss/G/loss`, `Loss/D/loss`, `Loss/r1_penalty`. */
  stats: Record<string, number>;
  /** Whether the run reached `kimg`. */
  done: boolean;
}

/** Why a snapshot is offered. */
export type SnapshotReason = "interval" | "done" | "aborted";

/** A snapshot point: the state to save (e.g. with `writeCheckpoint`). */
export interface SnapshotEvent {
  tick: number;
  kimg: number;
  reason: SnapshotReason;
  state: TrainerState;
}

/** Options of {@link Trainer.run}. */
export interface RunOptions {
  /** Real images. */
  source: BatchSource;
  /** Stops the run after the current step, with a final snapshot. @default undefined */
  signal?: AbortSignal;
  /** Called at every tick. @default undefined */
  onTick?: (info: TickInfo) => void | Promise<void>;
  /** Called every `snap` ticks, at the end, and on abort. @default undefined */
  onSnapshot?: (event: SnapshotEvent) => void | Promise<void>;
  /** Stop (without a snapshot) after this many steps of this call. @default Infinity */
  maxSteps?: number;
}

/** How {@link Trainer.run} ended. */
export interface RunResult {
  reason: "done" | "aborted" | "max-steps";
  steps: number;
  curNimg: number;
}

/** Options of the {@link Trainer} constructor. */
export interface TrainerInit {
  /** Start from another run's G, D and G_ema weights (`--resume`); counters and optimizers start fresh. */
  weightsFrom?: Pick<TrainerState, "G" | "D" | "G_ema">;
}

/**
 * StyleGAN2-ADA training loop (NVIDIA `training_loop.py` with `--cfg=stylegan2`): phases Gmain, Greg (every
 * `gRegInterval`), Dmain, Dreg (every `dRegInterval`), each with its own Adam (betas (0, 0.99), eps 1e-8, lazy
 * regularisation adjustments), then G_ema, `cur_nimg` and ADA. Each phase runs in rounds of `batchGpu` samples whose
 * gradients add up ({@link accumulatePhase}). Every random draw comes from one seeded generator
 * saved in {@link getState}, so a run continued from a state repeats the uninterrupted run.
 *
 * @example
 * ```ts
 * const trainer = new Trainer({ batch: 32, gamma: 1, resolution: 256 });
 * await trainer.run({ source, signal, onTick: (t) => log(t), onSnapshot: (s) => writeCheckpoint(path, s.state) });
 * ```
 */
export class Trainer {
  readonly config: TrainingConfig;
  readonly G: Generator;
  readonly D: Discriminator;
  readonly G_ema: Generator;
  readonly augmentPipe: AugmentPipe | null;
  readonly ada: AdaController | null;
  readonly loss: StyleGAN2Loss;
  readonly G_opt: Adam;
  readonly D_opt: Adam;
  #random: Random;
  #counters: TrainingCounters = { curNimg: 0, batchIdx: 0, curTick: 0, tickStartNimg: 0 };

  constructor(options: TrainingOptions, init: TrainerInit = {}) {
    const c = trainingConfig(options);
    this.config = c;
    this.G = new Generator(c.generator, { seed: c.seed });
    this.D = new Discriminator(c.discriminator, { seed: c.seed + 1 });
    this.G_ema = new Generator(c.generator, { seed: c.seed });
    if (init.weightsFrom !== undefined) {
      this.G.loadStateDict(init.weightsFrom.G);
      this.D.loadStateDict(init.weightsFrom.D);
      this.G_ema.loadStateDict(init.weightsFrom.G_ema);
    } else {
      this.G_ema.params.copyFrom(this.G.params);
    }
    this.augmentPipe = c.aug === "noaug" ? null : new AugmentPipe({ p: c.aug === "fixed" ? c.p : 0 });
    this.ada =
      c.aug === "ada"
        ? new AdaController({
            batchSize: c.batch,
            target: c.target,
            interval: c.adaInterval,
            kimg: c.adaKimg,
          })
        : null;
    this.loss = new StyleGAN2Loss(this.G, this.D, {
      r1Gamma: c.gamma,
      styleMixingProb: c.styleMixingProb,
      plWeight: c.plWeight,
      plBatchShrink: c.plBatchShrink,
      plDecay: c.plDecay,
      augmentPipe: this.augmentPipe,
    });
    const adam = (lr: number): AdamSettings => ({ lr, betas: [0, 0.99], eps: 1e-8 });
    this.G_opt = new Adam(
      this.G.trainableVariables(),
      lazyRegularizationSettings(adam(c.glr), c.gRegInterval),
    );
    this.D_opt = new Adam(
      this.D.trainableVariables(),
      lazyRegularizationSettings(adam(c.dlr), c.dRegInterval),
    );
    this.#random = new Random(c.seed);
  }

  /** A trainer that continues the run a {@link getState} (or a checkpoint) captured, exactly. */
  static fromState(state: TrainerState): Trainer {
    const t = new Trainer(state.config, { weightsFrom: state });
    t.#restore(state);
    return t;
  }

  /** Progress counters (a copy). */
  get counters(): TrainingCounters {
    return { ...this.#counters };
  }

  /** Augmentation probability in force (0 without augmentation). */
  get augmentP(): number {
    return this.augmentPipe?.p ?? 0;
  }

  /**
   * One training iteration on a batch of `config.batch` real images (NCHW float32 in [-1, 1]): the phases due at
   * this iteration, then G_ema, `curNimg`, ADA.
   */
  step(real: RealBatch): StepResult {
    const c = this.config;
    const [n, ch, h, w] = real.shape;
    if (n !== c.batch || ch !== c.imgChannels || h !== c.resolution || w !== c.resolution) {
      throw new RangeError(
        `Expected a real batch of shape [${c.batch}, ${c.imgChannels}, ${c.resolution}, ${c.resolution}], got "${real.shape}"`,
      );
    }
    if (real.images.length !== n * ch * h * w)
      throw new RangeError(
        `Real batch holds ${real.images.length} values but its shape needs ${n * ch * h * w}`,
      );
    const rnd = this.#random;
    const images = c.mirror ? mirror(real.images, real.shape, rnd) : real.images;
    const result: StepResult = { phases: {}, curNimg: 0, batchIdx: 0, augmentP: 0 };
    const realImg = tf.tidy(
      () => tf.transpose(tf.tensor4d(images, [n, ch, h, w]), [0, 2, 3, 1]) as tf.Tensor4D,
    );
    // One set of latents per phase, drawn whether or not the phase runs, as upstream.
    const zs = PHASES.map(() => tf.tensor2d(rnd.normals(n * c.zDim), [n, c.zDim]));
    try {
      PHASES.forEach((phase, i) => {
        const isReg = phase === "Greg" || phase === "Dreg";
        const interval = phase === "Greg" ? c.gRegInterval : phase === "Dreg" ? c.dRegInterval : 1;
        if (isReg && (interval === 0 || !this.loss.isActive(phase))) return;
        if (this.#counters.batchIdx % interval !== 0) return;
        const grads = this.accumulatePhase(phase, { realImg, genZ: zs[i]!, random: rnd });
        (phase[0] === "G" ? this.G_opt : this.D_opt).apply(grads.grads);
        for (const g of grads.grads) g?.dispose();
        result.phases[phase] = grads.stats;
      });
    } finally {
      realImg.dispose();
      for (const z of zs) z.dispose();
    }
    let emaNimg = c.emaKimg * 1000;
    if (c.emaRampup !== null) emaNimg = Math.min(emaNimg, this.#counters.curNimg * c.emaRampup);
    this.G_ema.updateEma(this.G, 0.5 ** (c.batch / Math.max(emaNimg, 1e-8)));
    this.#counters.curNimg += c.batch;
    this.#counters.batchIdx++;
    if (this.ada !== null && this.augmentPipe !== null) this.augmentPipe.p = this.ada.endIteration();
    result.curNimg = this.#counters.curNimg;
    result.batchIdx = this.#counters.batchIdx;
    result.augmentP = this.augmentP;
    return result;
  }

  /**
   * The gradients of one phase over a whole batch, as upstream's training_loop: the batch (reals NHWC and latents)
   * is split into rounds of `batchGpu` samples, each round's loss (its mean × the phase's interval) is
   * differentiated, and the rounds' gradients are summed (not averaged). Reports each round's real logits to ADA.
   * The optimizer step is the caller's (`Adam.apply`, which also applies `nan_to_num`). Returned gradients are
   * aligned with the phase module's trainable variables; the caller disposes of them.
   */
  accumulatePhase(phase: Phase, inputs: PhaseBatch): PhaseGradients {
    const c = this.config;
    const { realImg, genZ, random = this.#random } = inputs;
    const n = genZ.shape[0];
    if (realImg.shape[0] !== n || n % c.batchGpu !== 0)
      throw new RangeError(
        `Reals "${realImg.shape[0]}" and latents "${n}" must be the same multiple of batchGpu "${c.batchGpu}"`,
      );
    const gain = phase === "Greg" ? c.gRegInterval : phase === "Dreg" ? c.dRegInterval : 1;
    const rounds = n / c.batchGpu;
    let sum: (tf.Tensor | undefined)[] = [];
    const statSums = new Map<string, number>();
    try {
      for (let r = 0; r < rounds; r++) {
        const slice = <T extends tf.Tensor>(t: T): T =>
          rounds === 1 ? t : (tf.slice(t, r * c.batchGpu, c.batchGpu) as T);
        const roundReal = slice(realImg);
        const roundZ = slice(genZ);
        try {
          const out = this.loss.accumulateGradients(phase, {
            realImg: roundReal,
            genZ: roundZ,
            gain,
            random,
          });
          sum = r === 0 ? out.grads : sum.map((acc, k) => addGrads(acc, out.grads[k]));
          for (const [k, v] of Object.entries(out.stats)) statSums.set(k, (statSums.get(k) ?? 0) + v);
          if (out.realLogits !== null) this.ada?.report(out.realLogits);
        } finally {
          if (rounds > 1) {
            roundReal.dispose();
            roundZ.dispose();
          }
        }
      }
    } catch (e) {
      for (const g of sum) g?.dispose();
      throw e;
    }
    // Rounds are the same size: the mean of their means is the batch mean.
    return { grads: sum, stats: Object.fromEntries([...statSums].map(([k, v]) => [k, v / rounds])) };
  }

  /**
   * Trains until `kimg` thousand images, reporting ticks every `tick` thousand images (and after the first
   * iteration, as upstream) and offering a snapshot every `snap` ticks, at the end, and when `signal` aborts (after
   * the step in progress).
   */
  async run(options: RunOptions): Promise<RunResult> {
    const { source, signal, onTick, onSnapshot, maxSteps = Number.POSITIVE_INFINITY } = options;
    const c = this.config;
    const totalNimg = c.kimg * 1000;
    let tickStart = performance.now();
    let tickStats = new Map<string, [number, number]>();
    let steps = 0;
    const snapshot = async (reason: SnapshotReason, tick: number): Promise<void> => {
      if (onSnapshot === undefined) return;
      await onSnapshot({
        tick,
        kimg: this.#counters.curNimg / 1000,
        reason,
        state: this.getState({ source }),
      });
    };
    for (;;) {
      if (signal?.aborted) {
        await snapshot("aborted", this.#counters.curTick);
        return { reason: "aborted", steps, curNimg: this.#counters.curNimg };
      }
      if (steps >= maxSteps) return { reason: "max-steps", steps, curNimg: this.#counters.curNimg };
      const batch = await source.next(c.batch);
      const out = this.step(batch);
      steps++;
      for (const stats of Object.values(out.phases)) {
        for (const [k, v] of Object.entries(stats)) {
          const acc = tickStats.get(k) ?? [0, 0];
          tickStats.set(k, [acc[0] + v, acc[1] + 1]);
        }
      }
      const cnt = this.#counters;
      const done = cnt.curNimg >= totalNimg;
      if (!done && cnt.curTick !== 0 && cnt.curNimg < cnt.tickStartNimg + c.tick * 1000) continue;
      const now = performance.now();
      const secPerTick = (now - tickStart) / 1000;
      const info: TickInfo = {
        tick: cnt.curTick,
        kimg: cnt.curNimg / 1000,
        curNimg: cnt.curNimg,
        secPerTick,
        secPerKimg: (secPerTick / Math.max(cnt.curNimg - cnt.tickStartNimg, 1)) * 1000,
        augmentP: this.augmentP,
        backend: tf.getBackend(),
        stats: Object.fromEntries([...tickStats].map(([k, [s, m]]) => [k, s / m])),
        done,
      };
      const tick = cnt.curTick;
      cnt.curTick++;
      cnt.tickStartNimg = cnt.curNimg;
      tickStats = new Map();
      await onTick?.(info);
      if (done) {
        await snapshot("done", tick);
        return { reason: "done", steps, curNimg: cnt.curNimg };
      }
      if (c.snap > 0 && tick % c.snap === 0) await snapshot("interval", tick);
      tickStart = performance.now();
    }
  }

  /** The whole state of the run (weights, optimizers, counters, random generator, ADA, batch source position). */
  getState(options: { source?: BatchSource } = {}): TrainerState {
    const state: TrainerState = {
      config: this.config,
      G: this.G.stateDict(),
      D: this.D.stateDict(),
      G_ema: this.G_ema.stateDict(),
      G_opt: optimizerState(this.G_opt, this.G),
      D_opt: optimizerState(this.D_opt, this.D),
      counters: { ...this.#counters },
      plMean: this.loss.plMean,
      random: this.#random.getState(),
      augmentP: this.augmentP,
      ada: this.ada?.getState() ?? null,
    };
    const pos = options.source?.getState?.();
    if (pos !== undefined) state.batchSource = pos;
    return state;
  }

  #restore(state: TrainerState): void {
    restoreOptimizer(this.G_opt, this.G, state.G_opt);
    restoreOptimizer(this.D_opt, this.D, state.D_opt);
    this.#counters = { ...state.counters };
    this.loss.plMean = state.plMean;
    this.#random = Random.fromState(state.random);
    if (this.augmentPipe !== null) this.augmentPipe.p = state.augmentP;
    if (this.ada !== null) {
      if (state.ada === null) throw new RangeError("The state lacks the ADA controller's state");
      this.ada.setState(state.ada);
    }
  }

  dispose(): void {
    this.G_opt.dispose();
    this.D_opt.dispose();
    this.G.dispose();
    this.D.dispose();
    this.G_ema.dispose();
  }
}

// Sum of two gradients, disposing of both operands.
function addGrads(a: tf.Tensor | undefined, b: tf.Tensor | undefined): tf.Tensor | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const s = tf.add(a, b);
  a.dispose();
  b.dispose();
  return s;
}

function trainableSpecs(net: Generator | Discriminator) {
  return net.specs.filter((s) => s.trainable);
}

function optimizerState(opt: Adam, net: Generator | Discriminator): OptimizerState {
  const s = opt.getState();
  const expAvg: StateDict = new Map();
  const expAvgSq: StateDict = new Map();
  trainableSpecs(net).forEach((spec, i) => {
    const m = s.moments[i]!;
    expAvg.set(spec.name, { shape: [...spec.shape], data: toTorchLayout(m.expAvg, spec.shape, spec.layout) });
    expAvgSq.set(spec.name, {
      shape: [...spec.shape],
      data: toTorchLayout(m.expAvgSq, spec.shape, spec.layout),
    });
  });
  return { step: s.step, expAvg, expAvgSq };
}

function restoreOptimizer(opt: Adam, net: Generator | Discriminator, state: OptimizerState): void {
  const moments: AdamState["moments"] = trainableSpecs(net).map((spec) => {
    const m = state.expAvg.get(spec.name);
    const v = state.expAvgSq.get(spec.name);
    if (m === undefined || v === undefined)
      throw new RangeError(`Optimizer state lacks parameter "${spec.name}"`);
    return {
      expAvg: toTfLayout(m.data, spec.shape, spec.layout),
      expAvgSq: toTfLayout(v.data, spec.shape, spec.layout),
    };
  });
  opt.setState({ step: state.step, moments });
}

// Flips each image along W with probability 1/2.
function mirror(images: Float32Array, shape: RealBatch["shape"], random: Random): Float32Array {
  const [n, c, h, w] = shape;
  const out = Float32Array.from(images);
  for (let k = 0; k < n; k++) {
    if (random.uniform() >= 0.5) continue;
    for (let row = 0; row < c * h; row++) {
      const base = (k * c * h + row) * w;
      for (let x = 0; x < w; x++) out[base + x] = images[base + w - 1 - x]!;
    }
  }
  return out;
}
