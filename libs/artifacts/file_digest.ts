import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";

/**
 * Lower-case hex SHA-256 of a local file, streamed (a checkpoint of hundreds of MiB is never held whole): the digest
 * an artifact reference carries, for a file read in place or about to be stored.
 *
 * @example
 * ```ts
 * const sha256 = await fileSha256("network-snapshot-000010.safetensors");
 * ```
 */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

/**
 * {@linkcode fileSha256} remembered per path, size and modification time, for a service that reads the same large
 * local files call after call (a checkpoint given by path, a preset's base generator): each is hashed again only
 * once it changed.
 *
 * @example
 * ```ts
 * const digests = new FileDigests();
 * const sha256 = await digests.sha256("network-snapshot-000010.safetensors"); // hashed
 * await digests.sha256("network-snapshot-000010.safetensors"); // remembered
 * ```
 */
export class FileDigests {
  readonly #known = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

  /** The file's SHA-256, from memory when its size and modification time are those it was hashed at. */
  async sha256(path: string): Promise<string> {
    const { size, mtimeMs } = await stat(path);
    const known = this.#known.get(path);
    if (known !== undefined && known.size === size && known.mtimeMs === mtimeMs) return known.sha256;
    const sha256 = await fileSha256(path);
    this.#known.set(path, { size, mtimeMs, sha256 });
    return sha256;
  }
}
