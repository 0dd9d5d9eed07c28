import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactStore } from "@dermanomaly/artifacts";
import {
  Code,
  type ExportedModels__Output,
  type OnnxModel__Output,
  StatusError,
} from "@dermanomaly/contracts";
import type { ExecutionProvider } from "@dermanomaly/onnx";
import { openReconstructionModels, type ReconstructionModels } from "@dermanomaly/reconstruction";
import type { Logger } from "@dermanomaly/runtime";

/** Open models lent by {@link ModelCache.acquire}; give them back with `release()` (once). */
export interface ModelLease {
  readonly models: ReconstructionModels;
  readonly exported: ExportedModels__Output;
  release(): void;
}

/** Options of {@link ModelCache}. */
export interface ModelCacheOptions {
  /** Where the exported models are (`ExportedModels` refs point into it, or into another store by URI). */
  store: ArtifactStore;
  /** Local folder the model files are downloaded to (`<dir>/<key>/`). */
  dir: string;
  /** Model sets (E, G, D) kept open; the least recently used idle set is closed beyond it. @default 2 */
  maxSets?: number;
  /** ONNX Runtime intra-op threads per session; 0 = one per core. @default 0 */
  threads?: number;
  /** Execution provider of the sessions. @default "cpu" */
  provider?: ExecutionProvider;
  log: Logger;
}

interface Entry {
  readonly key: string;
  readonly ready: Promise<ReconstructionModels>;
  users: number;
  lastUsed: number;
}

const FILES = { encoder: "E.onnx", generator: "G.onnx", discriminator: "D.onnx" } as const;
const COMPLETE = ".complete";

/**
 * ONNX Runtime sessions of exported model sets, loaded on first use by their cache key and kept open for the next
 * request: a bounded cache (least recently used idle sets are closed), with sets in use counted so that none is
 * closed under a running reconstruction. Model files are downloaded once per replica (digests checked), and the
 * opened models' digests are checked against the record.
 */
export class ModelCache {
  readonly #o: Required<ModelCacheOptions>;
  readonly #entries = new Map<string, Entry>();
  #closed = false;

  constructor(options: ModelCacheOptions) {
    const maxSets = options.maxSets ?? 2;
    if (!Number.isInteger(maxSets) || maxSets < 1)
      throw new RangeError(`Model cache size must be a positive integer, got "${maxSets}"`);
    this.#o = { ...options, maxSets, threads: options.threads ?? 0, provider: options.provider ?? "cpu" };
  }

  /** Keys of the sets open (or opening) now. */
  get keys(): string[] {
    return [...this.#entries.keys()];
  }

  /**
   * Lends the open models of `exported`, loading them when they are not open.
   *
   * @throws {StatusError} NOT_FOUND for a model file missing from the store; DATA_LOSS when a file or a model does
   * not match its digest; UNAVAILABLE once the cache is closed
   */
  async acquire(exported: ExportedModels__Output): Promise<ModelLease> {
    if (this.#closed) throw new StatusError(Code.UNAVAILABLE, "The reconstructor is shutting down");
    let entry = this.#entries.get(exported.key);
    if (entry === undefined) {
      entry = { key: exported.key, ready: this.#load(exported), users: 0, lastUsed: 0 };
      // A failed load is forgotten, so the next request tries again.
      entry.ready.catch(() => {
        if (this.#entries.get(exported.key) === entry) this.#entries.delete(exported.key);
      });
      this.#entries.set(exported.key, entry);
    }
    entry.users++;
    let models: ReconstructionModels;
    try {
      models = await entry.ready;
    } catch (err) {
      entry.users--;
      throw err;
    }
    let released = false;
    const e = entry;
    return {
      models,
      exported,
      release: () => {
        if (released) return;
        released = true;
        e.users--;
        e.lastUsed = performance.now();
        void this.#evict();
      },
    };
  }

  /** Closes every set; sets in use are closed when given back. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#evict();
  }

  async #evict(): Promise<void> {
    const limit = this.#closed ? 0 : this.#o.maxSets;
    while (this.#entries.size > limit) {
      const idle = [...this.#entries.values()]
        .filter((e) => e.users === 0)
        .sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (idle === undefined) return;
      this.#entries.delete(idle.key);
      try {
        await (await idle.ready).close();
        this.#o.log.info("Models closed", { key: idle.key });
      } catch {
        // A set that failed to load has nothing to close.
      }
    }
  }

  async #load(exported: ExportedModels__Output): Promise<ReconstructionModels> {
    const dir = join(this.#o.dir, exported.key);
    if (!existsSync(join(dir, COMPLETE))) {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      for (const role of ["encoder", "generator", "discriminator"] as const) {
        await this.#download(exported[role], join(dir, FILES[role]), role);
      }
      await writeFile(join(dir, COMPLETE), exported.key);
    }
    const paths = {
      encoder: join(dir, FILES.encoder),
      generator: join(dir, FILES.generator),
      discriminator: join(dir, FILES.discriminator),
    };
    const started = performance.now();
    const models = await openReconstructionModels(paths, {
      threads: this.#o.threads,
      provider: this.#o.provider,
    });
    for (const role of ["encoder", "generator", "discriminator"] as const) {
      if (models.digests[role] !== exported[role]?.digest) {
        await models.close();
        await rm(dir, { recursive: true, force: true });
        throw new StatusError(
          Code.DATA_LOSS,
          `The ${role} model of "${exported.key}" has digest "${models.digests[role]}", its record says "${exported[role]?.digest}"`,
        );
      }
    }
    this.#o.log.info("Models opened", { key: exported.key, ms: Math.round(performance.now() - started) });
    return models;
  }

  async #download(model: OnnxModel__Output | null, path: string, role: string): Promise<void> {
    if (!model?.model)
      throw new StatusError(Code.INVALID_ARGUMENT, `The exported models have no ${role} model`);
    await this.#o.store.getToFile(model.model, path);
    if (model.data) await this.#o.store.getToFile(model.data, `${path}.data`);
  }
}
