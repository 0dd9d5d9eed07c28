/**
 * Torch storages and tensors as they appear inside a plain pickle: `_load_from_bytes(blob)` storages (a legacy
 * `torch.save` stream or a zip archive) and `_rebuild_tensor_v2` views onto them. Storages stay views into the
 * input; a tensor's values are copied once, when it is materialised into a Float32Array.
 */

import { Code, StatusError } from "@dermanomaly/contracts";
import { halfToFloat } from "../safetensors.ts";
import { malformed, type PickleHooks, runPickle, truncated } from "./_pickle_vm.ts";
import { readStoredZip, type ZipEntry } from "./_zip.ts";

/** Element types of torch storages. */
export type DType =
  | "float32"
  | "float16"
  | "bfloat16"
  | "float64"
  | "int64"
  | "int32"
  | "int16"
  | "int8"
  | "uint8"
  | "bool";

const STORAGE_TYPES: Record<string, DType> = {
  FloatStorage: "float32",
  HalfStorage: "float16",
  BFloat16Storage: "bfloat16",
  DoubleStorage: "float64",
  LongStorage: "int64",
  IntStorage: "int32",
  ShortStorage: "int16",
  CharStorage: "int8",
  ByteStorage: "uint8",
  BoolStorage: "bool",
};

const ITEM_SIZE: Record<DType, number> = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};

/** The magic number a legacy `torch.save` stream opens with. */
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;

/** Tensors larger than this are refused rather than allocated (2^28 floats = 1 GiB). */
const MAX_TENSOR_ELEMENTS = 2 ** 28;

/** A `torch.<X>Storage` class named inside a storage blob. */
export class StorageType {
  constructor(
    readonly name: string,
    readonly dtype: DType,
  ) {}
}

/** Raw storage: `numel` elements of `dtype`, little-endian, viewed in place. */
export class Storage {
  constructor(
    readonly dtype: DType,
    readonly numel: number,
    readonly bytes: Uint8Array,
  ) {}
}

/** A strided view onto a storage, not yet copied. */
export class TensorRef {
  constructor(
    readonly storage: Storage,
    readonly offset: number,
    readonly shape: readonly number[],
    readonly strides: readonly number[],
  ) {}
}

/** Builds the refusal for a global outside the whitelist. */
export function forbiddenGlobal(module: string, name: string): StatusError {
  return new StatusError(
    Code.INVALID_ARGUMENT,
    `Pickle global "${module}.${name}" is not allowed; only the globals of NVIDIA StyleGAN2-ADA network snapshots are read`,
  );
}

function storageHooks(persistentLoad?: (pid: unknown) => unknown): PickleHooks {
  const findClass = (module: string, name: string) => {
    const type = storageType(module, name);
    if (type === undefined) throw forbiddenGlobal(module, name);
    return type;
  };
  return persistentLoad === undefined ? { findClass } : { findClass, persistentLoad };
}

/**
 * Reads the bytes given to `torch.storage._load_from_bytes`: a legacy (non-zip) `torch.save` of one storage, or a
 * zip-format one. `origin` is the blob's offset in the file, for error messages.
 */
export function loadStorageBlob(blob: Uint8Array, origin: number): Storage {
  if (blob[0] === 0x50 && blob[1] === 0x4b && blob[2] === 0x03 && blob[3] === 0x04) {
    return loadZipStorage(blob, origin);
  }
  const where = { origin, label: "Storage blob" };
  const magic = runPickle(blob, 0, storageHooks(), where);
  if (magic.value !== LEGACY_MAGIC)
    throw malformed(origin, "storage blob does not start with torch's magic number");
  const version = runPickle(blob, magic.end, storageHooks(), where);
  if (version.value !== LEGACY_PROTOCOL) {
    throw malformed(origin, `unsupported torch storage protocol "${String(version.value)}"`);
  }
  const sysInfo = runPickle(blob, version.end, storageHooks(), where);
  if (!(sysInfo.value instanceof Map) || sysInfo.value.get("little_endian") !== true) {
    throw new StatusError(Code.UNIMPLEMENTED, "Big-endian torch storages are not supported");
  }
  const declared = new Map<string, { dtype: DType; numel: number }>();
  const main = runPickle(
    blob,
    sysInfo.end,
    storageHooks((pid) => {
      const { key, dtype, numel } = parseStoragePid(pid, origin);
      if (!Array.isArray(pid) || (pid[5] !== undefined && pid[5] !== null)) {
        throw new StatusError(Code.UNIMPLEMENTED, "Legacy torch storage views are not supported");
      }
      declared.set(key, { dtype, numel });
      return key;
    }),
    where,
  );
  const keys = runPickle(blob, main.end, storageHooks(), where);
  if (!Array.isArray(keys.value)) throw malformed(origin, "storage blob has no key list");
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  let pos = keys.end;
  let result: Storage | undefined;
  for (const key of keys.value) {
    const info = typeof key === "string" ? declared.get(key) : undefined;
    if (info === undefined) throw malformed(origin + pos, `storage key "${String(key)}" was never declared`);
    if (pos + 8 > blob.length) throw truncated(origin + blob.length, "storage data is cut short");
    const numel = view.getUint32(pos, true) + view.getUint32(pos + 4, true) * 2 ** 32;
    if (numel !== info.numel) {
      throw malformed(origin + pos, `storage "${key}" holds "${numel}" elements, not "${info.numel}"`);
    }
    pos += 8;
    const size = numel * ITEM_SIZE[info.dtype];
    if (pos + size > blob.length) throw truncated(origin + blob.length, "storage data is cut short");
    const storage = new Storage(info.dtype, numel, blob.subarray(pos, pos + size));
    pos += size;
    if (key === main.value) result = storage;
  }
  if (result === undefined) throw malformed(origin, "storage blob does not hold the storage it names");
  return result;
}

function parseStoragePid(pid: unknown, origin: number): { key: string; dtype: DType; numel: number } {
  if (
    !Array.isArray(pid) ||
    pid[0] !== "storage" ||
    !(pid[1] instanceof StorageType) ||
    typeof pid[2] !== "string"
  ) {
    throw malformed(origin, "unexpected persistent id in a storage blob");
  }
  const numel = pid[4];
  if (typeof numel !== "number" || !Number.isSafeInteger(numel) || numel < 0) {
    throw malformed(origin, "storage has an invalid element count");
  }
  return { key: pid[2], dtype: pid[1].dtype, numel };
}

/** The storage class `torch.<name>` (e.g. `FloatStorage`), or undefined for any other global. */
export function storageType(module: string, name: string): StorageType | undefined {
  const dtype = module === "torch" && Object.hasOwn(STORAGE_TYPES, name) ? STORAGE_TYPES[name] : undefined;
  return dtype === undefined ? undefined : new StorageType(name, dtype);
}

/** A torch zip archive (`torch.save` since torch 1.6): its pickle, and the storages stored beside it. */
export interface TorchZip {
  /** The archive's `<name>/data.pkl`. */
  readonly pkl: ZipEntry;
  /** The pickle's `persistent_load`: a `("storage", type, key, location, numel)` id becomes a view of its data. */
  persistentLoad(pid: unknown): Storage;
}

/**
 * Opens a torch zip archive: finds its pickle, refuses big-endian data, and reads storages from their entries.
 * `origin` is the archive's offset in the file, for error messages.
 *
 * @throws {StatusError} INVALID_ARGUMENT for an archive without a pickle or with a storage that does not match it;
 *   UNIMPLEMENTED for big-endian data
 */
export function openTorchZip(bytes: Uint8Array, origin: number): TorchZip {
  const entries = readStoredZip(bytes, origin);
  const pklName = [...entries.keys()].find((n) => n.endsWith("/data.pkl") && n.split("/").length === 2);
  const pkl = pklName === undefined ? undefined : entries.get(pklName);
  if (pklName === undefined || pkl === undefined)
    throw malformed(origin, "torch zip archive has no data.pkl");
  const prefix = pklName.slice(0, -"data.pkl".length);
  const byteorder = entries.get(`${prefix}byteorder`);
  if (byteorder !== undefined && String.fromCharCode(...byteorder.bytes) !== "little") {
    throw new StatusError(Code.UNIMPLEMENTED, "Big-endian torch storages are not supported");
  }
  return {
    pkl,
    persistentLoad(pid) {
      const { key, dtype } = parseStoragePid(pid, origin);
      const entry = entries.get(`${prefix}data/${key}`);
      if (entry === undefined)
        throw malformed(origin, `torch zip archive lacks the data of storage "${key}"`);
      const itemSize = ITEM_SIZE[dtype];
      if (entry.bytes.length % itemSize !== 0)
        throw malformed(entry.origin, `storage "${key}" has a partial element`);
      return new Storage(dtype, entry.bytes.length / itemSize, entry.bytes);
    },
  };
}

function loadZipStorage(blob: Uint8Array, origin: number): Storage {
  const zip = openTorchZip(blob, origin);
  const { value } = runPickle(zip.pkl.bytes, 0, storageHooks(zip.persistentLoad), {
    origin: zip.pkl.origin,
    label: "Storage blob",
  });
  if (!(value instanceof Storage)) throw malformed(origin, "zip storage blob does not hold a storage");
  return value;
}

const isIndex = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])`. */
export function rebuildTensor(args: unknown[]): TensorRef {
  const [storage, offset, size, stride] = args;
  if (!(storage instanceof Storage))
    throw new StatusError(Code.INVALID_ARGUMENT, "Tensor has no torch storage");
  if (!isIndex(offset) || !Array.isArray(size) || !Array.isArray(stride) || size.length !== stride.length) {
    throw new StatusError(Code.INVALID_ARGUMENT, "Tensor has an invalid offset, size or stride");
  }
  if (!size.every(isIndex) || !stride.every(isIndex)) {
    throw new StatusError(Code.INVALID_ARGUMENT, "Tensor has a negative or non-integer size or stride");
  }
  const shape = size as number[];
  const strides = stride as number[];
  const numel = shape.reduce((a, b) => a * b, 1);
  if (numel > MAX_TENSOR_ELEMENTS) {
    throw new StatusError(Code.RESOURCE_EXHAUSTED, `Tensor of shape "[${shape.join(", ")}]" is too large`);
  }
  if (numel > 0) {
    let last = offset;
    for (let d = 0; d < shape.length; d++) last += (shape[d]! - 1) * strides[d]!;
    if (last >= storage.numel) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Tensor view reaches element "${last}" of a storage of "${storage.numel}" elements`,
      );
    }
  }
  return new TensorRef(storage, offset, shape, strides);
}

/** Copies a tensor view into a new row-major Float32Array (float16/bfloat16/float64/integers converted). */
export function materialize(t: TensorRef): Float32Array {
  const { storage, offset, shape, strides } = t;
  const numel = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(numel);
  if (numel === 0) return out;
  let contiguous = true;
  for (let d = shape.length - 1, expected = 1; d >= 0; d--) {
    if (shape[d] !== 1 && strides[d] !== expected) contiguous = false;
    expected *= shape[d]!;
  }
  if (contiguous && storage.dtype === "float32") {
    // One byte copy also realigns data that sits at an odd offset in the file.
    new Uint8Array(out.buffer).set(storage.bytes.subarray(offset * 4, (offset + numel) * 4));
    return out;
  }
  const get = elementReader(storage);
  if (contiguous) {
    for (let i = 0; i < numel; i++) out[i] = get(offset + i);
    return out;
  }
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let src = offset;
  for (let i = 0; i < numel; i++) {
    out[i] = get(src);
    for (let d = rank - 1; d >= 0; d--) {
      index[d]! += 1;
      src += strides[d]!;
      if (index[d]! < shape[d]!) break;
      src -= strides[d]! * shape[d]!;
      index[d] = 0;
    }
  }
  return out;
}

function elementReader(s: Storage): (i: number) => number {
  const v = new DataView(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength);
  switch (s.dtype) {
    case "float32":
      return (i) => v.getFloat32(i * 4, true);
    case "float16":
      return (i) => halfToFloat(v.getUint16(i * 2, true));
    case "bfloat16": {
      const bits = new Uint32Array(1);
      const f = new Float32Array(bits.buffer);
      return (i) => {
        bits[0] = v.getUint16(i * 2, true) << 16;
        return f[0]!;
      };
    }
    case "float64":
      return (i) => v.getFloat64(i * 8, true);
    case "int64":
      return (i) => Number(v.getBigInt64(i * 8, true));
    case "int32":
      return (i) => v.getInt32(i * 4, true);
    case "int16":
      return (i) => v.getInt16(i * 2, true);
    case "int8":
      return (i) => v.getInt8(i);
    case "uint8":
      return (i) => v.getUint8(i);
    case "bool":
      return (i) => (v.getUint8(i) !== 0 ? 1 : 0);
  }
}
