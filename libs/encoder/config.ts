/**
 * Architecture of the izif encoder E (f-AnoGAN stage 3), as the original PyTorch code builds it: an `nn.Sequential`
 * of blocks `Conv2d(k4, s2, p1) -> BatchNorm2d -> ReLU`, as many as bring the image down to 4x4, then
 * `Flatten -> Linear -> Tanh` to a latent z of the generator's `z_dim`. Block i has `min(channelBase·2^i,
 * channelMax)` channels: 128, 256, ..., 4096 at 256x256 in the original (212.4 M parameters).
 *
 * ## State-dict names (PyTorch `nn.Sequential`, the canonical exchange format)
 *
 * With B = log2(resolution) − 2 blocks, block i (0-based) owns Sequential indices 3i (conv), 3i+1 (batch norm) and
 * 3i+2 (ReLU, no tensors); Flatten is 3B, Linear 3B+1, Tanh 3B+2. At 256 (B = 6):
 *
 * | name | shape | kind |
 * |---|---|---|
 * | `0.weight` | [128, 3, 4, 4] | conv weight, PyTorch layout [out, in, kh, kw] |
 * | `0.bias` | [128] | conv bias (only when `convBias`) |
 * | `1.weight`, `1.bias` | [128] | batch-norm scale and shift |
 * | `1.running_mean`, `1.running_var` | [128] | batch-norm running statistics (buffers) |
 * | `1.num_batches_tracked` | [] | batch-norm step count (buffer; int64 in PyTorch, float32 here) |
 * | `3.weight` ... `16.*` | | blocks 1 to 5, same pattern |
 * | `19.weight` | [512, 65536] | Linear weight [out, in]; `in` is the NCHW flatten of [4096, 4, 4] |
 * | `19.bias` | [512] | Linear bias |
 *
 * The ONNX exporter and the weight files (`weights.ts`) use these names; `describeEncoder()` lists them for any
 * config, in state_dict order.
 *
 * @module
 */

/** Architecture of an encoder. Every field is fixed at construction; weights live in the network or a state dict. */
export interface EncoderConfig {
  /** Discriminant, so a stored config names the network it describes. */
  network: "encoder";
  /** Input resolution, a power of two from 8 to 1024 (the generator's). @default 256 */
  resolution: number;
  /** Input channels. @default 3 */
  imgChannels: number;
  /** Output latent size: the generator's `z_dim`. @default 512 */
  zDim: number;
  /** Channels of the first block; each next block doubles them up to `channelMax`. @default 128 */
  channelBase: number;
  /** Most channels of a block. @default 4096 */
  channelMax: number;
  /** Whether the convolutions have a bias (PyTorch's `Conv2d` default, kept by the original). @default true */
  convBias: boolean;
  /** BatchNorm2d `momentum` of the running statistics. @default 0.1 */
  batchNormMomentum: number;
  /** BatchNorm2d `eps`. @default 1e-5 */
  batchNormEps: number;
}

/** Named widths: the original's, and smaller ones that train on a CPU in minutes at 32 to 64 pixels. */
export const ENCODER_PRESETS = {
  /** The original: 128 doubling to 4096 (212.4 M parameters at 256, 19.4 M at 64). */
  paper: { channelBase: 128, channelMax: 4096 },
  /** 32 doubling to 512 (2.8 M parameters at 64, 1.2 M at 32 with z 512). */
  small: { channelBase: 32, channelMax: 512 },
  /** 16 doubling to 128 (0.6 M parameters at 64 with z 512): smoke runs and tests. */
  tiny: { channelBase: 16, channelMax: 128 },
} as const satisfies Record<string, Pick<EncoderConfig, "channelBase" | "channelMax">>;

/** Name of a preset in {@link ENCODER_PRESETS}. */
export type EncoderPreset = keyof typeof ENCODER_PRESETS;

/** Whether a string names a preset. */
export function isEncoderPreset(name: string): name is EncoderPreset {
  return Object.hasOwn(ENCODER_PRESETS, name);
}

/** Validates a partial encoder config and fills the defaults (the `paper` widths at 256, z 512). */
export function encoderConfig(partial: Partial<EncoderConfig> = {}): EncoderConfig {
  if (partial.network !== undefined && partial.network !== "encoder") {
    throw new TypeError(`Expected an encoder config, got network "${partial.network}"`);
  }
  const c: EncoderConfig = {
    network: "encoder",
    resolution: partial.resolution ?? 256,
    imgChannels: partial.imgChannels ?? 3,
    zDim: partial.zDim ?? 512,
    channelBase: partial.channelBase ?? ENCODER_PRESETS.paper.channelBase,
    channelMax: partial.channelMax ?? ENCODER_PRESETS.paper.channelMax,
    convBias: partial.convBias ?? true,
    batchNormMomentum: partial.batchNormMomentum ?? 0.1,
    batchNormEps: partial.batchNormEps ?? 1e-5,
  };
  const r = c.resolution;
  if (!Number.isInteger(r) || r < 8 || r > 1024 || (r & (r - 1)) !== 0) {
    throw new RangeError(`Resolution must be a power of two from 8 to 1024, got "${r}"`);
  }
  for (const key of ["imgChannels", "zDim", "channelBase", "channelMax"] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1)
      throw new RangeError(`${key} must be a positive integer, got "${c[key]}"`);
  }
  if (typeof c.convBias !== "boolean") throw new TypeError(`convBias must be a boolean, got "${c.convBias}"`);
  if (!(c.batchNormMomentum > 0 && c.batchNormMomentum <= 1))
    throw new RangeError(`batchNormMomentum must be in (0, 1], got "${c.batchNormMomentum}"`);
  if (!(c.batchNormEps > 0 && Number.isFinite(c.batchNormEps)))
    throw new RangeError(`batchNormEps must be a positive number, got "${c.batchNormEps}"`);
  return c;
}

/** A preset's widths at a resolution and latent size, optionally with other fields overridden. */
export function presetConfig(
  preset: EncoderPreset,
  options: Partial<Omit<EncoderConfig, "channelBase" | "channelMax">> = {},
): EncoderConfig {
  if (!isEncoderPreset(preset)) {
    throw new RangeError(
      `Unknown encoder preset "${String(preset)}": expected one of "${Object.keys(ENCODER_PRESETS).join('", "')}"`,
    );
  }
  return encoderConfig({ ...options, ...ENCODER_PRESETS[preset] });
}

/** Number of conv blocks: log2(resolution) − 2 (6 at 256). */
export function blockCount(config: Pick<EncoderConfig, "resolution">): number {
  return Math.log2(config.resolution) - 2;
}

/** Output channels of every conv block, first to last. */
export function blockWidths(config: EncoderConfig): number[] {
  return Array.from({ length: blockCount(config) }, (_, i) =>
    Math.min(config.channelBase * 2 ** i, config.channelMax),
  );
}
