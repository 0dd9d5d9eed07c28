import { blockResolutions, channelsAt, type DiscriminatorConfig, type GeneratorConfig } from "./config.ts";
import { shapeSize } from "./state_dict.ts";

/** How a parameter is initialised, in NVIDIA's scheme. */
export type ParameterInit =
  | { kind: "normal"; std: number }
  | { kind: "constant"; value: number }
  /** The normalised 4x4 `[1,3,3,1]` FIR filter (a buffer). */
  | { kind: "filter" };

/**
 * How a PyTorch-layout tensor is stored in TF.js: `linear` [out,in] -> [in,out]; `conv` [O,I,kh,kw] -> [kh,kw,I,O];
 * `conv_transpose` [O,I,kh,kw] -> [kh,kw,O,I] (the filter of `tf.conv2dTranspose`); `chw` [C,H,W] -> [H,W,C];
 * `plain` unchanged.
 */
export type ParameterLayout = "plain" | "linear" | "conv" | "conv_transpose" | "chw";

/** One parameter or buffer of a network, with NVIDIA's name and PyTorch shape. */
export interface ParameterSpec {
  /** NVIDIA state_dict name, e.g. `synthesis.b8.conv0.weight`. */
  name: string;
  /** PyTorch shape. */
  shape: number[];
  /** Number of elements. */
  count: number;
  /** False for buffers (`w_avg`, `noise_const`, `resample_filter`). */
  trainable: boolean;
  init: ParameterInit;
  layout: ParameterLayout;
}

const FILTER: ParameterInit = { kind: "filter" };

class SpecList {
  readonly specs: ParameterSpec[] = [];
  add(name: string, shape: number[], init: ParameterInit, layout: ParameterLayout, trainable = true): void {
    this.specs.push({ name, shape, count: shapeSize(shape), trainable, init, layout });
  }
  filter(name: string): void {
    this.add(name, [4, 4], FILTER, "plain", false);
  }
  fc(prefix: string, inF: number, outF: number, lrMul: number, biasInit: number): void {
    this.add(`${prefix}.weight`, [outF, inF], { kind: "normal", std: 1 / lrMul }, "linear");
    this.add(`${prefix}.bias`, [outF], { kind: "constant", value: biasInit }, "plain");
  }
}

function describeMapping(
  list: SpecList,
  prefix: string,
  m: { zDim: number; cDim: number; wDim: number; layers: number; lrMul: number; wAvg: boolean },
): void {
  if (m.wAvg) list.add(`${prefix}.w_avg`, [m.wDim], { kind: "constant", value: 0 }, "plain", false);
  const embedFeatures = m.cDim > 0 ? m.wDim : 0;
  if (m.cDim > 0) list.fc(`${prefix}.embed`, m.cDim, embedFeatures, 1, 0);
  let features = m.zDim + embedFeatures;
  for (let i = 0; i < m.layers; i++) {
    list.fc(`${prefix}.fc${i}`, features, m.wDim, m.lrMul, 0);
    features = m.wDim;
  }
}

/**
 * The parameters and buffers of a generator, in NVIDIA's state_dict order (synthesis first, then mapping), without
 * allocating them.
 */
export function describeGenerator(config: GeneratorConfig): ParameterSpec[] {
  const list = new SpecList();
  const N01: ParameterInit = { kind: "normal", std: 1 };
  const zero: ParameterInit = { kind: "constant", value: 0 };
  const one: ParameterInit = { kind: "constant", value: 1 };
  const layer = (p: string, cin: number, cout: number, res: number, up: boolean) => {
    list.add(`${p}.weight`, [cout, cin, 3, 3], N01, up ? "conv_transpose" : "conv");
    list.add(`${p}.noise_strength`, [], zero, "plain");
    list.add(`${p}.bias`, [cout], zero, "plain");
    list.filter(`${p}.resample_filter`);
    list.add(`${p}.noise_const`, [res, res], N01, "plain", false);
    list.add(`${p}.affine.weight`, [cin, config.wDim], N01, "linear");
    list.add(`${p}.affine.bias`, [cin], one, "plain");
  };
  for (const res of blockResolutions(config.resolution)) {
    const p = `synthesis.b${res}`;
    const cout = channelsAt(config, res);
    if (res === 4) list.add(`${p}.const`, [cout, 4, 4], N01, "chw");
    list.filter(`${p}.resample_filter`);
    if (res > 4) layer(`${p}.conv0`, channelsAt(config, res / 2), cout, res, true);
    layer(`${p}.conv1`, cout, cout, res, false);
    list.add(`${p}.torgb.weight`, [config.imgChannels, cout, 1, 1], N01, "conv");
    list.add(`${p}.torgb.bias`, [config.imgChannels], zero, "plain");
    list.add(`${p}.torgb.affine.weight`, [cout, config.wDim], N01, "linear");
    list.add(`${p}.torgb.affine.bias`, [cout], one, "plain");
  }
  describeMapping(list, "mapping", {
    zDim: config.zDim,
    cDim: config.cDim,
    wDim: config.wDim,
    layers: config.mappingLayers,
    lrMul: config.mappingLrMultiplier,
    wAvg: true,
  });
  return list.specs;
}

/** The 4x4 channel count the conditional discriminator projects on (`cmap_dim`). */
export function cmapDimOf(config: DiscriminatorConfig): number {
  return config.cmapDim ?? channelsAt(config, 4);
}

/** The parameters and buffers of a discriminator, in NVIDIA's state_dict order, without allocating them. */
export function describeDiscriminator(config: DiscriminatorConfig): ParameterSpec[] {
  const list = new SpecList();
  const N01: ParameterInit = { kind: "normal", std: 1 };
  const zero: ParameterInit = { kind: "constant", value: 0 };
  const conv = (p: string, cin: number, cout: number, k: number, bias: boolean) => {
    list.add(`${p}.weight`, [cout, cin, k, k], N01, "conv");
    if (bias) list.add(`${p}.bias`, [cout], zero, "plain");
    list.filter(`${p}.resample_filter`);
  };
  const resolutions = blockResolutions(config.resolution)
    .filter((r) => r > 4)
    .reverse();
  for (const res of resolutions) {
    const p = `b${res}`;
    const tmp = channelsAt(config, res);
    const out = channelsAt(config, res / 2);
    list.filter(`${p}.resample_filter`);
    if (res === config.resolution) conv(`${p}.fromrgb`, config.imgChannels, tmp, 1, true);
    conv(`${p}.conv0`, tmp, tmp, 3, true);
    conv(`${p}.conv1`, tmp, out, 3, true);
    conv(`${p}.skip`, tmp, out, 1, false);
  }
  const cmapDim = cmapDimOf(config);
  if (config.cDim > 0) {
    describeMapping(list, "mapping", {
      zDim: 0,
      cDim: config.cDim,
      wDim: cmapDim,
      layers: config.mappingLayers,
      lrMul: 0.01,
      wAvg: false,
    });
  }
  const c4 = channelsAt(config, 4);
  conv("b4.conv", c4 + config.mbstdNumChannels, c4, 3, true);
  list.fc("b4.fc", c4 * 16, c4, 1, 0);
  list.fc("b4.out", c4, config.cDim > 0 ? cmapDim : 1, 1, 0);
  return list.specs;
}

/** The parameters of either network, chosen by `config.network`. */
export function describeParameters(config: GeneratorConfig | DiscriminatorConfig): ParameterSpec[] {
  return config.network === "generator" ? describeGenerator(config) : describeDiscriminator(config);
}

/** Total trainable elements of a description. */
export function trainableCount(specs: readonly ParameterSpec[]): number {
  let n = 0;
  for (const s of specs) if (s.trainable) n += s.count;
  return n;
}
