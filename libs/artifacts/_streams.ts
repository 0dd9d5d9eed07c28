import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Code, StatusError } from "@dermanomaly/contracts";
import type { ArtifactSource, ArtifactTarget } from "./types.ts";

/** Media type recorded when the caller gives none. */
export const DEFAULT_MEDIA_TYPE = "application/octet-stream";

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The byte chunks of a source, checked to be bytes. */
export async function* chunksOf(source: ArtifactSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (source === null || typeof source !== "object" || !(Symbol.asyncIterator in source)) {
    throw new TypeError(
      "An artifact source must be a Uint8Array, a Readable or an AsyncIterable of Uint8Array",
    );
  }
  for await (const chunk of source as AsyncIterable<unknown>) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError(
        `An artifact source yielded a ${typeof chunk} chunk: only Uint8Array chunks are stored`,
      );
    }
    yield chunk;
  }
}

/** Passes chunks through, hashing and counting them. */
export class Digester {
  readonly #hash = createHash("sha256");
  size = 0;
  update(chunk: Uint8Array): void {
    this.#hash.update(chunk);
    this.size += chunk.byteLength;
  }
  /** Lower-case hex digest; call once. */
  hex(): string {
    return this.#hash.digest("hex");
  }
}

/** What the content must match on read. */
export interface Expected {
  sha256: string;
  sizeBytes: number;
}

/** The URI (or key) a target names. */
export function targetString(target: ArtifactTarget): string {
  if (typeof target === "string") return target;
  if (target === null || typeof target !== "object" || typeof target.uri !== "string") {
    throw new TypeError('An artifact target must be a URI, a key or an object with a "uri"');
  }
  return target.uri;
}

/**
 * What a target itself asks the content to match (its `sha256` and `sizeBytes`), checked for shape.
 * @throws {StatusError} INVALID_ARGUMENT for a malformed digest or size
 */
export function expectedOfTarget(target: ArtifactTarget): Partial<Expected> {
  if (typeof target === "string") return {};
  const out: Partial<Expected> = {};
  if (target.sha256 !== undefined && target.sha256 !== "") {
    const sha = target.sha256.toLowerCase();
    if (!SHA256_HEX.test(sha)) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Artifact reference for "${target.uri}" has the malformed sha256 "${target.sha256}": expected 64 hex digits`,
      );
    }
    out.sha256 = sha;
  }
  if (target.sizeBytes !== undefined && target.sizeBytes !== "") {
    const n = Number(target.sizeBytes);
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Artifact reference for "${target.uri}" has the invalid size "${String(target.sizeBytes)}"`,
      );
    }
    // A wire reference leaves an unset size as 0 next to a set digest; treat 0 as "not given" unless the digest is
    // the empty content's, so an old or partial reference still reads.
    if (n > 0 || out.sha256 === EMPTY_SHA256) out.sizeBytes = n;
  }
  return out;
}

/** SHA-256 of no bytes. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * Fails with DATA_LOSS when a target's own digest or size disagrees with what the store recorded (the artifact was
 * replaced since the reference was made), before any byte is read.
 */
export function checkRecorded(uri: string, wanted: Partial<Expected>, recorded: Expected): Expected {
  if (wanted.sha256 !== undefined && wanted.sha256 !== recorded.sha256) {
    throw new StatusError(
      Code.DATA_LOSS,
      `Artifact "${uri}" no longer holds the referenced content: the reference has sha256 ${wanted.sha256} but the ` +
        `store recorded ${recorded.sha256}; it was overwritten since, so re-run the stage that produced it`,
    );
  }
  if (wanted.sizeBytes !== undefined && wanted.sizeBytes !== recorded.sizeBytes) {
    throw new StatusError(
      Code.DATA_LOSS,
      `Artifact "${uri}" no longer holds the referenced content: the reference has ${wanted.sizeBytes} bytes but ` +
        `the store recorded ${recorded.sizeBytes}`,
    );
  }
  return recorded;
}

/**
 * A pass-through stream that hashes and counts what flows through it and fails with DATA_LOSS when the content
 * does not match: as soon as it exceeds the expected size, or at the end for a short or different content.
 */
export class VerifyingStream extends Transform {
  readonly #digester = new Digester();
  readonly #uri: string;
  readonly #expected: Expected;
  constructor(uri: string, expected: Expected) {
    super();
    this.#uri = uri;
    this.#expected = expected;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.#digester.update(chunk);
    if (this.#digester.size > this.#expected.sizeBytes) {
      callback(this.#loss(`more than the recorded ${this.#expected.sizeBytes} bytes`));
      return;
    }
    callback(null, chunk);
  }
  override _flush(callback: TransformCallback): void {
    const size = this.#digester.size;
    if (size !== this.#expected.sizeBytes) {
      callback(this.#loss(`${size} bytes instead of the recorded ${this.#expected.sizeBytes}`));
      return;
    }
    const sha = this.#digester.hex();
    if (sha !== this.#expected.sha256) {
      callback(this.#loss(`sha256 ${sha} instead of the recorded ${this.#expected.sha256}`));
      return;
    }
    callback();
  }
  #loss(what: string): StatusError {
    return new StatusError(
      Code.DATA_LOSS,
      `Artifact "${this.#uri}" is corrupt: read ${what}; the stored copy is damaged, so restore or re-create it`,
    );
  }
}

/**
 * Pipes `source` through a {@linkcode VerifyingStream} and returns the verified stream. An error of the source is
 * passed on (mapped by `mapError`, e.g. to DATA_LOSS) as the stream's error.
 */
export function verified(
  source: Readable,
  uri: string,
  expected: Expected,
  mapError: (err: unknown) => unknown = (e) => e,
): Readable {
  const out = new VerifyingStream(uri, expected);
  source.once("error", (err) => out.destroy(mapError(err) as Error));
  out.once("close", () => {
    if (!source.destroyed) source.destroy();
  });
  source.pipe(out);
  return out;
}

/** The whole stream in one buffer. */
export async function collect(readable: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A fresh temporary path beside `path`, with the reserved `.partial` ending. */
export function partialPath(path: string): string {
  return join(dirname(path), `${basename(path)}.${randomBytes(6).toString("hex")}.partial`);
}

/**
 * Writes a stream to `path` atomically: into a temporary file beside it, fsync'ed, then renamed over `path`. On any
 * error (including a verification failure of the stream) the temporary file is removed and `path` is untouched.
 */
export async function writeFileAtomic(readable: Readable, path: string): Promise<void> {
  const tmp = partialPath(path);
  try {
    await pipeline(readable, createWriteStream(tmp, { flags: "wx" }));
    const fh = await open(tmp, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** A Readable over an async iterable of chunks, pulled only as fast as it is read. */
export function readableOf(chunks: AsyncIterable<Uint8Array>): Readable {
  return Readable.from(chunks, { objectMode: false });
}
