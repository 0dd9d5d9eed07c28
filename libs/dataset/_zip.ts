import { crc32 } from "node:zlib";
import { Code, StatusError } from "@dermanomaly/contracts";
import { ImageDecodeError } from "@dermanomaly/imaging";
import yauzl from "yauzl";

/** Limits that keep a zip from expanding beyond what a preparation can hold (a zip bomb). */
export interface ZipLimits {
  /** Largest uncompressed size of one entry, in bytes. @default 268435456 (256 MiB) */
  maxEntryBytes?: number;
  /**
   * Largest ratio of uncompressed to compressed size of an entry over 1 MiB (photos barely compress; a bomb's
   * entries compress a thousandfold). @default 200
   */
  maxRatio?: number;
}

/** The limits applied when none are given. */
export const DEFAULT_ZIP_LIMITS: Required<ZipLimits> = { maxEntryBytes: 256 * 2 ** 20, maxRatio: 200 };

/** Entries smaller than this are not held to the ratio: tiny files may compress well and can do no harm. */
const RATIO_FLOOR_BYTES = 2 ** 20;

/** A zip opened for random reads of its entries by name. */
export interface ZipReader {
  /** File entry names (folders left out), in archive order. */
  readonly names: readonly string[];
  /**
   * Reads one entry whole, its CRC-32 checked.
   *
   * @throws {ImageDecodeError} CORRUPT for an entry whose data is damaged (the entry can be skipped)
   */
  read(name: string): Promise<Buffer>;
  /** Closes the file descriptor. */
  close(): void;
}

/**
 * Opens a zip, lists its file entries and checks each against `limits` from the central directory, before any
 * entry is inflated (yauzl also stops an entry that inflates past its declared size).
 *
 * @throws {StatusError} INVALID_ARGUMENT naming the entry, for an entry beyond a limit
 * @throws {Error} yauzl's, for a file that is not a readable zip (truncated, no central directory)
 */
export async function openZip(path: string, limits: ZipLimits = {}): Promise<ZipReader> {
  const { maxEntryBytes, maxRatio } = { ...DEFAULT_ZIP_LIMITS, ...limits };
  if (!(maxEntryBytes > 0)) throw new RangeError(`maxEntryBytes must be > 0, got "${maxEntryBytes}"`);
  if (!(maxRatio >= 1)) throw new RangeError(`maxRatio must be >= 1, got "${maxRatio}"`);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const entries = new Map<string, yauzl.Entry>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        const refused = beyondLimits(entry, maxEntryBytes, maxRatio);
        if (refused !== undefined) {
          reject(new StatusError(Code.INVALID_ARGUMENT, `Zip '${path}' is refused: ${refused}`));
          return;
        }
        if (!entry.fileName.endsWith("/")) entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.once("end", () => resolve());
      zip.once("error", reject);
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }
  return {
    names: [...entries.keys()],
    async read(name) {
      const entry = entries.get(name);
      if (entry === undefined) throw new RangeError(`No entry '${name}' in zip '${path}'`);
      try {
        const stream = await zip.openReadStreamPromise(entry);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        const data = Buffer.concat(chunks);
        if (crc32(data) !== entry.crc32) throw new Error("its CRC-32 does not match its data");
        return data;
      } catch (err) {
        throw new ImageDecodeError("CORRUPT", `Zip entry '${name}' is damaged: ${(err as Error).message}`, {
          cause: err,
        });
      }
    },
    close() {
      zip.close();
    },
  };
}

function beyondLimits(entry: yauzl.Entry, maxEntryBytes: number, maxRatio: number): string | undefined {
  const size = entry.uncompressedSize;
  if (size > maxEntryBytes)
    return `entry '${entry.fileName}' inflates to ${size} bytes, more than the limit of ${maxEntryBytes}`;
  const ratio = size / Math.max(entry.compressedSize, 1);
  if (size > RATIO_FLOOR_BYTES && ratio > maxRatio)
    return `entry '${entry.fileName}' is compressed ${Math.round(ratio)} times, more than the limit of ${maxRatio} (a zip bomb?)`;
  return undefined;
}
