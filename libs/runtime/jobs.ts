import { createHash, randomUUID } from "node:crypto";
import {
  type CancelResponse,
  Code,
  type JobRef,
  type JobState__Output,
  type Progress__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { type KV, Kvm, type KvWatchEntry } from "@nats-io/kv";
import type { NatsConnection, QueuedIterator } from "@nats-io/transport-node";
import { AsyncQueue } from "./_async_queue.ts";
import { createLogger } from "./log.ts";
import type { JobCount } from "./metrics.ts";
import type {
  CallContext,
  JobRecord,
  JobResult,
  Logger,
  ProgressUpdate,
  RunContext,
  RunFn,
  ServerStreamingHandler,
  UnaryHandler,
} from "./types.ts";

/** States after which a job never changes again. */
export const TERMINAL_STATES: readonly JobState__Output[] = [
  "JOB_STATE_SUCCEEDED",
  "JOB_STATE_FAILED",
  "JOB_STATE_CANCELLED",
];

/** Whether a job in `state` is finished. */
export function isTerminal(state: JobState__Output): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Options of {@linkcode openJobManager}. */
export interface JobManagerOptions {
  /** KV bucket holding the jobs. @default `dermanomaly_jobs_<service>` */
  bucket?: string;
  /** Least time between two stores of the same job's progress; state changes are stored at once. @default 500 */
  persistIntervalMs?: number;
  /** Jobs run at the same time; more wait QUEUED. @default Infinity */
  maxConcurrent?: number;
  /** How long a finished job stays in memory (after that it is read back from the store). @default 600000 */
  retainMs?: number;
  /** KV bucket replicas in a NATS cluster. @default 1 */
  replicas?: number;
  /**
   * How long the store keeps a job after its last update, in ms (the bucket's TTL, set when it is created).
   * @default 0 (forever)
   */
  ttlMs?: number;
  /** Logger. @default a JSON logger named after the service */
  log?: Logger;
}

/** Options of {@linkcode JobManager.start}. */
export interface StartJobOptions<Req> {
  /**
   * Idempotency key: starting again with the same kind and request id returns the existing job (running or
   * finished, even across restarts) instead of running a second one. @default "" (always a new job)
   */
  requestId?: string;
  /** The start request, stored (as JSON) with the job and handed to `run` and to the resume handler. @default null */
  request?: Req;
}

/** Options of {@linkcode JobManager.watch}. */
export interface WatchOptions {
  /** Ends the watch early (the iteration returns). @default none */
  signal?: AbortSignal;
}

/** Ready-made gRPC handlers for the job methods every service has. */
export interface JobHandlers {
  /** `Watch(JobRef) returns (stream Progress)`: the latest state at once, then every update until a terminal one. */
  Watch: ServerStreamingHandler<JobRef, Progress__Output>;
  /** `Cancel(JobRef) returns (CancelResponse)`. */
  Cancel: UnaryHandler<JobRef, CancelResponse>;
  /** `GetJob(JobRef) returns (Progress)`. */
  GetJob: UnaryHandler<JobRef, Progress__Output>;
}

interface LocalJob {
  record: JobRecord;
  run: RunFn<unknown>;
  request: unknown;
  resumedFrom: Progress__Output | undefined;
  controller: AbortController;
  watchers: Set<AsyncQueue<Progress__Output>>;
  settled: Promise<void> | undefined;
  dirty: boolean;
  lastPersist: number;
  persistTimer: NodeJS.Timeout | undefined;
  chain: Promise<void>;
}

/**
 * A repeated request id must come with the same request: the existing job answers it. A different body under
 * the same id is a client mistake worth reporting rather than silently ignoring.
 */
function sameRequest(record: JobRecord, request: unknown, ref: JobRef): JobRef {
  if (JSON.stringify(record.request) !== JSON.stringify(JSON.parse(JSON.stringify(request)))) {
    throw new StatusError(
      Code.ALREADY_EXISTS,
      `Request id "${record.requestId}" was already used for job "${record.id}" with different options; ` +
        "use a new request id for a new job",
    );
  }
  return ref;
}

const KIND_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Opens (creating if needed) the job store of `service` in NATS KV and returns its job manager.
 *
 * @example
 * ```ts
 * const jobs = await openJobManager(nc, "preprocess");
 * jobs.onResume("preprocess", runPreprocess);
 * const ref = await jobs.start("preprocess", runPreprocess, { requestId: req.requestId, request: req });
 * ```
 */
export async function openJobManager(
  nc: NatsConnection,
  service: string,
  options: JobManagerOptions = {},
): Promise<JobManager> {
  if (!/^[A-Za-z0-9_-]+$/.test(service))
    throw new TypeError(`Service name must be letters, digits, "-" or "_", got "${service}"`);
  const bucket = options.bucket ?? `dermanomaly_jobs_${service}`;
  const kv = await new Kvm(nc).create(bucket, {
    history: 1,
    replicas: options.replicas ?? 1,
    ttl: options.ttlMs ?? 0,
  });
  return new JobManager(kv, service, options);
}

/**
 * Runs long operations as jobs: `start` answers with a JobRef at once, progress fans out to any number of watchers,
 * and each job's last state lives in NATS KV so a restarted service still answers for it (and can resume it).
 * Create it with {@linkcode openJobManager}.
 */
export class JobManager {
  readonly service: string;
  readonly #kv: KV;
  readonly #log: Logger;
  readonly #persistIntervalMs: number;
  readonly #maxConcurrent: number;
  readonly #retainMs: number;
  readonly #local = new Map<string, LocalJob>();
  readonly #starting = new Map<string, Promise<JobRef>>();
  readonly #resumers = new Map<string, RunFn<unknown>>();
  readonly #queue: LocalJob[] = [];
  readonly #kvWatches = new Set<QueuedIterator<KvWatchEntry>>();
  readonly #retainTimers = new Set<NodeJS.Timeout>();
  #running = 0;
  #closing = false;
  #closed = false;
  #shutdownReason: StatusError | undefined;

  /** Prefer {@linkcode openJobManager}. */
  constructor(kv: KV, service: string, options: JobManagerOptions = {}) {
    this.service = service;
    this.#kv = kv;
    this.#log = (options.log ?? createLogger(service)).child({ component: "jobs" });
    this.#persistIntervalMs = options.persistIntervalMs ?? 500;
    this.#maxConcurrent = options.maxConcurrent ?? Number.POSITIVE_INFINITY;
    this.#retainMs = options.retainMs ?? 600_000;
    if (!(this.#maxConcurrent >= 1))
      throw new RangeError(`maxConcurrent must be >= 1, got ${this.#maxConcurrent}`);
  }

  /**
   * Accepts a job and returns its reference without waiting for it to run. `run` starts as soon as a slot is free;
   * see {@linkcode RunFn} for how its outcome becomes the job's state. A repeated `requestId` (same kind) returns
   * the existing job and does not run `run`.
   */
  async start<Req>(kind: string, run: RunFn<Req>, options: StartJobOptions<Req> = {}): Promise<JobRef> {
    if (!KIND_PATTERN.test(kind))
      throw new TypeError(`Job kind must be letters, digits, "-" or "_", got "${kind}"`);
    if (this.#closing) throw new StatusError(Code.UNAVAILABLE, `Service "${this.service}" is shutting down`);
    const requestId = options.requestId ?? "";
    const id =
      requestId === "" ? `${kind}-${randomUUID()}` : `${kind}-${digest(this.service, kind, requestId)}`;
    const ref: JobRef = { id, service: this.service };
    const request = options.request ?? null;
    const local = this.#local.get(id);
    if (local) return sameRequest(local.record, request, ref);
    const pending = this.#starting.get(id);
    if (pending) return pending;
    const starting = (async () => {
      const existing = requestId === "" ? undefined : await this.#read(id);
      if (existing) return sameRequest(existing.record, request, ref);
      const now = new Date();
      const record: JobRecord = {
        id,
        service: this.service,
        kind,
        requestId,
        request: JSON.parse(JSON.stringify(request)) as unknown,
        createdAt: now.toISOString(),
        progress: initialProgress(ref, now),
      };
      try {
        await this.#kv.create(id, encoder.encode(JSON.stringify(record)));
      } catch (err) {
        // Another instance created it first: same request id, same job.
        const raced = await this.#read(id);
        if (raced) return sameRequest(raced.record, request, ref);
        throw err;
      }
      this.#adopt(record, run as RunFn<unknown>, request, undefined);
      this.#log.info("Job accepted", { job: id, kind });
      return ref;
    })().finally(() => this.#starting.delete(id));
    this.#starting.set(id, starting);
    return starting;
  }

  /**
   * Registers how to continue jobs of `kind` that were QUEUED or RUNNING when the service last stopped; used by
   * {@linkcode resumeAll}. The run gets the stored request and `resumedFrom` (the last stored progress).
   */
  onResume<Req>(kind: string, run: RunFn<Req>): void {
    if (!KIND_PATTERN.test(kind))
      throw new TypeError(`Job kind must be letters, digits, "-" or "_", got "${kind}"`);
    this.#resumers.set(kind, run as RunFn<unknown>);
  }

  /**
   * Restarts stored jobs left QUEUED or RUNNING whose kind has a resume handler; returns their references. Jobs
   * without a handler keep their stored state. `startService` calls this before reporting SERVING. Assumes one
   * running instance per bucket (an instance cannot tell a dead owner from a live one).
   */
  async resumeAll(): Promise<JobRef[]> {
    const ids: string[] = [];
    for await (const key of await this.#kv.keys()) ids.push(key);
    const resumed: JobRef[] = [];
    for (const id of ids) {
      if (this.#local.has(id)) continue;
      const stored = await this.#read(id);
      if (!stored || isTerminal(stored.record.progress.state) || stored.record.service !== this.service)
        continue;
      const record = stored.record;
      const run = this.#resumers.get(record.kind);
      if (!run) {
        this.#log.warn("Job left unfinished; no resume handler for its kind", { job: id, kind: record.kind });
        continue;
      }
      this.#adopt(record, run, record.request, record.progress);
      this.#log.info("Job resumed", { job: id, kind: record.kind, seq: record.progress.seq });
      resumed.push({ id, service: this.service });
    }
    return resumed;
  }

  /** The job's latest progress; NOT_FOUND for an unknown job. */
  async get(ref: JobRef): Promise<Progress__Output> {
    return (await this.record(ref)).progress;
  }

  /** The job's full record (kind, request, timestamps, latest progress); NOT_FOUND for an unknown job. */
  async record(ref: JobRef): Promise<JobRecord> {
    const id = this.#idOf(ref);
    const local = this.#local.get(id);
    if (local) return local.record;
    const stored = await this.#read(id);
    if (!stored) throw notFound(id, this.service);
    return stored.record;
  }

  /**
   * The job's progress: its latest state at once, then every update; ends after a terminal state, when `signal`
   * fires, or with UNAVAILABLE when the manager closes. Jobs run by another instance (or before a restart) are
   * followed through the store, so their updates arrive at the persist interval.
   */
  async *watch(ref: JobRef, options: WatchOptions = {}): AsyncGenerator<Progress__Output, void, undefined> {
    const id = this.#idOf(ref);
    const signal = options.signal;
    const local = this.#local.get(id);
    if (local) {
      const queue = new AsyncQueue<Progress__Output>();
      queue.push(local.record.progress);
      if (isTerminal(local.record.progress.state)) queue.close();
      else local.watchers.add(queue);
      const onAbort = () => queue.close();
      signal?.addEventListener("abort", onAbort, { once: true });
      if (signal?.aborted) queue.close();
      try {
        yield* queue;
      } finally {
        local.watchers.delete(queue);
        signal?.removeEventListener("abort", onAbort);
      }
      return;
    }
    const stored = await this.#read(id);
    if (!stored) throw notFound(id, this.service);
    let last = stored.record.progress;
    yield last;
    if (isTerminal(last.state) || signal?.aborted) return;
    const updates = await this.#kv.watch({ key: id });
    this.#kvWatches.add(updates);
    const onAbort = () => updates.stop();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for await (const entry of updates) {
        if (entry.operation !== "PUT") continue;
        const progress = parseRecord(entry.value).progress;
        if (progress.seq <= last.seq) continue;
        last = progress;
        yield progress;
        if (isTerminal(progress.state)) return;
      }
    } finally {
      updates.stop();
      this.#kvWatches.delete(updates);
      signal?.removeEventListener("abort", onAbort);
    }
    if (this.#closing && !signal?.aborted) throw shuttingDown(this.service);
  }

  /**
   * Cancels a job: its run's signal fires and its state becomes CANCELLED at once (stored before this returns).
   * A finished job keeps its state, which is returned. NOT_FOUND for an unknown job.
   */
  async cancel(ref: JobRef): Promise<CancelResponse> {
    if (this.#closed) throw shuttingDown(this.service);
    const id = this.#idOf(ref);
    const local = this.#local.get(id);
    if (local) {
      const state = local.record.progress.state;
      if (isTerminal(state)) return { state };
      local.controller.abort(new StatusError(Code.CANCELLED, `Job "${id}" was cancelled`));
      this.#finish(local, "JOB_STATE_CANCELLED", { message: "Cancelled" }, "");
      await local.chain;
      this.#log.info("Job cancelled", { job: id });
      return { state: "JOB_STATE_CANCELLED" };
    }
    const stored = await this.#read(id);
    if (!stored) throw notFound(id, this.service);
    const { record, revision } = stored;
    if (isTerminal(record.progress.state)) return { state: record.progress.state };
    // Not running in this process (left over from a stopped one): record the cancellation in the store.
    record.progress = nextProgress(record.progress, "JOB_STATE_CANCELLED", { message: "Cancelled" }, "");
    await this.#kv.update(id, encoder.encode(JSON.stringify(record)), revision);
    this.#log.info("Stored job cancelled", { job: id });
    return { state: "JOB_STATE_CANCELLED" };
  }

  /** Watch, Cancel and GetJob as gRPC handlers for `startService`. */
  grpcHandlers(): JobHandlers {
    return {
      Watch: (ref: JobRef, ctx: CallContext) => this.watch(ref, { signal: ctx.signal }),
      Cancel: (ref: JobRef) => this.cancel(ref),
      GetJob: (ref: JobRef) => this.get(ref),
    };
  }

  /** Jobs held in this process, by kind and state (for the `dermanomaly_jobs` gauge). */
  counts(): JobCount[] {
    const byKey = new Map<string, JobCount>();
    for (const job of this.#local.values()) {
      const { kind } = job.record;
      const { state } = job.record.progress;
      const key = `${kind}\0${state}`;
      const entry = byKey.get(key) ?? { kind, state, count: 0 };
      entry.count++;
      byKey.set(key, entry);
    }
    return [...byKey.values()];
  }

  /**
   * Drains the manager at shutdown: no new jobs; running ones see their signal fire (reason UNAVAILABLE) and get
   * up to `graceMs` to stop; those that did not finish keep their last progress in the store, state RUNNING, to be
   * resumed at the next start; every pending store write completes; open watches end with UNAVAILABLE.
   */
  async close(options: { graceMs?: number } = {}): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#shutdownReason = shuttingDown(this.service);
    const runs: Promise<void>[] = [];
    for (const job of this.#local.values()) {
      if (isTerminal(job.record.progress.state) || job.settled === undefined) continue;
      job.controller.abort(this.#shutdownReason);
      runs.push(job.settled);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(runs),
      new Promise((resolve) => {
        timer = setTimeout(resolve, Math.max(0, options.graceMs ?? 10_000));
      }),
    ]);
    clearTimeout(timer);
    await Promise.all([...this.#local.values()].map((job) => this.#flush(job)));
    this.#closed = true;
    for (const job of this.#local.values()) {
      for (const queue of job.watchers) queue.fail(this.#shutdownReason);
      job.watchers.clear();
    }
    for (const updates of this.#kvWatches) updates.stop();
    for (const t of this.#retainTimers) clearTimeout(t);
    this.#retainTimers.clear();
  }

  #idOf(ref: JobRef | null | undefined): string {
    const id = ref?.id ?? "";
    if (id === "") throw new StatusError(Code.INVALID_ARGUMENT, "JobRef.id is required");
    const service = ref?.service ?? "";
    if (service !== "" && service !== this.service) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Job "${id}" belongs to service "${service}", not "${this.service}"`,
      );
    }
    if (!ID_PATTERN.test(id)) throw notFound(id, this.service);
    return id;
  }

  async #read(id: string): Promise<{ record: JobRecord; revision: number } | undefined> {
    const entry = await this.#kv.get(id);
    if (!entry || entry.operation !== "PUT") return undefined;
    return { record: parseRecord(entry.value), revision: entry.revision };
  }

  #adopt(
    record: JobRecord,
    run: RunFn<unknown>,
    request: unknown,
    resumedFrom: Progress__Output | undefined,
  ): void {
    const job: LocalJob = {
      record,
      run,
      request,
      resumedFrom,
      controller: new AbortController(),
      watchers: new Set(),
      settled: undefined,
      dirty: false,
      lastPersist: 0,
      persistTimer: undefined,
      chain: Promise.resolve(),
    };
    this.#local.set(record.id, job);
    this.#queue.push(job);
    this.#pump();
  }

  #pump(): void {
    while (this.#running < this.#maxConcurrent && !this.#closing) {
      const job = this.#queue.shift();
      if (!job) return;
      if (!isTerminal(job.record.progress.state)) this.#launch(job);
    }
  }

  #launch(job: LocalJob): void {
    this.#running++;
    const signal = job.controller.signal;
    this.#set(job, nextProgress(job.record.progress, "JOB_STATE_RUNNING", {}, ""), true);
    const ctx: RunContext<unknown> = {
      job: { id: job.record.id, service: this.service },
      request: job.request,
      signal,
      report: (update) => this.#report(job, update),
      resumedFrom: job.resumedFrom,
    };
    job.settled = (async () => {
      try {
        const result = await job.run(ctx);
        if (isTerminal(job.record.progress.state)) return;
        if (signal.aborted) throw signal.reason;
        this.#finish(job, "JOB_STATE_SUCCEEDED", result ?? {}, "");
        this.#log.info("Job succeeded", { job: job.record.id });
      } catch (err) {
        if (isTerminal(job.record.progress.state)) return;
        if (signal.aborted && signal.reason === this.#shutdownReason) {
          this.#log.info("Job interrupted by shutdown; it stays RUNNING to be resumed", {
            job: job.record.id,
          });
          return;
        }
        const message = err instanceof Error ? err.message : String(err);
        this.#log.error("Job failed", { job: job.record.id, err });
        this.#finish(job, "JOB_STATE_FAILED", {}, message);
      } finally {
        this.#running--;
        this.#pump();
      }
    })();
  }

  #report(job: LocalJob, update: ProgressUpdate): void {
    if (isTerminal(job.record.progress.state) || job.controller.signal.aborted || this.#closed) return;
    this.#set(job, nextProgress(job.record.progress, "JOB_STATE_RUNNING", update, ""), false);
  }

  #finish(job: LocalJob, state: JobState__Output, result: JobResult, error: string): void {
    if (this.#closed) return;
    this.#set(job, nextProgress(job.record.progress, state, result, error), true);
    for (const queue of job.watchers) queue.close();
    job.watchers.clear();
    const timer = setTimeout(() => {
      this.#retainTimers.delete(timer);
      if (this.#local.get(job.record.id) === job) this.#local.delete(job.record.id);
    }, this.#retainMs);
    timer.unref();
    this.#retainTimers.add(timer);
  }

  /** Makes `progress` the job's latest, tells the watchers and stores it (at once, or throttled). */
  #set(job: LocalJob, progress: Progress__Output, persistNow: boolean): void {
    const changed = progress.state !== job.record.progress.state;
    job.record = { ...job.record, progress };
    for (const queue of job.watchers) queue.push(progress);
    job.dirty = true;
    const since = Date.now() - job.lastPersist;
    if (persistNow || changed || since >= this.#persistIntervalMs) {
      void this.#flush(job);
    } else if (job.persistTimer === undefined) {
      job.persistTimer = setTimeout(() => void this.#flush(job), this.#persistIntervalMs - since);
      job.persistTimer.unref();
    }
  }

  /** Stores the job's latest record if it changed; writes of one job are chained so they land in order. */
  #flush(job: LocalJob): Promise<void> {
    clearTimeout(job.persistTimer);
    job.persistTimer = undefined;
    if (!job.dirty) return job.chain;
    job.dirty = false;
    job.lastPersist = Date.now();
    const bytes = encoder.encode(JSON.stringify(job.record));
    job.chain = job.chain
      .then(() => this.#kv.put(job.record.id, bytes))
      .then(
        () => undefined,
        (err: unknown) => this.#log.error("Storing job state failed", { job: job.record.id, err }),
      );
    return job.chain;
  }
}

function digest(service: string, kind: string, requestId: string): string {
  return createHash("sha256").update(`${service}\0${kind}\0${requestId}`).digest("hex").slice(0, 32);
}

function timestamp(date: Date): { seconds: number; nanos: number } {
  const ms = date.getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

function initialProgress(job: JobRef, now: Date): Progress__Output {
  return {
    job: { id: job.id ?? "", service: job.service ?? "" },
    state: "JOB_STATE_QUEUED",
    done: 0,
    total: 0,
    unit: "",
    message: "",
    metrics: {},
    outputs: [],
    error: "",
    updatedAt: timestamp(now),
    seq: 1,
  };
}

/** The report after `prev`: fields in `update` replace the old ones; seq and time advance. */
function nextProgress(
  prev: Progress__Output,
  state: JobState__Output,
  update: ProgressUpdate,
  error: string,
): Progress__Output {
  return {
    ...prev,
    state,
    done: update.done ?? prev.done,
    total: update.total ?? prev.total,
    unit: update.unit ?? prev.unit,
    message: update.message ?? prev.message,
    metrics: update.metrics ? { ...update.metrics } : prev.metrics,
    outputs: update.outputs
      ? update.outputs.map((o) => ({
          uri: o.uri ?? "",
          sha256: o.sha256 ?? "",
          sizeBytes: Number(o.sizeBytes ?? 0),
          mediaType: o.mediaType ?? "",
        }))
      : prev.outputs,
    error: error || prev.error,
    updatedAt: timestamp(new Date()),
    seq: prev.seq + 1,
  };
}

function parseRecord(bytes: Uint8Array): JobRecord {
  return JSON.parse(decoder.decode(bytes)) as JobRecord;
}

function notFound(id: string, service: string): StatusError {
  return new StatusError(Code.NOT_FOUND, `No job "${id}" on service "${service}"`);
}

function shuttingDown(service: string): StatusError {
  return new StatusError(
    Code.UNAVAILABLE,
    `Service "${service}" is shutting down; watch the job again once it is back`,
  );
}
