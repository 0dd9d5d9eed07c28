import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { toTfLayout, toTorchLayout } from "../_layout.ts";
import { tf } from "../_tf.ts";
import { AdaController, type AdaState, AugmentPipe } from "../augment/mod.ts";
import { Discriminator } from "../discriminator.ts";
// The networks' Generator, named apart from the built-in Generator type that the round loops return.
import { Generator as GeneratorNet } from "../generator.ts";
import type { StateDict } from "../state_dict.ts";
import { Random, type RandomState } from "./_rng.ts";
import { Adam, type AdamSettings, type AdamState, lazyRegularizationSettings } from "./adam.ts";
import type { BatchSource, RealBatch } from "./batch_source.ts";
import { PHASES, type Phase, StyleGAN2Loss } from "./loss.ts";
import { type TrainingConfig, type TrainingOptions, trainingConfig } from "./options.ts";
import { addMoments, type StatMoments, type StatSummary, summarize } from "./stats.ts";

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

/**
 * An iteration stopped between two accumulation rounds: what it needs to finish exactly as it would have (its
 * images and latents, the phase and round it reached, the gradients summed so far). The weights, optimizers,
 * random generator and ADA state of the {@link TrainerState} around it are those of that point.
 */
export interface PendingStep {
  /** Index in `PHASES` of the phase in progress. */
  phase: number;
  /** Rounds of that phase already done. */
  round: number;
  /** The iteration's real images after mirroring, NCHW `[batch, C, H, W]`, in [-1, 1]. */
  reals: Float32Array;
  /** The latents of each phase, `[PHASES.length, batch, zDim]` flattened. */
  latents: Float32Array;
  /** Gradient sums of the phase's rounds so far, by parameter name, PyTorch layout. */
  grads: StateDict;
  /** Statistics of the phase's rounds so far. */
  moments: Record<string, StatMoments>;
  /** Batch means of the phases this iteration finished before. */
  phaseStats: Partial<Record<Phase, Record<string, number>>>;
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
  /** Statistics of the tick in progress, so a resumed tick reports all of its values. @default none */
  tickStats?: Record<string, StatMoments>;
  /** The iteration in progress when the state was taken between two rounds. @default none (between iterations) */
  pending?: PendingStep;
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
  /** Count, mean and spread over the tick of every statistic (upstream's `stats.jsonl` entries). */
  statistics: Record<string, StatSummary>;
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
  /**
   * Stops the run at the next accumulation round boundary, with a snapshot of that point (an `aborted` snapshot
   * whose state holds the iteration in progress). The run yields to the event loop between rounds, so the signal
   * can fire while it trains. @default undefined
   */
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

/** An iteration in progress: its inputs, and the phase, round and gradient sums it reached. */
interface StepWork {
  reals: Float32Array;
  latents: Float32Array;
  phase: number;
  /** The rounds of the phase in progress. */
  acc: RoundSums;
  phaseStats: StepResult["phases"];
}

/** What the rounds of one phase add up to so far. */
interface RoundSums {
  round: number;
  grads: (tf.Tensor | undefined)[];
  moments: Map<string, StatMoments>;
}

/**
 * StyleGAN2-ADA training loop (NVIDIA `training_loop.py` with `--cfg=stylegan2`): phases Gmain, Greg (every
 * `gRegInterval`), Dmain, Dreg (every `dRegInterval`), each with its own Adam (betas (0, 0.99), eps 1e-8, lazy
 * regularisation adjustments), then G_ema, `cur_nimg` and ADA. Each phase runs in rounds of `batchGpu` samples whose
 * gradients add up ({@link accumulatePhase}). Every random draw comes from one seeded generator saved in
 * {@link getState}, so a run continued from a state, even one taken between two rounds, repeats the
 * uninterrupted run.
 *
 * @example
 * ```ts
 * const trainer = new Trainer({ batch: 32, gamma: 1, resolution: 256 });
 * await trainer.run({ source, signal, onTick: (t) => log(t), onSnapshot: (s) => writeCheckpoint(path, s.state) });
 * ```
 */
export class Trainer {
  readonly config: TrainingConfig;
  readonly G: GeneratorNet;
  readonly D: Discriminator;
  readonly G_ema: GeneratorNet;
  readonly augmentPipe: AugmentPipe | null;
  readonly ada: AdaController | null;
  readonly loss: StyleGAN2Loss;
  readonly G_opt: Adam;
  readonly D_opt: Adam;
  #random: Random;
  #counters: TrainingCounters = { curNimg: 0, batchIdx: 0, curTick: 0, tickStartNimg: 0 };
  #tickMoments = new Map<string, StatMoments>();
  #pending: StepWork | undefined;

  /** @throws {RangeError} for options {@link trainingConfig} refuses */
  constructor(options: TrainingOptions, init: TrainerInit = {}) {
    const c = trainingConfig(options);
    this.config = c;
    this.G = new GeneratorNet(c.generator, { seed: c.seed });
    this.D = new Discriminator(c.discriminator, { seed: c.seed + 1 });
    this.G_ema = new GeneratorNet(c.generator, { seed: c.seed });
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
   * One whole training iteration on a batch of `config.batch` real images (NCHW float32 in [-1, 1]): the phases due
   * at this iteration, then G_ema, `curNimg`, ADA.
   */
  step(real: RealBatch): StepResult {
    const rounds = this.#stepRounds(this.#beginStep(real));
    for (;;) {
      const r = rounds.next();
      if (r.done) return r.value;
    }
  }

  /**
   * The gradients of one phase over a whole batch, as upstream's training_loop: the batch (reals NHWC and latents)
   * is split into rounds of `batchGpu` samples, each round's loss (its mean × the phase's interval) is
   * differentiated, and the rounds' gradients are summed (not averaged). Reports each round's real logits to ADA.
   * The optimizer step is the caller's (`Adam.apply`, which also applies `nan_to_num`). Returned gradients are
   * aligned with the phase module's trainable variables; the caller disposes of them.
   */
  accumulatePhase(phase: Phase, inputs: PhaseBatch): PhaseGradients {
    const acc: RoundSums = { round: 0, grads: [], moments: new Map() };
    const rounds = this.#phaseRounds(phase, { ...inputs, random: inputs.random ?? this.#random }, acc);
    try {
      for (let r = rounds.next(); !r.done; r = rounds.next()) {
        // no pause: the caller wants the whole phase now
      }
    } catch (e) {
      for (const g of acc.grads) g?.dispose();
      throw e;
    }
    return { grads: acc.grads, stats: means(acc.moments) };
  }

  /**
   * Trains until `kimg` thousand images, reporting ticks every `tick` thousand images (and after the first
   * iteration, as upstream) and offering a snapshot every `snap` ticks, at the end, and when `signal` aborts (at the
   * next round boundary). A trainer restored from a state taken between two rounds first finishes that iteration.
   */
  async run(options: RunOptions): Promise<RunResult> {
    const { source, signal, onTick, onSnapshot, maxSteps = Number.POSITIVE_INFINITY } = options;
    const c = this.config;
    const totalNimg = c.kimg * 1000;
    let tickStart = performance.now();
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
    const aborted = async (): Promise<RunResult> => {
      await snapshot("aborted", this.#counters.curTick);
      return { reason: "aborted", steps, curNimg: this.#counters.curNimg };
    };
    for (;;) {
      if (signal?.aborted) return aborted();
      if (steps >= maxSteps) return { reason: "max-steps", steps, curNimg: this.#counters.curNimg };
      const work = this.#pending ?? this.#beginStep(await source.next(c.batch));
      this.#pending = undefined;
      const rounds = this.#stepRounds(work);
      let r = rounds.next();
      while (!r.done) {
        // Between two rounds: let signals and calls through, and stop here when asked to.
        await yieldToEventLoop();
        if (signal?.aborted) {
          rounds.return(undefined as never);
          this.#pending = work;
          return aborted();
        }
        r = rounds.next();
      }
      steps++;
      const cnt = this.#counters;
      const done = cnt.curNimg >= totalNimg;
      if (!done && cnt.curTick !== 0 && cnt.curNimg < cnt.tickStartNimg + c.tick * 1000) continue;
      const now = performance.now();
      const secPerTick = (now - tickStart) / 1000;
      const statistics = Object.fromEntries([...this.#tickMoments].map(([k, m]) => [k, summarize(m)]));
      const info: TickInfo = {
        tick: cnt.curTick,
        kimg: cnt.curNimg / 1000,
        curNimg: cnt.curNimg,
        secPerTick,
        secPerKimg: (secPerTick / Math.max(cnt.curNimg - cnt.tickStartNimg, 1)) * 1000,
        augmentP: this.augmentP,
        backend: tf.getBackend(),
        stats: Object.fromEntries(Object.entries(statistics).map(([k, s]) => [k, s.mean])),
        statistics,
        done,
      };
      const tick = cnt.curTick;
      cnt.curTick++;
      cnt.tickStartNimg = cnt.curNimg;
      this.#tickMoments = new Map();
      await onTick?.(info);
      if (done) {
        await snapshot("done", tick);
        return { reason: "done", steps, curNimg: cnt.curNimg };
      }
      if (c.snap > 0 && tick % c.snap === 0) await snapshot("interval", tick);
      tickStart = performance.now();
    }
  }

  /**
   * The whole state of the run (weights, optimizers, counters, random generator, ADA, the tick's statistics, the
   * batch source position, and the iteration in progress when the run stopped between two rounds).
   */
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
      tickStats: Object.fromEntries([...this.#tickMoments].map(([k, m]) => [k, { ...m }])),
    };
    const pos = options.source?.getState?.();
    if (pos !== undefined) state.batchSource = pos;
    const work = this.#pending;
    if (work !== undefined) {
      const net = PHASES[work.phase]![0] === "G" ? this.G : this.D;
      const grads: StateDict = new Map();
      trainableSpecs(net).forEach((spec, i) => {
        const g = work.acc.grads[i];
        if (g !== undefined)
          grads.set(spec.name, {
            shape: [...spec.shape],
            data: toTorchLayout(g.dataSync() as Float32Array, spec.shape, spec.layout),
          });
      });
      state.pending = {
        phase: work.phase,
        round: work.acc.round,
        reals: work.reals,
        latents: work.latents,
        grads,
        moments: Object.fromEntries([...work.acc.moments].map(([k, m]) => [k, { ...m }])),
        phaseStats: structuredClone(work.phaseStats),
      };
    }
    return state;
  }

  /** Draws what an iteration needs up front (mirroring, one set of latents per phase), as upstream does. */
  #beginStep(real: RealBatch): StepWork {
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
    const reals = c.mirror ? mirror(real.images, real.shape, rnd) : Float32Array.from(real.images);
    // One set of latents per phase, drawn whether or not the phase runs, as upstream.
    const latents = new Float32Array(PHASES.length * n * c.zDim);
    for (let i = 0; i < PHASES.length; i++) latents.set(rnd.normals(n * c.zDim), i * n * c.zDim);
    return { reals, latents, phase: 0, acc: { round: 0, grads: [], moments: new Map() }, phaseStats: {} };
  }

  /**
   * Runs an iteration from where `work` stands, pausing (yielding) before every accumulation round; each pause is
   * a point where the run can stop and be continued exactly. Ends with the iteration's result.
   */
  *#stepRounds(work: StepWork): Generator<void, StepResult, void> {
    const c = this.config;
    const n = c.batch;
    const size = n * c.zDim;
    const realImg = tf.tidy(
      () =>
        tf.transpose(
          tf.tensor4d(work.reals, [n, c.imgChannels, c.resolution, c.resolution]),
          [0, 2, 3, 1],
        ) as tf.Tensor4D,
    );
    const zs = PHASES.map((_, i) =>
      tf.tensor2d(work.latents.subarray(i * size, (i + 1) * size), [n, c.zDim]),
    );
    try {
      for (; work.phase < PHASES.length; work.phase++) {
        const phase = PHASES[work.phase]!;
        if (!this.#due(phase)) continue;
        const acc = work.acc;
        yield* this.#phaseRounds(phase, { realImg, genZ: zs[work.phase]!, random: this.#random }, acc, true);
        (phase[0] === "G" ? this.G_opt : this.D_opt).apply(acc.grads);
        for (const g of acc.grads) g?.dispose();
        work.phaseStats[phase] = means(acc.moments);
        work.acc = { round: 0, grads: [], moments: new Map() };
      }
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
    return {
      phases: work.phaseStats,
      curNimg: this.#counters.curNimg,
      batchIdx: this.#counters.batchIdx,
      augmentP: this.augmentP,
    };
  }

  /** Whether `phase` runs at this iteration. */
  #due(phase: Phase): boolean {
    const c = this.config;
    const interval = phase === "Greg" ? c.gRegInterval : phase === "Dreg" ? c.dRegInterval : 1;
    if (phase !== "Gmain" && phase !== "Dmain" && (interval === 0 || !this.loss.isActive(phase)))
      return false;
    return this.#counters.batchIdx % interval === 0;
  }

  /**
   * The rounds of one phase from `acc.round` on, summing their gradients and statistics into `acc` (and, when
   * `tick`, into the tick's statistics); pauses before each round.
   */
  *#phaseRounds(
    phase: Phase,
    inputs: Required<PhaseBatch>,
    acc: RoundSums,
    tick = false,
  ): Generator<void, void, void> {
    const c = this.config;
    const { realImg, genZ, random } = inputs;
    const n = genZ.shape[0];
    if (realImg.shape[0] !== n || n % c.batchGpu !== 0)
      throw new RangeError(
        `Reals "${realImg.shape[0]}" and latents "${n}" must be the same multiple of batchGpu "${c.batchGpu}"`,
      );
    const gain = phase === "Greg" ? c.gRegInterval : phase === "Dreg" ? c.dRegInterval : 1;
    const rounds = n / c.batchGpu;
    for (; acc.round < rounds; acc.round++) {
      yield;
      const slice = <T extends tf.Tensor>(t: T): T =>
        rounds === 1 ? t : (tf.slice(t, acc.round * c.batchGpu, c.batchGpu) as T);
      const roundReal = slice(realImg);
      const roundZ = slice(genZ);
      try {
        const out = this.loss.accumulateGradients(phase, { realImg: roundReal, genZ: roundZ, gain, random });
        acc.grads = acc.grads.length === 0 ? out.grads : acc.grads.map((a, k) => addGrads(a, out.grads[k]));
        const moments = Object.entries(out.moments);
        addMoments(acc.moments, moments);
        if (tick) addMoments(this.#tickMoments, moments);
        if (out.realLogits !== null) this.ada?.report(out.realLogits);
      } finally {
        if (rounds > 1) {
          roundReal.dispose();
          roundZ.dispose();
        }
      }
    }
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
    this.#tickMoments = new Map(Object.entries(state.tickStats ?? {}).map(([k, m]) => [k, { ...m }]));
    const p = state.pending;
    if (p !== undefined) {
      const net = PHASES[p.phase]?.[0] === "G" ? this.G : this.D;
      const grads =
        p.grads.size === 0
          ? []
          : trainableSpecs(net).map((spec) => {
              const g = p.grads.get(spec.name);
              return g === undefined
                ? undefined
                : tf.tensor(toTfLayout(g.data, spec.shape, spec.layout), tfShape(net, spec.name));
            });
      this.#pending = {
        reals: p.reals,
        latents: p.latents,
        phase: p.phase,
        acc: { round: p.round, grads, moments: new Map(Object.entries(p.moments)) },
        phaseStats: structuredClone(p.phaseStats),
      };
    }
  }

  dispose(): void {
    for (const g of this.#pending?.acc.grads ?? []) g?.dispose();
    this.#pending = undefined;
    this.G_opt.dispose();
    this.D_opt.dispose();
    this.G.dispose();
    this.D.dispose();
    this.G_ema.dispose();
  }
}

/** Batch means from moments. */
function means(moments: Map<string, StatMoments>): Record<string, number> {
  return Object.fromEntries([...moments].map(([k, m]) => [k, m.sum / m.num]));
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

function trainableSpecs(net: GeneratorNet | Discriminator) {
  return net.specs.filter((s) => s.trainable);
}

/** The TF.js shape of a network's parameter (its variable's). */
function tfShape(net: GeneratorNet | Discriminator, name: string): number[] {
  return net.params.get(name).shape;
}

function optimizerState(opt: Adam, net: GeneratorNet | Discriminator): OptimizerState {
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

function restoreOptimizer(opt: Adam, net: GeneratorNet | Discriminator, state: OptimizerState): void {
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
