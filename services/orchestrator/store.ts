import type { ArtifactRef } from "@dermanomaly/artifacts";
import type { JobRef, JobState__Output, ServiceName, Stage__Output } from "@dermanomaly/contracts";
import { ensureStreamReplicas } from "@dermanomaly/events";
import { jetstreamManager } from "@nats-io/jetstream";
import { type KV, Kvm, type KvWatchEntry } from "@nats-io/kv";
import type { NatsConnection, QueuedIterator } from "@nats-io/transport-node";
import type { PipelineSpec } from "./options.ts";
import type { StepName } from "./steps.ts";

/** One step of a stored pipeline. */
export interface StepRecord {
  readonly name: StepName;
  readonly stage: Stage__Output;
  /** The service it calls. */
  readonly service: ServiceName;
  /** `job` (a stage job the pipeline follows) or `call` (synchronous). */
  readonly kind: "job" | "call";
  /** Steps whose outputs it takes. */
  readonly needs: readonly StepName[];
  /** QUEUED until started, then its job's state. */
  state: JobState__Output;
  /** Its stage job, once started. */
  job?: JobRef;
  /** When it started and ended (ISO 8601). */
  startedAt?: string;
  endedAt?: string;
  /** Its outputs, once it succeeded. */
  outputs: ArtifactRef[];
  /** Its job's last status line. */
  message: string;
  /** Why it failed, and the gRPC code name. */
  error: string;
  errorCode: string;
}

/** A pipeline as stored in NATS KV (one JSON value per pipeline, written at its revision). */
export interface PipelineRecord {
  /** `pipeline-<hex>`, also the KV key's suffix. */
  readonly id: string;
  /** The request's idempotency key, "" when none. */
  readonly requestId: string;
  /** The request as received (JSON), compared when a request id comes again. */
  readonly request: unknown;
  /** Its settings. */
  readonly spec: PipelineSpec;
  readonly createdAt: string;
  endedAt?: string;
  state: JobState__Output;
  /** Why it failed: `<step>: <cause>`, and the cause's gRPC code name. */
  error: string;
  errorCode: string;
  /** The step that failed. */
  failedStep?: StepName;
  steps: StepRecord[];
  /** Things the user should know (a GPU preset training on a CPU). */
  warnings: string[];
  /** `run.json` and `metrics.json`, once it succeeded. */
  runManifest?: ArtifactRef;
  metrics?: ArtifactRef;
  /** Incremented at every write; the pipeline's progress `seq`. */
  seq: number;
}

/** A record and the KV revision it was read at. */
export interface StoredPipeline {
  readonly record: PipelineRecord;
  readonly revision: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function isWrongSequence(err: unknown): boolean {
  return /wrong last sequence/i.test((err as Error)?.message ?? "");
}

/** The KV bucket holding pipelines. */
export const PIPELINES_BUCKET = "dermanomaly_pipelines";

/**
 * Pipelines in NATS KV: `p.<id>` holds each record, written only at the revision it was read at (so two instances
 * never overwrite each other's change), `j.<job id>` says which pipeline and step started a stage job, and
 * `active` lists the pipelines still running (one key, so that finding them reads one value).
 */
export class PipelineStore {
  readonly #nc: NatsConnection;
  readonly #kv: KV;

  private constructor(nc: NatsConnection, kv: KV) {
    this.#nc = nc;
    this.#kv = kv;
  }

  /**
   * Opens (creating if needed) the bucket, with `replicas` copies in a NATS cluster (`DERMANOMALY_NATS_REPLICAS`; an
   * existing bucket is brought to it when given).
   */
  static async open(
    nc: NatsConnection,
    options: { bucket?: string; replicas?: number } = {},
  ): Promise<PipelineStore> {
    const bucket = options.bucket ?? PIPELINES_BUCKET;
    const kv = await new Kvm(nc).create(bucket, { history: 1, replicas: options.replicas ?? 1 });
    if (options.replicas !== undefined) {
      await ensureStreamReplicas(nc, { stream: `KV_${bucket}`, replicas: options.replicas });
    }
    return new PipelineStore(nc, kv);
  }

  /** Stores a new pipeline; when one with its id exists already, returns that one instead. */
  async create(record: PipelineRecord): Promise<{ created: boolean; stored: StoredPipeline }> {
    try {
      const revision = await this.#kv.create(`p.${record.id}`, encoder.encode(JSON.stringify(record)));
      await this.#setActive(record.id, true);
      return { created: true, stored: { record, revision } };
    } catch (err) {
      const existing = await this.get(record.id);
      if (existing === undefined) throw err;
      return { created: false, stored: existing };
    }
  }

  /** The pipeline, or undefined. */
  async get(id: string): Promise<StoredPipeline | undefined> {
    const entry = await this.#kv.get(`p.${id}`);
    if (!entry || entry.operation !== "PUT") return undefined;
    return { record: JSON.parse(decoder.decode(entry.value)) as PipelineRecord, revision: entry.revision };
  }

  /**
   * Changes a pipeline with `change`, which gets the latest record and returns whether it changed it: the write is
   * at the revision read, and a write refused because another writer came first is retried on the new record.
   * Returns the record as stored after the change (or unchanged); undefined for an unknown pipeline.
   */
  async update(id: string, change: (record: PipelineRecord) => boolean): Promise<PipelineRecord | undefined> {
    for (;;) {
      const stored = await this.get(id);
      if (stored === undefined) return undefined;
      const record = stored.record;
      if (!change(record)) return record;
      record.seq++;
      try {
        await this.#kv.update(`p.${id}`, encoder.encode(JSON.stringify(record)), stored.revision);
      } catch (err) {
        if (isWrongSequence(err)) continue;
        throw err;
      }
      if (["JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED"].includes(record.state))
        await this.#setActive(id, false);
      return record;
    }
  }

  /** Records that `job` is the stage job of `step` of pipeline `id`. */
  async indexJob(job: JobRef, id: string, step: StepName): Promise<void> {
    await this.#kv.put(
      `j.${job.id}`,
      encoder.encode(JSON.stringify({ pipeline: id, step, service: job.service })),
    );
  }

  /** The pipeline and step that started a stage job, or undefined for a job no pipeline started. */
  async pipelineOfJob(job: JobRef): Promise<{ pipeline: string; step: StepName } | undefined> {
    if (!job.id || !/^[A-Za-z0-9_-]+$/.test(job.id)) return undefined;
    const entry = await this.#kv.get(`j.${job.id}`);
    if (!entry || entry.operation !== "PUT") return undefined;
    const value = JSON.parse(decoder.decode(entry.value)) as {
      pipeline: string;
      step: StepName;
      service: string;
    };
    return value.service === job.service ? value : undefined;
  }

  /** The ids of the pipelines still running. */
  async activeIds(): Promise<string[]> {
    const entry = await this.#kv.get("active");
    return entry?.operation === "PUT" ? (JSON.parse(decoder.decode(entry.value)) as string[]) : [];
  }

  /** Adds a pipeline to the `active` list, or removes it (revision-checked, retried on a concurrent write). */
  async #setActive(id: string, active: boolean): Promise<void> {
    for (;;) {
      const entry = await this.#kv.get("active");
      const ids = entry?.operation === "PUT" ? (JSON.parse(decoder.decode(entry.value)) as string[]) : [];
      const next = active ? [...new Set([...ids, id])] : ids.filter((i) => i !== id);
      if (next.length === ids.length && next.every((v, i) => v === ids[i])) return;
      const bytes = encoder.encode(JSON.stringify(next));
      try {
        if (entry === null) await this.#kv.create("active", bytes);
        else await this.#kv.update("active", bytes, entry.revision);
        return;
      } catch (err) {
        if (entry === null || isWrongSequence(err)) continue;
        throw err;
      }
    }
  }

  /** Every stored pipeline id. */
  ids(): Promise<string[]> {
    return this.#keys("p.");
  }

  /** Every change of a pipeline's record, from now on. */
  async watch(id: string): Promise<QueuedIterator<KvWatchEntry>> {
    return this.#kv.watch({ key: `p.${id}` });
  }

  /**
   * Keys under a prefix, from the stream's subject list: one request, where the KV `keys()` iterator can wait for
   * ever while records are being written (as the job store does).
   */
  async #keys(prefix: string): Promise<string[]> {
    const { streamInfo } = await this.#kv.status();
    const { config } = streamInfo;
    const subjectPrefix = config.subjects[0]?.replace(/>$/, "") ?? `$KV.${config.name.replace(/^KV_/, "")}.`;
    const info = await (await jetstreamManager(this.#nc)).streams.info(config.name, {
      subjects_filter: `${subjectPrefix}${prefix}>`,
    });
    return Object.keys(info.state.subjects ?? {}).map((s) => s.slice(subjectPrefix.length + prefix.length));
  }
}
