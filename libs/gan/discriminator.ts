import { biasAct, fir, lrelu, minibatchStd, SQRT2 } from "./_ops.ts";
import { type LoadStateDictOptions, NetworkParameters } from "./_params.ts";
import { tf } from "./_tf.ts";
import { blockResolutions, type DiscriminatorConfig, discriminatorConfig } from "./config.ts";
import { cmapDimOf, describeDiscriminator, type ParameterSpec } from "./describe.ts";
import type { NetworkOptions } from "./generator.ts";
import { MappingNetwork } from "./mapping.ts";
import type { StateDict } from "./state_dict.ts";

/** Outputs of {@link Discriminator.forward}. */
export interface DiscriminatorOutput {
  /** Scores `[N, 1]` (before any sigmoid). */
  logits: tf.Tensor2D;
  /**
   * Block b8 output flattened in NCHW order, `[N, C4·16]` (8192 at cmax 512), taken before minibatch-stddev,
   * so it does not depend on the other samples of the batch (f-AnoGAN izi_f features).
   */
  features: tf.Tensor2D;
  /** Epilogue fc output `[N, C4]` (after lrelu); depends on the batch through minibatch-stddev. */
  fc: tf.Tensor2D;
}

/** Options of {@link Discriminator.forward}. */
export interface DiscriminatorForwardOptions {
  /**
   * The batch is this many batches of equal size one after the other, scored as if each came in a call of its own:
   * minibatch-stddev groups stay within each (training scores fakes and reals in one pass this way).
   * @default 1
   */
  segments?: number;
}

const SQRT_HALF = Math.SQRT1_2;

/**
 * StyleGAN2-ADA 'resnet' discriminator (`D`) in NHWC, parameters named and initialised like NVIDIA's. Variables are
 * stored in TF.js layout (see {@link Generator}); equalised-lr gains are applied to conv outputs, not to weights.
 */
export class Discriminator {
  readonly config: DiscriminatorConfig;
  readonly params: NetworkParameters;
  readonly mapping: MappingNetwork | null;

  constructor(config: Partial<DiscriminatorConfig> = {}, options: NetworkOptions = {}) {
    this.config = discriminatorConfig(config);
    const c = this.config;
    this.params = new NetworkParameters(describeDiscriminator(c), options.seed ?? 0, "D");
    this.mapping =
      c.cDim > 0
        ? new MappingNetwork(this.params, "mapping", {
            zDim: 0,
            cDim: c.cDim,
            wDim: cmapDimOf(c),
            numWs: null,
            layers: c.mappingLayers,
            lrMultiplier: 0.01,
            wAvgBeta: null,
          })
        : null;
  }

  static fromConfig(config: DiscriminatorConfig, options: NetworkOptions = {}): Discriminator {
    return new Discriminator(config, options);
  }

  getConfig(): DiscriminatorConfig {
    return { ...this.config };
  }

  get specs(): readonly ParameterSpec[] {
    return this.params.specs;
  }

  /** Scores images `[N, H, W, imgChannels]` (with labels `[N, cDim]` when conditional). */
  forward(
    img: tf.Tensor4D,
    c: tf.Tensor2D | null = null,
    options: DiscriminatorForwardOptions = {},
  ): DiscriminatorOutput {
    const cfg = this.config;
    const [, h, w, ch] = img.shape;
    if (h !== cfg.resolution || w !== cfg.resolution || ch !== cfg.imgChannels) {
      throw new RangeError(
        `Expected images of shape [N, ${cfg.resolution}, ${cfg.resolution}, ${cfg.imgChannels}], got "${img.shape}"`,
      );
    }
    const cc = cfg.convClamp;
    let x: tf.Tensor4D | null = null;
    for (const res of blockResolutions(cfg.resolution)
      .filter((r) => r > 4)
      .reverse()) {
      const b = `b${res}`;
      // Under a gradient tape, tidy frees the intermediates that no gradient saved (the tape keeps the saved ones).
      if (x === null) x = tf.tidy(() => this.#conv(`${b}.fromrgb`, img, 1, { gain: SQRT2, clamp: cc }));
      const input: tf.Tensor4D = x;
      x = tf.tidy((): tf.Tensor4D => {
        const y = tf.mul(this.#conv(`${b}.skip`, fir(input, [1, 1, 1, 1]), 2), SQRT_HALF);
        const h0 = tf.tidy(() => this.#conv(`${b}.conv0`, input, 1, { gain: SQRT2, clamp: cc }));
        const h1 = tf.tidy(() =>
          this.#conv(`${b}.conv1`, fir(h0, [2, 2, 2, 2]), 2, {
            gain: 1,
            clamp: cc === null ? null : cc * SQRT_HALF,
          }),
        );
        return tf.add(y, h1) as tf.Tensor4D;
      });
    }
    const n = x!.shape[0];
    const features = tf.reshape(tf.transpose(x!, [0, 3, 1, 2]), [n, -1]) as tf.Tensor2D;
    let e = minibatchStd(x!, cfg.mbstdGroupSize, cfg.mbstdNumChannels, options.segments ?? 1);
    e = this.#conv("b4.conv", e, 1, { gain: SQRT2, clamp: cc });
    // NVIDIA flattens NCHW.
    const flat = tf.reshape(tf.transpose(e, [0, 3, 1, 2]), [n, -1]) as tf.Tensor2D;
    const fc = lrelu(this.#linear("b4.fc", flat), SQRT2) as tf.Tensor2D;
    let logits = this.#linear("b4.out", fc);
    if (this.mapping !== null) {
      if (c === null) throw new TypeError("A conditional discriminator needs labels c");
      const cmap = this.mapping.forward(null, c) as tf.Tensor2D;
      logits = tf.mul(tf.sum(tf.mul(logits, cmap), 1, true), 1 / Math.sqrt(cmapDimOf(cfg))) as tf.Tensor2D;
    }
    return { logits, features, fc };
  }

  // conv(x, W)·(1/√fan_in) + b, then `act` (lrelu gain and clamp) when given: odd kernels, "same" padding at
  // stride 1, "valid" at stride 2 (input pre-filtered).
  #conv(p: string, x: tf.Tensor4D, stride: 1 | 2, act?: { gain: number; clamp: number | null }): tf.Tensor4D {
    const weight = this.params.get<tf.Tensor4D>(`${p}.weight`);
    const [k, , cin] = weight.shape;
    const pad = stride === 1 ? (k - 1) / 2 : 0;
    const y = tf.conv2d(x, weight, stride, [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ]);
    const scale = 1 / Math.sqrt(cin * k * k);
    if (!this.params.has(`${p}.bias`)) return tf.mul(y, scale) as tf.Tensor4D;
    return biasAct(y as tf.Tensor4D, this.params.get(`${p}.bias`), { scale, ...act });
  }

  #linear(p: string, x: tf.Tensor2D): tf.Tensor2D {
    const weight = this.params.get<tf.Tensor2D>(`${p}.weight`);
    return tf.add(
      tf.mul(tf.matMul(x, weight), 1 / Math.sqrt(weight.shape[0])),
      this.params.get(`${p}.bias`),
    ) as tf.Tensor2D;
  }

  trainableVariables(): tf.Variable[] {
    return this.params.trainable();
  }

  stateDict(): StateDict {
    return this.params.stateDict();
  }

  loadStateDict(sd: StateDict, options: LoadStateDictOptions = {}): void {
    this.params.loadStateDict(sd, options);
  }

  dispose(): void {
    this.params.dispose();
  }
}
