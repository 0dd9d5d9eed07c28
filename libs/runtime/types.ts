import type { ArtifactRef, JobRef__Output, Progress__Output } from "@dermanomaly/contracts";
import type * as grpc from "@grpc/grpc-js";

/** Severity of a log entry; `silent` turns a logger off. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** A structured logger writing one JSON object per line. */
export interface Logger {
  /** Lowest level this logger writes. */
  readonly level: LogLevel;
  /** Detail useful when debugging (per-call traces). */
  debug(msg: string, fields?: Record<string, unknown>): void;
  /** Normal operation: start, stop, job transitions. */
  info(msg: string, fields?: Record<string, unknown>): void;
  /** Something went wrong but the service carries on. */
  warn(msg: string, fields?: Record<string, unknown>): void;
  /** A failure someone should look at; pass the error as a field (e.g. `{ err }`) to log its stack. */
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every entry. */
  child(fields: Record<string, unknown>): Logger;
}

/** What a handler knows about the call it serves. */
export interface CallContext {
  /**
   * Fires when the call should stop: the client cancelled, the deadline passed, or the service is being forced
   * down. Its `reason` is a `StatusError` with the matching code (CANCELLED, DEADLINE_EXCEEDED, UNAVAILABLE).
   */
  readonly signal: AbortSignal;
  /** Request metadata (headers). */
  readonly metadata: grpc.Metadata;
  /** When the client stops waiting, if it set a deadline. */
  readonly deadline: Date | undefined;
  /** Method name as in the proto, e.g. `StartSleep`. */
  readonly method: string;
  /** Client address. */
  readonly peer: string;
  /** The service logger, with `method` added. */
  readonly log: Logger;
}

/** A unary method: one request, one response (or a thrown `StatusError`). */
export type UnaryHandler<Req, Res> = (request: Req, ctx: CallContext) => Promise<Res> | Res;
/** A server-streaming method: each value the iterable yields is sent; the stream ends when it returns. */
export type ServerStreamingHandler<Req, Res> = (request: Req, ctx: CallContext) => AsyncIterable<Res>;
/** A client-streaming method: reads the requests, then answers once. */
export type ClientStreamingHandler<Req, Res> = (
  requests: AsyncIterable<Req>,
  ctx: CallContext,
) => Promise<Res> | Res;
/** A bidirectional-streaming method. */
export type BidiStreamingHandler<Req, Res> = (
  requests: AsyncIterable<Req>,
  ctx: CallContext,
) => AsyncIterable<Res>;

/** Any of the handler shapes; which one applies follows the method's definition in the proto. */
export type Handler<Req, Res> =
  | UnaryHandler<Req, Res>
  | ServerStreamingHandler<Req, Res>
  | ClientStreamingHandler<Req, Res>
  | BidiStreamingHandler<Req, Res>;

/** Handlers by method name as written in the proto (`StartSleep`, `Watch`...). */
// biome-ignore lint/suspicious/noExplicitAny: handlers of every message type must fit one map
export type ServiceHandlers = Record<string, Handler<any, any>>;

/**
 * The async handler map matching a generated `XxxServiceHandlers` interface (from `libs/contracts/gen`), so a
 * service gets typed requests and responses:
 *
 * ```ts
 * const handlers: AsyncHandlers<PreprocessServiceHandlers> = { ...jobs.grpcHandlers(), StartPreprocess: ... };
 * ```
 */
export type AsyncHandlers<G> = {
  // Generated interfaces extend grpc-js's index-signed UntypedServiceImplementation: keep only the named methods.
  [K in keyof G as string extends K ? never : number extends K ? never : K]: AsyncHandler<G[K]>;
};

/** The async handler shape matching one grpc-js handler type. */
export type AsyncHandler<H> = H extends grpc.handleUnaryCall<infer Req, infer Res>
  ? UnaryHandler<Req, Res>
  : H extends grpc.handleServerStreamingCall<infer Req, infer Res>
    ? ServerStreamingHandler<Req, Res>
    : H extends grpc.handleClientStreamingCall<infer Req, infer Res>
      ? ClientStreamingHandler<Req, Res>
      : H extends grpc.handleBidiStreamingCall<infer Req, infer Res>
        ? BidiStreamingHandler<Req, Res>
        : never;

/** Work run at shutdown, after the server stopped taking calls (save state, close connections). */
export type ShutdownHook = () => Promise<void> | void;

/** A progress report from a running job; fields left out keep their last value. */
export interface ProgressUpdate {
  /** Units of work done so far. */
  done?: number;
  /** Total units of work, 0 when unknown. */
  total?: number;
  /** What `done` and `total` count, e.g. `images`. */
  unit?: string;
  /** Short human-readable status line. */
  message?: string;
  /** Named numeric metrics of this step; replaces the previous set. */
  metrics?: Record<string, number>;
  /** Artifacts produced so far; replaces the previous list. */
  outputs?: ArtifactRef[];
}

/** What a job's run function may return: the last word on its outputs and status line. */
export type JobResult = ProgressUpdate;

/** What a job's run function receives. */
export interface RunContext<Req = unknown> {
  /** The job being run. */
  readonly job: JobRef__Output;
  /** The request the job was started with (after a restart: as stored, i.e. through JSON). */
  readonly request: Req;
  /**
   * Fires when the job is cancelled (reason: `StatusError` CANCELLED) or the service shuts down (reason:
   * `StatusError` UNAVAILABLE; the job stays RUNNING in the store and is resumed at the next start).
   */
  readonly signal: AbortSignal;
  /**
   * Publishes progress to every watcher; persisted at most every `persistIntervalMs`, except an update carrying
   * `outputs` (what a resumed job continues from), stored at once. Resolves when that update is stored (await it
   * before announcing the outputs, so a crash right after cannot lose them); never rejects.
   */
  report(update: ProgressUpdate): Promise<void>;
  /** The last stored progress when the job is being resumed after a restart; undefined on a first run. */
  readonly resumedFrom: Progress__Output | undefined;
}

/**
 * The body of a job. Resolving marks it SUCCEEDED (merging the returned fields into its progress); throwing marks
 * it FAILED with the error's message, unless the job was cancelled or the service is shutting down.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: lets a run be an async function that returns nothing
export type RunFn<Req = unknown> = (ctx: RunContext<Req>) => Promise<JobResult | void>;

/** A job as kept in the NATS KV store: one JSON value per job, keyed by job id. */
export interface JobRecord {
  /** Job id, also the KV key. */
  id: string;
  /** Owning service (JobRef.service). */
  service: string;
  /** What kind of work this is, e.g. `preprocess`; selects the resume handler after a restart. */
  kind: string;
  /** Idempotency key given at start; empty when none. */
  requestId: string;
  /** The start request as JSON, handed back to the resume handler. */
  request: unknown;
  /** When the job was accepted (ISO 8601). */
  createdAt: string;
  /** Last progress report (state, counts, outputs, error, seq). */
  progress: Progress__Output;
}
