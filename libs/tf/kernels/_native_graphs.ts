// The small ONNX graphs the native kernels run: NHWC convolutions and their gradients with every dimension symbolic,
// so that one session serves every shape (sessions open asynchronously, kernels run synchronously).
import { create, toBinary } from "@bufbuild/protobuf";
import {
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  TensorProto_DataType,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from "onnx-buf";

/** Strides of the convolutions the native kernels take (others run on wasm). */
export type NativeStride = 1 | 2;

/**
 * The graphs, by name. Tensors are NHWC as TF.js keeps them, filters `[kh, kw, inC, outC]`; `pads` inputs are ONNX
 * Pad's int64 `[begin_0..3, end_0..3]` over NHWC, negative values cropping.
 * - `conv{s}` / `conv{s}p`: `y = conv2d(x, w)` with stride s, unpadded / after `Pad(x, pads)`.
 * - `dx1p`: the input gradient of a stride-1 conv: `Pad(dy, pads)` correlated with the spatially reversed,
 *   in/out-swapped filter.
 * - `dx2` / `dx2p`: of a stride-2 conv: ConvTranspose of dy (the adjoint of the strided correlation), then optionally
 *   `Pad(·, pads)` to crop or extend it to the input's size.
 * - `gemm{ta}{tb}`: 2-D `op(a) op(b)` with op a transpose where the flag is 1; `gemmTaAcc`: `aᵀ b + c` (the weight
 *   gradient summed over bands of its windows matrix).
 * - `mm{ta}{tb}`: batched `[B, M, K] x [B, K, N]` products (a batch of 1 broadcasts), transposing the last two axes of
 *   an operand where the flag is 1.
 */
export const NATIVE_GRAPHS = {
  conv1: () => conv(1, false),
  conv1p: () => conv(1, true),
  conv2: () => conv(2, false),
  conv2p: () => conv(2, true),
  dx1p: () => inputGradStride1(),
  dx2: () => inputGradStride2(false),
  dx2p: () => inputGradStride2(true),
  gemm00: () => gemm(0, 0, false),
  gemm01: () => gemm(0, 1, false),
  gemm10: () => gemm(1, 0, false),
  gemm11: () => gemm(1, 1, false),
  gemmTaAcc: () => gemm(1, 0, true),
  mm00: () => batchMatMul(0, 0),
  mm01: () => batchMatMul(0, 1),
  mm10: () => batchMatMul(1, 0),
  mm11: () => batchMatMul(1, 1),
} as const;

export type NativeGraphName = keyof typeof NATIVE_GRAPHS;

const FLOAT = TensorProto_DataType.FLOAT;
const INT64 = TensorProto_DataType.INT64;
// NHWC <-> NCHW, and a [kh, kw, I, O] filter to ONNX's [O, I, kh, kw].
const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];
const FILTER_TO_OIHW = [3, 2, 0, 1];

class Graph {
  readonly nodes: NodeProto[] = [];
  readonly inputs: ValueInfoProto[] = [];
  readonly outputs: ValueInfoProto[] = [];
  readonly initializers: ReturnType<typeof create<typeof TensorProtoSchema>>[] = [];
  #n = 0;

  input(name: string, type: number, rank: number): string {
    this.inputs.push(valueInfo(name, type, rank));
    return name;
  }

  output(name: string, rank: number): void {
    this.outputs.push(valueInfo(name, FLOAT, rank));
  }

  ints(values: number[]): string {
    const name = `c${this.initializers.length}`;
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    this.initializers.push(
      create(TensorProtoSchema, {
        name,
        dims: [BigInt(values.length)],
        dataType: INT64,
        rawData: new Uint8Array(data.buffer),
      }),
    );
    return name;
  }

  op(type: string, inputs: string[], attrs: Record<string, number | number[]> = {}, out?: string): string {
    const output = out ?? `t${this.#n++}`;
    this.nodes.push(
      create(NodeProtoSchema, {
        opType: type,
        input: inputs,
        output: [output],
        attribute: Object.entries(attrs).map(([name, v]) =>
          typeof v === "number"
            ? create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(v) })
            : create(AttributeProtoSchema, {
                name,
                type: AttributeProto_AttributeType.INTS,
                ints: v.map((x) => BigInt(x)),
              }),
        ),
      }),
    );
    return output;
  }

  transpose(x: string, perm: number[], out?: string): string {
    return this.op("Transpose", [x], { perm }, out);
  }

  bytes(name: string): Uint8Array {
    const graph = create(GraphProtoSchema, {
      name,
      node: this.nodes,
      input: this.inputs,
      output: this.outputs,
      initializer: this.initializers,
    });
    const model = create(ModelProtoSchema, {
      irVersion: 8n,
      producerName: "dermanomaly-tf",
      opsetImport: [create(OperatorSetIdProtoSchema, { domain: "", version: 17n })],
      graph,
    });
    return toBinary(ModelProtoSchema, model);
  }
}

// Every dimension symbolic (its own name), so ONNX Runtime takes any shape of that rank.
function valueInfo(name: string, type: number, rank: number): ValueInfoProto {
  const tensor = create(TypeProto_TensorSchema, {
    elemType: type,
    shape: create(TensorShapeProtoSchema, {
      dim: Array.from({ length: rank }, (_, i) =>
        create(TensorShapeProto_DimensionSchema, { value: { case: "dimParam", value: `${name}_${i}` } }),
      ),
    }),
  });
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, { value: { case: "tensorType", value: tensor } }),
  });
}

function conv(stride: NativeStride, padded: boolean): Uint8Array {
  const g = new Graph();
  let x = g.input("x", FLOAT, 4);
  const w = g.input("w", FLOAT, 4);
  if (padded) x = g.op("Pad", [x, g.input("pads", INT64, 1)]);
  const y = g.op("Conv", [g.transpose(x, TO_NCHW), g.transpose(w, FILTER_TO_OIHW)], {
    strides: [stride, stride],
  });
  g.transpose(y, TO_NHWC, "y");
  g.output("y", 4);
  return g.bytes(`conv${stride}`);
}

function inputGradStride1(): Uint8Array {
  const g = new Graph();
  const dy = g.op("Pad", [g.input("dy", FLOAT, 4), g.input("pads", INT64, 1)]);
  const w = g.input("w", FLOAT, 4);
  // Reverse kh and kw, then [kh, kw, I, O] -> [I, O, kh, kw]: the conv from dy's O channels to dx's I channels.
  const big = 2 ** 62;
  const flipped = g.op("Slice", [
    w,
    g.ints([-1, -1]),
    g.ints([-big, -big]),
    g.ints([0, 1]),
    g.ints([-1, -1]),
  ]);
  const dx = g.op("Conv", [g.transpose(dy, TO_NCHW), g.transpose(flipped, [2, 3, 0, 1])]);
  g.transpose(dx, TO_NHWC, "dx");
  g.output("dx", 4);
  return g.bytes("dx1");
}

function inputGradStride2(padded: boolean): Uint8Array {
  const g = new Graph();
  const dy = g.input("dy", FLOAT, 4);
  const w = g.input("w", FLOAT, 4);
  // ConvTranspose's filter is [C_in = dy channels, C_out = dx channels, kh, kw]: the conv filter as OIHW.
  const full = g.op("ConvTranspose", [g.transpose(dy, TO_NCHW), g.transpose(w, FILTER_TO_OIHW)], {
    strides: [2, 2],
  });
  if (padded) g.op("Pad", [g.transpose(full, TO_NHWC), g.input("pads", INT64, 1)], {}, "dx");
  else g.transpose(full, TO_NHWC, "dx");
  g.output("dx", 4);
  return g.bytes(padded ? "dx2p" : "dx2");
}

function gemm(ta: 0 | 1, tb: 0 | 1, accumulate: boolean): Uint8Array {
  const g = new Graph();
  const inputs = [g.input("a", FLOAT, 2), g.input("b", FLOAT, 2)];
  if (accumulate) inputs.push(g.input("c", FLOAT, 2));
  g.op("Gemm", inputs, { transA: ta, transB: tb }, "y");
  g.output("y", 2);
  return g.bytes(`gemm${ta}${tb}${accumulate ? "acc" : ""}`);
}

function batchMatMul(ta: 0 | 1, tb: 0 | 1): Uint8Array {
  const g = new Graph();
  let a = g.input("a", FLOAT, 3);
  let b = g.input("b", FLOAT, 3);
  if (ta === 1) a = g.transpose(a, [0, 2, 1]);
  if (tb === 1) b = g.transpose(b, [0, 2, 1]);
  g.op("MatMul", [a, b], {}, "y");
  g.output("y", 3);
  return g.bytes(`mm${ta}${tb}`);
}
