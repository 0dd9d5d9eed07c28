import { mkdir, readdir } from "node:fs/promises";
import { dirname, extname, join, sep } from "node:path";
import type { ArtifactStore, StoredArtifact } from "@dermanomaly/artifacts";
import { type OutputPlace, outputFolder } from "@dermanomaly/runtime";

const MEDIA_TYPES: Record<string, string> = {
  ".html": "text/html",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".csv": "text/csv",
  ".jpg": "image/jpeg",
};

/**
 * Stores every file under `dir` at `place` under its relative path (`/`-separated), so that a report's relative
 * links hold in the store and in the local copy alike. Files go in sorted order; returns them by relative path.
 */
export async function storeFolder(
  store: ArtifactStore,
  place: OutputPlace,
  dir: string,
  options: { signal?: AbortSignal; onFile?: (done: number, total: number) => void } = {},
): Promise<Map<string, StoredArtifact>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(dir.length + 1)
        .split(sep)
        .join("/"),
    )
    .sort();
  const folder = outputFolder(store, place);
  const stored = new Map<string, StoredArtifact>();
  for (const [k, name] of files.entries()) {
    options.signal?.throwIfAborted();
    const mediaType = MEDIA_TYPES[extname(name).toLowerCase()];
    // The local copy goes to `<dir>/<name>`: its subfolders must exist first.
    if (place.dir !== undefined) await mkdir(dirname(join(place.dir, name)), { recursive: true });
    stored.set(
      name,
      await folder.put(
        name,
        { file: join(dir, ...name.split("/")) },
        mediaType === undefined ? {} : { mediaType },
      ),
    );
    options.onFile?.(k + 1, files.length);
  }
  return stored;
}
