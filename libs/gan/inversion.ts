import { tf } from "./_tf.ts";
import type { Generator } from "./generator.ts";

/** Options of {@linkcode refineLatents}. */
export interface RefineOptions {
  /** Adam steps on w; 0 returns G(z) as it is. */
  steps: number;
  /** Adam's learning rate (betas 0.9, 0.999, eps 1e-8). @default 0.02 */
  lr?: number;
  /**
   * Features to match too, as izif's loss does (`D.forward(x).features`): each image's loss becomes its pixel MSE
   * plus `kappa` times the MSE of its features against x's. @default none: pixels only
   */
  features?: (images: tf.Tensor4D) => tf.Tensor2D;
  /** Weight of the feature term. @default 1 */
  kappa?: number;
}

/** What {@linkcode refineLatents} found, per image. */
export interface RefinedLatents {
  /** G(w) of the refined w, NHWC `[N, H, W, C]` float32 (noise const), G's raw output. */
  images: tf.Tensor4D;
  /** The refined w `[N, wDim]` (one w for every layer). */
  w: tf.Tensor2D;
  /** Each image's loss (pixel MSE, plus kappa · feature MSE with `features`) before the first step (G(z)) and after the last. */
  lossBefore: Float32Array;
  lossAfter: Float32Array;
}

/**
 * Refines encoder latents by optimisation, the iterative inversion f-AnoGAN's encoder replaces, started from the
 * encoder's answer: w = mapping(z) (psi 1), then `steps` Adam steps on w, one w shared by every layer (w space, not
 * w+, so the image stays one the generator can make), minimising each image's mean squared pixel error of
 * synthesis(w) against x (with `features`, plus kappa times that of their features: izif's loss, which the encoder
 * was trained with), noise const. The loss is a sum of per-image means, so each image's steps do not depend on
 * the others of its batch. A normal image the encoder mapped roughly is pulled onto the generator's nearest image;
 * an anomaly has no near image to be pulled to, so its residual stays.
 *
 * @throws {RangeError} for images or latents that do not fit the generator, or a bad step count or rate
 */
export function refineLatents(
  G: Generator,
  x: tf.Tensor4D,
  z: tf.Tensor2D,
  options: RefineOptions,
): RefinedLatents {
  const { steps } = options;
  const lr = options.lr ?? 0.02;
  const { resolution: r, imgChannels, zDim } = G.config;
  const n = x.shape[0];
  if (x.shape[1] !== r || x.shape[2] !== r || x.shape[3] !== imgChannels)
    throw new RangeError(`Images must be [N, ${r}, ${r}, ${imgChannels}], got [${x.shape.join(", ")}]`);
  if (z.shape[0] !== n || z.shape[1] !== zDim)
    throw new RangeError(`Latents must be [${n}, ${zDim}], got [${z.shape.join(", ")}]`);
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`Refinement steps must be a non-negative integer, got "${steps}"`);
  if (!(lr > 0 && Number.isFinite(lr)))
    throw new RangeError(`Refinement learning rate must be positive, got "${lr}"`);
  const numWs = G.numWs;
  const synth = (w: tf.Tensor2D): tf.Tensor4D =>
    G.synthesis.forward(tf.tile(tf.expandDims(w, 1), [1, numWs, 1]) as tf.Tensor3D, { noiseMode: "const" });
  const kappa = options.kappa ?? 1;
  if (!(kappa >= 0 && Number.isFinite(kappa)))
    throw new RangeError(`kappa must be non-negative, got "${kappa}"`);
  const { features } = options;
  const target = features === undefined ? undefined : tf.tidy(() => features(x));
  const perImage = (img: tf.Tensor4D): tf.Tensor1D => {
    const pixels = tf.mean(tf.squaredDifference(img, x), [1, 2, 3]) as tf.Tensor1D;
    if (features === undefined || target === undefined) return pixels;
    return tf.add(
      pixels,
      tf.mul(kappa, tf.mean(tf.squaredDifference(features(img), target), 1)),
    ) as tf.Tensor1D;
  };

  const w = tf.variable(
    tf.tidy(
      () => tf.squeeze(tf.slice(G.mapping.forward(z, null), [0, 0, 0], [n, 1, -1]), [1]) as tf.Tensor2D,
    ),
    true, // TF.js names it uniquely
  );
  const optimizer = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  try {
    const lossBefore = tf.tidy(() => perImage(synth(w))).dataSync() as Float32Array;
    for (let i = 0; i < steps; i++) {
      tf.tidy(() => {
        optimizer.minimize(() => tf.sum(perImage(synth(w))) as tf.Scalar, false, [w]);
      });
    }
    const images = tf.tidy(() => synth(w));
    const lossAfter = tf.tidy(() => perImage(images)).dataSync() as Float32Array;
    return { images, w: tf.clone(w) as tf.Tensor2D, lossBefore, lossAfter };
  } finally {
    optimizer.dispose();
    w.dispose();
    target?.dispose();
  }
}
