import { lrelu, normalize2ndMoment, SQRT2 } from "./_ops.ts";
import type { NetworkParameters } from "./_params.ts";
import { tf } from "./_tf.ts";

/** Shape of a mapping network (the generator's, or the discriminator's label mapping). */
export interface MappingArgs {
  zDim: number;
  cDim: number;
  wDim: number;
  /** How many w copies to broadcast to; null returns [N, wDim] (the discriminator's cmap). */
  numWs: number | null;
  layers: number;
  lrMultiplier: number;
  /** Decay of `w_avg`; null when the network tracks no average. */
  wAvgBeta: number | null;
}

/** Options of {@link MappingNetwork.forward}. */
export interface MappingOptions {
  /** Truncation: `w ← w_avg + psi·(w − w_avg)`. @default 1 */
  psi?: number;
  /** Truncate only the w's with index < cutoff; null truncates all. @default null */
  truncationCutoff?: number | null;
  /** Update `w_avg` from this batch (training's D-main phase only). @default false */
  updateEmas?: boolean;
}

/** NVIDIA's `MappingNetwork`: z (and label c) -> normalise -> fc layers (lrelu) -> broadcast to num_ws. */
export class MappingNetwork {
  readonly args: MappingArgs;
  readonly #p: NetworkParameters;
  readonly #prefix: string;

  constructor(params: NetworkParameters, prefix: string, args: MappingArgs) {
    this.#p = params;
    this.#prefix = prefix;
    this.args = args;
  }

  /** Mapped latents `[N, numWs, wDim]` (or `[N, wDim]` when numWs is null). */
  forward(z: tf.Tensor2D | null, c: tf.Tensor2D | null, options: MappingOptions = {}): tf.Tensor {
    const { psi = 1, truncationCutoff = null, updateEmas = false } = options;
    const a = this.args;
    const p = (n: string) => this.#p.get<tf.Tensor2D>(`${this.#prefix}.${n}`);
    const parts: tf.Tensor2D[] = [];
    if (a.zDim > 0) {
      if (z === null || z.shape[1] !== a.zDim)
        throw new RangeError(`Expected z of shape [N, ${a.zDim}], got "${z?.shape}"`);
      parts.push(normalize2ndMoment(z));
    }
    if (a.cDim > 0) {
      if (c === null || c.shape[1] !== a.cDim)
        throw new RangeError(`Expected c of shape [N, ${a.cDim}], got "${c?.shape}"`);
      const y = tf.add(
        tf.mul(tf.matMul(c, p("embed.weight")), 1 / Math.sqrt(a.cDim)),
        p("embed.bias"),
      ) as tf.Tensor2D;
      parts.push(normalize2ndMoment(y));
    }
    let x = parts.length === 1 ? parts[0]! : (tf.concat(parts, 1) as tf.Tensor2D);
    for (let i = 0; i < a.layers; i++) {
      const weight = p(`fc${i}.weight`);
      const gain = a.lrMultiplier / Math.sqrt(weight.shape[0]);
      const y = tf.add(tf.mul(tf.matMul(x, weight), gain), tf.mul(p(`fc${i}.bias`), a.lrMultiplier));
      x = lrelu(y, SQRT2) as tf.Tensor2D;
    }
    if (updateEmas && a.wAvgBeta !== null) {
      const wAvg = this.#p.variable(`${this.#prefix}.w_avg`);
      const beta = a.wAvgBeta;
      const mean = tf.mean(x, 0);
      tf.tidy(() => wAvg.assign(tf.add(mean, tf.mul(tf.sub(wAvg, mean), beta))));
    }
    if (a.numWs === null) return x;
    let ws = tf.tile(tf.expandDims(x, 1), [1, a.numWs, 1]) as tf.Tensor3D;
    if (psi !== 1) {
      const wAvg = tf.reshape(p("w_avg"), [1, 1, a.wDim]);
      const truncated = tf.add(wAvg, tf.mul(tf.sub(ws, wAvg), psi)) as tf.Tensor3D;
      const cut = truncationCutoff === null ? a.numWs : Math.min(Math.max(truncationCutoff, 0), a.numWs);
      ws =
        cut === a.numWs
          ? truncated
          : (tf.concat(
              [tf.slice(truncated, [0, 0, 0], [-1, cut, -1]), tf.slice(ws, [0, cut, 0], [-1, -1, -1])],
              1,
            ) as tf.Tensor3D);
    }
    return ws;
  }
}
