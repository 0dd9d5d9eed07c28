import { createHash, randomUUID } from "node:crypto";
import {
  type CancelResponse,
  Code,
  isStatusError,
  type JobRef,
  type JobState__Output,
  type Progress__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { ensureStreamReplicas } from "@dermanomaly/events";
import { jetstreamManager } from "@nats-io/jetstream";
import { type KV, Kvm, type KvWatchEntry } from "@nats-io/kv";
import type { NatsConnection, QueuedIterator } from "@nats-io/transport-node";
import { isWrongSequence } from "./_kv.ts";
import { AsyncQueue } from "./async_queue.ts";
import { type JobLeases, openJobLeases } from "./leases.ts";
import { createLogger } from "./log.ts";
import type { JobCount } from "./metrics.ts";
import { timestamp } from "./time.ts";
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

/** The gRPC code name a failed job records for `err`: a StatusError's own code, INTERNAL for anything else. */
export function errorCodeName(err: unknown): string {
  if (!isStatusError(err)) return "INTERNAL";
  return Object.entries(Code).find(([, v]) => v === err.code)?.[0] ?? "UNKNOWN";
}

/** One state change of a job, as {@linkcode JobManagerOptions.onStateChange} receives it. */
export interface JobStateChange {
  /** The job. */
  job: JobRef;
  /** State before (JOB_STATE_UNSPECIFIED for a new job). */
  previous: JobState__Output;
  /** State after. */
  state: JobState__Output;
  /** The job's progress at the change. */
  progress: Progress__Output;
}

/** Options of {@linkcode openJobManager}. */
export interface JobManagerOptions {
  /** KV bucket holding the jobs. @default `dermanomaly_jobs_<service>` */
  bucket?: string;
  /** KV bucket holding the jobs' leases. @default `<bucket>_leases` */
  leaseBucket?: string;
  /**
   * How long a job's lease lives without renewal (the lease bucket's TTL): after a crash, another instance takes
   * the job over this long after the last renewal. Longer than the longest time a job blocks the event loop.
   * @default 60000
   */
  leaseTtlMs?: number;
  /** How often leases are renewed. @default leaseTtlMs / 4 */
  renewIntervalMs?: number;
  /** How often the store is swept for jobs whose lease expired (after the first `resumeAll`). @default leaseTtlMs / 2 */
  sweepIntervalMs?: number;
  /** Least time between two stores of the same job's progress; state changes are stored at once. @default 500 */
  persistIntervalMs?: number;
  /** Jobs run at the same time; more wait QUEUED. @default Infinity */
  maxConcurrent?: number;
  /** How long a finished job stays in memory (after that it is read back from the store). @default 600000 */
  retainMs?: number;
  /**
   * KV bucket replicas in a NATS cluster (services pass `DERMANOMALY_NATS_REPLICAS`). When given, buckets that exist
   * with another count are brought to it. @default 1 for a new bucket
   */
  replicas?: number;
  /**
   * How long the store keeps a job after its last update, in ms (the bucket's TTL, set when it is created).
   * @default 0 (forever)
   */
  ttlMs?: number;
  /**
   * Told of every state change of every job this instance runs, in order per job (e.g. to publish
   * `jobStateChanged`). A rejection is logged; it never changes the job. @default none
   */
  onStateChange?: (change: JobStateChange) => Promise<void> | void;
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
  /** KV revision of the record as last written by this instance; a write at another revision is refused. */
  revision: number;
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
  /** State-change notifications of this job, in order. */
  changes: Promise<void>;
  /** Another instance owns the job now: this one no longer writes it. */
  detached: boolean;
  /** Its run has started and not returned yet. */
  running: boolean;
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
 * Opens (creating if needed) the job store of `service` in NATS KV, and its lease store, and returns its job
 * manager.
 *
 * @example
 * ```ts
 * const jobs = await openJobManager(nc, "preprocess");
 * jobs.onResume("prepare-dataset", runPreprocess);
 * const ref = await jobs.start("prepare-dataset", runPreprocess, { requestId: req.requestId, request: req });
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
  const log = options.log ?? createLogger(service);
  const kv = await new Kvm(nc).create(bucket, {
    history: 1,
    replicas: options.replicas ?? 1,
    ttl: options.ttlMs ?? 0,
  });
  if (options.replicas !== undefined) {
    await ensureStreamReplicas(nc, { stream: `KV_${bucket}`, replicas: options.replicas });
  }
  const leases = await openJobLeases(nc, service, {
    bucket: options.leaseBucket ?? `${bucket}_leases`,
    ttlMs: options.leaseTtlMs ?? 60_000,
    ...(options.replicas !== undefined && { replicas: options.replicas }),
    log,
  });
  return new JobManager({ nc, kv, leases }, service, { ...options, log });
}

/**
 * Runs long operations as jobs: `start` answers with a JobRef at once, progress fans out to any number of watchers,
 * and each job's last state lives in NATS KV so any instance of the service answers for it.
 *
 * Several instances may share one store (replicas, a rolling update): the instance running a job holds its lease
 * (renewed while it runs, released when the job ends or its state is stored at shutdown), and a job whose lease
 * expired (its owner died) is taken over by whichever live instance sweeps first: {@linkcode resumeAll} at start,
 * then every `sweepIntervalMs`. Create it with {@linkcode openJobManager}.
 */
export class JobManager {
  readonly service: string;
  readonly #nc: NatsConnection;
  readonly #kv: KV;
  readonly #leases: JobLeases;
  readonly #log: Logger;
  readonly #persistIntervalMs: number;
  readonly #maxConcurrent: number;
  readonly #retainMs: number;
  readonly #renewIntervalMs: number;
  readonly #sweepIntervalMs: number;
  readonly #onStateChange: JobManagerOptions["onStateChange"];
  readonly #local = new Map<string, LocalJob>();
  readonly #starting = new Map<string, Promise<JobRef>>();
  readonly #resumers = new Map<string, RunFn<unknown>>();
  readonly #queue: LocalJob[] = [];
  readonly #kvWatches = new Set<QueuedIterator<KvWatchEntry>>();
  readonly #retainTimers = new Set<NodeJS.Timeout>();
  readonly #unresumable = new Set<string>();
  /** Jobs seen finished: a terminal state never changes, so sweeps skip them without reading them again. */
  readonly #finished = new Set<string>();
  #renewTimer: NodeJS.Timeout | undefined;
  #sweepTimer: NodeJS.Timeout | undefined;
  #sweeping: Promise<JobRef[]> | undefined;
  #running = 0;
  #closing = false;
  #closed = false;
  #shutdownReason: StatusError | undefined;

  /** Prefer {@linkcode openJobManager}. */
  constructor(
    stores: { nc: NatsConnection; kv: KV; leases: JobLeases },
    service: string,
    options: JobManagerOptions = {},
  ) {
    this.service = service;
    this.#nc = stores.nc;
    this.#kv = stores.kv;
    this.#leases = stores.leases;
    this.#log = (options.log ?? createLogger(service)).child({ component: "jobs" });
    this.#persistIntervalMs = options.persistIntervalMs ?? 500;
    this.#maxConcurrent = options.maxConcurrent ?? Number.POSITIVE_INFINITY;
    this.#retainMs = options.retainMs ?? 600_000;
    this.#renewIntervalMs = options.renewIntervalMs ?? stores.leases.ttlMs / 4;
    this.#sweepIntervalMs = options.sweepIntervalMs ?? stores.leases.ttlMs / 2;
    this.#onStateChange = options.onStateChange;
    if (!(this.#maxConcurrent >= 1))
      throw new RangeError(`maxConcurrent must be >= 1, got ${this.#maxConcurrent}`);
    if (!(this.#renewIntervalMs > 0 && this.#renewIntervalMs < stores.leases.ttlMs))
      throw new RangeError(
        `renewIntervalMs must be in (0, ${stores.leases.ttlMs}) (the lease TTL), got ${this.#renewIntervalMs}`,
      );
    this.#renewTimer = setInterval(() => void this.#renew(), this.#renewIntervalMs);
    this.#renewTimer.unref();
  }

  /** This instance's name in the leases it holds. */
  get instance(): string {
    return this.#leases.owner;
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
    const id = requestId === "" ? `${kind}-${randomUUID()}` : repeatableId(this.service, kind, requestId);
    const ref: JobRef = { id, service: this.service };
    const request = options.request ?? null;
    const local = this.#local.get(id);
    if (local) return sameRequest(local.record, request, ref);
    const pending = this.#starting.get(id);
    if (pending) return pending;
    const starting = (async () => {
      const existing = requestId === "" ? undefined : await this.#read(id);
      if (existing) return sameRequest(existing.record, request, ref);
      // The lease first: a record without one would look abandoned to another instance's sweep.
      if (!(await this.#leases.acquire(id))) {
        const raced = await this.#read(id);
        if (raced) return sameRequest(raced.record, request, ref);
        throw new StatusError(Code.ABORTED, `Job "${id}" is being started by another instance; try again`);
      }
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
      let revision: number;
      try {
        revision = await this.#kv.create(id, encoder.encode(JSON.stringify(record)));
      } catch (err) {
        await this.#leases.release(id);
        // Another instance created it first: same request id, same job.
        const raced = await this.#read(id);
        if (raced) return sameRequest(raced.record, request, ref);
        throw err;
      }
      const job = this.#adopt(record, revision, run as RunFn<unknown>, request, undefined);
      this.#notify(job, "JOB_STATE_UNSPECIFIED");
      this.#log.info("Job accepted", { job: id, kind });
      this.#pump();
      return ref;
    })().finally(() => this.#starting.delete(id));
    this.#starting.set(id, starting);
    return starting;
  }

  /**
   * The job a repeated `requestId` (same kind) already started, as {@linkcode start} would return it (ALREADY_EXISTS
   * where the request differs), or undefined when none was started: lets a caller answer a retry before checking
   * inputs that may have gone since the first request.
   */
  async existing(kind: string, requestId: string, request: unknown): Promise<JobRef | undefined> {
    if (requestId === "") return undefined;
    const id = repeatableId(this.service, kind, requestId);
    const ref: JobRef = { id, service: this.service };
    const local = this.#local.get(id);
    if (local) return sameRequest(local.record, request, ref);
    const pending = this.#starting.get(id);
    if (pending) return pending;
    const stored = await this.#read(id);
    return stored ? sameRequest(stored.record, request, ref) : undefined;
  }

  /**
   * Registers how to continue jobs of `kind` that were QUEUED or RUNNING when their instance stopped; used by
   * {@linkcode resumeAll}. The run gets the stored request and `resumedFrom` (the last stored progress).
   */
  onResume<Req>(kind: string, run: RunFn<Req>): void {
    if (!KIND_PATTERN.test(kind))
      throw new TypeError(`Job kind must be letters, digits, "-" or "_", got "${kind}"`);
    this.#resumers.set(kind, run as RunFn<unknown>);
  }

  /**
   * Takes over the stored jobs left QUEUED or RUNNING whose lease has expired (or was released at a shutdown) and
   * whose kind has a resume handler; returns their references. A job whose owner is alive keeps running there;
   * jobs without a handler keep their stored state. The first call also starts the periodic sweep that does the
   * same every `sweepIntervalMs`, so a live instance takes over a dead one's jobs without restarting.
   * `startService` calls this before reporting SERVING.
   */
  async resumeAll(): Promise<JobRef[]> {
    if (this.#closing) return [];
    if (this.#sweepTimer === undefined) {
      this.#sweepTimer = setInterval(
        () => void this.resumeAll().catch(this.#sweepFailed),
        this.#sweepIntervalMs,
      );
      this.#sweepTimer.unref();
    }
    this.#sweeping ??= this.#sweep().finally(() => {
      this.#sweeping = undefined;
    });
    return this.#sweeping;
  }

  readonly #sweepFailed = (err: unknown): void => this.#log.warn("Sweeping the job store failed", { err });

  async #sweep(): Promise<JobRef[]> {
    const ids = await this.#storedIds();
    const resumed: JobRef[] = [];
    for (const id of ids) {
      if (this.#closing) break;
      // A job this instance gave up (its lease was lost) is taken back once its run has stopped, when nobody else
      // took it: on a single instance, nobody else will.
      const local = this.#local.get(id);
      if ((local && (!local.detached || local.running)) || this.#starting.has(id) || this.#finished.has(id))
        continue;
      const stored = await this.#read(id);
      if (stored && isTerminal(stored.record.progress.state)) this.#finished.add(id);
      if (!stored || isTerminal(stored.record.progress.state) || stored.record.service !== this.service)
        continue;
      const run = this.#resumers.get(stored.record.kind);
      if (!run) {
        if (!this.#unresumable.has(id))
          this.#log.warn("Job left unfinished; no resume handler for its kind", {
            job: id,
            kind: stored.record.kind,
          });
        this.#unresumable.add(id);
        continue;
      }
      if (!(await this.#leases.acquire(id))) continue; // its owner is alive
      // Read again under the lease: the owner may have finished it between the two reads.
      const fresh = await this.#read(id);
      if (!fresh || isTerminal(fresh.record.progress.state)) {
        await this.#leases.release(id);
        continue;
      }
      const { record, revision } = fresh;
      this.#adopt(record, revision, run, record.request, record.progress);
      this.#log.info("Job resumed", { job: id, kind: record.kind, seq: record.progress.seq });
      resumed.push({ id, service: this.service });
    }
    this.#pump();
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
    if (local && !local.detached) return local.record;
    const stored = await this.#read(id);
    if (!stored) throw notFound(id, this.service);
    return stored.record;
  }

  /**
   * The job's progress: its latest state at once, then every update; ends after a terminal state, when `signal`
   * fires, or with UNAVAILABLE when the manager closes. Jobs run by another instance are followed through the
   * store, so their updates arrive at the persist interval.
   */
  async *watch(ref: JobRef, options: WatchOptions = {}): AsyncGenerator<Progress__Output, void, undefined> {
    const id = this.#idOf(ref);
    const signal = options.signal;
    const local = this.#local.get(id);
    if (local && !local.detached) {
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
   * A job run by another instance is cancelled in the store; its owner sees it at its next write and stops.
   * A finished job keeps its state, which is returned. NOT_FOUND for an unknown job.
   */
  async cancel(ref: JobRef): Promise<CancelResponse> {
    if (this.#closed) throw shuttingDown(this.service);
    const id = this.#idOf(ref);
    const local = this.#local.get(id);
    if (local && !local.detached) {
      const state = local.record.progress.state;
      if (isTerminal(state)) return { state };
      local.controller.abort(new StatusError(Code.CANCELLED, `Job "${id}" was cancelled`));
      this.#finish(local, "JOB_STATE_CANCELLED", { message: "Cancelled" });
      await local.chain;
      this.#log.info("Job cancelled", { job: id });
      return { state: "JOB_STATE_CANCELLED" };
    }
    for (;;) {
      const stored = await this.#read(id);
      if (!stored) throw notFound(id, this.service);
      const { record, revision } = stored;
      if (isTerminal(record.progress.state)) return { state: record.progress.state };
      record.progress = nextProgress(record.progress, "JOB_STATE_CANCELLED", { message: "Cancelled" });
      try {
        await this.#kv.update(id, encoder.encode(JSON.stringify(record)), revision);
      } catch (err) {
        if (isWrongSequence(err)) continue; // its owner wrote in between: read again
        throw err;
      }
      this.#log.info("Stored job cancelled", { job: id });
      return { state: "JOB_STATE_CANCELLED" };
    }
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
      if (job.detached) continue;
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
   * up to `graceMs` to stop, storing their last progress meanwhile (a snapshot they write while stopping counts);
   * those that did not finish keep it in the store, state RUNNING, and their leases are released so that another
   * instance resumes them at once; every pending store write completes; open watches end with UNAVAILABLE.
   */
  async close(options: { graceMs?: number } = {}): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    clearInterval(this.#sweepTimer);
    this.#shutdownReason = shuttingDown(this.service);
    const runs: Promise<void>[] = [];
    for (const job of this.#local.values()) {
      if (isTerminal(job.record.progress.state) || job.detached) continue;
      job.controller.abort(this.#shutdownReason);
      if (job.settled !== undefined) runs.push(job.settled);
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
    clearInterval(this.#renewTimer);
    await Promise.all(
      [...this.#local.values()].map(async (job) => {
        await job.changes;
        if (!job.detached) await this.#leases.release(job.record.id);
        for (const queue of job.watchers) queue.fail(this.#shutdownReason);
        job.watchers.clear();
      }),
    );
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

  /**
   * The ids of the stored jobs, from the stream's subject list: one request (paged for large stores), where the
   * KV `keys()` iterator can wait for ever while records are being written.
   */
  async #storedIds(): Promise<string[]> {
    const { streamInfo } = await this.#kv.status();
    const { config } = streamInfo;
    const prefix = config.subjects[0]?.replace(/>$/, "") ?? `$KV.${config.name.replace(/^KV_/, "")}.`;
    const info = await (await jetstreamManager(this.#nc)).streams.info(config.name, {
      subjects_filter: `${prefix}>`,
    });
    return Object.keys(info.state.subjects ?? {}).map((subject) => subject.slice(prefix.length));
  }

  async #read(id: string): Promise<{ record: JobRecord; revision: number } | undefined> {
    const entry = await this.#kv.get(id);
    if (!entry || entry.operation !== "PUT") return undefined;
    return { record: parseRecord(entry.value), revision: entry.revision };
  }

  /** Makes a job this instance's (its lease is held) and queues it to run. */
  #adopt(
    record: JobRecord,
    revision: number,
    run: RunFn<unknown>,
    request: unknown,
    resumedFrom: Progress__Output | undefined,
  ): LocalJob {
    const job: LocalJob = {
      record,
      revision,
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
      changes: Promise.resolve(),
      detached: false,
      running: false,
    };
    this.#local.set(record.id, job);
    this.#queue.push(job);
    return job;
  }

  #pump(): void {
    while (this.#running < this.#maxConcurrent && !this.#closing) {
      const job = this.#queue.shift();
      if (!job) return;
      if (!isTerminal(job.record.progress.state) && !job.detached) this.#launch(job);
    }
  }

  #launch(job: LocalJob): void {
    this.#running++;
    job.running = true;
    const signal = job.controller.signal;
    this.#set(job, nextProgress(job.record.progress, "JOB_STATE_RUNNING", {}), true);
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
        if (isTerminal(job.record.progress.state) || job.detached) return;
        if (signal.aborted) throw signal.reason;
        this.#finish(job, "JOB_STATE_SUCCEEDED", result ?? {});
        this.#log.info("Job succeeded", { job: job.record.id });
      } catch (err) {
        if (isTerminal(job.record.progress.state)) return;
        if (job.detached) {
          this.#log.warn("Job stopped here: another instance runs it now", { job: job.record.id });
          return;
        }
        if (signal.aborted && signal.reason === this.#shutdownReason) {
          this.#log.info("Job interrupted by shutdown; it stays RUNNING to be resumed", {
            job: job.record.id,
          });
          return;
        }
        const message = err instanceof Error ? err.message : String(err);
        this.#log.error("Job failed", { job: job.record.id, err });
        this.#finish(job, "JOB_STATE_FAILED", {}, { message, code: errorCodeName(err) });
      } finally {
        job.running = false;
        this.#running--;
        this.#pump();
      }
    })();
  }

  #report(job: LocalJob, update: ProgressUpdate): Promise<void> {
    // A job stopping for a shutdown still records its last progress (e.g. the snapshot it wrote) until close().
    if (isTerminal(job.record.progress.state) || job.detached || this.#closed) return Promise.resolve();
    // New outputs are what a job resumed elsewhere continues from: they are stored before anyone hears of them.
    const now = update.outputs !== undefined;
    this.#set(job, nextProgress(job.record.progress, "JOB_STATE_RUNNING", update), now);
    return now ? job.chain : Promise.resolve();
  }

  #finish(
    job: LocalJob,
    state: JobState__Output,
    result: JobResult,
    error?: { message: string; code: string },
  ): void {
    if (this.#closed) return;
    this.#set(job, nextProgress(job.record.progress, state, result, error), true);
    for (const queue of job.watchers) queue.close();
    job.watchers.clear();
    const id = job.record.id;
    // The lease goes once the terminal state is stored, so an instance that takes it can only read a finished job.
    void job.chain.then(() => this.#leases.release(id));
    this.#retire(job);
  }

  /** Forgets a finished (or detached) job after `retainMs`; it is read from the store from then on. */
  #retire(job: LocalJob): void {
    const timer = setTimeout(() => {
      this.#retainTimers.delete(timer);
      if (this.#local.get(job.record.id) === job) this.#local.delete(job.record.id);
    }, this.#retainMs);
    timer.unref();
    this.#retainTimers.add(timer);
  }

  /** Makes `progress` the job's latest, tells the watchers and stores it (at once, or throttled). */
  #set(job: LocalJob, progress: Progress__Output, persistNow: boolean): void {
    const previous = job.record.progress.state;
    job.record = { ...job.record, progress };
    for (const queue of job.watchers) queue.push(progress);
    if (progress.state !== previous) this.#notify(job, previous);
    job.dirty = true;
    const since = Date.now() - job.lastPersist;
    if (persistNow || progress.state !== previous || since >= this.#persistIntervalMs) {
      void this.#flush(job);
    } else if (job.persistTimer === undefined) {
      job.persistTimer = setTimeout(() => void this.#flush(job), this.#persistIntervalMs - since);
      job.persistTimer.unref();
    }
  }

  /** Tells `onStateChange` that the job left `previous` for its current state; notifications keep their order. */
  #notify(job: LocalJob, previous: JobState__Output): void {
    const hook = this.#onStateChange;
    if (hook === undefined) return;
    const { progress } = job.record;
    const change: JobStateChange = { job: { ...progress.job! }, previous, state: progress.state, progress };
    job.changes = job.changes
      .then(() => hook(change))
      .catch((err: unknown) => this.#log.warn("A state-change listener failed", { job: job.record.id, err }));
  }

  /**
   * Stores the job's latest record if it changed, at the revision this instance wrote last; writes of one job are
   * chained so they land in order. A write refused because the record changed under it means another instance
   * cancelled the job (it is stopped here as CANCELLED) or took it over (it is detached).
   */
  #flush(job: LocalJob): Promise<void> {
    clearTimeout(job.persistTimer);
    job.persistTimer = undefined;
    if (!job.dirty || job.detached) return job.chain;
    job.dirty = false;
    job.lastPersist = Date.now();
    const id = job.record.id;
    const bytes = encoder.encode(JSON.stringify(job.record));
    job.chain = job.chain.then(async () => {
      if (job.detached) return;
      try {
        job.revision = await this.#kv.update(id, bytes, job.revision);
      } catch (err) {
        if (isWrongSequence(err)) await this.#changedElsewhere(job);
        else this.#log.error("Storing job state failed", { job: id, err });
      }
    });
    return job.chain;
  }

  async #changedElsewhere(job: LocalJob): Promise<void> {
    const stored = await this.#read(job.record.id);
    if (
      stored &&
      stored.record.progress.state === "JOB_STATE_CANCELLED" &&
      !isTerminal(job.record.progress.state)
    ) {
      this.#log.info("Job cancelled through another instance", { job: job.record.id });
      job.revision = stored.revision;
      job.controller.abort(new StatusError(Code.CANCELLED, `Job "${job.record.id}" was cancelled`));
      job.record = stored.record;
      for (const queue of job.watchers) {
        queue.push(stored.record.progress);
        queue.close();
      }
      job.watchers.clear();
      await this.#leases.release(job.record.id);
      this.#retire(job);
      return;
    }
    // Only a job's lease holder writes its record, a cancel aside: while the lease is still this instance's, the
    // revision moved under a write of its own that NATS applied but answered too late (a loaded node). Write again.
    if (stored && !job.detached && (await this.#leases.ownedHere(job.record.id).catch(() => false))) {
      this.#log.warn("A late-answered write of its own moved the job record on; storing it again", {
        job: job.record.id,
      });
      job.revision = stored.revision;
      job.dirty = true;
      void this.#flush(job);
      return;
    }
    this.#detach(job, "its stored record was written by another instance");
  }

  /** Renews the leases; jobs whose lease was lost (this instance stalled past the TTL) are stopped here. */
  async #renew(): Promise<void> {
    let lost: string[];
    try {
      lost = await this.#leases.renewAll(this.#renewIntervalMs);
    } catch (err) {
      this.#log.warn("Renewing job leases failed", { err });
      return;
    }
    for (const id of lost) {
      const job = this.#local.get(id);
      if (job !== undefined && !isTerminal(job.record.progress.state))
        this.#detach(job, "its lease was lost");
    }
  }

  /** Stops running a job here without writing it again: another instance owns it now. */
  #detach(job: LocalJob, why: string): void {
    if (job.detached) return;
    job.detached = true;
    this.#leases.forget(job.record.id);
    this.#log.warn(`Job given up here: ${why}`, { job: job.record.id });
    job.controller.abort(
      new StatusError(Code.ABORTED, `Job "${job.record.id}" is run by another instance now (${why})`),
    );
    for (const queue of job.watchers) queue.fail(shuttingDownHere(job.record.id));
    job.watchers.clear();
    this.#retire(job);
  }
}

/** The id of the job a request id starts: the same for every retry, on every instance. */
function repeatableId(service: string, kind: string, requestId: string): string {
  return `${kind}-${createHash("sha256").update(`${service}\0${kind}\0${requestId}`).digest("hex").slice(0, 32)}`;
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
    errorCode: "",
    updatedAt: timestamp(now),
    seq: 1,
  };
}

/** The report after `prev`: fields in `update` replace the old ones; seq and time advance. */
function nextProgress(
  prev: Progress__Output,
  state: JobState__Output,
  update: ProgressUpdate,
  error?: { message: string; code: string },
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
    error: error?.message ?? prev.error,
    errorCode: error?.code ?? prev.errorCode ?? "",
    updatedAt: timestamp(Date.now()),
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

function shuttingDownHere(id: string): StatusError {
  return new StatusError(Code.UNAVAILABLE, `Job "${id}" moved to another instance; watch it again`);
}
