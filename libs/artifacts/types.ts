import type { Readable } from "node:stream";

/**
 * A pointer to bytes in an artifact store: what stages pass to each other instead of bulk data. Same fields as
 * the `dermanomaly.v1.ArtifactRef` wire message (and assignable to it), with every field filled in.
 */
export interface ArtifactRef {
  /**
   * Where the bytes live: `file:///abs/root/key` (filesystem store) or `nats-obj://bucket/key` (NATS object
   * store). Path segments are percent-encoded, so a URI is always one token.
   */
  uri: string;
  /** Lower-case hex SHA-256 of the content, computed while writing and verified on every read. */
  sha256: string;
  /** Size of the content in bytes. */
  sizeBytes: number;
  /** IANA media type, e.g. `image/png`, `application/zip`; `application/octet-stream` when unknown. */
  mediaType: string;
}

/** An artifact as a store reports it: its reference plus the key it is stored under. */
export interface StoredArtifact extends ArtifactRef {
  /** The store-relative key, e.g. `runs/42/checkpoint.safetensors`. */
  key: string;
  /** When the content was written (ISO 8601). */
  createdAt: string;
}

/**
 * What a read accepts: a URI or key string, or a reference. A reference's `sha256` and `sizeBytes`, when set, are
 * what the content must match (so a reference received in an event also guards against the object having been
 * replaced since); otherwise the digest recorded by the store at write time is used. Wire-shaped references
 * (`ArtifactRef__Output`, 64-bit sizes as strings) are accepted as they are.
 */
export type ArtifactTarget =
  | string
  | {
      uri: string;
      sha256?: string | undefined;
      sizeBytes?: number | string | undefined;
      mediaType?: string | undefined;
    };

/** Bytes to store: a whole buffer, a Node stream, or any async iterable of byte chunks. */
export type ArtifactSource = Uint8Array | Readable | AsyncIterable<Uint8Array>;

/** Options of {@linkcode ArtifactStore.put}. */
export interface PutOptions {
  /** IANA media type recorded with the content. @default "application/octet-stream" */
  mediaType?: string;
}

/**
 * Where stages keep their outputs (datasets, checkpoints, ONNX models, reconstructions, plots) and read their inputs.
 * Every write records a SHA-256 computed while streaming; every read recomputes it while streaming and fails with
 * `StatusError(Code.DATA_LOSS)` when content or size differ, so corruption is never passed on silently. Content is
 * streamed both ways: memory use does not grow with the artifact's size.
 *
 * Keys are relative, `/`-separated paths (`runs/42/ckpt.safetensors`); see `checkArtifactKey()`. Methods that take a
 * target accept a URI of this store, a key, or an {@linkcode ArtifactRef}.
 *
 * Errors a caller should handle are `StatusError`s: INVALID_ARGUMENT (bad key or URI, or a URI of another store),
 * NOT_FOUND (no such artifact), DATA_LOSS (content does not match its digest or size).
 */
export interface ArtifactStore {
  /** What kind of store this is. */
  readonly kind: "file" | "nats-obj";
  /** The store's own URI: `file:///abs/root` or `nats-obj://bucket`. */
  readonly uri: string;
  /** The URI an artifact stored under `key` has (whether or not it exists). */
  uriOf(key: string): string;
  /**
   * Stores `source` under `key`, replacing what was there, and returns its reference. The content becomes visible
   * only once completely written (a failed or interrupted put leaves the previous content, or nothing).
   */
  put(key: string, source: ArtifactSource, options?: PutOptions): Promise<StoredArtifact>;
  /** Stores the file at `path` under `key`, streaming it. */
  putFile(key: string, path: string, options?: PutOptions): Promise<StoredArtifact>;
  /**
   * Streams the content. The digest and size are checked as the bytes pass: the stream fails with
   * `StatusError(Code.DATA_LOSS)` at the end (or as soon as too many bytes arrive) when they differ, so a consumer
   * must treat what it read as invalid unless the stream ended without error.
   */
  get(target: ArtifactTarget): Promise<Readable>;
  /** The whole content in memory, verified. For small artifacts only. */
  getBytes(target: ArtifactTarget): Promise<Uint8Array>;
  /**
   * Writes the verified content to `path` (a temporary file beside it, renamed into place once verified, so a
   * corrupt artifact never appears at `path`). Returns the artifact's reference.
   */
  getToFile(target: ArtifactTarget, path: string): Promise<StoredArtifact>;
  /** The recorded reference of an artifact. @throws {StatusError} NOT_FOUND when it does not exist */
  stat(target: ArtifactTarget): Promise<StoredArtifact>;
  /** Whether an artifact exists. */
  exists(target: ArtifactTarget): Promise<boolean>;
  /** Deletes an artifact; resolves with whether it existed. */
  delete(target: ArtifactTarget): Promise<boolean>;
  /** Every artifact whose key starts with `prefix` (plain string prefix, like S3), sorted by key. @default "" */
  list(prefix?: string): Promise<StoredArtifact[]>;
  /** Releases what the store holds (a NATS connection it opened itself). */
  close(): Promise<void>;
}
