import { Code, StatusError } from "@dermanomaly/contracts";
import type { EncoderConfig } from "@dermanomaly/encoder";
import type { StateDict } from "@dermanomaly/gan";
import type { ModelProto } from "onnx-buf";
import { tensor } from "./_layers.ts";
import { attr, GraphBuilder, MIN_OPSET } from "./builder.ts";
import { type ExportOptions, exportMetadata, METADATA_KEYS } from "./lineage.ts";
import { type WrittenModel, writeModel } from "./model_file.ts";

/**
 * The fields of `@dermanomaly/encoder`'s `EncoderConfig` that decide the graph: blocks `Conv2d(k4, s2, p1) ->
 * BatchNorm2d -> ReLU` down to 4x4 (block i has `min(channelBase·2^i, channelMax)` channels), then `Flatten ->
 * Linear -> Tanh` to `zDim`. A whole `EncoderConfig` fits.
 */
export type EncoderArchitecture = Pick<
  EncoderConfig,
  "resolution" | "imgChannels" | "zDim" | "channelBase" | "channelMax" | "convBias" | "batchNormEps"
>;

/**
 * An encoder's architecture and weights in the original's PyTorch `nn.Sequential` names (`0.weight`,
 * `1.running_mean`, ...): `@dermanomaly/encoder`'s `EncoderWeights` (what `loadEncoderFile()` returns) fits.
 */
export interface EncoderNetwork {
  config: EncoderArchitecture;
  stateDict: StateDict;
}

/** Options of {@link buildEncoder} and {@link exportEncoder}. */
export interface ExportEncoderOptions extends ExportOptions {
  /**
   * The generator the encoder was trained against (`G` in the original), recorded in the metadata: pass the encoder
   * file's lineage. @default "G_ema" (the encoder trainer's default)
   */
  generator?: "G_ema" | "G";
  /** The generator noise mode it was trained with, recorded in the metadata. @default "const" */
  noiseMode?: "const" | "random" | "none";
}

function widths(c: EncoderArchitecture): number[] {
  const blocks = Math.log2(c.resolution) - 2;
  return Array.from({ length: blocks }, (_, i) => Math.min(c.channelBase * 2 ** i, c.channelMax));
}

// The state dict's names and shapes, as PyTorch's load_state_dict(strict=True) would check them.
function checkEncoderStateDict(c: EncoderArchitecture, sd: StateDict): void {
  const r = c.resolution;
  if (!Number.isInteger(r) || r < 8 || (r & (r - 1)) !== 0) {
    throw new RangeError(`Encoder resolution must be a power of two >= 8, got "${r}"`);
  }
  const expected = new Map<string, number[]>();
  let cin = c.imgChannels;
  widths(c).forEach((cout, i) => {
    expected.set(`${3 * i}.weight`, [cout, cin, 4, 4]);
    if (c.convBias) expected.set(`${3 * i}.bias`, [cout]);
    for (const k of ["weight", "bias", "running_mean", "running_var"])
      expected.set(`${3 * i + 1}.${k}`, [cout]);
    cin = cout;
  });
  const linear = 3 * widths(c).length + 1;
  expected.set(`${linear}.weight`, [c.zDim, cin * 16]);
  expected.set(`${linear}.bias`, [c.zDim]);
  for (const [name, shape] of expected) {
    const t = sd.get(name);
    if (t === undefined) throw new StatusError(Code.INVALID_ARGUMENT, `Encoder weights lack "${name}"`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Encoder parameter "${name}" has shape [${t.shape.join(", ")}] but its settings imply [${shape.join(", ")}]`,
      );
    }
  }
  const extra = [...sd.keys()].filter((k) => !expected.has(k) && !k.endsWith(".num_batches_tracked"));
  if (extra.length > 0) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Encoder weights have unexpected "${extra.slice(0, 3).join('", "')}"`,
    );
  }
}

/**
 * The encoder as an ONNX model: input `image` [N, C, R, R] in [-1, 1], output `z` [N, zDim]. BatchNorm runs in
 * inference mode (running statistics), folded into each conv's weight and bias: `W·γ/√(var + eps)` and
 * `(b − mean)·γ/√(var + eps) + β`; ONNX Runtime then fuses each conv with its ReLU. Flatten is NCHW, as PyTorch's.
 *
 * @throws {StatusError} INVALID_ARGUMENT when the weights do not match the config
 */
export function buildEncoder(network: EncoderNetwork, options: ExportEncoderOptions = {}): ModelProto {
  const { config: c, stateDict: sd } = network;
  const opset = options.opset ?? MIN_OPSET;
  checkEncoderStateDict(c, sd);
  const g = new GraphBuilder("encoder");
  let x = g.input("image", "float32", ["N", c.imgChannels, c.resolution, c.resolution]);
  widths(c).forEach((cout, i) => {
    x = g.scope(`block${i}`, () => {
      const w = tensor(sd, `${3 * i}.weight`);
      const per = w.data.length / cout;
      const gamma = tensor(sd, `${3 * i + 1}.weight`).data;
      const beta = tensor(sd, `${3 * i + 1}.bias`).data;
      const mean = tensor(sd, `${3 * i + 1}.running_mean`).data;
      const variance = tensor(sd, `${3 * i + 1}.running_var`).data;
      const bias = c.convBias ? tensor(sd, `${3 * i}.bias`).data : new Float32Array(cout);
      const wf = new Float32Array(w.data.length);
      const bf = new Float32Array(cout);
      for (let o = 0; o < cout; o++) {
        // Float64 for the fold itself; the products are then rounded once to float32.
        const scale = gamma[o]! / Math.sqrt(variance[o]! + c.batchNormEps);
        for (let k = 0; k < per; k++) wf[o * per + k] = w.data[o * per + k]! * scale;
        bf[o] = (bias[o]! - mean[o]!) * scale + beta[o]!;
      }
      const y = g.op("Conv", [x, g.initializer("weight", wf, w.shape), g.initializer("bias", bf, [cout])], {
        kernel_shape: attr.ints([4, 4]),
        strides: attr.ints([2, 2]),
        pads: attr.ints([1, 1, 1, 1]),
      });
      return g.op("Relu", [y]);
    });
  });
  const linear = 3 * widths(c).length + 1;
  const z = g.scope("linear", () => {
    const flat = g.op("Flatten", [x], { axis: attr.int(1) });
    const w = tensor(sd, `${linear}.weight`);
    const b = tensor(sd, `${linear}.bias`);
    const y = g.op(
      "Gemm",
      [flat, g.initializer("weight", w.data, w.shape), g.initializer("bias", b.data, b.shape)],
      {
        transB: attr.int(1),
      },
    );
    return g.op("Tanh", [y]);
  });
  g.output(g.op("Identity", [z], {}, "z"), "float32", ["N", c.zDim]);
  return g.build({
    opset,
    metadata: exportMetadata("encoder", c, opset, options.lineage ?? {}, {
      [METADATA_KEYS.generator]: options.generator ?? "G_ema",
      [METADATA_KEYS.noiseMode]: options.noiseMode ?? "const",
    }),
    docString: "izif encoder: image [N, C, R, R] in [-1, 1] -> z [N, zDim]",
  });
}

/**
 * Exports an encoder to `path` (see {@link buildEncoder}); the paper-size encoder (810 MiB of float32) puts its
 * largest weights in `path.data` under the default external data threshold.
 */
export async function exportEncoder(
  network: EncoderNetwork,
  path: string,
  options: ExportEncoderOptions = {},
): Promise<WrittenModel> {
  return await writeModel(buildEncoder(network, options), path, options);
}
