import { biasAct, modulatedConv, SQRT2, upsample2d } from "./_ops.ts";
import type { NetworkParameters } from "./_params.ts";
import { tf } from "./_tf.ts";
import { blockResolutions, channelsAt, type GeneratorConfig, numWs } from "./config.ts";

/** Per-layer noise: fresh N(0,1) (training), the stored `noise_const` buffers, or none. */
export type NoiseMode = "random" | "const" | "none";

/** Options of {@link SynthesisNetwork.forward}. */
export interface SynthesisOptions {
  /** @default "random" */
  noiseMode?: NoiseMode;
  /**
   * Seed of the per-layer noise in mode `"random"` (an integer; each layer derives its own seed from it), so that
   * the same ws and seed give the same image. Ignored in the other modes.
   * @default undefined (an unseeded draw each call)
   */
  noiseSeed?: number;
}

/**
 * NVIDIA's 'skip' `SynthesisNetwork` in NHWC: ws `[N, numWs, wDim]` -> image `[N, H, W, imgChannels]` (float32,
 * nominal range [-1, 1]).
 */
export class SynthesisNetwork {
  readonly config: GeneratorConfig;
  readonly numWs: number;
  readonly #p: NetworkParameters;

  constructor(params: NetworkParameters, config: GeneratorConfig) {
    this.#p = params;
    this.config = config;
    this.numWs = numWs(config.resolution);
  }

  forward(ws: tf.Tensor3D, options: SynthesisOptions = {}): tf.Tensor4D {
    const { noiseMode = "random", noiseSeed } = options;
    if (noiseSeed !== undefined && !Number.isInteger(noiseSeed)) {
      throw new RangeError(`Noise seed must be an integer, got "${noiseSeed}"`);
    }
    const cfg = this.config;
    if (ws.rank !== 3 || ws.shape[1] !== this.numWs || ws.shape[2] !== cfg.wDim) {
      throw new RangeError(`Expected ws of shape [N, ${this.numWs}, ${cfg.wDim}], got "${ws.shape}"`);
    }
    const w = tf.unstack(ws, 1) as tf.Tensor2D[];
    const n = ws.shape[0];
    let x: tf.Tensor4D | null = null;
    let img: tf.Tensor4D | null = null;
    let layer = 0;
    // One seed per noisy layer, in order of evaluation (undefined: unseeded draws).
    const seed = (): number | undefined =>
      noiseSeed === undefined ? undefined : layerNoiseSeed(noiseSeed, layer++);
    for (const res of blockResolutions(cfg.resolution)) {
      const b = `synthesis.b${res}`;
      if (res === 4) {
        const c4 = channelsAt(cfg, 4);
        x = tf.tile(tf.reshape(this.#p.get(`${b}.const`), [1, 4, 4, c4]), [n, 1, 1, 1]) as tf.Tensor4D;
        x = this.#layer(`${b}.conv1`, x, w[0]!, res, false, noiseMode, seed());
        img = this.#toRgb(`${b}.torgb`, x, w[1]!);
      } else {
        const k = Math.log2(res);
        x = this.#layer(`${b}.conv0`, x!, w[2 * k - 5]!, res, true, noiseMode, seed());
        x = this.#layer(`${b}.conv1`, x, w[2 * k - 4]!, res, false, noiseMode, seed());
        const prev: tf.Tensor4D = img!;
        const cur: tf.Tensor4D = x;
        img = tf.tidy(
          () => tf.add(upsample2d(prev), this.#toRgb(`${b}.torgb`, cur, w[2 * k - 3]!)) as tf.Tensor4D,
        );
      }
    }
    return img!;
  }

  #affine(p: string, w: tf.Tensor2D): tf.Tensor2D {
    const weight = this.#p.get<tf.Tensor2D>(`${p}.affine.weight`);
    return tf.add(
      tf.mul(tf.matMul(w, weight), 1 / Math.sqrt(weight.shape[0])),
      this.#p.get(`${p}.affine.bias`),
    ) as tf.Tensor2D;
  }

  #layer(
    p: string,
    x: tf.Tensor4D,
    w: tf.Tensor2D,
    res: number,
    up: boolean,
    noiseMode: NoiseMode,
    noiseSeed: number | undefined,
  ): tf.Tensor4D {
    // Under a gradient tape, tidy frees the intermediates that no gradient saved (the tape keeps the saved ones).
    return tf.tidy(() => {
      const styles = this.#affine(p, w);
      const y = modulatedConv(x, this.#p.get(`${p}.weight`), styles, { up });
      const strength = this.#p.get(`${p}.noise_strength`);
      let noise: tf.Tensor4D | null = null;
      if (noiseMode === "random") {
        const draw = tf.randomNormal([x.shape[0], res, res, 1], 0, 1, "float32", noiseSeed);
        noise = tf.mul(draw, strength) as tf.Tensor4D;
      } else if (noiseMode === "const") {
        noise = tf.mul(
          tf.reshape(this.#p.get(`${p}.noise_const`), [1, res, res, 1]),
          strength,
        ) as tf.Tensor4D;
      }
      return biasAct(y, this.#p.get(`${p}.bias`), { noise, gain: SQRT2, clamp: this.config.convClamp });
    });
  }

  #toRgb(p: string, x: tf.Tensor4D, w: tf.Tensor2D): tf.Tensor4D {
    // The 1/√Cin weight gain is moved onto the styles, as NVIDIA does.
    const styles = tf.mul(this.#affine(p, w), 1 / Math.sqrt(x.shape[3])) as tf.Tensor2D;
    const y = modulatedConv(x, this.#p.get(`${p}.weight`), styles, { demodulate: false });
    return biasAct(y, this.#p.get(`${p}.bias`), { clamp: this.config.convClamp });
  }
}

// The seed of layer `index` (in order of evaluation) under `noiseSeed`: a murmur3-style mix, so that neighbouring
// seeds and layers give unrelated streams. Never 0: tfjs treats a falsy seed as none and draws from Math.random.
function layerNoiseSeed(noiseSeed: number, index: number): number {
  let h = (noiseSeed ^ 0x5bd1e995) >>> 0;
  h = Math.imul(h ^ (index + 0x27d4eb2f), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0 || 1;
}
