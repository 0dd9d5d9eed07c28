// A zip of stored (uncompressed) entries, as Python's `zipfile.ZIP_STORED` writes the data sets of dataset_tool.py.
// Written here rather than with yazl, which computes every entry's CRC-32 in JavaScript (about 2 s for a 200 MB
// data set, on the thread that feeds the image pipeline, against 0.1 s with zlib's) and queues whatever it is given
// without backpressure, so a slow destination would hold a whole data set in memory.
import { once } from "node:events";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import zlib from "node:zlib";

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const UTF8_NAMES = 1 << 11;
const MADE_BY_UNIX = (3 << 8) | 45;
const NEEDS_2_0 = 20;
const NEEDS_ZIP64 = 45;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
// Entries larger than this would need zip64 sizes in their local headers; data set files are far smaller.
const MAX_ENTRY_BYTES = 0xfffffffe;
const DOS_EPOCH = Date.UTC(1980, 0, 1);
const DOS_END = Date.UTC(2107, 11, 31, 23, 59, 58);

interface Entry {
  readonly name: Buffer;
  readonly crc: number;
  readonly size: number;
  readonly offset: number;
}

/** Options of {@linkcode StoredZipWriter}. */
export interface StoredZipWriterOptions {
  /** Modification time of every entry (a fixed one keeps zips byte-identical for identical inputs). */
  readonly mtime: Date;
  /** Unix mode of every entry, e.g. `0o100644`. */
  readonly mode: number;
}

/**
 * Writes one zip of stored entries to every output stream at once. `add()` resolves once each output has room
 * again (backpressure); entries stay in call order; offsets past 4 GiB and more than 65535 entries use zip64.
 */
export class StoredZipWriter {
  readonly #outputs: readonly Writable[];
  readonly #entries: Entry[] = [];
  readonly #dosTime: number;
  readonly #dosDate: number;
  readonly #attributes: number;
  #offset = 0;
  #ended = false;

  constructor(outputs: readonly Writable[], options: StoredZipWriterOptions) {
    if (outputs.length === 0) throw new RangeError("A zip needs at least one output stream");
    this.#outputs = outputs;
    // An output's error surfaces from the next add() or end() (it leaves the stream destroyed), not as an
    // unhandled 'error' event between two writes.
    for (const out of outputs) out.on("error", () => {});
    // In UTC, so that the same time gives the same bytes whatever the machine's time zone; DOS times run from 1980
    // to 2107 only.
    const t = new Date(Math.min(Math.max(options.mtime.getTime(), DOS_EPOCH), DOS_END));
    this.#dosTime = (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | Math.floor(t.getUTCSeconds() / 2);
    this.#dosDate = ((t.getUTCFullYear() - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate();
    this.#attributes = (options.mode << 16) >>> 0;
  }

  /** Adds one file. */
  async add(name: string, data: Uint8Array): Promise<void> {
    if (this.#ended) throw new Error("The zip is already ended");
    if (data.byteLength > MAX_ENTRY_BYTES)
      throw new RangeError(`Entry '${name}' of '${data.byteLength}' bytes is too large`);
    const nameBytes = Buffer.from(name, "utf8");
    const entry = { name: nameBytes, crc: zlib.crc32(data), size: data.byteLength, offset: this.#offset };
    const header = Buffer.alloc(30 + nameBytes.length);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(NEEDS_2_0, 4);
    header.writeUInt16LE(UTF8_NAMES, 6);
    header.writeUInt16LE(0, 8); // stored
    header.writeUInt16LE(this.#dosTime, 10);
    header.writeUInt16LE(this.#dosDate, 12);
    header.writeUInt32LE(entry.crc, 14);
    header.writeUInt32LE(entry.size, 18);
    header.writeUInt32LE(entry.size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    nameBytes.copy(header, 30);
    this.#entries.push(entry);
    this.#offset += header.length + entry.size;
    // The data is written as it is, shared by every output: copying it into one chunk with its header would
    // double the memory each image churns through.
    await this.#write([header, data]);
  }

  /** Writes the central directory and ends every output; resolves once they have all finished. */
  async end(): Promise<void> {
    if (this.#ended) throw new Error("The zip is already ended");
    this.#ended = true;
    const start = this.#offset;
    const records: Buffer[] = [];
    for (const entry of this.#entries) {
      const zip64 = entry.offset > MAX_ENTRY_BYTES;
      const extra = zip64 ? Buffer.alloc(12) : Buffer.alloc(0);
      if (zip64) {
        extra.writeUInt16LE(ZIP64_EXTRA, 0);
        extra.writeUInt16LE(8, 2);
        extra.writeBigUInt64LE(BigInt(entry.offset), 4);
      }
      const header = Buffer.alloc(46);
      header.writeUInt32LE(CENTRAL_HEADER, 0);
      header.writeUInt16LE(MADE_BY_UNIX, 4);
      header.writeUInt16LE(zip64 ? NEEDS_ZIP64 : NEEDS_2_0, 6);
      header.writeUInt16LE(UTF8_NAMES, 8);
      header.writeUInt16LE(0, 10);
      header.writeUInt16LE(this.#dosTime, 12);
      header.writeUInt16LE(this.#dosDate, 14);
      header.writeUInt32LE(entry.crc, 16);
      header.writeUInt32LE(entry.size, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(entry.name.length, 28);
      header.writeUInt16LE(extra.length, 30);
      header.writeUInt16LE(0, 32); // comment length
      header.writeUInt16LE(0, 34); // disk
      header.writeUInt16LE(0, 36); // internal attributes
      header.writeUInt32LE(this.#attributes, 38);
      header.writeUInt32LE(zip64 ? U32_MAX : entry.offset, 42);
      records.push(header, entry.name, extra);
    }
    const size = records.reduce((n, b) => n + b.length, 0);
    const count = this.#entries.length;
    const zip64 = count > U16_MAX - 1 || start + size > MAX_ENTRY_BYTES;
    if (zip64) {
      const end64 = Buffer.alloc(56);
      end64.writeUInt32LE(ZIP64_END_OF_CENTRAL_DIRECTORY, 0);
      end64.writeBigUInt64LE(44n, 4);
      end64.writeUInt16LE(MADE_BY_UNIX, 12);
      end64.writeUInt16LE(NEEDS_ZIP64, 14);
      end64.writeUInt32LE(0, 16);
      end64.writeUInt32LE(0, 20);
      end64.writeBigUInt64LE(BigInt(count), 24);
      end64.writeBigUInt64LE(BigInt(count), 32);
      end64.writeBigUInt64LE(BigInt(size), 40);
      end64.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(ZIP64_LOCATOR, 0);
      locator.writeUInt32LE(0, 4);
      locator.writeBigUInt64LE(BigInt(start + size), 8);
      locator.writeUInt32LE(1, 16);
      records.push(end64, locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(0, 4);
    end.writeUInt16LE(0, 6);
    end.writeUInt16LE(zip64 ? U16_MAX : count, 8);
    end.writeUInt16LE(zip64 ? U16_MAX : count, 10);
    end.writeUInt32LE(zip64 ? U32_MAX : size, 12);
    end.writeUInt32LE(zip64 ? U32_MAX : start, 16);
    end.writeUInt16LE(0, 20);
    records.push(end);
    await this.#write([Buffer.concat(records)]);
    await Promise.all(
      this.#outputs.map(async (out) => {
        out.end();
        await finished(out);
      }),
    );
  }

  /** Destroys every output with `reason`, so that a reader of one (an upload) fails instead of keeping a part. */
  destroy(reason: Error): void {
    this.#ended = true;
    for (const out of this.#outputs) out.destroy(reason);
  }

  async #write(chunks: readonly Uint8Array[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const out of this.#outputs) {
      if (out.destroyed)
        throw out.errored ?? new Error("A zip output was closed before the zip was complete");
      let room = true;
      for (const chunk of chunks) room = out.write(chunk) && room;
      if (!room) waits.push(drained(out));
    }
    await Promise.all(waits);
  }
}

/** Resolves on `drain`; rejects when the stream errors or closes first (it will never drain then). */
async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw out.errored ?? new Error("A zip output was closed before the zip was complete");
  if (!out.writableNeedDrain) return;
  const ac = new AbortController();
  try {
    await Promise.race([
      once(out, "drain", { signal: ac.signal }),
      once(out, "close", { signal: ac.signal }).then(() => {
        throw out.errored ?? new Error("A zip output was closed before the zip was complete");
      }),
    ]);
  } finally {
    ac.abort();
  }
}
