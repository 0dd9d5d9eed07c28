import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactSource, ArtifactStore, StoredArtifact } from "@dermanomaly/artifacts";
import type { Location__Output } from "@dermanomaly/contracts";
import { outputLocation } from "./locations.ts";

/** Where a job writes a set of files: a key prefix in the store, and a local folder when the request named one. */
export interface OutputPlace {
  /** Store key prefix, ending in `/`. */
  readonly prefix: string;
  /** Local folder that gets a copy of every file, when the request's destination is a path. */
  readonly dir?: string;
}

/**
 * A new run folder `<nnnnn>-<name>`, numbered after the runs already in the destination as train.py numbers its
 * runs (characters other than letters, digits, `.`, `_` and `-` become `_`): in the store under a key `outdir`;
 * under `<fallback>/` with a local copy in a path `outdir`; else `<fallback>/` itself.
 */
export async function numberedRunFolder(
  store: ArtifactStore,
  run: { outdir: Location__Output | null; fallback: string; name: string },
): Promise<OutputPlace> {
  const prefix = `${run.fallback}/`;
  const dest = outputLocation(run.outdir, run.fallback);
  const folder = (names: string[]) => {
    const ids = names.map((n) => Number(/^(\d+)-/.exec(n)?.[1] ?? -1));
    const id = String(Math.max(-1, ...ids) + 1).padStart(5, "0");
    return `${id}-${run.name}`.replace(/[^A-Za-z0-9._-]/g, "_");
  };
  if (dest.kind === "path") {
    const existing = await readdir(dest.path).catch(() => [] as string[]);
    return { prefix, dir: join(dest.path, folder(existing)) };
  }
  if (run.outdir?.kind !== "key") return { prefix };
  const root = dest.key.endsWith("/") ? dest.key : `${dest.key}/`;
  const folders = (await store.list(root)).map((a) => a.key.slice(root.length).split("/")[0] ?? "");
  return { prefix: `${root}${folder(folders)}/` };
}

/** What an output file holds: bytes (or a stream), or a finished file to upload. */
export type OutputContent = ArtifactSource | { readonly file: string };

/** A job's output folder: see {@linkcode outputFolder}. */
export interface OutputFolder extends OutputPlace {
  /**
   * Writes one file: once, to the store (`prefix + name`), then, when the folder has a local `dir`, a copy of the
   * stored file there (read back from the store, so the local copy is what the store holds, digest checked).
   * Writing a name again replaces both.
   */
  put(name: string, content: OutputContent, options?: { mediaType?: string }): Promise<StoredArtifact>;
}

/**
 * The output folder of a job at `place`: each artifact written once, to the store, and copied to a local folder
 * only when the request asked for one.
 *
 * @example
 * ```ts
 * const folder = outputFolder(job.artifacts, { prefix: `gan/${job.job.id}/`, dir: "/runs/00000-stylegan2-nev" });
 * const checkpoint = await folder.put("network-snapshot-000200.safetensors", { file: local });
 * ```
 */
export function outputFolder(store: ArtifactStore, place: OutputPlace): OutputFolder {
  return {
    ...place,
    async put(name, content, options = {}) {
      const key = `${place.prefix}${name}`;
      const put = { ...(options.mediaType !== undefined && { mediaType: options.mediaType }) };
      const stored =
        typeof content === "object" && "file" in content
          ? await store.putFile(key, content.file, put)
          : await store.put(key, content, put);
      if (place.dir !== undefined) {
        await mkdir(place.dir, { recursive: true });
        await store.getToFile(stored, join(place.dir, name));
      }
      return stored;
    },
  };
}
