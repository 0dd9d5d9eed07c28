import { tfShape, toTfLayout, toTorchLayout } from "./_layout.ts";
import { tf } from "./_tf.ts";
import type { ParameterSpec } from "./describe.ts";
import { type StateDict, shapeSize } from "./state_dict.ts";

/** Options of `loadStateDict()`. */
export interface LoadStateDictOptions {
  /** Reject missing and unexpected names; when false, missing entries keep their values and extra ones are ignored. @default true */
  strict?: boolean;
}

const FILTER_1D = [1, 3, 3, 1];
let scopeCounter = 0;

function filterData(): Float32Array {
  const out = new Float32Array(16);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) out[i * 4 + j] = (FILTER_1D[i]! * FILTER_1D[j]!) / 64;
  return out;
}

// Mixes a base seed and a parameter index into a 31-bit seed, so every parameter gets its own stream.
function paramSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

/** The variables of one network, keyed by NVIDIA name, stored in TF.js layout. */
export class NetworkParameters {
  readonly specs: readonly ParameterSpec[];
  readonly variables = new Map<string, tf.Variable>();
  readonly #bySpec = new Map<string, ParameterSpec>();

  constructor(specs: readonly ParameterSpec[], seed: number, label: string) {
    this.specs = specs;
    const scope = `${label}${++scopeCounter}`;
    specs.forEach((spec, i) => {
      this.#bySpec.set(spec.name, spec);
      const shape = tfShape(spec.shape, spec.layout);
      const init = tf.tidy(() => {
        switch (spec.init.kind) {
          case "normal":
            return tf.randomNormal(shape, 0, spec.init.std, "float32", paramSeed(seed, i));
          case "constant":
            return tf.fill(shape, spec.init.value);
          case "filter":
            return tf.tensor(filterData(), shape);
        }
      });
      // Names are scoped because tfjs keeps one global registry of variable names (G and G_ema coexist).
      this.variables.set(spec.name, tf.variable(init, spec.trainable, `${scope}/${spec.name}`));
      init.dispose();
    });
  }

  /** The variable of one parameter; throws if the name is unknown. */
  get<T extends tf.Tensor = tf.Tensor>(name: string): T {
    const v = this.variables.get(name);
    if (v === undefined) throw new RangeError(`Unknown parameter "${name}"`);
    return v as unknown as T;
  }

  /** The variable of one parameter, as a variable (for assign / gradients); throws if the name is unknown. */
  variable(name: string): tf.Variable {
    const v = this.variables.get(name);
    if (v === undefined) throw new RangeError(`Unknown parameter "${name}"`);
    return v;
  }

  has(name: string): boolean {
    return this.variables.has(name);
  }

  /** The trainable variables, in state_dict order. */
  trainable(): tf.Variable[] {
    return this.specs.filter((s) => s.trainable).map((s) => this.variables.get(s.name)!);
  }

  /** Copies every parameter and buffer out in PyTorch layout. */
  stateDict(): StateDict {
    const sd: StateDict = new Map();
    for (const spec of this.specs) {
      const data = this.variables.get(spec.name)!.dataSync() as Float32Array;
      sd.set(spec.name, {
        shape: [...spec.shape],
        data: toTorchLayout(Float32Array.from(data), spec.shape, spec.layout),
      });
    }
    return sd;
  }

  /** Loads a PyTorch-layout state dict after checking every name, shape and length (all checks before any write). */
  loadStateDict(sd: StateDict, options: LoadStateDictOptions = {}): void {
    const { strict = true } = options;
    if (strict) {
      const missing = this.specs.filter((s) => !sd.has(s.name)).map((s) => s.name);
      if (missing.length > 0)
        throw new RangeError(
          `State dict lacks ${missing.length} entries: "${missing.slice(0, 5).join('", "')}"`,
        );
      const extra = [...sd.keys()].filter((k) => !this.#bySpec.has(k));
      if (extra.length > 0)
        throw new RangeError(
          `State dict has ${extra.length} unexpected entries: "${extra.slice(0, 5).join('", "')}"`,
        );
    }
    const todo: [ParameterSpec, Float32Array][] = [];
    for (const spec of this.specs) {
      const t = sd.get(spec.name);
      if (t === undefined) continue;
      if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i])) {
        throw new RangeError(
          `Parameter "${spec.name}" has shape [${t.shape.join(", ")}] but the network expects [${spec.shape.join(", ")}]`,
        );
      }
      if (t.data.length !== shapeSize(spec.shape)) {
        throw new RangeError(
          `Parameter "${spec.name}" holds ${t.data.length} values but its shape needs ${shapeSize(spec.shape)}`,
        );
      }
      if (spec.init.kind === "filter") {
        const ref = filterData();
        if (t.data.some((v, i) => Math.abs(v - ref[i]!) > 1e-6)) {
          throw new RangeError(
            `Buffer "${spec.name}" is not the [1,3,3,1] filter this implementation supports`,
          );
        }
      }
      todo.push([spec, t.data]);
    }
    for (const [spec, data] of todo) {
      const v = this.variables.get(spec.name)!;
      // The cpu backend keeps the array it is given: copy so the caller's state dict never aliases a variable.
      const own = spec.layout === "plain" ? data.slice() : toTfLayout(data, spec.shape, spec.layout);
      tf.tidy(() => v.assign(tf.tensor(own, v.shape)));
    }
  }

  /** Copies values from another instance of the same architecture (e.g. G into G_ema). */
  copyFrom(other: NetworkParameters): void {
    for (const [name, v] of this.variables) v.assign(other.get(name));
  }

  /**
   * Exponential moving average towards `source` (same architecture): trainable `p ← s + beta·(p − s)`; buffers are
   * copied, as NVIDIA's G_ema update does.
   */
  updateEma(source: NetworkParameters, beta: number): void {
    for (const spec of this.specs) {
      const v = this.variables.get(spec.name)!;
      const s = source.get(spec.name);
      if (v.shape.join() !== s.shape.join())
        throw new RangeError(`Parameter "${spec.name}" differs in shape from the source`);
      tf.tidy(() => v.assign(spec.trainable ? tf.add(s, tf.mul(tf.sub(v, s), beta)) : s));
    }
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
  }
}
