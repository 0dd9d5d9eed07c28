/**
 * Architecture of a StyleGAN2-ADA generator (mapping + 'skip' synthesis), as NVIDIA's `--cfg=stylegan2` builds it.
 * Every field is fixed at construction; the parameters live in the network (or a {@link StateDict}).
 */
export interface GeneratorConfig {
  /** Discriminant, so a stored config names the network it describes. */
  network: "generator";
  /** Latent size z. @default 512 */
  zDim: number;
  /** Intermediate latent size w. @default 512 */
  wDim: number;
  /** Label size; 0 for an unconditional network. @default 0 */
  cDim: number;
  /** Output resolution, a power of two from 8 to 1024 (16 and up in practice). @default 256 */
  resolution: number;
  /** Output channels. @default 3 */
  imgChannels: number;
  /** `--cbase`: channels at resolution r are `min(floor(channelBase / r), channelMax)`. @default 16384 */
  channelBase: number;
  /** `--cmax`. @default 512 */
  channelMax: number;
  /** `--map-depth`: number of fc layers in the mapping network. @default 2 */
  mappingLayers: number;
  /** Learning-rate multiplier of the mapping fc layers. @default 0.01 */
  mappingLrMultiplier: number;
  /** Decay of the tracked mean w (`w_avg`). @default 0.998 */
  wAvgBeta: number;
  /** Clamp of every conv output (scaled by the layer's gain); null disables it. @default 256 */
  convClamp: number | null;
}

/** Architecture of a StyleGAN2-ADA 'resnet' discriminator. */
export interface DiscriminatorConfig {
  /** Discriminant, so a stored config names the network it describes. */
  network: "discriminator";
  /** Label size; 0 for an unconditional network. @default 0 */
  cDim: number;
  /** Input resolution, a power of two from 8 to 1024 (16 and up in practice). @default 256 */
  resolution: number;
  /** Input channels. @default 3 */
  imgChannels: number;
  /** `--cbase`. @default 16384 */
  channelBase: number;
  /** `--cmax`. @default 512 */
  channelMax: number;
  /** Minibatch-stddev group size (clipped to the batch size). @default 4 */
  mbstdGroupSize: number;
  /** Minibatch-stddev features. @default 1 */
  mbstdNumChannels: number;
  /** Clamp of every conv output (scaled by the layer's gain); null disables it. @default 256 */
  convClamp: number | null;
  /** Size of the label embedding the output is projected on; null means the 4x4 channel count. @default null */
  cmapDim: number | null;
  /** fc layers of the label mapping network (used only when cDim > 0). @default 8 */
  mappingLayers: number;
}

/** Channel count at one resolution: `min(floor(channelBase / res), channelMax)`. */
export function channelsAt(config: { channelBase: number; channelMax: number }, res: number): number {
  return Math.min(Math.floor(config.channelBase / res), config.channelMax);
}

/** Resolutions of the synthesis blocks, 4 up to `resolution`. */
export function blockResolutions(resolution: number): number[] {
  const out: number[] = [];
  for (let r = 4; r <= resolution; r *= 2) out.push(r);
  return out;
}

/** Number of w vectors the synthesis network consumes: `2·log2(resolution) − 2` (14 at 256). */
export function numWs(resolution: number): number {
  return 2 * Math.log2(resolution) - 2;
}

/** Validates a partial generator config and fills the defaults. */
export function generatorConfig(partial: Partial<GeneratorConfig> = {}): GeneratorConfig {
  const c: GeneratorConfig = {
    network: "generator",
    zDim: partial.zDim ?? 512,
    wDim: partial.wDim ?? 512,
    cDim: partial.cDim ?? 0,
    resolution: partial.resolution ?? 256,
    imgChannels: partial.imgChannels ?? 3,
    channelBase: partial.channelBase ?? 16384,
    channelMax: partial.channelMax ?? 512,
    mappingLayers: partial.mappingLayers ?? 2,
    mappingLrMultiplier: partial.mappingLrMultiplier ?? 0.01,
    wAvgBeta: partial.wAvgBeta ?? 0.998,
    convClamp: partial.convClamp === undefined ? 256 : partial.convClamp,
  };
  if (partial.network !== undefined && partial.network !== "generator") {
    throw new TypeError(`Expected a generator config, got network "${partial.network}"`);
  }
  checkResolution(c.resolution);
  checkInt("zDim", c.zDim, 1);
  checkInt("wDim", c.wDim, 1);
  checkInt("cDim", c.cDim, 0);
  checkInt("imgChannels", c.imgChannels, 1);
  checkInt("mappingLayers", c.mappingLayers, 1);
  checkCapacity(c);
  checkPositive("mappingLrMultiplier", c.mappingLrMultiplier);
  if (!(c.wAvgBeta >= 0 && c.wAvgBeta <= 1))
    throw new RangeError(`wAvgBeta must be in [0, 1], got "${c.wAvgBeta}"`);
  if (c.convClamp !== null) checkPositive("convClamp", c.convClamp);
  return c;
}

/** Validates a partial discriminator config and fills the defaults. */
export function discriminatorConfig(partial: Partial<DiscriminatorConfig> = {}): DiscriminatorConfig {
  const c: DiscriminatorConfig = {
    network: "discriminator",
    cDim: partial.cDim ?? 0,
    resolution: partial.resolution ?? 256,
    imgChannels: partial.imgChannels ?? 3,
    channelBase: partial.channelBase ?? 16384,
    channelMax: partial.channelMax ?? 512,
    mbstdGroupSize: partial.mbstdGroupSize ?? 4,
    mbstdNumChannels: partial.mbstdNumChannels ?? 1,
    convClamp: partial.convClamp === undefined ? 256 : partial.convClamp,
    cmapDim: partial.cmapDim ?? null,
    mappingLayers: partial.mappingLayers ?? 8,
  };
  if (partial.network !== undefined && partial.network !== "discriminator") {
    throw new TypeError(`Expected a discriminator config, got network "${partial.network}"`);
  }
  checkResolution(c.resolution);
  checkInt("cDim", c.cDim, 0);
  checkInt("imgChannels", c.imgChannels, 1);
  checkInt("mbstdGroupSize", c.mbstdGroupSize, 1);
  checkInt("mbstdNumChannels", c.mbstdNumChannels, 1);
  checkInt("mappingLayers", c.mappingLayers, 1);
  checkCapacity(c);
  if (c.cmapDim !== null) checkInt("cmapDim", c.cmapDim, 1);
  if (c.convClamp !== null) checkPositive("convClamp", c.convClamp);
  const c4 = channelsAt(c, 4);
  if (c4 % c.mbstdNumChannels !== 0) {
    throw new RangeError(
      `mbstdNumChannels "${c.mbstdNumChannels}" must divide the 4x4 channel count "${c4}"`,
    );
  }
  return c;
}

function checkResolution(res: number): void {
  if (!Number.isInteger(res) || res < 8 || res > 1024 || (res & (res - 1)) !== 0) {
    throw new RangeError(`Resolution must be a power of two from 8 to 1024, got "${res}"`);
  }
}

function checkInt(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min)
    throw new RangeError(`${name} must be an integer >= ${min}, got "${v}"`);
}

function checkPositive(name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${name} must be a positive number, got "${v}"`);
}

function checkCapacity(c: { channelBase: number; channelMax: number; resolution: number }): void {
  checkInt("channelBase", c.channelBase, 1);
  checkInt("channelMax", c.channelMax, 1);
  if (channelsAt(c, c.resolution) < 1) {
    throw new RangeError(
      `channelBase "${c.channelBase}" leaves no channels at resolution "${c.resolution}" (need channelBase >= resolution)`,
    );
  }
}
