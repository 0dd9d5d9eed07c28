import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactSource, ArtifactStore, StoredArtifact } from "@dermanomaly/artifacts";

/** Where a job writes a set of files: a key prefix in the store, and a local folder when the request named one. */
export interface OutputFolder {
  /** Store key prefix, ending in `/`. */
  readonly prefix: string;
  /** Local folder that gets a copy of every file, when the request's destination is a path. */
  readonly dir?: string;
}

/** What {@linkcode storeOutput} writes: bytes (or a stream), or a finished file to upload. */
export type OutputContent = ArtifactSource | { readonly file: string };

/**
 * Writes one file of a job's output folder: once, to the store (`prefix + name`), then, when the folder has a
 * local `dir`, a copy of the stored file there (read back from the store, so the local copy is what the store
 * holds, digest checked). Writing a name again replaces both.
 *
 * @example
 * ```ts
 * const checkpoint = await storeOutput(store, folder, "network-snapshot-000200.safetensors", { file: local });
 * ```
 */
export async function storeOutput(
  store: ArtifactStore,
  folder: OutputFolder,
  name: string,
  content: OutputContent,
  options: { mediaType?: string } = {},
): Promise<StoredArtifact> {
  const key = `${folder.prefix}${name}`;
  const put = { ...(options.mediaType !== undefined && { mediaType: options.mediaType }) };
  const stored =
    typeof content === "object" && "file" in content
      ? await store.putFile(key, content.file, put)
      : await store.put(key, content, put);
  if (folder.dir !== undefined) {
    await mkdir(folder.dir, { recursive: true });
    await store.getToFile(stored, join(folder.dir, name));
  }
  return stored;
}
