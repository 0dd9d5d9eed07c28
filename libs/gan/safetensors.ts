import { open, rename, unlink } from "node:fs/promises";
import { Code, StatusError } from "@dermanomaly/contracts";
import { whenFound } from "./_file.ts";
import { type StateDict, shapeSize } from "./state_dict.ts";

/** A state dict read from a safetensors file, with the file's `__metadata__` string map. */
export interface SafetensorsContent {
  stateDict: StateDict;
  metadata: Record<string, string>;
}

/** Options of {@link writeSafetensors} and {@link encodeSafetensors}. */
export interface SafetensorsWriteOptions {
  /** Stored as `__metadata__` (strings only). @default {} */
  metadata?: Record<string, string>;
}

/** Options of {@link readSafetensors} and {@link decodeSafetensors}. */
export interface SafetensorsReadOptions {
  /** Read only these tensors (all when absent); a name not in the file is an error. */
  names?: readonly string[];
}

interface HeaderEntry {
  dtype: "F32" | "F16";
  shape: number[];
  begin: number;
  end: number;
}

const BYTES = { F32: 4, F16: 2 } as const;
// Larger headers are certainly corrupt (the reference implementation caps them at 100 MB).
const MAX_HEADER = 100_000_000;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function corrupt(message: string): StatusError {
  return new StatusError(Code.DATA_LOSS, message);
}

function parseHeader(
  text: string,
  dataSize: number,
): { entries: Map<string, HeaderEntry>; metadata: Record<string, string> } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new StatusError(Code.DATA_LOSS, "Safetensors header is not valid JSON", { cause: err });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw corrupt("Safetensors header is not a JSON object");
  const entries = new Map<string, HeaderEntry>();
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (typeof value !== "object" || value === null)
        throw corrupt("Safetensors __metadata__ is not an object");
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== "string") throw corrupt(`Safetensors metadata "${k}" is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    const e = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e.dtype !== "F32" && e.dtype !== "F16") {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Tensor "${name}" has dtype "${String(e.dtype)}"; only F32 and F16 are supported`,
      );
    }
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw corrupt(`Tensor "${name}" has an invalid shape`);
    }
    const offs = e.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      throw corrupt(`Tensor "${name}" has invalid data_offsets`);
    }
    const [begin, end] = offs as [number, number];
    if (begin > end || end > dataSize) {
      throw corrupt(
        `Tensor "${name}" has data_offsets [${begin}, ${end}] outside the ${dataSize}-byte data section`,
      );
    }
    if (end - begin !== shapeSize(shape) * BYTES[e.dtype]) {
      throw corrupt(
        `Tensor "${name}" spans ${end - begin} bytes but its shape and dtype need ${shapeSize(shape) * BYTES[e.dtype]}`,
      );
    }
    entries.set(name, { dtype: e.dtype, shape: shape as number[], begin, end });
  }
  return { entries, metadata };
}

function selected(
  entries: Map<string, HeaderEntry>,
  names: readonly string[] | undefined,
): [string, HeaderEntry][] {
  if (names === undefined) return [...entries];
  return names.map((n) => {
    const e = entries.get(n);
    if (e === undefined)
      throw new StatusError(Code.NOT_FOUND, `Tensor "${n}" is not in the safetensors file`);
    return [n, e];
  });
}

/** Decodes F32 (copied) or F16 (widened) little-endian bytes. */
function toFloat32(bytes: Uint8Array, dtype: "F32" | "F16"): Float32Array {
  if (dtype === "F32") {
    const out = new Float32Array(bytes.byteLength / 4);
    if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes);
    else {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
    }
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 2);
  for (let i = 0; i < out.length; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
  return out;
}

/** IEEE 754 binary16 bits -> number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function headerLength(prefix: Uint8Array, total: number): number {
  if (total < 8) throw corrupt(`Safetensors data is ${total} bytes, shorter than its 8-byte header length`);
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, total - 8)))
    throw corrupt(`Safetensors header length ${n} exceeds the ${total - 8} bytes that follow`);
  return Number(n);
}

/**
 * Reads a state dict from a safetensors file, one tensor at a time (no whole-file buffer).
 *
 * @throws {StatusError} NOT_FOUND for a missing file or tensor, DATA_LOSS for a corrupt or truncated one,
 * INVALID_ARGUMENT for a dtype other than F32/F16
 */
export async function readSafetensors(
  path: string,
  options: SafetensorsReadOptions = {},
): Promise<SafetensorsContent> {
  const fh = await whenFound(path, () => open(path, "r"));
  try {
    const size = (await fh.stat()).size;
    const prefix = new Uint8Array(8);
    await fh.read(prefix, 0, Math.min(8, size), 0);
    const n = headerLength(prefix, size);
    const headerBytes = new Uint8Array(n);
    await fh.read(headerBytes, 0, n, 8);
    const { entries, metadata } = parseHeader(new TextDecoder().decode(headerBytes), size - 8 - n);
    const stateDict: StateDict = new Map();
    for (const [name, e] of selected(entries, options.names)) {
      const length = e.end - e.begin;
      let data: Float32Array;
      if (e.dtype === "F32" && LITTLE_ENDIAN) {
        // Read straight into the result's memory.
        data = new Float32Array(length / 4);
        await readFully(fh, new Uint8Array(data.buffer), 8 + n + e.begin);
      } else {
        const bytes = new Uint8Array(length);
        await readFully(fh, bytes, 8 + n + e.begin);
        data = toFloat32(bytes, e.dtype);
      }
      stateDict.set(name, { shape: e.shape, data });
    }
    return { stateDict, metadata };
  } finally {
    await fh.close();
  }
}

async function readFully(
  fh: import("node:fs/promises").FileHandle,
  into: Uint8Array,
  position: number,
): Promise<void> {
  let done = 0;
  while (done < into.byteLength) {
    const { bytesRead } = await fh.read(into, done, into.byteLength - done, position + done);
    if (bytesRead === 0) throw corrupt("Safetensors file ended early");
    done += bytesRead;
  }
}

/** Decodes safetensors bytes held in memory (tensor data is copied out). */
export function decodeSafetensors(
  bytes: Uint8Array,
  options: SafetensorsReadOptions = {},
): SafetensorsContent {
  const n = headerLength(bytes.subarray(0, 8), bytes.byteLength);
  const { entries, metadata } = parseHeader(
    new TextDecoder().decode(bytes.subarray(8, 8 + n)),
    bytes.byteLength - 8 - n,
  );
  const stateDict: StateDict = new Map();
  for (const [name, e] of selected(entries, options.names)) {
    stateDict.set(name, {
      shape: e.shape,
      data: toFloat32(bytes.subarray(8 + n + e.begin, 8 + n + e.end), e.dtype),
    });
  }
  return { stateDict, metadata };
}

function encodeHeader(sd: StateDict, metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header["__metadata__"] = metadata;
  let offset = 0;
  for (const [name, t] of sd) {
    if (name === "__metadata__") throw new RangeError(`Tensor name "${name}" is reserved`);
    if (t.data.length !== shapeSize(t.shape)) {
      throw new RangeError(
        `Tensor "${name}" holds ${t.data.length} values but its shape needs ${shapeSize(t.shape)}`,
      );
    }
    header[name] = { dtype: "F32", shape: t.shape, data_offsets: [offset, offset + 4 * t.data.length] };
    offset += 4 * t.data.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
  const padded = Math.ceil(json.byteLength / 8) * 8;
  const out = new Uint8Array(8 + padded).fill(0x20, 8);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  return out;
}

function tensorBytes(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
  return out;
}

/** Encodes a state dict as F32 safetensors bytes. */
export function encodeSafetensors(sd: StateDict, options: SafetensorsWriteOptions = {}): Uint8Array {
  const header = encodeHeader(sd, options.metadata ?? {});
  let total = header.byteLength;
  for (const t of sd.values()) total += 4 * t.data.length;
  const out = new Uint8Array(total);
  out.set(header);
  let pos = header.byteLength;
  for (const t of sd.values()) {
    out.set(tensorBytes(t.data), pos);
    pos += 4 * t.data.length;
  }
  return out;
}

/**
 * Writes a state dict as F32 safetensors, tensor by tensor from the arrays' own memory, to a temporary file that
 * then replaces `path` (readers never see a half-written file).
 */
export async function writeSafetensors(
  path: string,
  sd: StateDict,
  options: SafetensorsWriteOptions = {},
): Promise<void> {
  const header = encodeHeader(sd, options.metadata ?? {});
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const fh = await open(tmp, "w");
  try {
    await fh.write(header);
    for (const t of sd.values()) await fh.write(tensorBytes(t.data));
    await fh.sync();
    await fh.close();
    await rename(tmp, path);
  } catch (err) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
