import { createHash } from "node:crypto";
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type ArtifactRef,
  type ArtifactStore,
  FileDigests,
  fileUri,
  resolveStore,
  type StoredArtifact,
} from "@dermanomaly/artifacts";
import {
  Code,
  type ExportedModels__Output,
  type Location__Output,
  type ReconstructionModels__Output,
  StatusError,
} from "@dermanomaly/contracts";
import type { WrittenModel } from "@dermanomaly/onnx";
import { type JobLeases, type Logger, localInput, openJobLeases } from "@dermanomaly/runtime";
import type { NatsConnection } from "@nats-io/transport-node";
import { generatorChoiceName, type ModelChoice, modelChoice, noiseModeName } from "./options.ts";

/** Store key prefix of the exported models: `models/onnx/<key>/` holds `E.onnx`, `G.onnx`, `D.onnx` and `models.json`. */
export const MODELS_PREFIX = "models/onnx/";

/** Name of the record that completes an export (written last): the `ExportedModels` message as JSON. */
export const MODELS_RECORD = "models.json";

/** Bumped when an export of the same checkpoints would differ (exporter format, opset, record fields): old entries are not reused. */
const EXPORT_VERSION = "dermanomaly/reconstructor-models/2";

/** A checkpoint as the cache knows it: its reference (with its digest) and the location to read it from. */
export interface CheckpointRef {
  /** The checkpoint, with its SHA-256 (a path's `file://` URI and digest). */
  readonly ref: ArtifactRef;
  readonly location: Location__Output;
  /** The local file, for a checkpoint given as a path. */
  readonly path?: string;
}

/** Options of {@link ModelStore.open}. */
export interface ModelStoreOptions {
  /** The service's artifact store: exports are cached there. */
  store: ArtifactStore;
  /** NATS connection for the export locks. */
  nc: NatsConnection;
  /** Scratch folder for checkpoints and exports being made. */
  workDir: string;
  log: Logger;
  /**
   * How long an export lock lives without renewal: a replica that died while exporting blocks the others this long.
   * @default 30000
   */
  lockTtlMs?: number;
  /** How often a replica waiting for another's export looks for its result. @default 500 */
  pollMs?: number;
  /** Copies of the lock bucket in a NATS cluster (`DERMANOMALY_NATS_REPLICAS`). @default 1 */
  replicas?: number;
}

/** What {@link ModelStore.resolve} reports while it works, for progress lines. */
export type ModelStoreStatus = "exporting" | "waiting";

/**
 * The exported ONNX models of (GAN checkpoint, encoder checkpoint, generator, noise mode), made once and cached in
 * the artifact store under a key derived from the checkpoints' digests and the choice. Replicas share the cache:
 * one exports under a lock (a NATS KV lease, renewed while it works) while the others wait for its `models.json`,
 * which is written after every model file, so a half-written export is never used.
 */
export class ModelStore {
  readonly #o: Required<Omit<ModelStoreOptions, "nc" | "replicas">>;
  readonly #locks: JobLeases;
  // Hashing a 300 MB pickle per call would dominate: a local checkpoint is hashed again only once it changed.
  readonly #digests = new FileDigests();

  private constructor(options: Required<Omit<ModelStoreOptions, "nc" | "replicas">>, locks: JobLeases) {
    this.#o = options;
    this.#locks = locks;
  }

  /** Opens the cache (and its lock bucket `dermanomaly_reconstructor_exports`). */
  static async open(options: ModelStoreOptions): Promise<ModelStore> {
    const lockTtlMs = options.lockTtlMs ?? 30_000;
    const locks = await openJobLeases(options.nc, "reconstructor-exports", {
      bucket: "dermanomaly_reconstructor_exports",
      ttlMs: lockTtlMs,
      replicas: options.replicas ?? 1,
      log: options.log,
    });
    return new ModelStore(
      {
        store: options.store,
        workDir: options.workDir,
        log: options.log,
        lockTtlMs,
        pollMs: options.pollMs ?? 500,
      },
      locks,
    );
  }

  /**
   * The reference of a checkpoint, with its digest, without downloading it: a path is hashed (once per size and
   * modification time), an artifact or key is looked up in its store.
   *
   * @throws {StatusError} NOT_FOUND for a missing path, artifact or key; INVALID_ARGUMENT when unset
   */
  async checkpoint(location: Location__Output | null | undefined, field: string): Promise<CheckpointRef> {
    switch (location?.kind) {
      case "path": {
        const { path } = await localInput(location, {
          store: this.#o.store,
          workDir: this.#o.workDir,
          field,
        });
        const info = await stat(path);
        if (!info.isFile()) {
          throw new StatusError(Code.INVALID_ARGUMENT, `${field} path "${location.path}" is not a file`);
        }
        const sha256 = await this.#digests.sha256(path);
        const ref = { uri: fileUri(path), sha256, sizeBytes: info.size, mediaType: "" };
        return { ref, location, path };
      }
      case "artifact": {
        if (!location.artifact?.uri)
          throw new StatusError(Code.INVALID_ARGUMENT, `${field} artifact has no uri`);
        const store = await resolveStore(location.artifact);
        try {
          return { ref: plainRef(await store.stat(location.artifact)), location };
        } finally {
          await store.close();
        }
      }
      case "key":
        return { ref: plainRef(await this.#o.store.stat(location.key ?? "")), location };
      default:
        throw new StatusError(
          Code.INVALID_ARGUMENT,
          `${field} is required: give a path, an artifact or a key`,
        );
    }
  }

  /**
   * Checks on a call what can be checked without exporting: both checkpoints exist; when both are paths and their
   * export is not cached yet, that the encoder fits the generator (sizes read from the files).
   *
   * @throws {StatusError} INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION (the encoder does not fit, both named)
   */
  async check(models: ReconstructionModels__Output): Promise<void> {
    const choice = modelChoice(models);
    const gan = await this.checkpoint(models.gan, "models.gan");
    const encoder = await this.checkpoint(models.encoder, "models.encoder");
    if (gan.path === undefined || encoder.path === undefined) return;
    if (await this.#o.store.exists(recordKey(cacheKey(gan.ref, encoder.ref, choice)))) return;
    const { checkCheckpoints } = await import("@dermanomaly/onnx");
    await checkCheckpoints({ gan: gan.path, encoder: encoder.path }, choice);
  }

  /**
   * The exported models of `models`, from the cache, or exported now (by this replica, or by another one that
   * holds the export lock, whose result this one waits for).
   *
   * @throws {StatusError} as {@link check}; FAILED_PRECONDITION when a checkpoint lacks the networks
   */
  async resolve(
    models: ReconstructionModels__Output,
    options: { signal?: AbortSignal; onStatus?: (status: ModelStoreStatus) => void } = {},
  ): Promise<ExportedModels__Output> {
    const choice = modelChoice(models);
    const gan = await this.checkpoint(models.gan, "models.gan");
    const encoder = await this.checkpoint(models.encoder, "models.encoder");
    const key = cacheKey(gan.ref, encoder.ref, choice);
    let waiting = false;
    for (;;) {
      options.signal?.throwIfAborted();
      const cached = await this.#read(key);
      if (cached !== undefined) return cached;
      if (await this.#locks.acquire(key)) {
        try {
          // Another replica may have finished between the read and the lock.
          const raced = await this.#read(key);
          if (raced !== undefined) return raced;
          options.onStatus?.("exporting");
          return await this.#export(key, gan, encoder, choice, options.signal);
        } finally {
          await this.#locks.release(key);
        }
      }
      if (!waiting) options.onStatus?.("waiting");
      waiting = true;
      await sleep(this.#o.pollMs, undefined, options.signal ? { signal: options.signal } : {});
    }
  }

  async #read(key: string): Promise<ExportedModels__Output | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await this.#o.store.getBytes(recordKey(key));
    } catch (err) {
      if ((err as { code?: unknown }).code === Code.NOT_FOUND) return undefined;
      throw err;
    }
    return JSON.parse(new TextDecoder().decode(bytes)) as ExportedModels__Output;
  }

  async #export(
    key: string,
    gan: CheckpointRef,
    encoder: CheckpointRef,
    choice: ModelChoice,
    signal: AbortSignal | undefined,
  ): Promise<ExportedModels__Output> {
    const dir = join(this.#o.workDir, "exports", key);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    // The lock lives while the export runs (a paper-size export takes a while).
    const renew = setInterval(
      () => void this.#locks.renewAll(this.#o.lockTtlMs / 4).catch(() => {}),
      this.#o.lockTtlMs / 4,
    );
    try {
      const local = async (c: CheckpointRef, field: string) =>
        (await localInput(c.location, { store: this.#o.store, workDir: join(dir, "inputs"), field })).path;
      const ganPath = await local(gan, "models.gan");
      const encoderPath = await local(encoder, "models.encoder");
      signal?.throwIfAborted();
      this.#o.log.info("Exporting models", { key, gan: gan.ref.uri, encoder: encoder.ref.uri });
      const { exportCheckpoints } = await import("@dermanomaly/onnx");
      const out = await exportCheckpoints({ gan: ganPath, encoder: encoderPath }, join(dir, "out"), {
        ...choice,
        sources: { gan: gan.ref.uri, encoder: encoder.ref.uri },
      });
      signal?.throwIfAborted();
      const prefix = `${MODELS_PREFIX}${key}/`;
      const put = async (written: WrittenModel, name: string) => {
        const model = plainRef(await this.#o.store.putFile(`${prefix}${name}`, written.path));
        const data =
          written.data === null
            ? null
            : plainRef(await this.#o.store.putFile(`${prefix}${name}.data`, written.data.path));
        return { model, data, digest: written.modelSha256 };
      };
      const record: ExportedModels__Output = {
        key,
        encoder: await put(out.encoder!, "E.onnx"),
        generator: await put(out.generator, "G.onnx"),
        discriminator: await put(out.discriminator, "D.onnx"),
        gan: gan.ref,
        encoderCheckpoint: encoder.ref,
        generatorChoice: generatorChoiceName(out.choice.generator),
        noiseMode: noiseModeName(out.choice.noiseMode),
        resolution: out.sizes.resolution,
        zDim: out.sizes.zDim,
        featureDim: out.sizes.featureDim,
        trainingPreparation: out.preparation,
      };
      await this.#o.store.put(recordKey(key), Buffer.from(JSON.stringify(record, null, 1)), {
        mediaType: "application/json",
      });
      this.#o.log.info("Models exported", { key });
      return record;
    } finally {
      clearInterval(renew);
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** An artifact reference without the store's extra fields (key, creation time), as the wire carries it. */
export function plainRef(a: ArtifactRef | StoredArtifact): ArtifactRef {
  return { uri: a.uri, sha256: a.sha256, sizeBytes: Number(a.sizeBytes), mediaType: a.mediaType };
}

function recordKey(key: string): string {
  return `${MODELS_PREFIX}${key}/${MODELS_RECORD}`;
}

/** The cache key of an export: the checkpoints' digests and the choice (a choice left to the lineage included). */
function cacheKey(gan: ArtifactRef, encoder: ArtifactRef, choice: ModelChoice): string {
  const what = [
    EXPORT_VERSION,
    gan.sha256,
    encoder.sha256,
    choice.generator ?? "lineage",
    choice.noiseMode ?? "lineage",
  ];
  return createHash("sha256").update(what.join("\n")).digest("hex");
}
