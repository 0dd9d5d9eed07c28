// A small typed ONNX graph builder on onnx-buf. onnx-buf (protobuf-es v2, generated from ONNX 1.20, ESM, published
// 2026) is used rather than onnx-proto (ONNX IR 8 on protobufjs 6, last published 2024): it follows current ONNX,
// brings no second protobuf runtime, and its messages are plain typed objects.
import { create } from "@bufbuild/protobuf";
import {
  type AttributeProto,
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  type ModelProto,
  ModelProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
  type TensorProto,
  TensorProto_DataType,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from "onnx-buf";

/** A tensor dimension: a fixed size, or a symbolic name such as `"N"` (dynamic). */
export type Dim = number | string;

/** Element types the builder writes. */
export type DataType = "float32" | "int64";

/** A typed attribute value; build one with {@link attr}. */
export type AttributeValue =
  | { readonly type: "int"; readonly value: number }
  | { readonly type: "float"; readonly value: number }
  | { readonly type: "ints"; readonly value: readonly number[] }
  | { readonly type: "floats"; readonly value: readonly number[] }
  | { readonly type: "string"; readonly value: string };

/** Attribute constructors: ONNX tells INT from FLOAT, which a JavaScript number cannot. */
export const attr = {
  int: (value: number): AttributeValue => ({ type: "int", value }),
  float: (value: number): AttributeValue => ({ type: "float", value }),
  ints: (value: readonly number[]): AttributeValue => ({ type: "ints", value }),
  floats: (value: readonly number[]): AttributeValue => ({ type: "floats", value }),
  string: (value: string): AttributeValue => ({ type: "string", value }),
} as const;

/** Lowest opset the builder targets: opset 17 has every operator the exporters use in its current form. */
export const MIN_OPSET = 17;
/** Highest opset accepted (ONNX 1.20). */
export const MAX_OPSET = 25;

// The IR version each opset came with (onnx/onnx docs/Versioning.md), so older runtimes accept the file.
const IR_VERSION: Record<number, number> = {
  17: 8,
  18: 8,
  19: 9,
  20: 9,
  21: 10,
  22: 10,
  23: 11,
  24: 11,
  25: 12,
};

/** Options of {@link GraphBuilder.build}. */
export interface BuildOptions {
  /** Default-domain opset, from {@link MIN_OPSET} to {@link MAX_OPSET}. @default 17 */
  opset?: number;
  /** `metadata_props` of the model (lineage). @default {} */
  metadata?: Readonly<Record<string, string>>;
  /** The model's doc string. @default "" */
  docString?: string;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function bytesOf(data: Float32Array | BigInt64Array): Uint8Array<ArrayBuffer> {
  if (!LITTLE_ENDIAN) throw new Error("ONNX raw tensor data is little-endian; this platform is not");
  return new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

function valueInfo(name: string, dtype: DataType, shape: readonly Dim[] | null): ValueInfoProto {
  const tensor = create(TypeProto_TensorSchema, {
    elemType: dtype === "float32" ? TensorProto_DataType.FLOAT : TensorProto_DataType.INT64,
  });
  if (shape !== null) {
    tensor.shape = create(TensorShapeProtoSchema, {
      dim: shape.map((d) =>
        create(TensorShapeProto_DimensionSchema, {
          value:
            typeof d === "number" ? { case: "dimValue", value: BigInt(d) } : { case: "dimParam", value: d },
        }),
      ),
    });
  }
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, { value: { case: "tensorType", value: tensor } }),
  });
}

function attributeProto(name: string, v: AttributeValue): AttributeProto {
  const a = create(AttributeProtoSchema, { name });
  switch (v.type) {
    case "int":
      if (!Number.isSafeInteger(v.value))
        throw new RangeError(`Attribute "${name}" must be an integer, got "${v.value}"`);
      a.type = AttributeProto_AttributeType.INT;
      a.i = BigInt(v.value);
      break;
    case "float":
      a.type = AttributeProto_AttributeType.FLOAT;
      a.f = v.value;
      break;
    case "ints":
      a.type = AttributeProto_AttributeType.INTS;
      a.ints = v.value.map((x) => {
        if (!Number.isSafeInteger(x))
          throw new RangeError(`Attribute "${name}" must hold integers, got "${x}"`);
        return BigInt(x);
      });
      break;
    case "floats":
      a.type = AttributeProto_AttributeType.FLOATS;
      a.floats = [...v.value];
      break;
    case "string":
      a.type = AttributeProto_AttributeType.STRING;
      a.s = new TextEncoder().encode(v.value);
      break;
  }
  return a;
}

/**
 * Builds one ONNX graph: inputs, outputs, initializers (weights, kept as raw little-endian bytes), and nodes in the
 * order they are added (which must be topological). Names are made unique from the current {@link scope}.
 *
 * @example
 * ```ts
 * const g = new GraphBuilder("affine");
 * const x = g.input("x", "float32", ["N", 4]);
 * const w = g.initializer("w", new Float32Array(8).fill(0.5), [4, 2]);
 * g.output(g.op("MatMul", [x, w], {}, "y"), "float32", ["N", 2]);
 * await writeModel(g.build({ metadata: { source: "demo" } }), "affine.onnx");
 * ```
 */
export class GraphBuilder {
  readonly name: string;
  readonly #nodes: NodeProto[] = [];
  readonly #inputs: ValueInfoProto[] = [];
  readonly #outputs: ValueInfoProto[] = [];
  readonly #valueInfo: ValueInfoProto[] = [];
  readonly #initializers: TensorProto[] = [];
  readonly #names = new Set<string>();
  readonly #constants = new Map<string, string>();
  readonly #scopes: string[] = [];
  #counter = 0;

  constructor(name: string) {
    this.name = name;
  }

  // A fresh name under the current scope; `wanted` is kept as is when still free.
  #fresh(base: string): string {
    const prefix = this.#scopes.length > 0 ? `${this.#scopes.join("/")}/` : "";
    let name = `${prefix}${base}`;
    while (this.#names.has(name)) name = `${prefix}${base}_${++this.#counter}`;
    this.#names.add(name);
    return name;
  }

  #claim(name: string): string {
    if (this.#names.has(name)) throw new RangeError(`Name "${name}" is already used in graph "${this.name}"`);
    this.#names.add(name);
    return name;
  }

  /** Runs `build` with names prefixed by `prefix/` (nested scopes join with `/`). */
  scope<T>(prefix: string, build: () => T): T {
    this.#scopes.push(prefix);
    try {
      return build();
    } finally {
      this.#scopes.pop();
    }
  }

  /** Declares a graph input; a null shape leaves the rank open (e.g. a scalar or a [1] tensor). */
  input(name: string, dtype: DataType, shape: readonly Dim[] | null): string {
    this.#inputs.push(valueInfo(this.#claim(name), dtype, shape));
    return name;
  }

  /** Declares an existing value as a graph output under its name. */
  output(name: string, dtype: DataType, shape: readonly Dim[] | null): string {
    if (!this.#names.has(name))
      throw new RangeError(`Output "${name}" is not a value of graph "${this.name}"`);
    this.#outputs.push(valueInfo(name, dtype, shape));
    return name;
  }

  /** Records the type and shape of an intermediate value (optional; runtimes infer them). */
  valueInfo(name: string, dtype: DataType, shape: readonly Dim[] | null): void {
    this.#valueInfo.push(valueInfo(name, dtype, shape));
  }

  /** Adds a weight. The array is referenced, not copied, until the model is written. */
  initializer(name: string, data: Float32Array | BigInt64Array, dims: readonly number[]): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new RangeError(
        `Initializer "${name}" holds ${data.length} values but [${dims.join(", ")}] needs ${size}`,
      );
    }
    const tensor = create(TensorProtoSchema, {
      name: this.#fresh(name),
      dims: dims.map((d) => BigInt(d)),
      dataType: data instanceof Float32Array ? TensorProto_DataType.FLOAT : TensorProto_DataType.INT64,
      rawData: bytesOf(data),
    });
    this.#initializers.push(tensor);
    return tensor.name;
  }

  /** A float32 constant, shared between identical small constants. */
  constant(values: readonly number[] | Float32Array, dims: readonly number[] = [values.length]): string {
    const small = values.length <= 16;
    const key = small ? `f:${dims.join("x")}:${Array.from(values).join(",")}` : "";
    const hit = small ? this.#constants.get(key) : undefined;
    if (hit !== undefined) return hit;
    const name = this.#global(() => this.initializer("const", Float32Array.from(values), dims));
    if (small) this.#constants.set(key, name);
    return name;
  }

  /** A float32 scalar constant (rank 0). */
  scalar(value: number): string {
    return this.constant([value], []);
  }

  /** A 1-D int64 constant (shapes, axes, pads), shared between identical ones. */
  int64s(values: readonly number[]): string {
    const key = `i:${values.join(",")}`;
    const hit = this.#constants.get(key);
    if (hit !== undefined) return hit;
    const name = this.#global(() =>
      this.initializer(
        "ints",
        BigInt64Array.from(values, (v) => BigInt(v)),
        [values.length],
      ),
    );
    this.#constants.set(key, name);
    return name;
  }

  // Shared constants live outside any scope, so their names do not suggest one user.
  #global<T>(f: () => T): T {
    const saved = this.#scopes.splice(0);
    try {
      return f();
    } finally {
      this.#scopes.push(...saved);
    }
  }

  /**
   * Adds a node and returns its output names (`outputs` of them, named after `name` or the operator). An empty
   * input name marks an optional input left out.
   */
  node(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    options: { outputs?: number; name?: string; outputNames?: readonly string[] } = {},
  ): string[] {
    for (const i of inputs) {
      if (i !== "" && !this.#names.has(i))
        throw new RangeError(`Input "${i}" of ${opType} is not a value of the graph`);
    }
    const base = options.name ?? opType;
    const outputs =
      options.outputNames?.map((n) => this.#claim(n)) ??
      Array.from({ length: options.outputs ?? 1 }, (_, k) => this.#fresh(k === 0 ? base : `${base}:${k}`));
    this.#nodes.push(
      create(NodeProtoSchema, {
        opType,
        name: outputs[0]!,
        input: [...inputs],
        output: outputs,
        attribute: Object.entries(attributes).map(([k, v]) => attributeProto(k, v)),
      }),
    );
    return outputs;
  }

  /** Adds a one-output node; `outputName`, when given, names the output exactly (e.g. a graph output). */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    outputName?: string,
  ): string {
    return this.node(
      opType,
      inputs,
      attributes,
      outputName === undefined ? {} : { outputNames: [outputName] },
    )[0]!;
  }

  /** Number of nodes so far. */
  get nodeCount(): number {
    return this.#nodes.length;
  }

  /** The model: this graph, the default-domain opset, IR version to match, producer and metadata. */
  build(options: BuildOptions = {}): ModelProto {
    const opset = options.opset ?? MIN_OPSET;
    const ir = IR_VERSION[opset];
    if (!Number.isInteger(opset) || ir === undefined) {
      throw new RangeError(`Opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET}, got "${opset}"`);
    }
    if (this.#outputs.length === 0) throw new RangeError(`Graph "${this.name}" has no outputs`);
    return create(ModelProtoSchema, {
      irVersion: BigInt(ir),
      producerName: "dermanomaly",
      producerVersion: "1",
      docString: options.docString ?? "",
      opsetImport: [create(OperatorSetIdProtoSchema, { domain: "", version: BigInt(opset) })],
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) =>
        create(StringStringEntryProtoSchema, { key, value }),
      ),
      graph: create(GraphProtoSchema, {
        name: this.name,
        node: this.#nodes,
        initializer: this.#initializers,
        input: this.#inputs,
        output: this.#outputs,
        valueInfo: this.#valueInfo,
      }),
    });
  }
}
