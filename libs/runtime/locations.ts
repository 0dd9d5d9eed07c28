import { existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import {
  type ArtifactRef,
  type ArtifactStore,
  checkArtifactKey,
  fileUri,
  resolveStore,
} from "@dermanomaly/artifacts";
import { Code, type Location__Output, StatusError } from "@dermanomaly/contracts";

/** An input made available as a local file or folder. */
export interface LocalInput {
  /** Local path of the file or folder. */
  path: string;
  /** The artifact it came from (verified), when it came from the artifact store. */
  artifact?: ArtifactRef;
}

const MEDIA_TYPES: Record<string, string> = {
  ".zip": "application/zip",
  ".png": "image/png",
  ".json": "application/json",
  ".npy": "application/octet-stream",
};

/**
 * The reference lineage records for an input: the artifact it was downloaded from (with its digest), or, for a
 * path read in place, its `file://` URI, its size and no digest (hashing a data set folder on every job would cost
 * more than it tells).
 *
 * @example
 * ```ts
 * const data = await localInput(request.dataset, { store, workDir });
 * const lineage = { inputs: [inputRef(data)], ... };
 * ```
 */
export function inputRef(input: LocalInput): ArtifactRef {
  if (input.artifact !== undefined) return input.artifact;
  const info = statSync(input.path, { throwIfNoEntry: false });
  const folder = info?.isDirectory() ?? false;
  return {
    uri: fileUri(input.path),
    sha256: "",
    sizeBytes: folder ? 0 : (info?.size ?? 0),
    mediaType: folder
      ? "inode/directory"
      : (MEDIA_TYPES[extname(input.path).toLowerCase()] ?? "application/octet-stream"),
  };
}

/** Where an output goes: a path on the service's file system, or a key in the artifact store. */
export type OutputLocation = { kind: "path"; path: string } | { kind: "key"; key: string };

/** Options of {@linkcode localInput}. */
export interface LocalInputOptions {
  /** The stage's artifact store (keys are resolved there). */
  store: ArtifactStore;
  /** Folder where artifacts are downloaded to. */
  workDir: string;
  /** Request field name, for error messages. @default "source" */
  field?: string;
}

/**
 * Makes an input `Location` local: a path is checked to exist; an artifact (any store) or a key (this stage's
 * store) is downloaded into `workDir` with its digest verified.
 *
 * @throws {StatusError} INVALID_ARGUMENT when unset, NOT_FOUND when the path or artifact does not exist,
 * DATA_LOSS when the artifact does not match its digest
 */
export async function localInput(
  location: Location__Output | null | undefined,
  options: LocalInputOptions,
): Promise<LocalInput> {
  const field = options.field ?? "source";
  switch (location?.kind) {
    case "path": {
      const path = resolve(location.path ?? "");
      if (!location.path || !existsSync(path)) {
        throw new StatusError(
          Code.NOT_FOUND,
          `${field} path "${location.path ?? ""}" does not exist on this service's file system ` +
            "(paths work only where the service shares the caller's disk; use an artifact or key otherwise)",
        );
      }
      return { path };
    }
    case "artifact": {
      const ref = location.artifact;
      if (!ref?.uri) throw new StatusError(Code.INVALID_ARGUMENT, `${field} artifact has no uri`);
      const store = await resolveStore(ref);
      try {
        return await download(store, ref, options.workDir);
      } finally {
        await store.close();
      }
    }
    case "key": {
      const key = location.key ?? "";
      checkArtifactKey(key);
      return download(options.store, key, options.workDir);
    }
    default:
      throw new StatusError(Code.INVALID_ARGUMENT, `${field} is required: give a path, an artifact or a key`);
  }
}

async function download(
  store: ArtifactStore,
  target: string | { uri: string },
  workDir: string,
): Promise<LocalInput> {
  const stat = await store.stat(target);
  const dir = join(workDir, "inputs", stat.sha256);
  await mkdir(dir, { recursive: true });
  // The digest names the folder, so the same artifact is downloaded once per work dir.
  const path = join(dir, `input${extname(basename(stat.key)) || ""}`);
  const artifact = existsSync(path) ? stat : await store.getToFile(stat, path);
  return { path, artifact };
}

/**
 * Checks an output `Location` and returns it in domain form, or `fallbackKey` in the store when unset.
 *
 * @throws {StatusError} INVALID_ARGUMENT for an artifact (outputs need a path or key) or a bad key
 */
export function outputLocation(
  location: Location__Output | null | undefined,
  fallbackKey: string,
): OutputLocation {
  switch (location?.kind) {
    case "path":
      if (!location.path) throw new StatusError(Code.INVALID_ARGUMENT, "dest path is empty");
      return { kind: "path", path: resolve(location.path) };
    case "key": {
      const key = location.key ?? "";
      checkArtifactKey(key.endsWith("/") ? key.slice(0, -1) : key);
      return { kind: "key", key };
    }
    case "artifact":
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        "dest cannot be an existing artifact: give a path or an artifact-store key to write to",
      );
    default:
      checkArtifactKey(fallbackKey);
      return { kind: "key", key: fallbackKey };
  }
}
