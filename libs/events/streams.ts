import { Code, StatusError } from "@dermanomaly/contracts";
import {
  DiscardPolicy,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { isStreamNotFound, msToNanos, toManager } from "./_nats.ts";
import { checkSubject, EVENTS_STREAM, EVENTS_SUBJECTS } from "./subjects.ts";

/** Limits shared by the events stream and work-queue streams. */
export interface StreamLimitsOptions {
  /** How long a message id is remembered for de-duplication, in ms. @default 120000 (2 min) */
  duplicateWindowMs?: number;
  /** Oldest message kept, in ms; 0 keeps messages until another limit removes them. @default 0 for work queues, 7 days for events */
  maxAgeMs?: number;
  /** Most bytes kept; -1 for no limit. Oldest messages are dropped beyond it. @default -1 */
  maxBytes?: number;
  /** Most messages kept; -1 for no limit. @default -1 */
  maxMsgs?: number;
  /** Largest single message in bytes; -1 for the server's max payload. @default -1 */
  maxMsgSize?: number;
  /** Copies kept in a cluster (1 on a single server; services pass `DERMANOMALY_NATS_REPLICAS`). @default 1 */
  replicas?: number;
  /** Where messages are kept. @default StorageType.File */
  storage?: StorageType;
  /** Human-readable description stored with the stream. */
  description?: string;
}

/** Options of {@linkcode ensureEventStream}. */
export interface EnsureEventStreamOptions extends StreamLimitsOptions {
  /** Stream name. @default EVENTS_STREAM (`DERMANOMALY_EVENTS`) */
  name?: string;
  /** Subjects bound to the stream. @default [EVENTS_SUBJECTS] (`dermanomaly.events.>`) */
  subjects?: string[];
}

/** Options of {@linkcode ensureWorkQueueStream}. */
export interface EnsureWorkQueueStreamOptions extends StreamLimitsOptions {
  /** Stream name, e.g. `DERMANOMALY_WORK_RECONSTRUCT`. */
  name: string;
  /** Subjects bound to the stream, e.g. `["dermanomaly.work.reconstruct"]`. */
  subjects: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function checkMs(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min)
    throw new RangeError(`"${name}" must be >= ${min}, got ${value}`);
}

async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  subjects: string[],
  retention: RetentionPolicy,
  defaultMaxAgeMs: number,
  o: StreamLimitsOptions,
): Promise<StreamInfo> {
  if (subjects.length === 0) throw new TypeError(`Stream "${name}" needs at least one subject`);
  for (const s of subjects) checkSubject(s, { wildcards: true });
  const duplicateWindowMs = o.duplicateWindowMs ?? 120_000;
  const maxAgeMs = o.maxAgeMs ?? defaultMaxAgeMs;
  checkMs("duplicateWindowMs", duplicateWindowMs, 1);
  checkMs("maxAgeMs", maxAgeMs, 0);
  const storage = o.storage ?? StorageType.File;
  const mutable: Partial<StreamConfig> = {
    subjects,
    max_age: msToNanos(maxAgeMs),
    // The duplicate window may not exceed max age (0 means unlimited age).
    duplicate_window: msToNanos(maxAgeMs > 0 ? Math.min(duplicateWindowMs, maxAgeMs) : duplicateWindowMs),
    max_bytes: o.maxBytes ?? -1,
    max_msgs: o.maxMsgs ?? -1,
    max_msg_size: o.maxMsgSize ?? -1,
    discard: DiscardPolicy.Old,
    num_replicas: o.replicas ?? 1,
    ...(o.description !== undefined ? { description: o.description } : {}),
  };
  let existing: StreamInfo | undefined;
  try {
    existing = await jsm.streams.info(name);
  } catch (err) {
    if (!isStreamNotFound(err)) throw err;
  }
  if (existing === undefined) {
    try {
      return await jsm.streams.add({ name, retention, storage, ...mutable });
    } catch (err) {
      // Another process may have created it between info() and add(); fall through to the update path.
      existing = await jsm.streams.info(name).catch(() => {
        throw err;
      });
    }
  }
  const cfg = existing.config;
  if (cfg.retention !== retention || cfg.storage !== storage) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `Stream "${name}" exists with retention "${cfg.retention}" and storage "${cfg.storage}" but ` +
        `"${retention}" and "${storage}" are required; these cannot change in place, so delete the stream ` +
        `(nats stream rm ${name}) or use another name`,
    );
  }
  return jsm.streams.update(name, mutable);
}

/**
 * Creates the events stream, or updates its limits when it exists (idempotent; safe to call at every start).
 * File storage and limits retention: every consumer sees every event; messages with a repeated `Nats-Msg-Id`
 * inside the duplicate window are dropped by the server.
 *
 * @example
 * ```ts
 * const nc = await connect({ servers: "nats://127.0.0.1:4222" });
 * await ensureEventStream(nc, { maxAgeMs: 24 * 3600_000 });
 * ```
 * @throws {StatusError} FAILED_PRECONDITION when a stream of that name exists with another retention or storage
 */
export async function ensureEventStream(
  ncOrJsm: NatsConnection | JetStreamManager,
  options: EnsureEventStreamOptions = {},
): Promise<StreamInfo> {
  const jsm = await toManager(ncOrJsm);
  return ensureStream(
    jsm,
    options.name ?? EVENTS_STREAM,
    options.subjects ?? [EVENTS_SUBJECTS],
    RetentionPolicy.Limits,
    7 * DAY_MS,
    options,
  );
}

/**
 * Creates a work-queue stream, or updates its limits when it exists. With WorkQueue retention a message is removed
 * once a consumer acknowledges it, so workers sharing one durable consumer each take a different message.
 *
 * @example
 * ```ts
 * await ensureWorkQueueStream(nc, { name: "DERMANOMALY_WORK_RECONSTRUCT", subjects: ["dermanomaly.work.reconstruct"] });
 * ```
 * @throws {StatusError} FAILED_PRECONDITION when a stream of that name exists with another retention or storage
 */
export async function ensureWorkQueueStream(
  ncOrJsm: NatsConnection | JetStreamManager,
  options: EnsureWorkQueueStreamOptions,
): Promise<StreamInfo> {
  const jsm = await toManager(ncOrJsm);
  return ensureStream(jsm, options.name, options.subjects, RetentionPolicy.Workqueue, 0, options);
}

/** A stream and the number of copies it should keep. */
export interface StreamReplicas {
  /** Stream name, e.g. `KV_dermanomaly_jobs_scorer`. */
  stream: string;
  /** Copies, 1-5 (at most the number of JetStream servers). */
  replicas: number;
}

/**
 * Brings an existing stream to `replicas` copies when it has another count, e.g. the stream behind a KV bucket
 * (`KV_<bucket>`) or an object store (`OBJ_<bucket>`), whose create call leaves an existing bucket as it is. JetStream
 * moves the data to the new peers itself.
 *
 * @example
 * ```ts
 * await ensureStreamReplicas(nc, { stream: "KV_dermanomaly_jobs_scorer", replicas: 3 });
 * ```
 * @returns whether the stream was changed
 * @throws {RangeError} when `replicas` is not an integer 1-5
 */
export async function ensureStreamReplicas(
  ncOrJsm: NatsConnection | JetStreamManager,
  target: StreamReplicas,
): Promise<boolean> {
  const { stream, replicas } = target;
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 5) {
    throw new RangeError(`Stream replicas must be an integer 1-5, got "${replicas}"`);
  }
  const jsm = await toManager(ncOrJsm);
  const info = await jsm.streams.info(stream);
  if (info.config.num_replicas === replicas) return false;
  await jsm.streams.update(stream, { num_replicas: replicas });
  return true;
}
