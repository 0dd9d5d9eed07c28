import { createReadStream } from "node:fs";
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { Code, StatusError } from "@dermanomaly/contracts";
import { BaseArtifactStore } from "./_base.ts";
import {
  checkRecorded,
  chunksOf,
  DEFAULT_MEDIA_TYPE,
  Digester,
  type Expected,
  expectedOfTarget,
  partialPath,
  targetString,
  verified,
} from "./_streams.ts";
import { checkArtifactKey, fileUri, parseArtifactUri, RESERVED_SUFFIXES } from "./keys.ts";
import type { ArtifactSource, ArtifactTarget, PutOptions, StoredArtifact } from "./types.ts";

/** Ending of the digest sidecar kept beside every object. */
export const SIDECAR_SUFFIX = ".artifact.json";

/** What the sidecar `<object>.artifact.json` holds. */
interface Sidecar {
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  createdAt: string;
}

function errno(err: unknown): string | undefined {
  return typeof err === "object" && err !== null ? (err as { code?: string }).code : undefined;
}

async function writeAll(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  let off = 0;
  while (off < chunk.byteLength) {
    const { bytesWritten } = await fh.write(chunk, off, chunk.byteLength - off);
    off += bytesWritten;
  }
}

async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  const fh = await open(path, "wx");
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Best effort: make renames in `dir` durable (not supported on every platform). */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Directories cannot be opened for fsync on some systems; the data itself is already synced.
  }
}

/**
 * Artifact store on the local filesystem: the embedded stack's default. An artifact with key `a/b.png` is the
 * plain file `<root>/a/b.png`, with its digest, size and media type in `<root>/a/b.png.artifact.json`. Writes go to
 * a temporary file in the same folder, are hashed while streaming, fsync'ed and renamed into place, so readers
 * never see partial content. Concurrent writers of one key are not coordinated (last rename wins, and a reader may
 * briefly see DATA_LOSS between the two renames); stages write distinct keys.
 *
 * @example
 * ```ts
 * const store = new FsArtifactStore("/var/lib/dermanomaly/artifacts");
 * const ref = await store.put("runs/1/scores.csv", Buffer.from("score,label\n"), { mediaType: "text/csv" });
 * const text = Buffer.from(await store.getBytes(ref)).toString();
 * ```
 */
export class FsArtifactStore extends BaseArtifactStore {
  readonly kind = "file" as const;
  /** Absolute root folder. */
  readonly root: string;
  readonly uri: string;

  /** @param root folder holding the artifacts (created on the first write); relative paths resolve against the cwd */
  constructor(root: string) {
    super();
    if (typeof root !== "string" || root.length === 0)
      throw new TypeError("FsArtifactStore needs a root folder");
    this.root = resolve(root);
    this.uri = fileUri(this.root);
  }

  uriOf(key: string): string {
    return fileUri(this.#pathOf(checkArtifactKey(key)));
  }

  #pathOf(key: string): string {
    return join(this.root, ...key.split("/"));
  }

  /** The key and path a target names; a URI must lie inside the root. */
  #resolve(target: ArtifactTarget): { key: string; path: string; uri: string } {
    const s = targetString(target);
    if (!s.includes("://")) {
      const key = checkArtifactKey(s);
      const path = this.#pathOf(key);
      return { key, path, uri: fileUri(path) };
    }
    const parsed = parseArtifactUri(s);
    if (parsed.scheme !== "file") {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Artifact URI "${s}" belongs to a NATS object store, not to the filesystem store at "${this.uri}": open it with resolveStore()`,
      );
    }
    const rel = relative(this.root, parsed.path);
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Artifact URI "${s}" is outside this store's root "${this.root}": open it with resolveStore()`,
      );
    }
    const key = checkArtifactKey(rel.split(sep).join("/"));
    return { key, path: parsed.path, uri: fileUri(parsed.path) };
  }

  async #readSidecar(path: string, uri: string): Promise<Sidecar | undefined> {
    let text: string;
    try {
      text = await readFile(path + SIDECAR_SUFFIX, "utf8");
    } catch (err) {
      if (errno(err) === "ENOENT") return undefined;
      throw err;
    }
    try {
      const j = JSON.parse(text) as Partial<Sidecar>;
      if (
        typeof j.sha256 === "string" &&
        /^[0-9a-f]{64}$/.test(j.sha256) &&
        Number.isSafeInteger(j.sizeBytes) &&
        typeof j.mediaType === "string"
      ) {
        return {
          sha256: j.sha256,
          sizeBytes: j.sizeBytes as number,
          mediaType: j.mediaType,
          createdAt: typeof j.createdAt === "string" ? j.createdAt : "",
        };
      }
    } catch {
      // Fall through: an unreadable sidecar is reported like a bad one.
    }
    throw new StatusError(
      Code.DATA_LOSS,
      `Artifact "${uri}" has a damaged digest record "${path}${SIDECAR_SUFFIX}"`,
    );
  }

  async #describe(
    target: ArtifactTarget,
  ): Promise<{ artifact: StoredArtifact; expected: Expected; path: string }> {
    const { key, path, uri } = this.#resolve(target);
    const wanted = expectedOfTarget(target);
    let size: number;
    try {
      const st = await stat(path);
      if (!st.isFile()) throw Object.assign(new Error("not a file"), { code: "ENOENT" });
      size = st.size;
    } catch (err) {
      if (errno(err) === "ENOENT" || errno(err) === "ENOTDIR") {
        throw new StatusError(Code.NOT_FOUND, `Artifact "${uri}" does not exist`);
      }
      throw err;
    }
    const sidecar = await this.#readSidecar(path, uri);
    let recorded: Expected & { mediaType: string; createdAt: string };
    if (sidecar !== undefined) {
      recorded = sidecar;
    } else if (wanted.sha256 !== undefined) {
      // A file placed by hand, read through a full reference: the reference is the record.
      const mediaType =
        typeof target === "object" && target.mediaType ? target.mediaType : DEFAULT_MEDIA_TYPE;
      recorded = { sha256: wanted.sha256, sizeBytes: wanted.sizeBytes ?? size, mediaType, createdAt: "" };
    } else {
      throw new StatusError(
        Code.DATA_LOSS,
        `Artifact "${uri}" has no digest record "${path}${SIDECAR_SUFFIX}", so its content cannot be verified: ` +
          "store it again with put() or read it through a reference with a sha256",
      );
    }
    const expected = checkRecorded(uri, wanted, recorded);
    return {
      artifact: {
        uri,
        key,
        sha256: recorded.sha256,
        sizeBytes: recorded.sizeBytes,
        mediaType: recorded.mediaType,
        createdAt: recorded.createdAt,
      },
      expected,
      path,
    };
  }

  async put(key: string, source: ArtifactSource, options: PutOptions = {}): Promise<StoredArtifact> {
    checkArtifactKey(key);
    const mediaType = options.mediaType ?? DEFAULT_MEDIA_TYPE;
    const path = this.#pathOf(key);
    const uri = fileUri(path);
    const conflict = (err: unknown): unknown =>
      ["EEXIST", "ENOTDIR", "EISDIR"].includes(errno(err) ?? "")
        ? new StatusError(
            Code.FAILED_PRECONDITION,
            `Artifact key "${key}" clashes with another key in "${this.root}": a key cannot be both an artifact and ` +
              "a folder of other artifacts",
            { cause: err },
          )
        : err;
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (err) {
      throw conflict(err);
    }
    const tmp = partialPath(path);
    const tmpSidecar = partialPath(path + SIDECAR_SUFFIX);
    const digester = new Digester();
    try {
      const fh = await open(tmp, "wx");
      try {
        for await (const chunk of chunksOf(source)) {
          digester.update(chunk);
          await writeAll(fh, chunk);
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      const sidecar: Sidecar = {
        sha256: digester.hex(),
        sizeBytes: digester.size,
        mediaType,
        createdAt: new Date().toISOString(),
      };
      await writeDurably(tmpSidecar, `${JSON.stringify(sidecar, null, 2)}\n`);
      await rename(tmp, path);
      await rename(tmpSidecar, path + SIDECAR_SUFFIX);
      await syncDir(dirname(path));
      return { uri, key, ...sidecar };
    } catch (err) {
      await rm(tmp, { force: true });
      await rm(tmpSidecar, { force: true });
      throw conflict(err);
    }
  }

  async openRead(target: ArtifactTarget): Promise<{ stream: Readable; artifact: StoredArtifact }> {
    const { artifact, expected, path } = await this.#describe(target);
    const source = createReadStream(path, { highWaterMark: 256 << 10 });
    // Surface a file removed since stat() as NOT_FOUND rather than a stream error.
    await new Promise<void>((ok, fail) => {
      source.once("open", () => ok());
      source.once("error", (err) =>
        fail(
          errno(err) === "ENOENT"
            ? new StatusError(Code.NOT_FOUND, `Artifact "${artifact.uri}" does not exist`)
            : err,
        ),
      );
    });
    return { stream: verified(source, artifact.uri, expected), artifact };
  }

  async stat(target: ArtifactTarget): Promise<StoredArtifact> {
    return (await this.#describe(target)).artifact;
  }

  async delete(target: ArtifactTarget): Promise<boolean> {
    const { path } = this.#resolve(target);
    let existed = true;
    try {
      await rm(path);
    } catch (err) {
      if (errno(err) !== "ENOENT") throw err;
      existed = false;
    }
    await rm(path + SIDECAR_SUFFIX, { force: true });
    return existed;
  }

  async list(prefix = ""): Promise<StoredArtifact[]> {
    if (typeof prefix !== "string") throw new TypeError("list() takes a key prefix string");
    const slash = prefix.lastIndexOf("/");
    const dirKey = slash === -1 ? "" : prefix.slice(0, slash);
    if (dirKey !== "") checkArtifactKey(dirKey);
    const keys: string[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries: import("node:fs").Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (errno(err) === "ENOENT" || errno(err) === "ENOTDIR") return;
        throw err;
      }
      for (const e of entries) {
        const key = keyPrefix + e.name;
        if (e.isDirectory()) {
          // Only descend where keys can still match the prefix.
          if (prefix.startsWith(`${key}/`) || key.startsWith(prefix))
            await walk(join(dir, e.name), `${key}/`);
        } else if (
          e.isFile() &&
          !RESERVED_SUFFIXES.some((s) => e.name.endsWith(s)) &&
          key.startsWith(prefix)
        ) {
          keys.push(key);
        }
      }
    };
    await walk(dirKey === "" ? this.root : this.#pathOf(dirKey), dirKey === "" ? "" : `${dirKey}/`);
    keys.sort();
    const out: StoredArtifact[] = [];
    for (const key of keys) {
      const path = this.#pathOf(key);
      const sidecar = await this.#readSidecar(path, fileUri(path));
      // Files without a digest record were not written by the store; they are not artifacts.
      if (sidecar !== undefined) out.push({ uri: fileUri(path), key, ...sidecar });
    }
    return out;
  }
}
