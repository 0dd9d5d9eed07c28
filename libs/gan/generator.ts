import { type LoadStateDictOptions, NetworkParameters } from "./_params.ts";
import type { tf } from "./_tf.ts";
import { type GeneratorConfig, generatorConfig, numWs } from "./config.ts";
import { describeGenerator, type ParameterSpec } from "./describe.ts";
import { MappingNetwork, type MappingOptions } from "./mapping.ts";
import type { StateDict } from "./state_dict.ts";
import { SynthesisNetwork, type SynthesisOptions } from "./synthesis.ts";

/** Construction options of a network. */
export interface NetworkOptions {
  /** Seed of the N(0,1) initialisation (weights, `const`, `noise_const`). @default 0 */
  seed?: number;
}

/** Options of {@link Generator.forward}. */
export interface GeneratorForwardOptions extends MappingOptions, SynthesisOptions {}

/**
 * StyleGAN2-ADA generator (`G`): mapping + 'skip' synthesis, parameters named and initialised like NVIDIA's.
 * Images are NHWC `[N, H, W, C]`, float32, nominal range [-1, 1].
 *
 * Variables are kept in TF.js layout (conv `[kh,kw,I,O]`, the upsampling conv0 `[kh,kw,O,I]`, linear `[in,out]`)
 * and converted to and from NVIDIA's PyTorch layout only in {@link stateDict} / {@link loadStateDict}: the raw
 * variable then goes to conv/matMul each step, with no per-step transpose and no filter repacking on wasm.
 */
export class Generator {
  readonly config: GeneratorConfig;
  readonly params: NetworkParameters;
  readonly mapping: MappingNetwork;
  readonly synthesis: SynthesisNetwork;

  constructor(config: Partial<GeneratorConfig> = {}, options: NetworkOptions = {}) {
    this.config = generatorConfig(config);
    const c = this.config;
    this.params = new NetworkParameters(describeGenerator(c), options.seed ?? 0, "G");
    this.mapping = new MappingNetwork(this.params, "mapping", {
      zDim: c.zDim,
      cDim: c.cDim,
      wDim: c.wDim,
      numWs: numWs(c.resolution),
      layers: c.mappingLayers,
      lrMultiplier: c.mappingLrMultiplier,
      wAvgBeta: c.wAvgBeta,
    });
    this.synthesis = new SynthesisNetwork(this.params, c);
  }

  /** Rebuilds a generator from {@link getConfig} output (weights then come from {@link loadStateDict}). */
  static fromConfig(config: GeneratorConfig, options: NetworkOptions = {}): Generator {
    return new Generator(config, options);
  }

  getConfig(): GeneratorConfig {
    return { ...this.config };
  }

  get numWs(): number {
    return this.synthesis.numWs;
  }

  /** The parameter description this network was built from (NVIDIA names, PyTorch shapes). */
  get specs(): readonly ParameterSpec[] {
    return this.params.specs;
  }

  /** z `[N, zDim]` (and c `[N, cDim]` when conditional) -> image `[N, H, W, C]`. */
  forward(z: tf.Tensor2D, c: tf.Tensor2D | null = null, options: GeneratorForwardOptions = {}): tf.Tensor4D {
    const ws = this.mapping.forward(z, c, options) as tf.Tensor3D;
    return this.synthesis.forward(ws, options);
  }

  /** G_ema update from the trained generator: `p ← g + beta·(p − g)` for parameters; buffers copied. */
  updateEma(source: Generator, beta: number): void {
    this.params.updateEma(source.params, beta);
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
