import { createWriteStream } from "node:fs";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { finished } from "node:stream/promises";
import { Code, StatusError } from "@dermanomaly/contracts";
import yazl from "yazl";
import type { Label } from "./labels.ts";
import type { DatasetManifest } from "./manifest.ts";

/** Images per subfolder, as `dataset_tool.py` writes them. */
export const IMAGES_PER_FOLDER = 1000;

/** Name of output image `index`: `00000/img00000000.png`, 1000 per folder. */
export function archiveName(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0)
    throw new RangeError(`Index must be a non-negative integer, got '${index}'`);
  const idx = String(index).padStart(8, "0");
  return `${idx.slice(0, 5)}/img${idx}.png`;
}

/** The `dataset.json` contents: labels per file, or `null` when any image lacks one (upstream rule). */
export interface DatasetJson {
  readonly labels: ReadonlyArray<readonly [string, Label]> | null;
}

/** Writes a StyleGAN data set into a folder or a `.zip` (entries stored uncompressed, as upstream). */
export interface DatasetWriter {
  /** The destination as given. */
  readonly dest: string;
  /** `zip` when `dest` ends with `.zip`, else `folder`. */
  readonly kind: "folder" | "zip";
  /** Adds one file (for example `archiveName(i)`); zip entries are stored in call order. */
  add(name: string, bytes: Uint8Array): Promise<void>;
  /** Writes `dataset.json` and `manifest.json` and closes the destination. */
  finish(datasetJson: DatasetJson, manifest: DatasetManifest): Promise<void>;
  /** Removes what was written (the zip file, or the folder's new contents). */
  abort(): Promise<void>;
}

// A fixed entry time keeps zips byte-identical for identical inputs.
const ZIP_MTIME = new Date(Date.UTC(2000, 0, 1));

/**
 * Opens a destination for a new data set. A folder must not exist or be empty; a zip must not exist.
 *
 * @throws {StatusError} `FAILED_PRECONDITION` when the destination is not empty
 */
export async function createDatasetWriter(dest: string): Promise<DatasetWriter> {
  if (typeof dest !== "string" || dest === "") throw new TypeError("Destination must be a non-empty path");
  const info = await stat(dest).catch(() => undefined);
  if (dest.toLowerCase().endsWith(".zip")) {
    if (info !== undefined) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `Destination '${dest}' already exists; refusing to overwrite it`,
      );
    }
    await mkdir(dirname(dest), { recursive: true });
    return zipWriter(dest);
  }
  if (info !== undefined) {
    if (!info.isDirectory())
      throw new StatusError(Code.FAILED_PRECONDITION, `Destination '${dest}' is not a folder`);
    if ((await readdir(dest)).length > 0) {
      throw new StatusError(Code.FAILED_PRECONDITION, `Destination folder '${dest}' must be empty`);
    }
  }
  await mkdir(dest, { recursive: true });
  return folderWriter(dest);
}

function folderWriter(dest: string): DatasetWriter {
  const made = new Set<string>();
  const written = new Set<string>();
  return {
    dest,
    kind: "folder",
    async add(name, bytes) {
      const folder = name.includes("/") ? name.slice(0, name.lastIndexOf("/")) : "";
      if (folder !== "" && !made.has(folder)) {
        await mkdir(join(dest, folder), { recursive: true });
        made.add(folder);
      }
      written.add(name.split("/")[0] as string);
      await writeFile(join(dest, name), bytes);
    },
    async finish(datasetJson, manifest) {
      await writeFile(join(dest, "dataset.json"), JSON.stringify(datasetJson));
      await writeFile(join(dest, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    },
    async abort() {
      for (const top of [...written, "dataset.json", "manifest.json"]) {
        await rm(join(dest, top), { recursive: true, force: true });
      }
    },
  };
}

function zipWriter(dest: string): DatasetWriter {
  const zip = new yazl.ZipFile();
  const out = createWriteStream(dest, { flags: "wx" });
  zip.outputStream.pipe(out);
  const done = finished(out);
  // Keep a write error from being unhandled before finish() or abort() awaits it.
  done.catch(() => {});
  const entry = { compress: false, mtime: ZIP_MTIME, mode: 0o100644 };
  return {
    dest,
    kind: "zip",
    async add(name, bytes) {
      zip.addBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name, entry);
    },
    async finish(datasetJson, manifest) {
      zip.addBuffer(Buffer.from(JSON.stringify(datasetJson)), "dataset.json", entry);
      zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), "manifest.json", entry);
      zip.end();
      await done;
    },
    async abort() {
      zip.outputStream.unpipe(out);
      out.destroy();
      await done.catch(() => {});
      await rm(dest, { force: true });
    },
  };
}
