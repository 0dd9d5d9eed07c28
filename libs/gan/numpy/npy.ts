import { readFile, rename, unlink, writeFile } from "node:fs/promises";
import { Code, StatusError } from "@dermanomaly/contracts";
import { whenFound } from "../_file.ts";

/** A float array read from or written to a `.npy` file (C order). */
export interface NpyArray {
  /** Dimensions; `[]` for a 0-d array. */
  shape: number[];
  /** Values in row-major order: float32 (`<f4`) or float64 (`<f8`) as stored. */
  data: Float32Array | Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

function corrupt(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

/**
 * Parses the header dict numpy writes (`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`). The grammar
 * is fixed by `numpy.lib.format`, so a few patterns suffice; anything else is refused.
 */
function parseHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr':\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw corrupt(`Npy header "${text.trim()}" lacks descr, fortran_order or shape`);
  }
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const n = Number(s.replace(/L$/, ""));
      if (!Number.isSafeInteger(n) || n < 0) throw corrupt(`Npy shape "(${shapeText})" is not valid`);
      return n;
    });
  return { descr, fortran: fortran === "True", shape };
}

/**
 * Decodes `.npy` bytes (format versions 1.0, 2.0 and 3.0) holding a little-endian float32 or float64 array in C
 * order. Values are copied out, so `bytes` may be reused.
 *
 * @throws {StatusError} INVALID_ARGUMENT for a file that is not npy, is truncated, or holds another dtype or order
 */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (bytes.byteLength < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw corrupt("File is not a .npy array (no \\x93NUMPY magic)");
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.byteLength < 12) throw corrupt("Npy file is truncated in its header");
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw corrupt(`Npy format version "${major}.${bytes[7]}" is not supported`);
  }
  if (start + headerLen > bytes.byteLength) throw corrupt("Npy file is truncated in its header");
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    bytes.subarray(start, start + headerLen),
  );
  const { descr, fortran, shape } = parseHeader(header);
  if (fortran) throw corrupt("Npy array is in Fortran order; save it in C order (np.ascontiguousarray)");
  const itemSize = descr === "<f4" ? 4 : descr === "<f8" ? 8 : 0;
  if (itemSize === 0) {
    throw corrupt(`Npy dtype "${descr}" is not supported; use little-endian float32 or float64`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  if (bytes.byteLength - offset < count * itemSize) {
    throw corrupt(
      `Npy file holds ${bytes.byteLength - offset} data bytes but its shape needs ${count * itemSize}`,
    );
  }
  // Copy (a Node Buffer's slice() would be a view): aligned, and detached from the input.
  const raw = new Uint8Array(count * itemSize);
  raw.set(bytes.subarray(offset, offset + count * itemSize));
  if (!LITTLE_ENDIAN) {
    const out = itemSize === 4 ? new Float32Array(count) : new Float64Array(count);
    const dv = new DataView(raw.buffer);
    for (let i = 0; i < count; i++)
      out[i] = itemSize === 4 ? dv.getFloat32(4 * i, true) : dv.getFloat64(8 * i, true);
    return { shape, data: out };
  }
  return { shape, data: itemSize === 4 ? new Float32Array(raw.buffer) : new Float64Array(raw.buffer) };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Encodes an array as `.npy` bytes (version 1.0, or 2.0 when the header needs it), as `numpy.save` writes it. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const { shape, data } = array;
  const count = shape.reduce((a, b) => a * b, 1);
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0) || count !== data.length) {
    throw new RangeError(`Shape [${shape.join(", ")}] does not fit ${data.length} values`);
  }
  const descr = data instanceof Float32Array ? "<f4" : "<f8";
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // numpy pads with spaces and ends with a newline so the data starts 64-byte aligned.
  let version = 1;
  let prefix = 10;
  if (dict.length + 1 + prefix > 65535) {
    version = 2;
    prefix = 12;
  }
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  dict = `${dict.padEnd(total - prefix - 1, " ")}\n`;
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, dict.length, true);
  else view.setUint32(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) out[prefix + i] = dict.charCodeAt(i);
  if (LITTLE_ENDIAN) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  else {
    for (let i = 0; i < data.length; i++) {
      if (data instanceof Float32Array) view.setFloat32(total + 4 * i, data[i]!, true);
      else view.setFloat64(total + 8 * i, data[i]!, true);
    }
  }
  return out;
}

/**
 * Reads a `.npy` file (see {@link decodeNpy}).
 *
 * @throws {StatusError} NOT_FOUND for a missing file; INVALID_ARGUMENT as {@link decodeNpy}
 */
export async function readNpy(path: string): Promise<NpyArray> {
  return decodeNpy(await whenFound(path, () => readFile(path)));
}

/** Writes a `.npy` file via a temporary file, so readers never see a partial one. */
export async function writeNpy(path: string, array: NpyArray): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, encodeNpy(array));
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
