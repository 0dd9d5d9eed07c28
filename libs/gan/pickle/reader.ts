import { readFile } from "node:fs/promises";
import { Code, StatusError } from "@dermanomaly/contracts";
import { whenFound } from "../_file.ts";
import { halfToFloat } from "../safetensors.ts";
import type { StateDict } from "../state_dict.ts";
import { PyCallable, PyObject, runPickle } from "./_pickle_vm.ts";
import { forbiddenGlobal, loadStorageBlob, materialize, rebuildTensor, TensorRef } from "./_torch.ts";

/** A value made of JSON-like pieces, as kwargs and plain attributes are returned. */
export type PlainValue = null | boolean | number | string | PlainValue[] | PlainObject;

/** A string-keyed object of {@linkcode PlainValue}s. */
export interface PlainObject {
  [key: string]: PlainValue;
}

/** The three networks of a training snapshot, by their keys in the pickle. */
export type NetworkKey = "G" | "D" | "G_ema";

/** One `@persistent_class` torch module read from a snapshot. */
export interface PickledModule {
  /**
   * Qualified class name, e.g. `training.networks_stylegan2.Generator` (stylegan3 repository) or
   * `training.networks.Generator` (stylegan2-ada-pytorch); the bare class name when the embedded source is not
   * recognised. The module part is inferred from the embedded source, since a snapshot stores only the class name.
   */
  className: string;
  /** Positional constructor arguments (`_init_args`), usually empty. */
  initArgs: PlainValue[];
  /**
   * Constructor keyword arguments (`_init_kwargs`) as plain objects: for G `z_dim`, `c_dim`, `w_dim`,
   * `img_resolution`, `img_channels`, `mapping_kwargs` {num_layers, ...}, and the synthesis settings
   * (`channel_base`, `channel_max`, `num_fp16_res`, `conv_clamp`, ...), flat in the stylegan3 repository and under
   * `synthesis_kwargs` in stylegan2-ada-pytorch; for D also `block_kwargs`, `mapping_kwargs`, `epilogue_kwargs`
   * {mbstd_group_size, ...}.
   */
  initKwargs: PlainObject;
  /**
   * The module's own plain attributes (`z_dim`, `num_ws`, `img_resolution`, ...; numpy scalars as numbers, numpy
   * arrays as nested lists); torch internals, tensors and sub-modules are left out.
   */
  attributes: PlainObject;
  /** Parameters and persistent buffers by NVIDIA state_dict name, in PyTorch's order. */
  stateDict: StateDict;
}

/** The augmentation pipeline of a snapshot. */
export interface PickledAugmentPipe extends PickledModule {
  /** Current augmentation probability (the `p` buffer); `null` if the pipe has none. */
  p: number | null;
}

/** Which code base wrote a snapshot, judged from the embedded network source. */
export type SnapshotSource = "stylegan3" | "stylegan2-ada-pytorch" | "unknown";

/** What {@linkcode readNetworkPickle} returns. */
export interface NetworkPickle {
  /** The training generator, if present (and asked for). */
  G?: PickledModule;
  /** The discriminator, if present (and asked for). */
  D?: PickledModule;
  /** The moving-average generator used for inference, if present (and asked for). */
  G_ema?: PickledModule;
  /** The augmentation pipeline: `null` when the snapshot says augmentation was off; absent when not stored. */
  augmentPipe?: PickledAugmentPipe | null;
  /** Other top-level entries with plain values, e.g. `training_set_kwargs`. */
  other: PlainObject;
  /** Which code base wrote the snapshot. */
  source: SnapshotSource;
}

/** Options of {@linkcode readNetworkPickle} and {@linkcode parseNetworkPickle}. */
export interface ReadNetworkPickleOptions {
  /**
   * Networks to return. Tensors of the others are never copied out of the file, which keeps memory down when
   * only `G_ema` is needed.
   * @default ["G", "D", "G_ema"]
   */
  networks?: readonly NetworkKey[];
}

/**
 * Every global a StyleGAN2-ADA snapshot pickle may name (protocols 2 to 5); anything else is refused before it
 * could mean anything. Storage classes (`torch.FloatStorage`, ...) are accepted only inside storage blobs.
 */
export const ALLOWED_PICKLE_GLOBALS: readonly string[] = [
  "torch_utils.persistence._reconstruct_persistent_obj",
  "collections.OrderedDict",
  "torch._utils._rebuild_parameter",
  "torch._utils._rebuild_parameter_with_state",
  "torch._utils._rebuild_tensor_v2",
  "torch.storage._load_from_bytes",
  "numpy.core.multiarray.scalar",
  "numpy._core.multiarray.scalar",
  "numpy.dtype",
  // numpy arrays: StyleGAN3 layers keep some settings as arrays (read so that such files get a clear message).
  "numpy.ndarray",
  "numpy.core.multiarray._reconstruct",
  "numpy._core.multiarray._reconstruct",
  "dnnlib.util.EasyDict",
  // Protocol 2 spells bytes, sets and frozensets through these.
  "_codecs.encode",
  "__builtin__.set",
  "builtins.set",
  "__builtin__.frozenset",
  "builtins.frozenset",
  "__builtin__.bytes",
  "builtins.bytes",
];

/** A `@persistent_class` object: `_reconstruct_persistent_obj(meta)` with its meta fields. */
class PersistentObject {
  constructor(
    readonly className: string,
    readonly moduleSrc: string,
    readonly state: Map<unknown, unknown>,
  ) {}
}

/** `dnnlib.EasyDict`, a dict subclass: a Map so that SETITEMS fills it. */
class EasyDict extends Map<unknown, unknown> {}

/** `numpy.dtype(descr, align, copy)` plus its BUILD state (byte order). */
class NumpyDType extends PyObject {
  littleEndian = true;
  constructor(readonly descr: string) {
    super();
  }
  setState(state: unknown): void {
    if (!Array.isArray(state) || typeof state[1] !== "string")
      throw invalid("Numpy dtype has an invalid state");
    this.littleEndian = state[1] !== ">";
  }
}

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

function unsupported(message: string): StatusError {
  return new StatusError(Code.UNIMPLEMENTED, message);
}

/** Element reader for a numpy dtype descriptor such as `f8` or `i4`: [item size, read at byte offset]. */
function numpyElements(dtype: NumpyDType, v: DataView): [number, (o: number) => number | boolean] {
  const le = dtype.littleEndian;
  const readers: Record<string, [number, (o: number) => number | boolean]> = {
    f8: [8, (o) => v.getFloat64(o, le)],
    f4: [4, (o) => v.getFloat32(o, le)],
    f2: [2, (o) => halfToFloat(v.getUint16(o, le))],
    i8: [8, (o) => Number(v.getBigInt64(o, le))],
    u8: [8, (o) => Number(v.getBigUint64(o, le))],
    i4: [4, (o) => v.getInt32(o, le)],
    u4: [4, (o) => v.getUint32(o, le)],
    i2: [2, (o) => v.getInt16(o, le)],
    u2: [2, (o) => v.getUint16(o, le)],
    i1: [1, (o) => v.getInt8(o)],
    u1: [1, (o) => v.getUint8(o)],
    b1: [1, (o) => v.getUint8(o) !== 0],
  };
  const reader = Object.hasOwn(readers, dtype.descr) ? readers[dtype.descr] : undefined;
  if (reader === undefined) throw unsupported(`Numpy values of type "${dtype.descr}" are not supported`);
  return reader;
}

function numpyScalar(args: unknown[]): number | boolean {
  const [dtype, data] = args;
  if (!(dtype instanceof NumpyDType) || !(data instanceof Uint8Array))
    throw invalid("Numpy scalar is malformed");
  const [size, get] = numpyElements(dtype, new DataView(data.buffer, data.byteOffset, data.byteLength));
  if (data.length !== size) throw invalid(`Numpy scalar of type "${dtype.descr}" has "${data.length}" bytes`);
  return get(0);
}

/** Arrays larger than this are left out of kwargs and attributes rather than converted. */
const MAX_PLAIN_ARRAY = 1_000_000;

/** `numpy.core.multiarray._reconstruct(ndarray, (0,), b'b')` followed by BUILD with the array's state. */
class NdArray extends PyObject {
  shape: number[] = [];
  values: PlainValue[] | undefined;
  setState(state: unknown): void {
    if (!Array.isArray(state) || state.length !== 5) throw invalid("Numpy array has an invalid state");
    const [, shape, dtype, fortran, raw] = state;
    if (!Array.isArray(shape) || !shape.every(isIndex) || !(dtype instanceof NumpyDType)) {
      throw invalid("Numpy array has an invalid shape or dtype");
    }
    this.shape = shape as number[];
    const numel = this.shape.reduce((a, b) => a * b, 1);
    if (numel > MAX_PLAIN_ARRAY || fortran === true) return; // kept opaque: such arrays are not plain settings
    if (Array.isArray(raw)) {
      if (raw.length !== numel) throw invalid("Numpy object array has the wrong number of items");
      this.values = raw.map((x) => toPlain(x, 1) ?? null);
    } else if (raw instanceof Uint8Array) {
      const [size, get] = numpyElements(dtype, new DataView(raw.buffer, raw.byteOffset, raw.byteLength));
      if (raw.length !== numel * size) throw invalid("Numpy array data does not match its shape");
      this.values = Array.from({ length: numel }, (_, i) => get(i * size));
    } else throw invalid("Numpy array has no data");
  }
  /** Nested row-major lists, like `ndarray.tolist()`. */
  toList(): PlainValue | undefined {
    const values = this.values;
    if (values === undefined) return undefined;
    if (this.shape.length === 0) return values[0] ?? null;
    const nest = (dim: number, start: number): PlainValue[] => {
      const n = this.shape[dim]!;
      if (dim === this.shape.length - 1) return values.slice(start, start + n);
      const step = this.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      return Array.from({ length: n }, (_, i) => nest(dim + 1, start + i * step));
    };
    return nest(0, 0);
  }
}

const isIndex = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

function toSet(args: unknown[]): Set<unknown> {
  if (args.length === 0) return new Set();
  if (args.length === 1 && Array.isArray(args[0])) return new Set(args[0]);
  throw invalid("Pickled set is malformed");
}

/** The whitelist: what each allowed global becomes. `file` is the whole input, to locate storage blobs in errors. */
function makeGlobals(file: Uint8Array): Map<string, PyCallable> {
  const ndarray = new PyCallable("ndarray");
  const reconstruct = new PyCallable("_reconstruct", (args) => {
    if (args[0] !== ndarray) throw invalid("Numpy array reconstruction is only read for plain arrays");
    return new NdArray();
  });
  const entries: [string, PyCallable][] = [
    [
      "torch_utils.persistence._reconstruct_persistent_obj",
      new PyCallable("_reconstruct_persistent_obj", (args) => {
        const meta = args[0];
        if (!(meta instanceof Map)) throw invalid("Persistent object has no meta dict");
        const [type, className, src, state] = ["type", "class_name", "module_src", "state"].map((k) =>
          meta.get(k),
        );
        if (
          type !== "class" ||
          typeof className !== "string" ||
          typeof src !== "string" ||
          !(state instanceof Map)
        ) {
          throw invalid("Persistent object has an invalid meta dict");
        }
        return new PersistentObject(className, src, state);
      }),
    ],
    [
      "collections.OrderedDict",
      new PyCallable(
        "OrderedDict",
        (args) => {
          const items = args[0] ?? [];
          if (!Array.isArray(items)) throw invalid("OrderedDict is malformed");
          const map = new Map<unknown, unknown>();
          for (const pair of items) {
            if (!Array.isArray(pair) || pair.length !== 2) throw invalid("OrderedDict is malformed");
            map.set(pair[0], pair[1]);
          }
          return map;
        },
        () => new Map(),
      ),
    ],
    ["torch._utils._rebuild_tensor_v2", new PyCallable("_rebuild_tensor_v2", (args) => rebuildTensor(args))],
    ["torch._utils._rebuild_parameter", new PyCallable("_rebuild_parameter", parameterData)],
    [
      "torch._utils._rebuild_parameter_with_state",
      new PyCallable("_rebuild_parameter_with_state", parameterData),
    ],
    [
      "torch.storage._load_from_bytes",
      new PyCallable("_load_from_bytes", (args) => {
        const blob = args[0];
        if (!(blob instanceof Uint8Array)) throw invalid("Torch storage is not given as bytes");
        const origin = blob.buffer === file.buffer ? blob.byteOffset - file.byteOffset : 0;
        return loadStorageBlob(blob, origin);
      }),
    ],
    ["numpy.core.multiarray.scalar", new PyCallable("scalar", numpyScalar)],
    ["numpy._core.multiarray.scalar", new PyCallable("scalar", numpyScalar)],
    ["numpy.ndarray", ndarray],
    ["numpy.core.multiarray._reconstruct", reconstruct],
    ["numpy._core.multiarray._reconstruct", reconstruct],
    [
      "numpy.dtype",
      new PyCallable("dtype", (args) => {
        if (typeof args[0] !== "string") throw invalid("Numpy dtype is malformed");
        return new NumpyDType(args[0]);
      }),
    ],
    ["dnnlib.util.EasyDict", new PyCallable("EasyDict", undefined, () => new EasyDict())],
    [
      "_codecs.encode",
      new PyCallable("encode", (args) => {
        const [text, encoding] = args;
        if (typeof text !== "string" || (encoding !== "latin1" && encoding !== "latin-1")) {
          throw invalid("Pickled bytes (_codecs.encode) are only read in latin-1");
        }
        const out = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c > 255) throw invalid("Pickled bytes (_codecs.encode) are not latin-1 text");
          out[i] = c;
        }
        return out;
      }),
    ],
  ];
  const set = new PyCallable("set", toSet);
  const bytes = new PyCallable("bytes", (args) => {
    if (args.length !== 0) throw invalid("Pickled bytes() are only read without arguments");
    return new Uint8Array(0);
  });
  for (const mod of ["__builtin__", "builtins"]) {
    entries.push([`${mod}.set`, set], [`${mod}.frozenset`, set], [`${mod}.bytes`, bytes]);
  }
  return new Map(entries);
}

function parameterData(args: unknown[]): TensorRef {
  if (!(args[0] instanceof TensorRef)) throw invalid("Parameter does not wrap a tensor");
  return args[0];
}

function findClass(globals: Map<string, PyCallable>, module: string, name: string): PyCallable {
  const fn = globals.get(`${module}.${name}`);
  if (fn !== undefined) return fn;
  if (module === "dnnlib.tflib.network" || module.startsWith("dnnlib.tflib")) {
    throw unsupported(
      `TensorFlow-era pickle ("${module}.${name}") is not supported; convert it to a PyTorch snapshot with NVIDIA's legacy.py first`,
    );
  }
  throw forbiddenGlobal(module, name);
}

/**
 * Parses an NVIDIA StyleGAN2-ADA / stylegan3 (`--cfg=stylegan2`) network snapshot held in memory. Nothing in the
 * pickle is executed: globals outside {@linkcode ALLOWED_PICKLE_GLOBALS} are refused.
 *
 * @throws {StatusError} INVALID_ARGUMENT for a truncated or malformed pickle or a refused global; UNIMPLEMENTED
 * for StyleGAN3 ('t'/'r') generators and TensorFlow-era pickles.
 */
export function parseNetworkPickle(bytes: Uint8Array, options: ReadNetworkPickleOptions = {}): NetworkPickle {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("Expected the pickle as a Uint8Array");
  const wanted = new Set<NetworkKey>(options.networks ?? ["G", "D", "G_ema"]);
  for (const key of wanted) {
    if (!["G", "D", "G_ema"].includes(key)) {
      throw new RangeError(`Unknown network "${key}": expected "G", "D" or "G_ema"`);
    }
  }
  const globals = makeGlobals(bytes);
  const { value: root } = runPickle(bytes, 0, { findClass: (m, n) => findClass(globals, m, n) });
  if (!(root instanceof Map) || !["G", "D", "G_ema"].some((k) => root.has(k))) {
    throw invalid('Pickle is not a network snapshot: expected a dict with "G", "D" or "G_ema"');
  }
  const result: NetworkPickle = { other: {}, source: "unknown" };
  for (const key of ["G", "D", "G_ema"] as const) {
    const obj = root.get(key);
    if (obj === undefined) continue;
    if (!(obj instanceof PersistentObject)) {
      throw invalid(`Snapshot entry "${key}" is not a persistent network`);
    }
    const module = moduleOf(obj);
    // A StyleGAN3 run's D is a StyleGAN2 one, so only the networks asked for are checked.
    if (wanted.has(key)) rejectStyleGAN3(key, obj, module);
    if (module === "training.networks_stylegan2") {
      result.source = "stylegan3";
    } else if (module === "training.networks" && result.source === "unknown") {
      result.source = "stylegan2-ada-pytorch";
    }
    if (wanted.has(key)) result[key] = readModule(obj, module);
  }
  const aug = root.get("augment_pipe");
  if (aug === null) result.augmentPipe = null;
  else if (aug instanceof PersistentObject) {
    const mod = readModule(aug, moduleOf(aug));
    const p = mod.stateDict.get("p");
    result.augmentPipe = { ...mod, p: p !== undefined && p.data.length === 1 ? p.data[0]! : null };
  } else if (aug !== undefined) throw invalid('Snapshot entry "augment_pipe" is not a persistent module');
  for (const [k, v] of root) {
    if (typeof k !== "string" || ["G", "D", "G_ema", "augment_pipe"].includes(k)) continue;
    const plain = toPlain(v, 0);
    if (plain !== undefined) defineKey(result.other, k, plain);
  }
  return result;
}

/**
 * Reads an NVIDIA StyleGAN2-ADA network snapshot (`network-snapshot-*.pkl`) from a path or from bytes, and
 * returns each network's class, constructor kwargs and {@linkcode StateDict}. The file is read once; each tensor
 * is copied once into its own Float32Array.
 *
 * @throws {StatusError} as {@linkcode parseNetworkPickle}; NOT_FOUND for a missing file
 */
export async function readNetworkPickle(
  source: string | Uint8Array,
  options: ReadNetworkPickleOptions = {},
): Promise<NetworkPickle> {
  const bytes = typeof source === "string" ? await whenFound(source, () => readFile(source)) : source;
  return parseNetworkPickle(bytes, options);
}

/** Infers the defining Python module from the embedded source, which a snapshot stores instead of its name. */
function moduleOf(obj: PersistentObject): string | undefined {
  const src = obj.moduleSrc;
  if (/^class SynthesisInput\b/m.test(src) || /\bfiltered_lrelu\b/.test(src)) {
    return "training.networks_stylegan3";
  }
  if (/^class AugmentPipe\b/m.test(src)) return "training.augment";
  if (/^class (Generator|Discriminator)\b/m.test(src)) {
    return src.includes("fused_modconv_default") ? "training.networks_stylegan2" : "training.networks";
  }
  return undefined;
}

function rejectStyleGAN3(key: NetworkKey, obj: PersistentObject, module: string | undefined): void {
  const synthesis = asMap(obj.state.get("_modules"))?.get("synthesis");
  const children = synthesis instanceof PersistentObject ? asMap(synthesis.state.get("_modules")) : undefined;
  if (module === "training.networks_stylegan3" || children?.has("input")) {
    throw unsupported(
      `Snapshot entry "${key}" is a StyleGAN3 network ("training.networks_stylegan3.${obj.className}", ` +
        `--cfg=stylegan3-t or stylegan3-r), which is not supported; only --cfg=stylegan2 networks are`,
    );
  }
}

const asMap = (v: unknown): Map<unknown, unknown> | undefined => (v instanceof Map ? v : undefined);

/** Module-state keys that are torch internals rather than the network's own attributes. */
const TORCH_INTERNALS = new Set(["training", "_init_args", "_init_kwargs"]);

function readModule(obj: PersistentObject, module: string | undefined): PickledModule {
  const refs = new Map<string, TensorRef>();
  collectTensors(obj, "", refs, new Set());
  const stateDict: StateDict = new Map();
  for (const [name, ref] of refs) stateDict.set(name, { shape: [...ref.shape], data: materialize(ref) });
  const kwargs = toPlain(obj.state.get("_init_kwargs") ?? new Map(), 0);
  const args = toPlain(obj.state.get("_init_args") ?? [], 0);
  const attributes: PlainObject = {};
  for (const [k, v] of obj.state) {
    if (typeof k !== "string" || k.startsWith("_") || TORCH_INTERNALS.has(k)) continue;
    const plain = toPlain(v, 0);
    if (plain !== undefined) defineKey(attributes, k, plain);
  }
  return {
    className: module === undefined ? obj.className : `${module}.${obj.className}`,
    initArgs: Array.isArray(args) ? args : [],
    initKwargs: isPlainObject(kwargs) ? kwargs : {},
    attributes,
    stateDict,
  };
}

const isPlainObject = (v: PlainValue | undefined): v is PlainObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Walks `_parameters`, persistent `_buffers` and `_modules` in PyTorch's state_dict order. */
function collectTensors(
  obj: PersistentObject,
  prefix: string,
  out: Map<string, TensorRef>,
  seen: Set<unknown>,
  budget = { left: MAX_NODES },
) {
  spend(budget);
  if (seen.has(obj)) throw invalid(`Module "${prefix}" contains itself`);
  if (seen.size > MAX_DEPTH) throw invalid(`Module "${prefix}" is nested too deeply`);
  seen.add(obj);
  const params = asMap(obj.state.get("_parameters"));
  const buffers = asMap(obj.state.get("_buffers"));
  const modules = asMap(obj.state.get("_modules"));
  if (params === undefined || buffers === undefined || modules === undefined) {
    throw invalid(`Persistent object "${prefix || obj.className}" is not a torch module`);
  }
  const skip = obj.state.get("_non_persistent_buffers_set");
  const nonPersistent = skip instanceof Set ? skip : new Set();
  const add = (name: unknown, t: unknown) => {
    if (t === null) return;
    if (typeof name !== "string" || !(t instanceof TensorRef)) {
      throw invalid(`Module "${prefix || obj.className}" has an entry that is not a tensor`);
    }
    out.set(prefix + name, t);
  };
  for (const [name, t] of params) add(name, t);
  for (const [name, t] of buffers) if (!nonPersistent.has(name)) add(name, t);
  if (out.size > MAX_NODES) throw invalid("Pickle describes too many tensors");
  for (const [name, child] of modules) {
    if (child === null) continue;
    if (typeof name !== "string" || !(child instanceof PersistentObject)) {
      throw invalid(`Sub-module "${prefix}${String(name)}" is not a persistent NVIDIA module`);
    }
    collectTensors(child, `${prefix}${name}.`, out, seen, budget);
  }
  seen.delete(obj);
}

const MAX_DEPTH = 64;
/** Node visits allowed per conversion; memo references can make a small pickle describe a huge tree. */
const MAX_NODES = 1_000_000;

function spend(budget: { left: number }): void {
  if (--budget.left < 0) throw invalid("Pickle describes too many nested values");
}

/** Converts pickled containers to plain values; `undefined` for what has no plain form (tensors, modules). */
function toPlain(v: unknown, depth: number, budget = { left: MAX_NODES }): PlainValue | undefined {
  spend(budget);
  if (depth > MAX_DEPTH) return undefined;
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof NdArray) return v.toList();
  if (Array.isArray(v) || v instanceof Set) {
    return [...v].map((x) => toPlain(x, depth + 1, budget) ?? null);
  }
  if (v instanceof Map) {
    const o: PlainObject = {};
    for (const [k, x] of v) {
      const plain = toPlain(x, depth + 1, budget);
      if (plain !== undefined && (typeof k === "string" || typeof k === "number"))
        defineKey(o, String(k), plain);
    }
    return o;
  }
  return undefined;
}

/** Sets a key without letting names like `__proto__` reach the prototype chain. */
function defineKey(o: PlainObject, key: string, value: PlainValue): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
