// A pipeline's inputs sent to the artifact store, and its run folder brought back, for a CLI that does not share
// the services' disk.
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { finished } from "node:stream/promises";
import { type ArtifactRef, type ArtifactStore, resolveStore } from "@dermanomaly/artifacts";
import yazl from "yazl";

/** `run.json` as the orchestrator writes it: every file of a run folder with its artifact. */
export interface RunManifest {
  readonly format: string;
  readonly pipeline: string;
  readonly files: Readonly<Record<string, ArtifactRef>>;
}

/** Zips a folder (entries stored uncompressed, relative `/` names, sorted) and stores the zip under `key`. */
export async function uploadFolder(store: ArtifactStore, folder: string, key: string): Promise<ArtifactRef> {
  const entries = (await readdir(folder, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const scratch = await mkdtemp(join(tmpdir(), "dermanomaly-upload-"));
  try {
    const zipPath = join(scratch, "upload.zip");
    const zip = new yazl.ZipFile();
    const out = createWriteStream(zipPath);
    zip.outputStream.pipe(out);
    for (const file of entries)
      zip.addFile(file, relative(folder, file).split(sep).join("/"), { compress: false });
    zip.end();
    await finished(out);
    return await store.putFile(key, zipPath, { mediaType: "application/zip" });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Downloads every file of a run manifest into `dir` (each digest checked; files of any store: `file://` or the NATS
 * object store the manifest names).
 */
export async function downloadRunFolder(
  manifest: RunManifest,
  dir: string,
  options: { onFile?: (done: number, total: number) => void } = {},
): Promise<void> {
  const entries = Object.entries(manifest.files);
  const stores = new Map<string, ArtifactStore>();
  try {
    let done = 0;
    for (const [path, ref] of entries) {
      if (path.startsWith("/") || path.split("/").includes(".."))
        throw new TypeError(`Run file path "${path}" leaves the run folder`);
      const base = ref.uri.startsWith("file:") ? "file:" : ref.uri.split("/").slice(0, 3).join("/");
      let store = stores.get(base);
      if (store === undefined) {
        store = await resolveStore(ref);
        stores.set(base, store);
      }
      const target = join(dir, ...path.split("/"));
      await mkdir(dirname(target), { recursive: true });
      await store.getToFile(ref, target);
      options.onFile?.(++done, entries.length);
    }
  } finally {
    for (const store of stores.values()) await store.close();
  }
}
