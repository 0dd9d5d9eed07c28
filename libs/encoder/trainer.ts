import { Code, StatusError } from "@dermanomaly/contracts";
import type { Discriminator, Generator, StateDict } from "@dermanomaly/gan";
import { type BatchSource, Random, type RandomState, type RealBatch } from "@dermanomaly/gan/training";
import { toInternal, toPyTorch } from "./_layout.ts";
import { tf } from "./_tf.ts";
import { HostAdam } from "./adam.ts";
import { disposeTape, Encoder, type EncoderTape } from "./encoder.ts";
import type { EncoderLineage, ImagePreparation } from "./lineage.ts";
import { type EncoderTrainingConfig, type EncoderTrainingOptions, encoderTrainingConfig } from "./options.ts";
import type { EncoderWeights } from "./weights.ts";

/** The GAN networks a trainer may use; only the chosen generator (and D for `izif`) must be present. */
export interface GanNetworks {
  G?: Generator;
  G_ema?: Generator;
  D?: Discriminator;
}

/** Loss terms of a step (or their means over an epoch); a term the loss does not use is null. */
export interface EncoderLossTerms {
  /** The weighted loss that was minimised. */
  loss: number;
  /** MSE(G(E(x)), x) (izif, izi). */
  image: number | null;
  /** MSE(f(G(E(x))), f(x)) (izif with kappa > 0). */
  features: number | null;
  /** MSE(z, E(G(z))) (ziz). */
  latent: number | null;
}

/** Where a run stands. */
export interface EncoderCounters {
  /** Epochs completed. */
  epoch: number;
  /** Steps done in the current epoch. */
  stepInEpoch: number;
  /** Steps done in all (= optimizer steps). */
  steps: number;
}

/** Everything needed to continue a run exactly where it stopped (what a checkpoint holds). */
export interface EncoderTrainerState {
  config: EncoderTrainingConfig;
  /** E's state_dict (PyTorch names and layout; running statistics included). */
  E: StateDict;
  /** Adam's step count and moments, by parameter name, PyTorch layout. */
  E_opt: { step: number; expAvg: StateDict; expAvgSq: StateDict };
  counters: EncoderCounters;
  /** The run's random generator (random noise seeds, ziz latents). */
  random: RandomState;
  lineage: EncoderLineage;
  /** Position of the batch source, when it can report one. */
  batchSource?: unknown;
}

/** Options of the {@link EncoderTrainer} constructor. */
export interface EncoderTrainerInit {
  /** Start from these weights (e.g. an imported `.pth`); they must have the run's architecture. @default fresh weights */
  weightsFrom?: EncoderWeights;
  /** Recorded as the lineage's `inputs`. @default {} */
  inputs?: Record<string, string>;
  /** Recorded as the lineage's `preparation`: how the training images were made from photos. @default not recorded */
  preparation?: ImagePreparation;
}

/** Report at the end of each epoch. */
export interface EpochInfo {
  /** Epochs completed (1 after the first). */
  epoch: number;
  epochs: number;
  /** Steps of this epoch. */
  steps: number;
  /** Means of the epoch's step losses. */
  losses: EncoderLossTerms;
  /** Training images per second over the epoch. */
  imagesPerSec: number;
  secPerEpoch: number;
  /** TF.js backend name. */
  backend: string;
  /** Whether this was the last epoch. */
  done: boolean;
}

/** Throttled progress inside an epoch. */
export interface StepProgress {
  /** The epoch in progress (1-based). */
  epoch: number;
  stepInEpoch: number;
  stepsPerEpoch: number;
  /** The last step's losses. */
  losses: EncoderLossTerms;
}

/** Why a snapshot is offered. */
export type EncoderSnapshotReason = "interval" | "done" | "aborted";

/** A snapshot point: the state to save (with `writeEncoderCheckpoint`) and its epoch (for `rec<epoch>.png`). */
export interface EncoderSnapshotEvent {
  /** Epochs completed. */
  epoch: number;
  reason: EncoderSnapshotReason;
  state: EncoderTrainerState;
}

/** Options of {@link EncoderTrainer.run}. */
export interface EncoderRunOptions {
  /** Real images (NCHW float32 in [-1, 1]); not read by the `ziz` loss. A trainer continued from a state first puts it back at the saved position. */
  source: BatchSource;
  /** Images in the data set: an epoch is `ceil(epochSize / batch)` steps. */
  epochSize: number;
  /** Stops the run after the step in progress, with a snapshot. @default undefined */
  signal?: AbortSignal;
  /** Called after every epoch. @default undefined */
  onEpoch?: (info: EpochInfo) => void | Promise<void>;
  /** Called every `snapshotEvery` epochs, at the end, and on abort. @default undefined */
  onSnapshot?: (event: EncoderSnapshotEvent) => void | Promise<void>;
  /** Called after a step at most every `progressIntervalMs`. @default undefined */
  onProgress?: (progress: StepProgress) => void | Promise<void>;
  /** @default 10000 */
  progressIntervalMs?: number;
  /** Stop (without a snapshot) after this many steps of this call. @default Infinity */
  maxSteps?: number;
}

/** How {@link EncoderTrainer.run} ended. */
export interface EncoderRunResult {
  reason: "done" | "aborted" | "max-steps";
  /** Steps done by this call. */
  steps: number;
  counters: EncoderCounters;
}

/**
 * Trains the izif encoder E against a frozen generator (and discriminator): each step runs E on the whole batch in
 * training mode, sends z through G (and G's output and the reals through D) in rounds of `batchGpu` images to get
 * the loss and its gradient with respect to z, then back-propagates that through E and applies Adam (lr 1e-4,
 * betas (0, 0.9)), layer by layer ({@link Encoder.backward}). G and D are only read: no gradient reaches their
 * weights and nothing updates them. Every random draw comes from one seeded generator saved in {@link getState}, so
 * a run continued from a state repeats the uninterrupted run.
 *
 * A loss that is not finite, or whose gradient with respect to z is not, stops the step before any update, with a
 * StatusError ABORTED naming the epoch (the caller keeps its last snapshot, which is the last good state).
 *
 * @example
 * ```ts
 * const gan = await loadNetworkFile("network-snapshot-000050.safetensors", { networks: ["G_ema", "D"] });
 * const G_ema = new Generator(gan.G_ema!.config); G_ema.loadStateDict(gan.G_ema!.stateDict);
 * const D = new Discriminator(gan.D!.config); D.loadStateDict(gan.D!.stateDict);
 * const trainer = new EncoderTrainer({ preset: "small", epochs: 100 }, { G_ema, D });
 * await trainer.run({ source, epochSize: 1000, onSnapshot: (s) => writeEncoderCheckpoint(`e-${s.epoch}.safetensors`, s.state) });
 * ```
 */
export class EncoderTrainer {
  readonly config: EncoderTrainingConfig;
  readonly encoder: Encoder;
  readonly generator: Generator;
  readonly discriminator: Discriminator | null;
  readonly optimizer: HostAdam;
  readonly #inputs: Record<string, string>;
  readonly #preparation: ImagePreparation | undefined;
  #random: Random;
  #counters: EncoderCounters = { epoch: 0, stepInEpoch: 0, steps: 0 };
  #pendingSource: unknown;

  constructor(options: EncoderTrainingOptions, gan: GanNetworks, init: EncoderTrainerInit = {}) {
    const choice = options.generator ?? "G_ema";
    const g = gan[choice];
    if (g === undefined) throw new RangeError(`The GAN networks given lack the generator "${choice}"`);
    if (g.config.cDim !== 0) throw new RangeError("Conditional generators are not supported");
    const c = encoderTrainingConfig(options, g.config);
    this.config = c;
    this.generator = g;
    this.discriminator = null;
    if (c.kappa > 0) {
      const d = gan.D;
      if (d === undefined)
        throw new RangeError(`The "${c.loss}" loss with kappa "${c.kappa}" needs the discriminator D`);
      if (d.config.resolution !== g.config.resolution || d.config.imgChannels !== g.config.imgChannels)
        throw new RangeError(
          `D takes ${d.config.resolution}x${d.config.resolution}x${d.config.imgChannels} images but G makes ${g.config.resolution}x${g.config.resolution}x${g.config.imgChannels}`,
        );
      const group = Math.min(d.config.mbstdGroupSize, c.batchGpu);
      if (c.batchGpu % group !== 0)
        throw new RangeError(
          `batchGpu "${c.batchGpu}" must be a multiple of D's minibatch-stddev group "${group}"`,
        );
      this.discriminator = d;
    }
    this.encoder = new Encoder(c.encoder, { seed: c.seed, kernels: c.kernels });
    if (init.weightsFrom !== undefined) {
      const w = init.weightsFrom.config;
      const e = c.encoder;
      const keys = ["resolution", "imgChannels", "zDim", "channelBase", "channelMax", "convBias"] as const;
      const differs = keys.filter((k) => w[k] !== e[k]);
      if (differs.length > 0) {
        this.encoder.dispose();
        throw new RangeError(
          `The initial weights differ from the run's encoder in ${differs.map((k) => `${k} ("${w[k]}" vs "${e[k]}")`).join(", ")}`,
        );
      }
      this.encoder.loadStateDict(init.weightsFrom.stateDict);
    }
    this.optimizer = new HostAdam(
      this.encoder.trainableSpecs.map((s) => s.count),
      { lr: c.lr, betas: c.betas, eps: c.eps },
    );
    this.#random = new Random(c.seed);
    this.#inputs = { ...init.inputs };
    this.#preparation = init.preparation && { ...init.preparation };
  }

  /** A trainer that continues the run a {@link getState} (or a checkpoint) captured, exactly. */
  static fromState(state: EncoderTrainerState, gan: GanNetworks): EncoderTrainer {
    const { encoder, ...rest } = state.config;
    const t = new EncoderTrainer({ ...rest, encoder }, gan, {
      weightsFrom: { config: encoder, stateDict: state.E },
      inputs: state.lineage.inputs,
      ...(state.lineage.preparation && { preparation: state.lineage.preparation }),
    });
    const specs = t.encoder.trainableSpecs;
    const moments = (sd: StateDict) =>
      specs.map((spec) => {
        const m = sd.get(spec.name);
        if (m === undefined) throw new RangeError(`Optimizer state lacks parameter "${spec.name}"`);
        return toInternal(spec, m.data);
      });
    t.optimizer.setState({
      step: state.E_opt.step,
      expAvg: moments(state.E_opt.expAvg),
      expAvgSq: moments(state.E_opt.expAvgSq),
    });
    t.#counters = { ...state.counters };
    t.#random = Random.fromState(state.random);
    t.#pendingSource = state.batchSource;
    return t;
  }

  /** Progress counters (a copy). */
  get counters(): EncoderCounters {
    return { ...this.#counters };
  }

  /** What every output of this run records about how it was made. */
  get lineage(): EncoderLineage {
    const c = this.config;
    return {
      generator: c.generator,
      noiseMode: c.noiseMode,
      loss: c.loss,
      alpha: c.alpha,
      kappa: c.kappa,
      inputs: { ...this.#inputs },
      ...(this.#preparation && { preparation: { ...this.#preparation } }),
    };
  }

  /**
   * One optimizer step on a batch of `config.batch` real images (NCHW float32 in [-1, 1]; ignored by `ziz`, which
   * draws its own latents). Does not move the epoch counters (see {@link run}).
   *
   * @throws {StatusError} ABORTED when the loss or its gradient with respect to z is not finite (nothing was updated)
   */
  step(real: RealBatch | null): EncoderLossTerms {
    const c = this.config;
    let tape: EncoderTape;
    let dz: tf.Tensor2D;
    let terms: EncoderLossTerms;
    if (c.loss === "ziz") {
      ({ tape, dz, terms } = this.#latentStep());
    } else {
      if (real === null) throw new TypeError(`The "${c.loss}" loss needs a batch of real images`);
      ({ tape, dz, terms } = this.#reconstructionStep(real));
    }
    try {
      const where = `epoch ${this.#counters.epoch + 1}, step ${this.#counters.stepInEpoch + 1}`;
      if (!Number.isFinite(terms.loss)) {
        throw new StatusError(
          Code.ABORTED,
          `Encoder loss is "${terms.loss}" at ${where}: training stopped before the update; the last snapshot is the last good state`,
        );
      }
      // A finite loss can still have a gradient that overflows float32 (huge alpha or kappa); Adam would turn it into
      // NaN weights that only the next step's loss shows, after a snapshot of them.
      if (!dz.dataSync().every(Number.isFinite)) {
        throw new StatusError(
          Code.ABORTED,
          `Encoder loss gradient is not finite at ${where} (loss "${terms.loss}"): training stopped before the ` +
            "update; the last snapshot is the last good state (lower alpha or kappa)",
        );
      }
      this.encoder.backward(tape, dz, this.optimizer.beginStep());
    } catch (err) {
      disposeTape(tape); // (backward() frees it too; disposing twice is harmless)
      throw err;
    } finally {
      dz.dispose();
    }
    return terms;
  }

  // izif / izi: E on the whole batch, then G (and D) in rounds for dL/dz.
  #reconstructionStep(real: RealBatch): { tape: EncoderTape; dz: tf.Tensor2D; terms: EncoderLossTerms } {
    const c = this.config;
    const e = c.encoder;
    const [n, ch, h, w] = real.shape;
    if (n !== c.batch || ch !== e.imgChannels || h !== e.resolution || w !== e.resolution) {
      throw new RangeError(
        `Expected a real batch of shape [${c.batch}, ${e.imgChannels}, ${e.resolution}, ${e.resolution}], got "${real.shape}"`,
      );
    }
    if (real.images.length !== n * ch * h * w)
      throw new RangeError(
        `Real batch holds ${real.images.length} values but its shape needs ${n * ch * h * w}`,
      );
    const x = tf.tidy(
      () => tf.transpose(tf.tensor4d(real.images, [n, ch, h, w]), [0, 2, 3, 1]) as tf.Tensor4D,
    );
    const bg = c.batchGpu;
    const imageCount = n * h * w * ch;
    let imageSum = 0;
    let featureSum = 0;
    let featureCount = 0;
    const grads: tf.Tensor2D[] = [];
    let tape: EncoderTape | undefined;
    try {
      tape = this.encoder.forwardTrain(x);
      const z = tape.z;
      for (let r = 0; r < n / bg; r++) {
        const noise = this.#noise();
        const out = tf.tidy(() => {
          const zr = tf.slice(z, [r * bg, 0], [bg, e.zDim]) as tf.Tensor2D;
          const xr = tf.slice(x, [r * bg, 0, 0, 0], [bg, h, w, ch]) as tf.Tensor4D;
          const d = this.discriminator;
          const fReal = d === null ? null : d.forward(xr).features;
          const parts: tf.Scalar[] = [];
          const { value, grad } = tf.valueAndGrad((zz: tf.Tensor2D) => {
            const img = this.generator.forward(zz, null, noise);
            const imageSq = tf.sum(tf.squaredDifference(img, xr)) as tf.Scalar;
            parts.push(tf.keep(imageSq));
            let total = tf.mul(imageSq, c.alpha / imageCount) as tf.Scalar;
            if (d !== null && fReal !== null) {
              const featureSq = tf.sum(tf.squaredDifference(d.forward(img).features, fReal)) as tf.Scalar;
              parts.push(tf.keep(featureSq));
              total = tf.add(total, tf.mul(featureSq, c.kappa / (n * fReal.shape[1]))) as tf.Scalar;
            }
            return total;
          })(zr);
          value.dispose();
          return { grad: grad as tf.Tensor2D, parts, features: fReal?.shape[1] ?? 0 };
        });
        grads.push(out.grad);
        const [imageSq, featureSq] = out.parts.map((p) => {
          const v = p.dataSync()[0]!;
          p.dispose();
          return v;
        });
        imageSum += imageSq!;
        if (featureSq !== undefined) {
          featureSum += featureSq;
          featureCount = n * out.features;
        }
      }
      const dz = grads.length === 1 ? grads[0]! : (tf.concat(grads) as tf.Tensor2D);
      if (grads.length > 1) for (const g of grads) g.dispose();
      grads.length = 0;
      const image = imageSum / imageCount;
      const features = this.discriminator === null ? null : featureSum / featureCount;
      const loss = c.alpha * image + (features === null ? 0 : c.kappa * features);
      return { tape, dz, terms: { loss, image, features, latent: null } };
    } catch (err) {
      for (const g of grads) g.dispose();
      if (tape !== undefined) disposeTape(tape);
      throw err;
    } finally {
      x.dispose();
    }
  }

  // ziz: z ~ N(0, I), G(z) in rounds without gradients, then E on the whole batch of fakes.
  #latentStep(): { tape: EncoderTape; dz: tf.Tensor2D; terms: EncoderLossTerms } {
    const c = this.config;
    const n = c.batch;
    const zDim = c.encoder.zDim;
    const z = tf.tensor2d(this.#random.normals(n * zDim), [n, zDim]);
    try {
      const parts: tf.Tensor4D[] = [];
      for (let r = 0; r < n / c.batchGpu; r++) {
        const noise = this.#noise();
        parts.push(
          tf.tidy(() =>
            this.generator.forward(
              tf.slice(z, [r * c.batchGpu, 0], [c.batchGpu, zDim]) as tf.Tensor2D,
              null,
              noise,
            ),
          ),
        );
      }
      const fakes = parts.length === 1 ? parts[0]! : (tf.concat(parts) as tf.Tensor4D);
      if (parts.length > 1) for (const p of parts) p.dispose();
      let tape: EncoderTape;
      try {
        tape = this.encoder.forwardTrain(fakes);
      } finally {
        fakes.dispose();
      }
      const count = n * zDim;
      const { latent, dz } = tf.tidy(() => {
        const diff = tf.sub(tape.z, z);
        return {
          latent: tf.sum(tf.square(diff)).dataSync()[0]! / count,
          dz: tf.mul(diff, 2 / count) as tf.Tensor2D,
        };
      });
      return { tape, dz, terms: { loss: latent, image: null, features: null, latent } };
    } finally {
      z.dispose();
    }
  }

  #noise(): { noiseMode: EncoderTrainingConfig["noiseMode"]; noiseSeed?: number } {
    const mode = this.config.noiseMode;
    // One draw per round whatever the mode, so that switching modes keeps the other draws aligned.
    const seed = this.#random.uint32() & 0x7fffffff;
    return mode === "random" ? { noiseMode: mode, noiseSeed: seed } : { noiseMode: mode };
  }

  /**
   * Trains for `epochs` epochs of `ceil(epochSize / batch)` steps of `batch` images from the endless, reshuffled
   * source (when `epochSize` is not a multiple of the batch, an epoch's last batch completes from the next shuffle,
   * so every batch, and BatchNorm's statistics, has `batch` images). Reports each epoch, offers a snapshot every
   * `snapshotEvery` epochs, at the end, and when `signal` aborts (after the step in progress).
   */
  async run(options: EncoderRunOptions): Promise<EncoderRunResult> {
    const { source, epochSize, signal, onEpoch, onSnapshot, onProgress } = options;
    const { progressIntervalMs = 10_000, maxSteps = Number.POSITIVE_INFINITY } = options;
    const c = this.config;
    if (!Number.isInteger(epochSize) || epochSize < 1)
      throw new RangeError(`epochSize must be a positive integer, got "${epochSize}"`);
    if (this.#pendingSource !== undefined) {
      if (source.setState === undefined)
        throw new RangeError(
          "This run continues a saved one but the source cannot be put back at its position",
        );
      source.setState(this.#pendingSource);
      this.#pendingSource = undefined;
    }
    const stepsPerEpoch = Math.ceil(epochSize / c.batch);
    const snapshot = async (reason: EncoderSnapshotReason) =>
      onSnapshot?.({ epoch: this.#counters.epoch, reason, state: this.getState({ source }) });
    let steps = 0;
    let epochStart = performance.now();
    let lastProgress = performance.now();
    const sums = { loss: 0, image: 0, features: 0, latent: 0 };
    let epochSteps = 0;
    while (this.#counters.epoch < c.epochs) {
      if (signal?.aborted) {
        await snapshot("aborted");
        return { reason: "aborted", steps, counters: this.counters };
      }
      if (steps >= maxSteps) return { reason: "max-steps", steps, counters: this.counters };
      const batch = c.loss === "ziz" ? null : await source.next(c.batch);
      const terms = this.step(batch);
      steps++;
      epochSteps++;
      const cnt = this.#counters;
      cnt.steps++;
      cnt.stepInEpoch++;
      sums.loss += terms.loss;
      sums.image += terms.image ?? 0;
      sums.features += terms.features ?? 0;
      sums.latent += terms.latent ?? 0;
      if (cnt.stepInEpoch < stepsPerEpoch) {
        if (onProgress !== undefined && performance.now() - lastProgress >= progressIntervalMs) {
          lastProgress = performance.now();
          await onProgress({
            epoch: cnt.epoch + 1,
            stepInEpoch: cnt.stepInEpoch,
            stepsPerEpoch,
            losses: terms,
          });
        }
        continue;
      }
      cnt.epoch++;
      cnt.stepInEpoch = 0;
      const secs = (performance.now() - epochStart) / 1000;
      const mean = (v: number, used: boolean) => (used ? v / epochSteps : null);
      const done = cnt.epoch >= c.epochs;
      await onEpoch?.({
        epoch: cnt.epoch,
        epochs: c.epochs,
        steps: epochSteps,
        losses: {
          loss: sums.loss / epochSteps,
          image: mean(sums.image, terms.image !== null),
          features: mean(sums.features, terms.features !== null),
          latent: mean(sums.latent, terms.latent !== null),
        },
        imagesPerSec: (epochSteps * c.batch) / Math.max(secs, 1e-9),
        secPerEpoch: secs,
        backend: tf.getBackend(),
        done,
      });
      sums.loss = sums.image = sums.features = sums.latent = 0;
      epochSteps = 0;
      if (done) {
        await snapshot("done");
        return { reason: "done", steps, counters: this.counters };
      }
      if (c.snapshotEvery > 0 && cnt.epoch % c.snapshotEvery === 0) await snapshot("interval");
      epochStart = performance.now();
    }
    return { reason: "done", steps, counters: this.counters };
  }

  /** The whole state of the run (weights, running statistics, optimizer, counters, random generator, source position). */
  getState(options: { source?: BatchSource } = {}): EncoderTrainerState {
    const specs = this.encoder.trainableSpecs;
    const opt = this.optimizer.getState();
    const moments = (arrays: Float32Array[]): StateDict =>
      new Map(
        specs.map((spec, i) => [spec.name, { shape: [...spec.shape], data: toPyTorch(spec, arrays[i]!) }]),
      );
    const state: EncoderTrainerState = {
      config: this.config,
      E: this.encoder.stateDict(),
      E_opt: { step: opt.step, expAvg: moments(opt.expAvg), expAvgSq: moments(opt.expAvgSq) },
      counters: this.counters,
      random: this.#random.getState(),
      lineage: this.lineage,
    };
    // A position restored from a state but not yet handed to a source is still the run's position.
    const pos = this.#pendingSource ?? options.source?.getState?.();
    if (pos !== undefined) state.batchSource = pos;
    return state;
  }

  /** Frees the encoder (the GAN networks stay the caller's). */
  dispose(): void {
    this.encoder.dispose();
  }
}
