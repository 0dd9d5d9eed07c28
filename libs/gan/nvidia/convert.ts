import { Code, StatusError } from "@dermanomaly/contracts";
import {
  channelsAt,
  type DiscriminatorConfig,
  discriminatorConfig,
  type GeneratorConfig,
  generatorConfig,
} from "../config.ts";
import { describeParameters } from "../describe.ts";
import type {
  NetworkKey,
  NetworkPickle,
  PickledModule,
  PlainObject,
  PlainValue,
  SnapshotSource,
} from "../pickle/mod.ts";
import type { StateDict } from "../state_dict.ts";

/** One network taken from an NVIDIA pickle or a checkpoint: its architecture and its weights (NVIDIA names). */
export interface NetworkWeights<C extends GeneratorConfig | DiscriminatorConfig> {
  config: C;
  stateDict: StateDict;
}

/** The networks of a snapshot that were present (and asked for). */
export interface SnapshotNetworks {
  /** The training generator. */
  G?: NetworkWeights<GeneratorConfig>;
  /** The discriminator. */
  D?: NetworkWeights<DiscriminatorConfig>;
  /** The moving-average generator, the one to sample from. */
  G_ema?: NetworkWeights<GeneratorConfig>;
}

/** Options of {@link generatorConfigFromKwargs} and {@link discriminatorConfigFromKwargs}. */
export interface KwargsOptions {
  /** Which code base wrote the kwargs; it decides the defaults of settings left out. @default "stylegan3" */
  source?: SnapshotSource;
  /** Network name used in error messages. @default "G" or "D" */
  label?: string;
}

const FILTER = [1, 3, 3, 1];
/** `mbstdGroupSize` standing for NVIDIA's `mbstd_group_size=None` (one group per minibatch). */
export const WHOLE_BATCH = 2 ** 31 - 1;

function unsupported(message: string): StatusError {
  return new StatusError(Code.UNIMPLEMENTED, message);
}

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

function show(v: PlainValue | undefined): string {
  return JSON.stringify(v ?? null);
}

/**
 * Reads NVIDIA keyword arguments, each at most once, and reports anything left over: a setting this port does not
 * know is refused rather than silently dropped.
 */
class Kwargs {
  readonly #used = new Set<string>();
  constructor(
    readonly obj: PlainObject,
    readonly where: string,
  ) {}

  #get(key: string): PlainValue | undefined {
    this.#used.add(key);
    return Object.hasOwn(this.obj, key) ? this.obj[key] : undefined;
  }

  int(key: string, fallback?: number): number {
    const v = this.#get(key) ?? fallback;
    if (typeof v !== "number" || !Number.isInteger(v))
      throw invalid(`${this.where} setting "${key}" must be an integer, got ${show(v)}`);
    return v;
  }

  number(key: string, fallback: number): number {
    const v = this.#get(key) ?? fallback;
    if (typeof v !== "number")
      throw invalid(`${this.where} setting "${key}" must be a number, got ${show(v)}`);
    return v;
  }

  /** A value that may be null (Python None); `undefined` when the key is absent. */
  raw(key: string): PlainValue | undefined {
    return this.#get(key);
  }

  nested(key: string): Kwargs {
    const v = this.#get(key) ?? {};
    if (typeof v !== "object" || v === null || Array.isArray(v))
      throw invalid(`${this.where} setting "${key}" must be a dict, got ${show(v)}`);
    return new Kwargs(v, `${this.where} ${key}`);
  }

  /** Accepts only `expected` (or absence, meaning NVIDIA's default, which must equal it). */
  only(key: string, expected: PlainValue, why: string): void {
    const v = this.#get(key);
    if (v !== undefined && JSON.stringify(v) !== JSON.stringify(expected)) {
      throw unsupported(`${this.where} setting "${key}" = ${show(v)} is not supported (${why})`);
    }
  }

  /** Settings with no effect on the fp32 forward pass of this port. */
  ignore(...keys: string[]): void {
    for (const k of keys) this.#used.add(k);
  }

  finish(): void {
    const left = Object.keys(this.obj).filter((k) => !this.#used.has(k));
    if (left.length > 0) {
      throw unsupported(
        `${this.where} setting${left.length > 1 ? "s" : ""} "${left.join('", "')}" ${left.length > 1 ? "are" : "is"} not supported`,
      );
    }
  }
}

// Settings that only change precision, memory layout or training behaviour: this port computes in float32.
const PRECISION_ONLY = ["num_fp16_res", "fp16_channels_last", "channels_last", "fused_modconv_default"];

/**
 * Converts a generator's `_init_kwargs` (NVlabs/stylegan3 `networks_stylegan2.Generator`: synthesis settings flat;
 * stylegan2-ada-pytorch `networks.Generator`: under `synthesis_kwargs`) into a {@link GeneratorConfig}. Defaults
 * are those of the writing code base (stylegan2-ada-pytorch: `w_avg_beta` 0.995, `conv_clamp` None; stylegan3:
 * 0.998 and 256). `num_fp16_res` and `fused_modconv_default` are accepted and ignored (computation is float32);
 * any other setting this port cannot honour is refused.
 *
 * @throws {StatusError} UNIMPLEMENTED for settings other than NVIDIA's StyleGAN2 ('skip', [1,3,3,1], lrelu, noise
 * on); INVALID_ARGUMENT for malformed values
 */
export function generatorConfigFromKwargs(kwargs: PlainObject, options: KwargsOptions = {}): GeneratorConfig {
  const ada = options.source === "stylegan2-ada-pytorch";
  const top = new Kwargs(kwargs, options.label ?? "G");
  const zDim = top.int("z_dim");
  const cDim = top.int("c_dim");
  const wDim = top.int("w_dim");
  const resolution = top.int("img_resolution");
  const imgChannels = top.int("img_channels");
  const map = top.nested("mapping_kwargs");
  const mappingLayers = map.int("num_layers", 8);
  for (const key of ["embed_features", "layer_features"]) {
    const v = map.raw(key);
    if (v !== undefined && v !== null && v !== wDim)
      throw unsupported(`${map.where} setting "${key}" = ${show(v)} is not supported (only w_dim ${wDim})`);
  }
  map.only("activation", "lrelu", "only lrelu");
  const mappingLrMultiplier = map.number("lr_multiplier", 0.01);
  const beta = map.raw("w_avg_beta");
  if (beta === null)
    throw unsupported(`${map.where} setting "w_avg_beta" = null (no w_avg) is not supported`);
  const wAvgBeta = beta === undefined ? (ada ? 0.995 : 0.998) : map.number("w_avg_beta", 0);
  map.finish();
  const syn = Object.hasOwn(kwargs, "synthesis_kwargs") ? top.nested("synthesis_kwargs") : top;
  const channelBase = syn.int("channel_base", 32768);
  const channelMax = syn.int("channel_max", 512);
  const clamp = syn.raw("conv_clamp");
  const convClamp =
    clamp === undefined ? (ada ? null : 256) : clamp === null ? null : syn.number("conv_clamp", 0);
  syn.only("architecture", "skip", "only the 'skip' generator");
  syn.only("resample_filter", FILTER, "only the [1,3,3,1] filter");
  syn.only("use_noise", true, "noise inputs are always on");
  syn.only("activation", "lrelu", "only lrelu");
  syn.only("kernel_size", 3, "only 3x3 convolutions");
  syn.ignore(...PRECISION_ONLY, "magnitude_ema_beta");
  if (syn !== top) syn.finish();
  top.finish();
  try {
    return generatorConfig({
      zDim,
      wDim,
      cDim,
      resolution,
      imgChannels,
      channelBase,
      channelMax,
      mappingLayers,
      mappingLrMultiplier,
      wAvgBeta,
      convClamp,
    });
  } catch (err) {
    throw invalid(`${top.where} settings are not valid: ${(err as Error).message}`);
  }
}

/**
 * Converts a discriminator's `_init_kwargs` into a {@link DiscriminatorConfig} (defaults of the writing code base:
 * `conv_clamp` None in stylegan2-ada-pytorch, 256 in stylegan3). `num_fp16_res` and `block_kwargs.freeze_layers`
 * (training only) are ignored, and so is `mapping_kwargs` of an unconditional D (NVIDIA builds no mapping then).
 * `mbstd_group_size` None (whole minibatch, as legacy.py writes for converted TensorFlow pickles) becomes
 * {@link WHOLE_BATCH}.
 *
 * @throws {StatusError} UNIMPLEMENTED for settings other than NVIDIA's 'resnet' StyleGAN2 discriminator;
 * INVALID_ARGUMENT for malformed values
 */
export function discriminatorConfigFromKwargs(
  kwargs: PlainObject,
  options: KwargsOptions = {},
): DiscriminatorConfig {
  const ada = options.source === "stylegan2-ada-pytorch";
  const top = new Kwargs(kwargs, options.label ?? "D");
  const cDim = top.int("c_dim");
  const resolution = top.int("img_resolution");
  const imgChannels = top.int("img_channels");
  const channelBase = top.int("channel_base", 32768);
  const channelMax = top.int("channel_max", 512);
  const clamp = top.raw("conv_clamp");
  const convClamp =
    clamp === undefined ? (ada ? null : 256) : clamp === null ? null : top.number("conv_clamp", 0);
  const cmap = top.raw("cmap_dim");
  const cmapDim = cmap === undefined || cmap === null ? null : top.int("cmap_dim");
  top.only("architecture", "resnet", "only the 'resnet' discriminator");
  top.ignore(...PRECISION_ONLY);
  const block = top.nested("block_kwargs");
  block.only("activation", "lrelu", "only lrelu");
  block.only("resample_filter", FILTER, "only the [1,3,3,1] filter");
  block.ignore(...PRECISION_ONLY, "freeze_layers");
  block.finish();
  const map = top.nested("mapping_kwargs");
  let mappingLayers = 8;
  if (cDim > 0) {
    mappingLayers = map.int("num_layers", 8);
    const cmapEffective = cmapDim ?? channelsAt({ channelBase, channelMax }, 4);
    for (const key of ["embed_features", "layer_features"]) {
      const v = map.raw(key);
      if (v !== undefined && v !== null && v !== cmapEffective)
        throw unsupported(`${map.where} setting "${key}" = ${show(v)} is not supported (only cmap_dim)`);
    }
    map.only("activation", "lrelu", "only lrelu");
    map.only("lr_multiplier", 0.01, "the label mapping uses lr_multiplier 0.01");
    map.finish();
  }
  // With c_dim 0 NVIDIA builds no label mapping, so its settings (legacy.py writes num_layers 0) do not matter.
  const epi = top.nested("epilogue_kwargs");
  // None (legacy.py's default) means the whole minibatch: a group size that min(G, N) always clips to N.
  const mbstdGroupSize = epi.raw("mbstd_group_size") === null ? WHOLE_BATCH : epi.int("mbstd_group_size", 4);
  const mbstdNumChannels = epi.int("mbstd_num_channels", 1);
  if (mbstdNumChannels === 0)
    throw unsupported(`${epi.where} setting "mbstd_num_channels" = 0 (no minibatch stddev) is not supported`);
  epi.only("activation", "lrelu", "only lrelu");
  epi.ignore(...PRECISION_ONLY);
  epi.finish();
  top.finish();
  try {
    return discriminatorConfig({
      cDim,
      resolution,
      imgChannels,
      channelBase,
      channelMax,
      mbstdGroupSize,
      mbstdNumChannels,
      convClamp,
      cmapDim,
      mappingLayers,
    });
  } catch (err) {
    throw invalid(`${top.where} settings are not valid: ${(err as Error).message}`);
  }
}

/**
 * The `_init_kwargs` NVlabs/stylegan3's `networks_stylegan2` classes take to build a network of this config, so
 * that `Generator(**kwargs)` / `Discriminator(**kwargs)` then `load_state_dict(sd, strict=True)` accept our state
 * dict (float32: `num_fp16_res` 0).
 */
export function nvidiaInitKwargs(config: GeneratorConfig | DiscriminatorConfig): PlainObject {
  if (config.network === "generator") {
    return {
      z_dim: config.zDim,
      c_dim: config.cDim,
      w_dim: config.wDim,
      img_resolution: config.resolution,
      img_channels: config.imgChannels,
      mapping_kwargs: {
        num_layers: config.mappingLayers,
        lr_multiplier: config.mappingLrMultiplier,
        w_avg_beta: config.wAvgBeta,
      },
      channel_base: config.channelBase,
      channel_max: config.channelMax,
      num_fp16_res: 0,
      conv_clamp: config.convClamp,
      architecture: "skip",
    };
  }
  return {
    c_dim: config.cDim,
    img_resolution: config.resolution,
    img_channels: config.imgChannels,
    architecture: "resnet",
    channel_base: config.channelBase,
    channel_max: config.channelMax,
    num_fp16_res: 0,
    conv_clamp: config.convClamp,
    cmap_dim: config.cmapDim,
    mapping_kwargs: { num_layers: config.mappingLayers },
    epilogue_kwargs: { mbstd_group_size: config.mbstdGroupSize, mbstd_num_channels: config.mbstdNumChannels },
  };
}

/**
 * Checks that a state dict holds exactly the tensors a config implies (names and shapes), as PyTorch's
 * `load_state_dict(strict=True)` would.
 *
 * @throws {StatusError} INVALID_ARGUMENT naming the first missing, unexpected or mis-shaped tensor
 */
export function checkStateDict(
  config: GeneratorConfig | DiscriminatorConfig,
  sd: StateDict,
  label: string,
): void {
  const specs = describeParameters(config);
  const expected = new Set(specs.map((s) => s.name));
  const missing = specs.filter((s) => !sd.has(s.name)).map((s) => s.name);
  const extra = [...sd.keys()].filter((k) => !expected.has(k));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`lacks "${missing.slice(0, 3).join('", "')}"`);
    if (extra.length > 0) parts.push(`has unexpected "${extra.slice(0, 3).join('", "')}"`);
    throw invalid(
      `${label} weights do not match its settings (${parts.join("; ")}); ${missing.length} missing, ${extra.length} unexpected`,
    );
  }
  for (const s of specs) {
    const t = sd.get(s.name)!;
    if (t.shape.length !== s.shape.length || t.shape.some((d, i) => d !== s.shape[i])) {
      throw invalid(
        `${label} parameter "${s.name}" has shape [${t.shape.join(", ")}] but its settings imply [${s.shape.join(", ")}]`,
      );
    }
  }
}

function checkClass(key: NetworkKey, m: PickledModule): void {
  const want = key === "D" ? "Discriminator" : "Generator";
  const bare = m.className.split(".").pop();
  if (bare !== want) {
    throw unsupported(`Snapshot entry "${key}" is a "${m.className}", expected a StyleGAN2 ${want}`);
  }
}

/**
 * Converts the networks of a snapshot read by `readNetworkPickle` into configs and checked state dicts: the
 * architecture comes from each network's `_init_kwargs`, and every parameter name and shape is checked against it.
 * The state dicts are the pickle's own (not copied).
 *
 * @example
 * ```ts
 * const nets = networksFromPickle(await readNetworkPickle("network-snapshot-001000.pkl", { networks: ["G_ema"] }));
 * const g = new Generator(nets.G_ema!.config);
 * g.loadStateDict(nets.G_ema!.stateDict);
 * ```
 *
 * @throws {StatusError} UNIMPLEMENTED for settings this port cannot honour; INVALID_ARGUMENT for weights that do
 * not match their settings
 */
export function networksFromPickle(pickle: NetworkPickle): SnapshotNetworks {
  const out: SnapshotNetworks = {};
  const source = pickle.source === "unknown" ? "stylegan3" : pickle.source;
  for (const key of ["G", "G_ema"] as const) {
    const m = pickle[key];
    if (m === undefined) continue;
    checkClass(key, m);
    const config = generatorConfigFromKwargs(m.initKwargs, { source, label: key });
    checkStateDict(config, m.stateDict, key);
    out[key] = { config, stateDict: m.stateDict };
  }
  if (pickle.D !== undefined) {
    checkClass("D", pickle.D);
    const config = discriminatorConfigFromKwargs(pickle.D.initKwargs, { source, label: "D" });
    checkStateDict(config, pickle.D.stateDict, "D");
    out.D = { config, stateDict: pickle.D.stateDict };
  }
  return out;
}
