import { tf } from "./_tf.ts";
import type { Discriminator } from "./discriminator.ts";
import type { MappingNetwork } from "./mapping.ts";
import type { NoiseMode, SynthesisNetwork } from "./synthesis.ts";

/** Non-saturating logistic generator loss, per sample: `softplus(−D(G(z)))`. */
export function generatorAdversarialLoss(fakeLogits: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.softplus(tf.neg(fakeLogits)), [-1]) as tf.Tensor1D;
}

/** Logistic discriminator loss, per sample: `softplus(D(fake)) + softplus(−D(real))` (batches of equal size). */
export function discriminatorAdversarialLoss(fakeLogits: tf.Tensor2D, realLogits: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.add(tf.softplus(fakeLogits), tf.softplus(tf.neg(realLogits))), [-1]) as tf.Tensor1D;
}

/** Options of {@link r1Penalty}. */
export interface R1Options {
  /** Labels for a conditional discriminator. @default null */
  c?: tf.Tensor2D | null;
  /** Differentiable augmentation applied to the reals before D (R1 is taken w.r.t. the un-augmented reals). @default identity */
  augment?: (x: tf.Tensor4D) => tf.Tensor4D;
}

/**
 * R1 penalty per sample, `Σ_{H,W,C} (∂ Σ D(aug(x)) / ∂x)²` ([N]); the loss is `mean · γ/2` (times the lazy
 * interval). Differentiable w.r.t. D's parameters (double backprop).
 */
export function r1Penalty(d: Discriminator, reals: tf.Tensor4D, options: R1Options = {}): tf.Tensor1D {
  const { c = null, augment = (x: tf.Tensor4D) => x } = options;
  const g = tf.grad((x: tf.Tensor) => tf.sum(d.forward(augment(x as tf.Tensor4D), c).logits))(reals);
  return tf.sum(tf.square(g), [1, 2, 3]) as tf.Tensor1D;
}

/** Options of {@link pathLengths}. */
export interface PathLengthOptions {
  /** Noise of the synthesis run. @default "random" */
  noiseMode?: NoiseMode;
  /** Seed of the synthesis run's random noise (see `SynthesisOptions.noiseSeed`). @default undefined (unseeded) */
  noiseSeed?: number;
  /** The random image-space direction `y ~ N(0,1)` (before the 1/√(HW) scaling); drawn when absent. */
  probe?: tf.Tensor4D;
}

/**
 * Path lengths per sample: `sqrt(mean_ws(Σ_w J²))` with `J = ∂ Σ(img · y/√(HW)) / ∂ws`, as in NVIDIA's Greg phase.
 * Differentiable w.r.t. the synthesis parameters and, through `ws`, the mapping's (double backprop).
 */
export function pathLengths(
  synthesis: SynthesisNetwork,
  ws: tf.Tensor3D,
  options: PathLengthOptions = {},
): tf.Tensor1D {
  const { noiseMode = "random", noiseSeed } = options;
  const res = synthesis.config.resolution;
  const n = ws.shape[0];
  const probe = options.probe ?? tf.randomNormal([n, res, res, synthesis.config.imgChannels]);
  const y = tf.mul(probe, 1 / res);
  const jac = tf.grad((w: tf.Tensor) =>
    tf.sum(
      tf.mul(
        synthesis.forward(w as tf.Tensor3D, { noiseMode, ...(noiseSeed !== undefined && { noiseSeed }) }),
        y,
      ),
    ),
  )(ws);
  return tf.sqrt(tf.mean(tf.sum(tf.square(jac), 2), 1)) as tf.Tensor1D;
}

/** Path-length penalty per sample `(pl − plMean)²` and the updated running mean `plMean + decay·(mean(pl) − plMean)`. */
export function pathLengthPenalty(
  lengths: tf.Tensor1D,
  plMean: number,
  options: { decay?: number } = {},
): { penalty: tf.Tensor1D; plMean: number } {
  const { decay = 0.01 } = options;
  const mean = tf.tidy(() => tf.mean(lengths).dataSync()[0]!);
  const next = plMean + decay * (mean - plMean);
  return { penalty: tf.square(tf.sub(lengths, next)) as tf.Tensor1D, plMean: next };
}

/** Options of {@link mixStyles}. */
export interface StyleMixingOptions {
  /** Probability of mixing. @default 0.9 */
  prob?: number;
  /** Uniform [0,1) source. @default Math.random */
  random?: () => number;
  /** Labels for a conditional mapping. @default null */
  c?: tf.Tensor2D | null;
}

/**
 * Style mixing as in NVIDIA's training loss: one cutoff ∈ {1..numWs−1} for the batch (numWs, i.e. no mixing, with
 * probability 1 − prob); `ws[:, cutoff:]` come from a second latent `z2` (same labels, no w_avg update).
 */
export function mixStyles(
  mapping: MappingNetwork,
  ws: tf.Tensor3D,
  z2: tf.Tensor2D,
  options: StyleMixingOptions = {},
): tf.Tensor3D {
  const { prob = 0.9, random = Math.random, c = null } = options;
  const numWs = ws.shape[1];
  let cutoff = 1 + Math.floor(random() * (numWs - 1));
  if (!(random() < prob)) cutoff = numWs;
  if (cutoff >= numWs) return ws;
  const other = mapping.forward(z2, c) as tf.Tensor3D;
  return tf.concat(
    [tf.slice(ws, [0, 0, 0], [-1, cutoff, -1]), tf.slice(other, [0, cutoff, 0], [-1, -1, -1])],
    1,
  ) as tf.Tensor3D;
}
