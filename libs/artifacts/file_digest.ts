import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
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
