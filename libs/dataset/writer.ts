import { createWriteStream } from "node:fs";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { Code, StatusError } from "@dermanomaly/contracts";
import { StoredZipWriter } from "./_zip_writer.ts";
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

/** Writes a StyleGAN data set into a folder or a `.zip` (entries stored uncompressed, as upstream), and/or streams. */
export interface DatasetWriter {
  /** The destination path as given; absent when the data set goes to `zipStreams` only. */
  readonly dest?: string;
  /** `folder` for a folder destination, else `zip` (a `.zip` destination, or zip streams only). */
  readonly kind: "folder" | "zip";
  /** Adds one file (for example `archiveName(i)`); zip entries are stored in call order. */
  add(name: string, bytes: Uint8Array): Promise<void>;
  /** Writes `dataset.json` and `manifest.json` and closes the destination and the zip streams. */
  finish(datasetJson: DatasetJson, manifest: DatasetManifest): Promise<void>;
  /** Removes what was written (the zip file, or the folder's new contents) and destroys the zip streams. */
  abort(): Promise<void>;
}

/** Options of {@linkcode createDatasetWriter}. */
export interface DatasetWriterOptions {
  /**
   * Streams that each receive the data set as a zip while it is written (the very bytes a `.zip` destination
   * gets), e.g. an upload into an artifact store, so that a data set is written once, straight into every form it
   * is kept in. `finish()` ends them; `abort()` destroys them with an error, so that their readers fail rather than
   * keep a part. Their errors surface from `add()` and `finish()`.
   * @default []
   */
  readonly zipStreams?: readonly Writable[];
}

// A fixed entry time keeps zips byte-identical for identical inputs.
const ZIP_MTIME = new Date(Date.UTC(2000, 0, 1));
const ZIP_MODE = 0o100644;
/** Bytes a zip file destination buffers before add() waits for it. */
const OUTPUT_BUFFER = 8 << 20;

/**
 * Opens a destination for a new data set: a folder (must not exist or be empty), a `.zip` (must not exist), or
 * `undefined` for `options.zipStreams` only.
 *
 * @throws {StatusError} `FAILED_PRECONDITION` when the destination is not empty
 * @throws {TypeError} with neither a destination nor a zip stream
 */
export async function createDatasetWriter(
  dest: string | undefined,
  options: DatasetWriterOptions = {},
): Promise<DatasetWriter> {
  const streams = options.zipStreams ?? [];
  if (dest === undefined) {
    if (streams.length === 0) throw new TypeError("A data set writer needs a destination or a zip stream");
    return zipWriter(undefined, streams);
  }
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
    return zipWriter(dest, streams);
  }
  if (info !== undefined) {
    if (!info.isDirectory())
      throw new StatusError(Code.FAILED_PRECONDITION, `Destination '${dest}' is not a folder`);
    if ((await readdir(dest)).length > 0) {
      throw new StatusError(Code.FAILED_PRECONDITION, `Destination folder '${dest}' must be empty`);
    }
  }
  await mkdir(dest, { recursive: true });
  return folderWriter(dest, streams);
}

function folderWriter(dest: string, streams: readonly Writable[]): DatasetWriter {
  const made = new Set<string>();
  const written = new Set<string>();
  const zip = streams.length === 0 ? undefined : openZip(streams);
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
      await Promise.all([writeFile(join(dest, name), bytes), zip?.add(name, bytes)]);
    },
    async finish(datasetJson, manifest) {
      const [json, manifestJson] = rootFiles(datasetJson, manifest);
      await writeFile(join(dest, "dataset.json"), json);
      await writeFile(join(dest, "manifest.json"), manifestJson);
      if (zip !== undefined) {
        await zip.add("dataset.json", json);
        await zip.add("manifest.json", manifestJson);
        await zip.end();
      }
    },
    async abort() {
      zip?.destroy(aborted());
      for (const top of [...written, "dataset.json", "manifest.json"]) {
        await rm(join(dest, top), { recursive: true, force: true });
      }
    },
  };
}

function zipWriter(dest: string | undefined, streams: readonly Writable[]): DatasetWriter {
  // A large buffer lets add() return at once while the file catches up (the default 16 KiB is one image's tenth).
  const file =
    dest === undefined ? undefined : createWriteStream(dest, { flags: "wx", highWaterMark: OUTPUT_BUFFER });
  const zip = openZip(file === undefined ? streams : [file, ...streams]);
  return {
    ...(dest === undefined ? {} : { dest }),
    kind: "zip",
    async add(name, bytes) {
      await zip.add(name, bytes);
    },
    async finish(datasetJson, manifest) {
      const [json, manifestJson] = rootFiles(datasetJson, manifest);
      await zip.add("dataset.json", json);
      await zip.add("manifest.json", manifestJson);
      await zip.end();
    },
    async abort() {
      zip.destroy(aborted());
      if (file === undefined || dest === undefined) return;
      // Removed once closed, so that no write lands after the removal.
      await finished(file).catch(() => {});
      await rm(dest, { force: true });
    },
  };
}

function openZip(outputs: readonly Writable[]): StoredZipWriter {
  return new StoredZipWriter(outputs, { mtime: ZIP_MTIME, mode: ZIP_MODE });
}

function aborted(): Error {
  return new Error("The data set was not completed");
}

function rootFiles(datasetJson: DatasetJson, manifest: DatasetManifest): [Buffer, Buffer] {
  return [Buffer.from(JSON.stringify(datasetJson)), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)];
}
