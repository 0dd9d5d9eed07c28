import { mkdir, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import {
  type ArtifactRef,
  type ArtifactStore,
  checkArtifactKey,
  parseArtifactUri,
  resolveStore,
} from "@dermanomaly/artifacts";
import { Code, isStatusError, type Location__Output, StatusError } from "@dermanomaly/contracts";
import { inputRef, localInput } from "./locations.ts";

// Inputs whose names matter to the job: a sheet's file name is its tag, a folder's files are found by their paths.
// `localInput` keeps an artifact under a digest-named file, which suits checkpoints but loses those names.

/** An input made local under the name it has where it came from. */
export interface NamedInput {
  /** Local path: the path given, or the download, named as its key's last segment. */
  readonly path: string;
  /** Its file name where it came from (the path's or the key's last segment). */
  readonly name: string;
  /** Where it came from, for messages a user reads: the path given, or the artifact's URI. */
  readonly source: string;
  /** The reference lineage records for it (see `inputRef`). */
  readonly ref: ArtifactRef;
}

/** Options of {@linkcode localNamedInput} and {@linkcode localFolderInput}. */
export interface NamedInputOptions {
  /** The stage's artifact store (keys are resolved there). */
  store: ArtifactStore;
  /** Folder the downloads go to (each input in a folder of its own below it). */
  workDir: string;
  /** Request field name, for error messages. @default "input" */
  field?: string;
}

/**
 * Makes a file `Location` local under its own name: a path is checked to exist and used in place; a key (this
 * stage's store) or an artifact (any store) is downloaded, digest verified, as `<workDir>/<n>/<last key segment>`.
 *
 * @throws {StatusError} INVALID_ARGUMENT when unset or a folder, NOT_FOUND when missing, DATA_LOSS for an artifact
 * that does not match its digest
 */
export async function localNamedInput(
  location: Location__Output | null | undefined,
  options: NamedInputOptions,
): Promise<NamedInput> {
  const field = options.field ?? "input";
  if (location?.kind === "path") {
    const input = await localInput(location, { store: options.store, workDir: options.workDir, field });
    const info = await stat(input.path);
    if (info.isDirectory())
      throw new StatusError(Code.INVALID_ARGUMENT, `${field} "${location.path}" is a folder, not a file`);
    return {
      path: input.path,
      name: basename(input.path),
      source: location.path ?? "",
      ref: inputRef(input),
    };
  }
  return withStore(location, options, field, async (store, key) => {
    const found = await store.stat(key);
    const dir = await freshDir(options.workDir);
    const path = join(dir, basename(found.key));
    const ref = await store.getToFile(found, path);
    return { path, name: basename(found.key), source: found.uri, ref: refOf(ref) };
  });
}

/** A folder input made local; see {@linkcode localFolderInput}. */
export interface FolderInput {
  /** Local folder. */
  readonly path: string;
  /** Where it came from, for messages: the path given, or the URI of the store prefix. */
  readonly source: string;
  /**
   * The artifacts downloaded, by path relative to the folder (empty for a path read in place), so that lineage can
   * name the files that mattered.
   */
  readonly files: ReadonlyMap<string, ArtifactRef>;
}

/** Options of {@linkcode localFolderInput}. */
export interface FolderInputOptions extends NamedInputOptions {
  /** Which files of the folder to fetch, by path relative to it (`/`-separated). @default every file */
  filter?: (relativePath: string) => boolean;
}

/**
 * Makes a folder `Location` local: a path is checked to be a folder and used in place; a key prefix (this stage's
 * store; a trailing `/` is implied) or the artifact of any file directly inside the folder (any store: the folder is
 * that file's key prefix) is downloaded, every file the filter keeps, under its relative path.
 *
 * @throws {StatusError} INVALID_ARGUMENT when unset or a path that is a file, NOT_FOUND when the folder or prefix
 * holds nothing, DATA_LOSS for an artifact that does not match its digest
 */
export async function localFolderInput(
  location: Location__Output | null | undefined,
  options: FolderInputOptions,
): Promise<FolderInput> {
  const field = options.field ?? "input";
  if (location?.kind === "path") {
    const input = await localInput(location, { store: options.store, workDir: options.workDir, field });
    if (!(await stat(input.path)).isDirectory())
      throw new StatusError(Code.INVALID_ARGUMENT, `${field} "${location.path}" is a file, not a folder`);
    return { path: input.path, source: location.path ?? "", files: new Map() };
  }
  return withStore(location, options, field, async (store, key, kind) => {
    // An artifact names a file of the folder; a key names the folder itself.
    const prefix = kind === "artifact" ? `${dirname(key)}/` : key.endsWith("/") ? key : `${key}/`;
    const listed = await store.list(prefix);
    const source = `${store.uriOf(prefix.slice(0, -1))}/`;
    if (listed.length === 0)
      throw new StatusError(Code.NOT_FOUND, `${field}: nothing is stored under "${source}"`);
    const dir = await freshDir(options.workDir);
    const files = new Map<string, ArtifactRef>();
    for (const artifact of listed) {
      const relative = artifact.key.slice(prefix.length);
      if (options.filter !== undefined && !options.filter(relative)) continue;
      const path = join(dir, ...relative.split("/"));
      await mkdir(dirname(path), { recursive: true });
      files.set(relative, refOf(await store.getToFile(artifact, path)));
    }
    return { path: dir, source, files };
  });
}

/**
 * An error about a local copy told in terms of where it came from: a `StatusError` whose message names the local
 * path gets the input's source (path or URI) instead, so the user reads the name they gave. Other errors are
 * returned unchanged.
 *
 * @example
 * ```ts
 * try { await readScoreSheet(sheet.path); } catch (err) { throw aboutSource(err, sheet); }
 * ```
 */
export function aboutSource(
  err: unknown,
  input: { readonly path: string; readonly source: string },
): unknown {
  if (!isStatusError(err) || input.path === input.source || !err.message.includes(input.path)) return err;
  return new StatusError(err.code, err.message.replaceAll(input.path, input.source), { cause: err });
}

// Runs `fn` with the store and key a key or artifact location names (the artifact's own store, closed after).
async function withStore<T>(
  location: Location__Output | null | undefined,
  options: NamedInputOptions,
  field: string,
  fn: (store: ArtifactStore, key: string, kind: "key" | "artifact") => Promise<T>,
): Promise<T> {
  switch (location?.kind) {
    case "key": {
      const key = location.key ?? "";
      checkArtifactKey(key.endsWith("/") ? key.slice(0, -1) : key);
      return fn(options.store, key, "key");
    }
    case "artifact": {
      const ref = location.artifact;
      if (!ref?.uri) throw new StatusError(Code.INVALID_ARGUMENT, `${field} artifact has no uri`);
      const parsed = parseArtifactUri(ref.uri);
      const store = await resolveStore(ref);
      try {
        // The "/"-rooted store of file URIs keys a file by its absolute path without the leading "/".
        const key = parsed.scheme === "file" ? parsed.path.slice(1) : parsed.key;
        return await fn(store, key, "artifact");
      } finally {
        await store.close();
      }
    }
    default:
      throw new StatusError(Code.INVALID_ARGUMENT, `${field} is required: give a path, an artifact or a key`);
  }
}

let counter = 0;
async function freshDir(workDir: string): Promise<string> {
  const dir = resolve(workDir, "named", `${process.pid}-${Date.now()}-${counter++}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

function refOf(a: ArtifactRef): ArtifactRef {
  return { uri: a.uri, sha256: a.sha256, sizeBytes: a.sizeBytes, mediaType: a.mediaType };
}
