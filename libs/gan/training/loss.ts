import { tf } from "../_tf.ts";
import type { AugmentPipe } from "../augment/mod.ts";
import type { Discriminator } from "../discriminator.ts";
import type { Generator } from "../generator.ts";
import { mixStyles, pathLengths } from "../losses.ts";
import type { Random } from "./_rng.ts";
import { momentsOf, type StatMoments } from "./stats.ts";

/** The four phases of one StyleGAN2 training iteration, in the order they run. */
export const PHASES = ["Gmain", "Greg", "Dmain", "Dreg"] as const;

/** One training phase: main/regularisation of G or D. */
export type Phase = (typeof PHASES)[number];

/** Settings of {@link StyleGAN2Loss}, named after NVIDIA's `StyleGAN2Loss` arguments. */
export interface StyleGAN2LossOptions {
  /** R1 weight γ (`--gamma`); 0 disables R1. */
  r1Gamma: number;
  /** Probability of style mixing in every generator run. @default 0.9 */
  styleMixingProb?: number;
  /** Path-length weight; 0 disables the path-length term. @default 2 */
  plWeight?: number;
  /** The path-length term uses `floor(batch / plBatchShrink)` latents. @default 2 */
  plBatchShrink?: number;
  /** Decay of the running mean path length. @default 0.01 */
  plDecay?: number;
  /** Running mean path length to start from (a checkpoint's). @default 0 */
  plMean?: number;
  /** Augmentation applied to every image D sees (reals and fakes); null for none. @default null */
  augmentPipe?: AugmentPipe | null;
}

/** Inputs of one phase. */
export interface PhaseInputs {
  /** Real images, NHWC `[N, H, W, C]`, in [-1, 1] (used by Dmain and Dreg). */
  realImg: tf.Tensor4D;
  /** Latents of this phase `[N, zDim]` (Gmain, Greg, Dmain). */
  genZ: tf.Tensor2D;
  /** Factor on the batch-mean loss: 1 for main phases, the lazy interval for regularisation. @default 1 */
  gain?: number;
  /**
   * Source of every other random draw (style-mixing cutoff and second latent, per-layer noise, path-length
   * probe, augmentation), so that a phase is a function of its inputs and the generator's state.
   */
  random: Random;
}

/** What {@link StyleGAN2Loss.accumulateGradients} returns. */
export interface PhaseResult {
  /** Gradients aligned with the phase module's `trainableVariables()`; undefined where the loss ignores one. */
  grads: (tf.Tensor | undefined)[];
  /** Batch means named like NVIDIA's training stats (`Loss/G/loss`, `Loss/scores/real`, `Loss/r1_penalty`, ...). */
  stats: Record<string, number>;
  /** The same statistics as count, sum and sum of squares of every value reported (per sample). */
  moments: Record<string, StatMoments>;
  /** D's scores of the real images (Dmain and Dreg), for the adaptive augmentation. */
  realLogits: Float32Array | null;
}

/**
 * NVIDIA's `StyleGAN2Loss` for unconditional networks: non-saturating logistic losses, R1 on reals through the
 * augmentation (lazy), path-length regularisation (lazy, with the running mean `plMean`), style mixing. R1 and the
 * path length are true second-order gradients (`tf.grad` nested in `tf.variableGrads`).
 */
export class StyleGAN2Loss {
  readonly G: Generator;
  readonly D: Discriminator;
  readonly r1Gamma: number;
  readonly styleMixingProb: number;
  readonly plWeight: number;
  readonly plBatchShrink: number;
  readonly plDecay: number;
  readonly augmentPipe: AugmentPipe | null;
  /** Running mean of the path lengths (a float32 value, as upstream's buffer). */
  plMean: number;

  constructor(G: Generator, D: Discriminator, options: StyleGAN2LossOptions) {
    const {
      r1Gamma,
      styleMixingProb = 0.9,
      plWeight = 2,
      plBatchShrink = 2,
      plDecay = 0.01,
      plMean = 0,
      augmentPipe = null,
    } = options;
    if (!(r1Gamma >= 0)) throw new RangeError(`R1 gamma must be non-negative, got "${r1Gamma}"`);
    if (!(styleMixingProb >= 0 && styleMixingProb <= 1))
      throw new RangeError(`Style mixing probability must be in [0, 1], got "${styleMixingProb}"`);
    if (!(plWeight >= 0)) throw new RangeError(`Path-length weight must be non-negative, got "${plWeight}"`);
    if (!Number.isInteger(plBatchShrink) || plBatchShrink < 1)
      throw new RangeError(`Path-length batch shrink must be a positive integer, got "${plBatchShrink}"`);
    if (!(plDecay >= 0 && plDecay <= 1))
      throw new RangeError(`Path-length decay must be in [0, 1], got "${plDecay}"`);
    if (G.config.cDim > 0 || D.config.cDim > 0)
      throw new RangeError("Conditional networks are not supported by the training loss");
    this.G = G;
    this.D = D;
    this.r1Gamma = r1Gamma;
    this.styleMixingProb = styleMixingProb;
    this.plWeight = plWeight;
    this.plBatchShrink = plBatchShrink;
    this.plDecay = plDecay;
    this.plMean = plMean;
    this.augmentPipe = augmentPipe;
  }

  /** Whether a phase contributes anything with these settings (Greg needs plWeight > 0, Dreg needs r1Gamma > 0). */
  isActive(phase: Phase): boolean {
    if (phase === "Greg") return this.plWeight > 0;
    if (phase === "Dreg") return this.r1Gamma > 0;
    return true;
  }

  /**
   * Loss of one phase (batch mean × gain) and its gradients w.r.t. the phase's network: G for Gmain/Greg, D for
   * Dmain/Dreg. Greg updates {@link plMean}; Dmain updates G's `w_avg`, as upstream.
   */
  accumulateGradients(phase: Phase, inputs: PhaseInputs): PhaseResult {
    const { fn, stats, finish } = this.#phase(phase, inputs);
    const module = phase === "Gmain" || phase === "Greg" ? this.G : this.D;
    const vars = module.trainableVariables();
    const { value, grads } = tf.variableGrads(fn, vars);
    value.dispose();
    finish();
    return {
      grads: vars.map((v) => grads[v.name]),
      stats: stats.values,
      moments: stats.moments,
      realLogits: stats.realLogits,
    };
  }

  /** The scalar loss of a phase without gradients (same draws and side effects as {@link accumulateGradients}). */
  phaseLoss(phase: Phase, inputs: PhaseInputs): number {
    const { fn, finish } = this.#phase(phase, inputs);
    const v = tf.tidy(() => fn().dataSync()[0]!);
    finish();
    return v;
  }

  #phase(phase: Phase, inputs: PhaseInputs): { fn: () => tf.Scalar; stats: PhaseStats; finish: () => void } {
    const { realImg, genZ, gain = 1, random } = inputs;
    const stats = new PhaseStats();
    switch (phase) {
      case "Gmain":
        return {
          stats,
          finish: () => {},
          fn: () => {
            const img = this.runG(genZ, random);
            const logits = this.runD(img, random);
            stats.report("Loss/scores/fake", logits);
            stats.report("Loss/signs/fake", tf.sign(logits));
            const loss = tf.softplus(tf.neg(logits));
            stats.report("Loss/G/loss", loss);
            return tf.mul(tf.mean(loss), gain) as tf.Scalar;
          },
        };
      case "Greg": {
        const n = Math.floor(genZ.shape[0] / this.plBatchShrink);
        if (n < 1)
          throw new RangeError(
            `Batch "${genZ.shape[0]}" is too small for path-length batch shrink "${this.plBatchShrink}"`,
          );
        const { resolution: res, imgChannels } = this.G.config;
        let next = this.plMean;
        return {
          stats,
          finish: () => {
            this.plMean = next;
          },
          fn: () => {
            const z = tf.slice(genZ, [0, 0], [n, -1]);
            const ws = this.#mapping(z, random, false);
            const probe = tf.tensor4d(random.normals(n * res * res * imgChannels), [
              n,
              res,
              res,
              imgChannels,
            ]);
            const lengths = pathLengths(this.G.synthesis, ws, {
              probe,
              noiseMode: "random",
              noiseSeed: random.uint32(),
            });
            // As upstream, the penalty uses the updated mean, which carries a (small) gradient of its own.
            const plMean = tf.add(this.plMean, tf.mul(tf.sub(tf.mean(lengths), this.plMean), this.plDecay));
            next = plMean.dataSync()[0]!;
            const penalty = tf.square(tf.sub(lengths, plMean));
            stats.report("Loss/pl_penalty", penalty);
            const loss = tf.mul(penalty, this.plWeight);
            stats.report("Loss/G/reg", loss);
            return tf.mul(tf.mean(loss), gain) as tf.Scalar;
          },
        };
      }
      case "Dmain": {
        // G runs outside the gradient tape: only D learns here, and G's w_avg follows this batch.
        const fake = tf.tidy(() => this.runG(genZ, random, { updateEmas: true }));
        return {
          stats,
          finish: () => fake.dispose(),
          fn: () => {
            const [genLogits, realLogits] = this.runDPair(fake, realImg, random);
            stats.report("Loss/scores/fake", genLogits);
            stats.report("Loss/signs/fake", tf.sign(genLogits));
            const lossGen = tf.softplus(genLogits);
            stats.report("Loss/scores/real", realLogits);
            stats.report("Loss/signs/real", tf.sign(realLogits));
            stats.realLogits = Float32Array.from(realLogits.dataSync() as Float32Array);
            const lossReal = tf.softplus(tf.neg(realLogits));
            stats.report("Loss/D/loss", tf.add(lossGen, lossReal));
            return tf.mul(tf.add(tf.mean(lossGen), tf.mean(lossReal)), gain) as tf.Scalar;
          },
        };
      }
      case "Dreg":
        return {
          stats,
          finish: () => {},
          fn: () => {
            const r1Grads = tf.grad((x: tf.Tensor) => {
              const logits = this.runD(x as tf.Tensor4D, random);
              stats.report("Loss/scores/real", logits);
              stats.report("Loss/signs/real", tf.sign(logits));
              stats.realLogits = Float32Array.from(logits.dataSync() as Float32Array);
              return tf.sum(logits);
            })(realImg);
            const penalty = tf.sum(tf.square(r1Grads), [1, 2, 3]);
            stats.report("Loss/r1_penalty", penalty);
            const loss = tf.mul(penalty, this.r1Gamma / 2);
            stats.report("Loss/D/reg", loss);
            return tf.mul(tf.mean(loss), gain) as tf.Scalar;
          },
        };
    }
  }

  /** Mapped latents with style mixing, `[N, numWs, wDim]`. */
  #mapping(z: tf.Tensor2D, random: Random, updateEmas: boolean): tf.Tensor3D {
    const ws = this.G.mapping.forward(z, null, { updateEmas }) as tf.Tensor3D;
    if (this.styleMixingProb <= 0) return ws;
    const z2 = tf.tensor2d(random.normals(z.size), z.shape);
    return mixStyles(this.G.mapping, ws, z2, { prob: this.styleMixingProb, random: () => random.uniform() });
  }

  /**
   * The generator as training runs it (style mixing, random noise drawn from `random`), NHWC images.
   * `updateEmas` moves `w_avg` towards this batch (Dmain only).
   */
  runG(z: tf.Tensor2D, random: Random, options: { updateEmas?: boolean } = {}): tf.Tensor4D {
    const ws = this.#mapping(z, random, options.updateEmas ?? false);
    return this.G.synthesis.forward(ws, { noiseMode: "random", noiseSeed: random.uint32() });
  }

  /** D's scores `[N, 1]` of NHWC images, after the augmentation when there is one. */
  runD(img: tf.Tensor4D, random: Random): tf.Tensor2D {
    return this.D.forward(this.#augment(img, random)).logits;
  }

  /**
   * `[runD(a), runD(b)]` with the same draws, in one pass of D over both batches when they are the same size (two
   * segments, each with its own minibatch-stddev groups): half the kernel calls, larger products, and one weight
   * gradient per layer instead of two to add.
   */
  runDPair(a: tf.Tensor4D, b: tf.Tensor4D, random: Random): [tf.Tensor2D, tf.Tensor2D] {
    if (a.shape[0] !== b.shape[0]) return [this.runD(a, random), this.runD(b, random)];
    const xa = this.#augment(a, random);
    const xb = this.#augment(b, random);
    const logits = this.D.forward(tf.concat([xa, xb], 0) as tf.Tensor4D, null, { segments: 2 }).logits;
    return tf.split(logits, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
  }

  #augment(img: tf.Tensor4D, random: Random): tf.Tensor4D {
    if (this.augmentPipe === null) return img;
    const nchw = tf.transpose(img, [0, 3, 1, 2]) as tf.Tensor4D;
    const aug = this.augmentPipe.apply(nchw, { seed: random.uint32() });
    return tf.transpose(aug, [0, 2, 3, 1]) as tf.Tensor4D;
  }
}

class PhaseStats {
  readonly values: Record<string, number> = {};
  readonly moments: Record<string, StatMoments> = {};
  realLogits: Float32Array | null = null;

  /** Records every value of `t` (one per sample, as upstream's `training_stats.report`). */
  report(name: string, t: tf.Tensor): void {
    const m = momentsOf(t.dataSync() as Float32Array);
    this.moments[name] = m;
    this.values[name] = m.sum / m.num;
  }
}
