import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { Code, isStatusError, StatusError } from "@dermanomaly/contracts";
import { openZip, type ZipLimits } from "./_zip.ts";

/** Extensions decoded here (lower case, with the dot). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  ".jpg",
  ".jpeg",
  ".jpe",
  ".jfif",
  ".png",
  ".webp",
  ".tif",
  ".tiff",
  ".gif",
  ".bmp",
  ".dib",
  ".avif",
]);

/** Extensions Pillow opens but this library does not decode: such files are skipped as UNSUPPORTED. */
export const UNSUPPORTED_IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  ".ppm",
  ".pgm",
  ".pbm",
  ".pnm",
  ".tga",
  ".ico",
  ".icns",
  ".pcx",
  ".heic",
  ".heif",
  ".jp2",
  ".j2k",
  ".jpx",
  ".psd",
  ".dds",
  ".eps",
  ".sgi",
  ".xbm",
  ".xpm",
]);

/** Lower-case extension of a `/`-separated name, with the dot, or `""`. */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot).toLowerCase();
}

/** A folder or zip to read files from, by `/`-separated relative name. */
export interface Source {
  /** Every file, relative, `/`-separated, sorted by code unit like Python's `sorted()`. */
  readonly files: readonly string[];
  read(name: string): Promise<Uint8Array>;
  close(): void;
}

function sortNames(names: string[]): string[] {
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Options of {@linkcode openSource}. */
export interface OpenSourceOptions {
  /** Limits on a zip's entries. @default DEFAULT_ZIP_LIMITS */
  zipLimits?: ZipLimits;
}

/**
 * Opens a source folder (searched recursively) or a `.zip`.
 *
 * @throws {StatusError} NOT_FOUND for a missing source; INVALID_ARGUMENT for a zip that cannot be read (truncated)
 * or that is beyond the zip limits, or a file that is neither
 */
export async function openSource(path: string, options: OpenSourceOptions = {}): Promise<Source> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new StatusError(Code.NOT_FOUND, `Source '${path}' does not exist`);
  if (info.isDirectory()) {
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => relative(path, join(e.parentPath, e.name)).split(sep).join("/"));
    return {
      files: sortNames(files),
      read: async (name) => await readFile(join(path, ...name.split("/"))),
      close() {},
    };
  }
  if (info.isFile() && path.toLowerCase().endsWith(".zip")) {
    let zip: Awaited<ReturnType<typeof openZip>>;
    try {
      zip = await openZip(path, options.zipLimits);
    } catch (err) {
      if (isStatusError(err)) throw err;
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Source '${path}' is not a readable zip (${(err as Error).message})`,
        {
          cause: err,
        },
      );
    }
    return { files: sortNames([...zip.names]), read: (name) => zip.read(name), close: () => zip.close() };
  }
  throw new StatusError(Code.INVALID_ARGUMENT, `Source '${path}' is neither a folder nor a '.zip' file`);
}

/**
 * Opens a source and closes it again: throws what {@linkcode openSource} (and so a preparation) would, so a
 * service can refuse a missing source, a truncated zip or a zip bomb on the call, before a job starts.
 */
export async function checkSource(path: string, options: OpenSourceOptions = {}): Promise<void> {
  (await openSource(path, options)).close();
}
