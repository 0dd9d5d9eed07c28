import { Code, StatusError } from "@dermanomaly/contracts";
import type { GeneratorConfig } from "@dermanomaly/gan";
import { checkStateDict, type NetworkWeights } from "@dermanomaly/gan/nvidia";
import type { ModelProto } from "onnx-buf";
import {
  channelsAt,
  clampTo,
  fir,
  leakyClamp,
  perChannel,
  SQRT2,
  scaled,
  sumSquaresIO,
  swapOI,
  tensor,
  upsample2d,
} from "./_layers.ts";
import { attr, GraphBuilder, MIN_OPSET } from "./builder.ts";
import { type ExportOptions, exportMetadata, METADATA_KEYS } from "./lineage.ts";
import { type WrittenModel, writeModel } from "./model_file.ts";

/** How the exported generator gets its per-layer noise. */
export type ExportNoiseMode = "const" | "random" | "none";

/** Options of {@link buildGenerator} and {@link exportGenerator}. */
export interface ExportGeneratorOptions extends ExportOptions {
  /**
   * `const`: the checkpoint's `noise_const` buffers are baked in (deterministic). `random`: every noisy layer takes
   * an input `noise_b<res>_conv<k>` of shape [N, 1, res, res] that the caller fills with N(0, 1) values (see
   * {@link generatorNoiseInputs}). `none`: no noise.
   * @default "const"
   */
  noiseMode?: ExportNoiseMode;
  /** Which generator of the checkpoint this is (recorded in the metadata). @default "G_ema" */
  generator?: "G_ema" | "G";
}

/** One noise input of a generator exported with noise mode `random`. */
export interface NoiseInput {
  /** Input name, e.g. `noise_b8_conv0`. */
  name: string;
  /** Its shape after the batch: [1, res, res]. */
  resolution: number;
}

/** The noise inputs of a generator exported with noise mode `random`, in graph order. */
export function generatorNoiseInputs(config: Pick<GeneratorConfig, "resolution">): NoiseInput[] {
  const out: NoiseInput[] = [];
  for (let res = 4; res <= config.resolution; res *= 2) {
    for (const k of res === 4 ? [1] : [0, 1]) out.push({ name: `noise_b${res}_conv${k}`, resolution: res });
  }
  return out;
}

interface Layer {
  prefix: string;
  res: number;
  kind: "conv" | "up" | "torgb";
  cin: number;
}

function layersOf(c: GeneratorConfig): Layer[] {
  const layers: Layer[] = [];
  for (let res = 4; res <= c.resolution; res *= 2) {
    const b = `synthesis.b${res}`;
    const cout = channelsAt(c, res);
    if (res > 4) layers.push({ prefix: `${b}.conv0`, res, kind: "up", cin: channelsAt(c, res / 2) });
    layers.push({ prefix: `${b}.conv1`, res, kind: "conv", cin: res === 4 ? channelsAt(c, 4) : cout });
    layers.push({ prefix: `${b}.torgb`, res, kind: "torgb", cin: cout });
  }
  return layers;
}

/**
 * The generator as an ONNX model: inputs `z` [N, zDim] and `psi` (a scalar or [1]; 1 = no truncation; `w_avg +
 * psi·(w − w_avg)` as NVIDIA truncates), and with noise mode `random` one noise input per layer; output `image`
 * [N, 3, R, R], raw float (not clamped to [-1, 1]). Mapping, truncation and the 'skip' synthesis follow
 * `@dermanomaly/gan`'s networks: the modulated convolution runs in its per-sample scaling form (x·s, a conv with
 * the shared weight, ·d), so the batch stays dynamic; conv0 up-samples by a stride-2 transposed conv and the 4x4
 * FIR, the image by a depthwise transposed FIR; conv_clamp is applied where the networks apply it. Equalised-lr
 * gains and the √2 activation gains are folded into the weights.
 *
 * @throws {StatusError} INVALID_ARGUMENT when the weights do not match the config; UNIMPLEMENTED for a conditional
 * generator (cDim > 0)
 */
export function buildGenerator(
  network: NetworkWeights<GeneratorConfig>,
  options: ExportGeneratorOptions = {},
): ModelProto {
  const { config: c, stateDict: sd } = network;
  const noiseMode = options.noiseMode ?? "const";
  const opset = options.opset ?? MIN_OPSET;
  if (!["const", "random", "none"].includes(noiseMode)) {
    throw new RangeError(`Noise mode must be "const", "random" or "none", got "${noiseMode}"`);
  }
  checkStateDict(c, sd, "G");
  if (c.cDim > 0) {
    throw new StatusError(
      Code.UNIMPLEMENTED,
      `Conditional generators (cDim "${c.cDim}") cannot be exported to ONNX`,
    );
  }
  const g = new GraphBuilder("generator");
  const z = g.input("z", "float32", ["N", c.zDim]);
  const psi = g.input("psi", "float32", null);
  const noiseInputs = new Map<string, string>();
  if (noiseMode === "random") {
    for (const n of generatorNoiseInputs(c))
      noiseInputs.set(n.name, g.input(n.name, "float32", ["N", 1, n.resolution, n.resolution]));
  }

  // Mapping: normalise z, fc layers (lrelu · √2, folded into the weights), then truncation toward w_avg.
  const w = g.scope("mapping", () => {
    const ms = g.op("ReduceSum", [g.op("Mul", [z, z]), g.int64s([1])], { keepdims: attr.int(1) });
    const inv = g.op("Reciprocal", [
      g.op("Sqrt", [g.op("Add", [g.op("Mul", [ms, g.scalar(1 / c.zDim)]), g.scalar(1e-8)])]),
    ]);
    let x = g.op("Mul", [z, inv]);
    for (let i = 0; i < c.mappingLayers; i++) {
      const weight = tensor(sd, `mapping.fc${i}.weight`);
      const bias = tensor(sd, `mapping.fc${i}.bias`);
      const gain = c.mappingLrMultiplier / Math.sqrt(weight.shape[1]!);
      const wt = g.initializer(`fc${i}.weight`, scaled(weight.data, gain * SQRT2), weight.shape);
      const bt = g.initializer(`fc${i}.bias`, scaled(bias.data, c.mappingLrMultiplier * SQRT2), bias.shape);
      x = g.op("LeakyRelu", [g.op("Gemm", [x, wt, bt], { transB: attr.int(1) })], { alpha: attr.float(0.2) });
    }
    const avg = g.initializer("w_avg", tensor(sd, "mapping.w_avg").data, [1, c.wDim]);
    return g.op("Add", [avg, g.op("Mul", [g.op("Sub", [x, avg]), psi])]);
  });

  // Every layer's styles from the one w (inference never mixes styles): one Gemm over all affine layers, split.
  const layers = layersOf(c);
  const styles = g.scope("affine", () => {
    const total = layers.reduce((a, l) => a + l.cin, 0);
    const weights = new Float32Array(total * c.wDim);
    const biases = new Float32Array(total);
    let row = 0;
    for (const l of layers) {
      // The affine's weight gain 1/√wDim, and for toRGB the 1/√Cin weight gain NVIDIA moves onto the styles.
      const gain = l.kind === "torgb" ? 1 / Math.sqrt(l.cin) : 1;
      const a = tensor(sd, `${l.prefix}.affine.weight`);
      const b = tensor(sd, `${l.prefix}.affine.bias`);
      weights.set(scaled(a.data, gain / Math.sqrt(c.wDim)), row * c.wDim);
      biases.set(scaled(b.data, gain), row);
      row += l.cin;
    }
    const s = g.op(
      "Gemm",
      [w, g.initializer("weight", weights, [total, c.wDim]), g.initializer("bias", biases, [total])],
      {
        transB: attr.int(1),
      },
    );
    const names = g.node(
      "Split",
      [s, g.int64s(layers.map((l) => l.cin))],
      { axis: attr.int(1) },
      { outputs: layers.length },
    );
    return new Map(layers.map((l, i) => [l.prefix, names[i]!]));
  });

  let x: string | null = null;
  let img: string | null = null;
  for (let res = 4; res <= c.resolution; res *= 2) {
    const b = `synthesis.b${res}`;
    g.scope(b, () => {
      if (res === 4) {
        const k = tensor(sd, `${b}.const`);
        x = g.initializer("const", k.data, [1, ...k.shape]);
      } else {
        x = synthesisLayer(g, network, `${b}.conv0`, x!, styles.get(`${b}.conv0`)!, noiseMode, noiseInputs);
      }
      x = synthesisLayer(g, network, `${b}.conv1`, x!, styles.get(`${b}.conv1`)!, noiseMode, noiseInputs);
      const rgb = toRgb(g, network, `${b}.torgb`, x, styles.get(`${b}.torgb`)!);
      img = img === null ? rgb : g.op("Add", [upsample2d(g, img, c.imgChannels), rgb]);
    });
  }
  g.output(g.op("Identity", [img!], {}, "image"), "float32", [
    "N",
    c.imgChannels,
    c.resolution,
    c.resolution,
  ]);
  return g.build({
    opset,
    metadata: exportMetadata("generator", c, opset, options.lineage ?? {}, {
      [METADATA_KEYS.generator]: options.generator ?? "G_ema",
      [METADATA_KEYS.noiseMode]: noiseMode,
    }),
    docString:
      "StyleGAN2-ADA generator: z [N, zDim], psi -> image [N, C, R, R] (raw float, nominal range [-1, 1])",
  });
}

// conv0 (up 2x) or conv1: modulate, conv with the shared weight, demodulate, noise, bias, lrelu·√2, clamp. The √2
// gain is folded in: √2·lrelu(u) = lrelu(√2·u), and √2·d = 1/√(s²·Σw²/2 + 1e-8/2).
function synthesisLayer(
  g: GraphBuilder,
  network: NetworkWeights<GeneratorConfig>,
  prefix: string,
  x: string,
  style: string,
  noiseMode: ExportNoiseMode,
  noiseInputs: Map<string, string>,
): string {
  const { config: c, stateDict: sd } = network;
  const name = prefix.slice(prefix.lastIndexOf(".") + 1);
  const res = Number(prefix.match(/\.b(\d+)\./)![1]);
  return g.scope(name, () => {
    const weight = tensor(sd, `${prefix}.weight`);
    const [cout, cin] = weight.shape as [number, number];
    const xs = g.op("Mul", [x, perChannel(g, style)]);
    let y: string;
    if (name === "conv0") {
      const wt = g.initializer("weight", swapOI(weight.data, weight.shape), [cin, cout, 3, 3]);
      y = g.op("ConvTranspose", [xs, wt], { strides: attr.ints([2, 2]), kernel_shape: attr.ints([3, 3]) });
      y = fir(g, y, cout, 1, 4);
    } else {
      const wt = g.initializer("weight", weight.data, weight.shape);
      y = g.op("Conv", [xs, wt], { pads: attr.ints([1, 1, 1, 1]), kernel_shape: attr.ints([3, 3]) });
    }
    const wsq = g.initializer("weight_sq", sumSquaresIO(weight.data, weight.shape, 0.5), [cin, cout]);
    const dn = g.op("MatMul", [g.op("Mul", [style, style]), wsq]);
    const d = g.op("Reciprocal", [g.op("Sqrt", [g.op("Add", [dn, g.scalar(0.5e-8)])])]);
    y = g.op("Mul", [y, perChannel(g, d)]);
    const strength = tensor(sd, `${prefix}.noise_strength`).data[0]!;
    if (noiseMode === "const") {
      const nc = tensor(sd, `${prefix}.noise_const`);
      y = g.op("Add", [y, g.initializer("noise", scaled(nc.data, strength * SQRT2), [1, 1, res, res])]);
    } else if (noiseMode === "random") {
      const input = noiseInputs.get(`noise_b${res}_${name}`)!;
      y = g.op("Add", [y, g.op("Mul", [input, g.scalar(strength * SQRT2)])]);
    }
    const bias = tensor(sd, `${prefix}.bias`);
    y = g.op("Add", [y, g.initializer("bias", scaled(bias.data, SQRT2), [1, cout, 1, 1])]);
    return leakyClamp(g, y, c.convClamp === null ? null : c.convClamp);
  });
}

// toRGB: modulate (styles already carry the 1/√Cin gain), 1x1 conv with the bias, clamp; no demodulation.
function toRgb(
  g: GraphBuilder,
  network: NetworkWeights<GeneratorConfig>,
  prefix: string,
  x: string,
  style: string,
): string {
  const { config: c, stateDict: sd } = network;
  return g.scope("torgb", () => {
    const weight = tensor(sd, `${prefix}.weight`);
    const bias = tensor(sd, `${prefix}.bias`);
    const xs = g.op("Mul", [x, perChannel(g, style)]);
    const y = g.op(
      "Conv",
      [xs, g.initializer("weight", weight.data, weight.shape), g.initializer("bias", bias.data, bias.shape)],
      {
        kernel_shape: attr.ints([1, 1]),
      },
    );
    return clampTo(g, y, c.convClamp);
  });
}

/**
 * Exports a generator to `path` (plus `path.data` when initializers exceed the external data threshold), with its
 * lineage in the metadata. See {@link buildGenerator} for the graph.
 *
 * @example
 * ```ts
 * const { G_ema } = await loadNetworkFile("run.safetensors", { networks: ["G_ema"] });
 * const written = await exportGenerator(G_ema!, "G.onnx", { lineage: { source: "run.safetensors" } });
 * ```
 */
export async function exportGenerator(
  network: NetworkWeights<GeneratorConfig>,
  path: string,
  options: ExportGeneratorOptions = {},
): Promise<WrittenModel> {
  return await writeModel(buildGenerator(network, options), path, options);
}
