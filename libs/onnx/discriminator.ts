import { Code, StatusError } from "@dermanomaly/contracts";
import type { DiscriminatorConfig } from "@dermanomaly/gan";
import { checkStateDict, type NetworkWeights } from "@dermanomaly/gan/nvidia";
import type { ModelProto } from "onnx-buf";
import { channelsAt, fir, leakyClamp, SQRT_HALF, SQRT2, scaled, tensor } from "./_layers.ts";
import { attr, GraphBuilder, MIN_OPSET } from "./builder.ts";
import { type ExportOptions, exportMetadata } from "./lineage.ts";
import { type WrittenModel, writeModel } from "./model_file.ts";

/**
 * The discriminator as an ONNX model: input `image` [N, C, R, R] in [-1, 1]; outputs `features` [N, C4·16] (block
 * b8's output before minibatch-stddev, NCHW-flattened: 8192 at cmax 512; one row per sample, independent of the
 * batch) and `logit` [N, 1].
 *
 * Minibatch-stddev runs as NVIDIA's: groups of `G = min(mbstdGroupSize, N)` samples taken G-major (sample g·(N/G) + j
 * is in group j), so a logit depends on the samples batched with it, and N must be divisible by G (ONNX Runtime
 * fails on the reshape otherwise, as PyTorch does). With the default group of 4, batches of 1 to 4 samples and any
 * multiple of 4 run; a batch of one gets the constant stddev √1e-8. `features` do not depend on the grouping.
 *
 * @throws {StatusError} INVALID_ARGUMENT when the weights do not match the config; UNIMPLEMENTED for a conditional
 * discriminator (cDim > 0)
 */
export function buildDiscriminator(
  network: NetworkWeights<DiscriminatorConfig>,
  options: ExportOptions = {},
): ModelProto {
  const { config: c, stateDict: sd } = network;
  const opset = options.opset ?? MIN_OPSET;
  checkStateDict(c, sd, "D");
  if (c.cDim > 0) {
    throw new StatusError(
      Code.UNIMPLEMENTED,
      `Conditional discriminators (cDim "${c.cDim}") cannot be exported to ONNX`,
    );
  }
  const g = new GraphBuilder("discriminator");
  const image = g.input("image", "float32", ["N", c.imgChannels, c.resolution, c.resolution]);
  const cc = c.convClamp;
  // conv(x, W·(1/√fan_in)·gain) + b·gain, the equalised-lr and activation gains folded into the weights.
  const conv = (prefix: string, x: string, opts: { gain: number; stride?: number; pad: number }): string => {
    const w = tensor(sd, `${prefix}.weight`);
    const [, cin, k] = w.shape as [number, number, number];
    const inputs = [x, g.initializer("weight", scaled(w.data, opts.gain / Math.sqrt(cin * k * k)), w.shape)];
    if (sd.has(`${prefix}.bias`))
      inputs.push(g.initializer("bias", scaled(tensor(sd, `${prefix}.bias`).data, opts.gain), [w.shape[0]!]));
    const s = opts.stride ?? 1;
    return g.op("Conv", inputs, {
      kernel_shape: attr.ints([k, k]),
      pads: attr.ints([opts.pad, opts.pad, opts.pad, opts.pad]),
      strides: attr.ints([s, s]),
    });
  };
  let x: string | null = null;
  for (let res = c.resolution; res >= 8; res /= 2) {
    const b = `b${res}`;
    g.scope(b, () => {
      const cin = channelsAt(c, res);
      if (x === null)
        x = g.scope("fromrgb", () => leakyClamp(g, conv(`${b}.fromrgb`, image, { gain: SQRT2, pad: 0 }), cc));
      const input: string = x;
      // skip: FIR (pad 1) at stride 2, then the 1x1 conv; no bias, gain √0.5.
      const y = g.scope("skip", () =>
        conv(`${b}.skip`, fir(g, input, cin, 1, 1, 2), { gain: SQRT_HALF, pad: 0 }),
      );
      const h0 = g.scope("conv0", () =>
        leakyClamp(g, conv(`${b}.conv0`, input, { gain: SQRT2, pad: 1 }), cc),
      );
      // conv1: FIR (pad 2), 3x3 stride-2 conv; lrelu gain √2·√0.5 = 1, clamp scaled by √0.5.
      const h1 = g.scope("conv1", () =>
        leakyClamp(
          g,
          conv(`${b}.conv1`, fir(g, h0, cin, 2, 1), { gain: 1, stride: 2, pad: 0 }),
          cc === null ? null : cc * SQRT_HALF,
        ),
      );
      x = g.op("Add", [y, h1]);
    });
  }
  const c4 = channelsAt(c, 4);
  g.output(g.op("Flatten", [x!], { axis: attr.int(1) }, "features"), "float32", ["N", c4 * 16]);
  const logit = g.scope("b4", () => {
    const e = minibatchStd(g, x!, c.mbstdGroupSize, c.mbstdNumChannels, c4);
    const h = g.scope("conv", () => leakyClamp(g, conv("b4.conv", e, { gain: SQRT2, pad: 1 }), cc));
    const flat = g.op("Flatten", [h], { axis: attr.int(1) });
    const linear = (prefix: string, v: string, gain: number) => {
      const w = tensor(sd, `${prefix}.weight`);
      const bias = tensor(sd, `${prefix}.bias`);
      const wt = g.initializer("weight", scaled(w.data, gain / Math.sqrt(w.shape[1]!)), w.shape);
      return g.op("Gemm", [v, wt, g.initializer("bias", scaled(bias.data, gain), bias.shape)], {
        transB: attr.int(1),
      });
    };
    const fc = g.scope("fc", () =>
      g.op("LeakyRelu", [linear("b4.fc", flat, SQRT2)], { alpha: attr.float(0.2) }),
    );
    return g.scope("out", () => linear("b4.out", fc, 1));
  });
  g.output(g.op("Identity", [logit], {}, "logit"), "float32", ["N", 1]);
  return g.build({
    opset,
    metadata: exportMetadata("discriminator", c, opset, options.lineage ?? {}),
    docString:
      "StyleGAN2-ADA discriminator: image [N, C, R, R] -> features [N, C4*16] (b8 output), logit [N, 1]",
  });
}

// NVIDIA's MinibatchStdLayer with a dynamic batch: x [N, C, H, W] (H = W = 4) -> [N, C + F, H, W].
function minibatchStd(g: GraphBuilder, x: string, groupSize: number, f: number, channels: number): string {
  return g.scope("mbstd", () => {
    const n = g.op("Gather", [g.op("Shape", [x]), g.int64s([0])], { axis: attr.int(0) });
    const groups = g.op("Min", [n, g.int64s([groupSize])]);
    const m = g.op("Div", [n, groups]);
    const shape = g.op("Concat", [groups, m, g.int64s([f, channels / f, 4, 4])], { axis: attr.int(0) });
    const y = g.op("Reshape", [x, shape]); // [G, M, F, c, H, W]
    const gf = g.op("Cast", [groups], { to: attr.int(1) }); // float
    const mean = g.op("Div", [g.op("ReduceSum", [y, g.int64s([0])], { keepdims: attr.int(1) }), gf]);
    const centred = g.op("Sub", [y, mean]);
    const variance = g.op("Div", [
      g.op("ReduceSum", [g.op("Mul", [centred, centred]), g.int64s([0])], { keepdims: attr.int(0) }),
      gf,
    ]);
    const std = g.op("Sqrt", [g.op("Add", [variance, g.scalar(1e-8)])]); // [M, F, c, H, W]
    const perGroup = g.op("Mul", [
      g.op("ReduceSum", [std, g.int64s([2, 3, 4])], { keepdims: attr.int(0) }),
      g.scalar(1 / ((channels / f) * 16)),
    ]); // [M, F]
    const perSample = g.op("Tile", [
      perGroup,
      g.op("Concat", [groups, g.int64s([1])], { axis: attr.int(0) }),
    ]); // [N, F]
    const planes = g.op("Expand", [
      g.op("Unsqueeze", [perSample, g.int64s([2, 3])]),
      g.op("Concat", [n, g.int64s([f, 4, 4])], { axis: attr.int(0) }),
    ]);
    return g.op("Concat", [x, planes], { axis: attr.int(1) });
  });
}

/** Exports a discriminator to `path` (see {@link buildDiscriminator}), with its lineage in the metadata. */
export async function exportDiscriminator(
  network: NetworkWeights<DiscriminatorConfig>,
  path: string,
  options: ExportOptions = {},
): Promise<WrittenModel> {
  return await writeModel(buildDiscriminator(network, options), path, options);
}
