// A reconstruction set in an artifact store: every file of the set under one key prefix, and a manifest that lists
// them with their digests, so that a set can be fetched (and checked) whole from one ArtifactRef.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { ArtifactRef, ArtifactStore, ArtifactTarget } from "@dermanomaly/artifacts";
import { Code, StatusError } from "@dermanomaly/contracts";
import { checkAborted } from "./_progress.ts";
import { type ReconstructionSet, readReconstructionSet, SET_FILES, type SkippedInput } from "./set.ts";

/** `format` of a set manifest. */
export const SET_MANIFEST_FORMAT = "dermanomaly/reconstruction-set-manifest/1";

/** Name of the manifest, stored beside the set's files (under the same prefix). */
export const SET_MANIFEST = "set_manifest.json";

/** `set_manifest.json`: every file of a set, by its path relative to the set folder. */
export interface SetManifest {
  readonly format: typeof SET_MANIFEST_FORMAT;
  /** Images in the set. */
  readonly count: number;
  /** Inputs listed in `skipped.csv`. */
  readonly skipped: number;
  /** Path relative to the set (`/`-separated) -> the stored file. */
  readonly files: Readonly<Record<string, ArtifactRef>>;
}

/** Writes one file of a set (e.g. a job's output folder, which also copies it to a local folder). */
export type PutSetFile = (name: string, content: { readonly file: string }) => Promise<ArtifactRef>;

/** What {@link storeReconstructionSet} stored. */
export interface StoredReconstructionSet {
  /** `set_manifest.json`. */
  readonly manifest: ArtifactRef;
  /** `reconstruction_set.safetensors`. */
  readonly tensors: ArtifactRef;
  /** `reconstruction_set.csv`. */
  readonly index: ArtifactRef;
  /** `latent_vectors.csv`. */
  readonly latents: ArtifactRef;
  /** `skipped.csv`. */
  readonly skippedList: ArtifactRef;
  /** Images in the set. */
  readonly count: number;
  /** Inputs listed in `skipped.csv`. */
  readonly skipped: number;
  /** The inputs `skipped.csv` lists, in its order. */
  readonly skippedInputs: readonly SkippedInput[];
}

/** Options of {@link storeReconstructionSet} and {@link fetchReconstructionSet}. */
export interface StoredSetOptions {
  /** Files transferred at the same time. @default 8 */
  concurrency?: number;
  /** Stops the transfer between files; the signal's reason is thrown. @default undefined */
  signal?: AbortSignal;
}

// Runs `work` over `items`, at most `n` at a time; the first failure stops the rest and is thrown.
async function eachLimited<T>(
  items: readonly T[],
  n: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        checkAborted(signal);
        await work(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
}

function limit(options: StoredSetOptions): number {
  const n = options.concurrency ?? 8;
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`Concurrency must be a positive integer, got "${n}"`);
  return n;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

/**
 * Stores a complete set folder file by file through `put` (images and CSVs first, the tensors file, whose presence
 * marks a complete set, after them), then its manifest. The set is read and checked first, so a damaged or
 * unfinished set is never stored.
 *
 * @example
 * ```ts
 * const stored = await storeReconstructionSet("out/set", (name, content) => store.putFile(`runs/1/set/${name}`, content.file));
 * console.log(stored.manifest.uri, stored.count);
 * ```
 * @throws the errors of `readReconstructionSet()` for a folder that is not a complete set
 */
export async function storeReconstructionSet(
  dir: string,
  put: PutSetFile,
  options: StoredSetOptions = {},
): Promise<StoredReconstructionSet> {
  const n = limit(options);
  const set = await readReconstructionSet(dir);
  const files = (await listFiles(dir)).filter((f) => f !== SET_MANIFEST);
  const stored: Record<string, ArtifactRef> = {};
  const store = async (name: string) => {
    const ref = await put(name, { file: join(dir, ...name.split("/")) });
    stored[name] = { uri: ref.uri, sha256: ref.sha256, sizeBytes: ref.sizeBytes, mediaType: ref.mediaType };
  };
  await eachLimited(
    files.filter((f) => f !== SET_FILES.tensors),
    n,
    store,
    options.signal,
  );
  checkAborted(options.signal);
  await store(SET_FILES.tensors);
  const manifest: SetManifest = {
    format: SET_MANIFEST_FORMAT,
    count: set.images.length,
    skipped: set.skipped.length,
    files: Object.fromEntries(
      Object.keys(stored)
        .sort()
        .map((k) => [k, stored[k]!]),
    ),
  };
  const manifestPath = join(dir, SET_MANIFEST);
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`);
  let manifestRef: ArtifactRef;
  try {
    manifestRef = await put(SET_MANIFEST, { file: manifestPath });
  } finally {
    await rm(manifestPath, { force: true });
  }
  return {
    manifest: manifestRef,
    tensors: stored[SET_FILES.tensors]!,
    index: stored[SET_FILES.index]!,
    latents: stored[SET_FILES.latents]!,
    skippedList: stored[SET_FILES.skipped]!,
    count: set.images.length,
    skipped: set.skipped.length,
    skippedInputs: set.skipped,
  };
}

/** Reads and checks a set manifest's JSON. */
export function parseSetManifest(bytes: Uint8Array, what: string): SetManifest {
  let raw: Partial<SetManifest>;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes)) as Partial<SetManifest>;
  } catch (err) {
    throw new StatusError(Code.DATA_LOSS, `Set manifest "${what}" is not valid JSON`, { cause: err });
  }
  if (raw.format !== SET_MANIFEST_FORMAT || typeof raw.files !== "object" || raw.files === null) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `"${what}" is not a reconstruction set manifest (format "${String(raw.format)}", expected "${SET_MANIFEST_FORMAT}")`,
    );
  }
  for (const [path, ref] of Object.entries(raw.files)) {
    const parts = path.split("/");
    if (path === "" || parts.some((p) => p === "" || p === "." || p === "..") || path.includes("\\")) {
      throw new StatusError(Code.DATA_LOSS, `Set manifest "${what}" names the invalid path "${path}"`);
    }
    if (typeof ref?.uri !== "string" || typeof ref.sha256 !== "string") {
      throw new StatusError(Code.DATA_LOSS, `Set manifest "${what}" has no artifact for "${path}"`);
    }
  }
  if (raw.files[SET_FILES.tensors] === undefined) {
    throw new StatusError(Code.DATA_LOSS, `Set manifest "${what}" lists no "${SET_FILES.tensors}"`);
  }
  return raw as SetManifest;
}

/**
 * Fetches a stored set into `dir` (absent or empty) and reads it: `target` is its manifest (an ArtifactRef, URI or
 * key of `set_manifest.json`), or the set's key prefix ending in `/`. Every file's digest is checked as it
 * arrives, the tensors file last, and the set is checked whole by `readReconstructionSet()`.
 *
 * @example
 * ```ts
 * const set = await fetchReconstructionSet(store, "reconstructions/job-1/", "/tmp/set");
 * console.log(set.images.length);
 * ```
 * @throws {StatusError} NOT_FOUND for a missing manifest or file; DATA_LOSS for a file that does not match its
 * digest; FAILED_PRECONDITION when `dir` is not empty or the manifest is not one; those of `readReconstructionSet()`
 */
export async function fetchReconstructionSet(
  store: ArtifactStore,
  target: ArtifactTarget,
  dir: string,
  options: StoredSetOptions = {},
): Promise<ReconstructionSet> {
  const n = limit(options);
  const manifestTarget =
    typeof target === "string" && target.endsWith("/") ? `${target}${SET_MANIFEST}` : target;
  const what = typeof manifestTarget === "string" ? manifestTarget : manifestTarget.uri;
  const manifest = parseSetManifest(await store.getBytes(manifestTarget), what);
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (existing.length > 0)
    throw new StatusError(Code.FAILED_PRECONDITION, `Folder "${dir}" must be empty to fetch a set into`);
  const fetchOne = async (path: string) => {
    const local = join(dir, ...path.split("/"));
    await mkdir(dirname(local), { recursive: true });
    await store.getToFile(manifest.files[path]!, local);
  };
  await eachLimited(
    Object.keys(manifest.files).filter((f) => f !== SET_FILES.tensors),
    n,
    fetchOne,
    options.signal,
  );
  checkAborted(options.signal);
  await fetchOne(SET_FILES.tensors);
  return await readReconstructionSet(dir);
}
