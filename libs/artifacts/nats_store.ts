import { Readable } from "node:stream";
import { Code, isStatusError, StatusError } from "@dermanomaly/contracts";
import { type JetStreamClient, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { type ObjectInfo, type ObjectStore, Objm, StorageType } from "@nats-io/obj";
import type { NatsConnection } from "@nats-io/transport-node";
import { BaseArtifactStore } from "./_base.ts";
import {
  checkRecorded,
  chunksOf,
  DEFAULT_MEDIA_TYPE,
  Digester,
  type Expected,
  expectedOfTarget,
  targetString,
  verified,
} from "./_streams.ts";
import { checkArtifactKey, checkBucketName, natsObjUri, parseArtifactUri } from "./keys.ts";
import type { ArtifactSource, ArtifactTarget, PutOptions, StoredArtifact } from "./types.ts";

/** Object metadata field holding our own lower-case hex SHA-256 of the content. */
export const SHA256_META = "dermanomaly-sha256";
/** Object metadata field holding the content's size in bytes (decimal). */
export const SIZE_META = "dermanomaly-size";
/** Object metadata field holding the content's media type. */
export const MEDIA_TYPE_META = "dermanomaly-media-type";

/** Options of {@linkcode NatsArtifactStore.open}. */
export interface NatsArtifactStoreOptions {
  /** Create the bucket when it does not exist. @default true */
  create?: boolean;
  /** Storage of a bucket created here. @default "file" */
  storage?: "file" | "memory";
  /** Most bytes a bucket created here may hold; -1 for no limit. @default -1 */
  maxBytes?: number;
  /**
   * Copies kept in a cluster (services pass `DERMANOMALY_NATS_REPLICAS`). When given, a bucket that exists with
   * another count is brought to it. @default 1 for a bucket created here
   */
  replicas?: number;
  /** Close the connection when the store is closed (when the store opened it itself). @default false */
  ownsConnection?: boolean;
}

function hexOfNatsDigest(digest: string): string | undefined {
  // The object store records "SHA-256=<base64url, padded>"; older writers used standard base64.
  if (!digest.startsWith("SHA-256=")) return undefined;
  const b64 = digest.slice(8).replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Buffer.from(b64, "base64");
  return bytes.length === 32 ? bytes.toString("hex") : undefined;
}

/**
 * Artifact store on a NATS JetStream object store (the cluster deployment). Content is chunked by the object store
 * (128 KiB messages) and streamed both ways. Besides the object store's own digest, our SHA-256, size and media type
 * are kept in the object's metadata and checked on every read.
 *
 * @example
 * ```ts
 * const store = await NatsArtifactStore.open(nc, "dermanomaly-artifacts");
 * const ref = await store.putFile("runs/1/model.onnx", "/tmp/model.onnx", { mediaType: "application/onnx" });
 * await store.getToFile(ref, "/tmp/copy.onnx");
 * ```
 */
export class NatsArtifactStore extends BaseArtifactStore {
  readonly kind = "nats-obj" as const;
  readonly uri: string;
  /** Bucket name. */
  readonly bucket: string;
  readonly #os: ObjectStore;
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #ownsConnection: boolean;

  private constructor(nc: NatsConnection, bucket: string, os: ObjectStore, ownsConnection: boolean) {
    super();
    this.#nc = nc;
    this.#js = jetstream(nc);
    this.bucket = bucket;
    this.uri = natsObjUri(bucket);
    this.#os = os;
    this.#ownsConnection = ownsConnection;
  }

  /**
   * Opens (and by default creates) the bucket.
   * @throws {StatusError} INVALID_ARGUMENT for a bad bucket name; NOT_FOUND when it is missing and `create` is false
   */
  static async open(
    nc: NatsConnection,
    bucket: string,
    options: NatsArtifactStoreOptions = {},
  ): Promise<NatsArtifactStore> {
    checkBucketName(bucket);
    const objm = new Objm(nc);
    let os: ObjectStore;
    if (options.create ?? true) {
      os = await objm.create(bucket, {
        storage: options.storage === "memory" ? StorageType.Memory : StorageType.File,
        replicas: options.replicas ?? 1,
        max_bytes: options.maxBytes ?? -1,
      });
      if (options.replicas !== undefined) await keepReplicas(nc, bucket, options.replicas);
    } else {
      try {
        os = await objm.open(bucket);
      } catch (err) {
        throw new StatusError(
          Code.NOT_FOUND,
          `NATS object store bucket "${bucket}" does not exist: create it or open the store with create: true`,
          { cause: err },
        );
      }
    }
    return new NatsArtifactStore(nc, bucket, os, options.ownsConnection ?? false);
  }

  uriOf(key: string): string {
    return natsObjUri(this.bucket, key);
  }

  #keyOf(target: ArtifactTarget): string {
    const s = targetString(target);
    if (!s.includes("://")) return checkArtifactKey(s);
    const parsed = parseArtifactUri(s);
    if (parsed.scheme !== "nats-obj" || parsed.bucket !== this.bucket || parsed.key === "") {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Artifact URI "${s}" does not name an object of the store "${this.uri}": open it with resolveStore()`,
      );
    }
    return parsed.key;
  }

  #artifactOf(key: string, info: ObjectInfo): StoredArtifact {
    const meta = info.metadata ?? {};
    const ours = meta[SHA256_META];
    const sha256 = ours !== undefined && /^[0-9a-f]{64}$/.test(ours) ? ours : hexOfNatsDigest(info.digest);
    if (sha256 === undefined) {
      throw new StatusError(Code.DATA_LOSS, `Artifact "${this.uriOf(key)}" has no usable digest record`);
    }
    const recordedSize = meta[SIZE_META];
    return {
      uri: this.uriOf(key),
      key,
      sha256,
      sizeBytes: recordedSize !== undefined ? Number(recordedSize) : info.size,
      mediaType: meta[MEDIA_TYPE_META] ?? DEFAULT_MEDIA_TYPE,
      createdAt: info.mtime,
    };
  }

  async #info(key: string): Promise<ObjectInfo> {
    const info = await this.#os.info(key);
    if (info === null || info.deleted) {
      throw new StatusError(Code.NOT_FOUND, `Artifact "${this.uriOf(key)}" does not exist`);
    }
    return info;
  }

  async put(key: string, source: ArtifactSource, options: PutOptions = {}): Promise<StoredArtifact> {
    checkArtifactKey(key);
    const mediaType = options.mediaType ?? DEFAULT_MEDIA_TYPE;
    const digester = new Digester();
    const it = chunksOf(source)[Symbol.asyncIterator]();
    // Pull-based: the object store reads the next chunk only after publishing the previous ones.
    const rs = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await it.next();
          if (done) {
            controller.close();
            return;
          }
          digester.update(value);
          controller.enqueue(value);
        },
        async cancel() {
          await it.return?.(undefined);
        },
      },
      { highWaterMark: 0 },
    );
    const info = await this.#os.put({ name: key, metadata: { [MEDIA_TYPE_META]: mediaType } }, rs);
    const sha256 = digester.hex();
    if (hexOfNatsDigest(info.digest) !== sha256 || info.size !== digester.size) {
      throw new StatusError(
        Code.INTERNAL,
        `Artifact "${this.uriOf(key)}" was stored with digest "${info.digest}" (${info.size} bytes) but ${sha256} ` +
          `(${digester.size} bytes) was sent`,
      );
    }
    await this.#os.update(key, {
      metadata: { [MEDIA_TYPE_META]: mediaType, [SHA256_META]: sha256, [SIZE_META]: String(digester.size) },
      ...(info.options !== undefined ? { options: info.options } : {}),
    });
    return { uri: this.uriOf(key), key, sha256, sizeBytes: digester.size, mediaType, createdAt: info.mtime };
  }

  async openRead(target: ArtifactTarget): Promise<{ stream: Readable; artifact: StoredArtifact }> {
    const key = this.#keyOf(target);
    const wanted = expectedOfTarget(target);
    const info = await this.#info(key);
    const artifact = this.#artifactOf(key, info);
    const expected: Expected = checkRecorded(artifact.uri, wanted, artifact);
    const source = Readable.from(this.#chunks(info, artifact.uri), { objectMode: false });
    const mapError = (err: unknown): unknown =>
      isStatusError(err)
        ? err
        : new StatusError(Code.UNAVAILABLE, `Reading artifact "${artifact.uri}" failed: ${String(err)}`, {
            cause: err,
          });
    return { stream: verified(source, artifact.uri, expected, mapError), artifact };
  }

  /**
   * The object's chunks, fetched a few at a time only as the reader asks for more. The object store's own get()
   * pushes every chunk as fast as the server sends it, so a slow reader (a disk, a network peer) would buffer the
   * whole object in memory.
   */
  async *#chunks(info: ObjectInfo, uri: string): AsyncGenerator<Uint8Array> {
    if (info.size === 0 && info.chunks === 0) return;
    const consumer = await this.#js.consumers.get(`OBJ_${this.bucket}`, {
      filter_subjects: `$O.${this.bucket}.C.${info.nuid}`,
    });
    try {
      let got = 0;
      for (;;) {
        // Ask for what is left (at most a few chunks); a fetch for more than exists would wait for its expiry.
        const batch = await consumer.fetch({
          max_messages: Math.max(1, Math.min(8, info.chunks - got)),
          expires: 10_000,
        });
        let received = 0;
        for await (const m of batch) {
          received++;
          got++;
          if (m.data.length > 0) yield m.data;
          if (m.info.pending === 0) return;
        }
        if (received === 0) {
          throw new StatusError(
            Code.UNAVAILABLE,
            `Reading artifact "${uri}" stalled after ${got} of ${info.chunks} chunks`,
          );
        }
      }
    } finally {
      // Ordered consumers are ephemeral and expire on their own; deleting now just frees the server sooner.
      await consumer.delete().catch(() => false);
    }
  }

  async stat(target: ArtifactTarget): Promise<StoredArtifact> {
    const key = this.#keyOf(target);
    const artifact = this.#artifactOf(key, await this.#info(key));
    checkRecorded(artifact.uri, expectedOfTarget(target), artifact);
    return artifact;
  }

  async delete(target: ArtifactTarget): Promise<boolean> {
    const key = this.#keyOf(target);
    const info = await this.#os.info(key);
    if (info === null || info.deleted) return false;
    await this.#os.delete(key);
    return true;
  }

  async list(prefix = ""): Promise<StoredArtifact[]> {
    if (typeof prefix !== "string") throw new TypeError("list() takes a key prefix string");
    const infos = await this.#os.list();
    return infos
      .filter((i) => !i.deleted && i.name.startsWith(prefix))
      .map((i) => this.#artifactOf(i.name, i))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  override async close(): Promise<void> {
    if (this.#ownsConnection && !this.#nc.isClosed()) await this.#nc.close();
  }
}

/**
 * Brings an existing bucket's stream (`OBJ_<bucket>`) to `replicas` copies: the object store's create leaves an
 * existing bucket as it is. (libs/events has the same step for any stream; this package does not depend on it.)
 */
async function keepReplicas(nc: NatsConnection, bucket: string, replicas: number): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const stream = `OBJ_${bucket}`;
  const info = await jsm.streams.info(stream);
  if (info.config.num_replicas !== replicas) await jsm.streams.update(stream, { num_replicas: replicas });
}
