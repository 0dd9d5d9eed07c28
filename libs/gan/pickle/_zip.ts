/**
 * Just enough of a zip reader for zip-format `torch.save` archives, whose entries are stored uncompressed.
 * Entries are views into the input.
 */

import { Code, StatusError } from "@dermanomaly/contracts";
import { malformed, truncated } from "./_pickle_vm.ts";

/** One stored entry: its bytes and their absolute offset, for error messages. */
export interface ZipEntry {
  bytes: Uint8Array;
  origin: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;

/** Reads the central directory of `zip` (which sits at absolute offset `origin`). */
export function readStoredZip(zip: Uint8Array, origin: number): Map<string, ZipEntry> {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (p: number) => v.getUint16(p, true);
  const u32 = (p: number) => v.getUint32(p, true);
  const u64 = (p: number) => u32(p) + u32(p + 4) * 2 ** 32;
  const check = (p: number, n: number) => {
    if (p < 0 || p + n > zip.length) throw truncated(origin + zip.length, "zip archive is cut short");
  };
  let eocd = -1;
  for (let p = zip.length - 22; p >= Math.max(0, zip.length - 22 - 0xffff); p--) {
    if (u32(p) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw truncated(origin + zip.length, "zip archive has no end-of-directory record");
  let count = u16(eocd + 10);
  let dir = u32(eocd + 16);
  if (eocd >= 20 && u32(eocd - 20) === ZIP64_EOCD_LOCATOR) {
    const z = u64(eocd - 12);
    check(z, 56);
    if (u32(z) !== ZIP64_EOCD) throw malformed(origin + z, "bad zip64 end-of-directory record");
    count = u64(z + 32);
    dir = u64(z + 48);
  }
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder("utf-8");
  let p = dir;
  for (let i = 0; i < count; i++) {
    check(p, 46);
    if (u32(p) !== CENTRAL) throw malformed(origin + p, "bad zip central directory entry");
    const method = u16(p + 10);
    let size = u32(p + 20);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    let local = u32(p + 42);
    check(p + 46, nameLen + extraLen + commentLen);
    const name = decoder.decode(zip.subarray(p + 46, p + 46 + nameLen));
    // zip64 sizes and offsets live in extra field 0x0001, in a fixed order, only for fields saturated at 2^32-1.
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen; e += 4 + u16(e + 2)) {
      if (u16(e) !== 1) continue;
      let q = e + 4;
      if (u32(p + 24) === 0xffffffff) q += 8;
      if (size === 0xffffffff) {
        size = u64(q);
        q += 8;
      }
      if (local === 0xffffffff) local = u64(q);
    }
    if (method !== 0) {
      throw new StatusError(
        Code.UNIMPLEMENTED,
        `Compressed zip entry "${name}" in a torch archive is not supported`,
      );
    }
    check(local, 30);
    if (u32(local) !== LOCAL) throw malformed(origin + local, "bad zip local header");
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    check(start, size);
    entries.set(name, { bytes: zip.subarray(start, start + size), origin: origin + start });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
