import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactRef, ArtifactStore } from "@dermanomaly/artifacts";
import {
  EVENTS,
  type EventPayloads,
  FAILURE_EVENTS,
  type JobRef,
  type Lineage,
  type Location__Output,
  type ModelVersion,
  type Progress__Output,
  type ServiceName,
} from "@dermanomaly/contracts";
import { errorCodeName } from "./jobs.ts";
import { inputRef, localInput } from "./locations.ts";
import type { PublishFn } from "./publish.ts";
import type { StageContext } from "./stage.ts";
import { now } from "./time.ts";
import type { JobResult, Logger, RunContext, RunFn } from "./types.ts";

/** An input made local for a job, with the reference lineage records for it. */
export interface JobInput {
  /** Local path of the file or folder. */
  readonly path: string;
  /** The artifact it came from, or its `file://` reference when it was a path (see `inputRef`). */
  readonly ref: ArtifactRef;
}

/** What a stage's job body receives: the run context plus the stage kit. */
export interface StageJob<Req> extends RunContext<Req> {
  /** The job's own scratch folder: created empty before the body runs, removed after it ends, however it ends. */
  readonly scratch: string;
  /** The stage's artifact store. */
  readonly artifacts: ArtifactStore;
  /** Publishes an event; never throws (it retries, then logs and carries on). */
  readonly publish: PublishFn;
  /** The stage's logger, with the job id added. */
  readonly log: Logger;
  /**
   * Makes an input `Location` local (artifacts and keys are downloaded into the scratch folder) and returns it
   * with its lineage reference. `field` names the request field in error messages.
   */
  input(location: Location__Output | null | undefined, field: string): Promise<JobInput>;
  /** Lineage of an output of this job: `producedBy` this job, `createdAt` now, `configJson` from `config`. */
  lineage(parts: LineageParts): Lineage;
  /** Milliseconds since this run of the body started (a resumed job starts again from 0). */
  elapsedMs(): number;
}

/** The parts of a {@linkcode Lineage} a job supplies. */
export interface LineageParts {
  /** Input artifacts (see {@linkcode StageJob.input}). @default [] */
  inputs?: ArtifactRef[];
  /** Model checkpoints used. @default [] */
  models?: ModelVersion[];
  /** The effective configuration, stored as JSON. @default {} */
  config?: unknown;
  /** Random seed in force. @default 0 */
  seed?: number;
}

/** The fields a stage's failure event has beyond `job`, `at`, `error` and `code`. */
export type FailureDetails<N extends ServiceName> = Omit<
  EventPayloads[(typeof FAILURE_EVENTS)[N]]["In"],
  "job" | "at" | "error" | "code"
>;

/** How a stage runs one kind of job. */
export interface StageJobSpec<N extends ServiceName, Req> {
  /** The job kind: names the jobs (`<kind>-<id>`) and finds their resume handler after a restart. */
  kind: string;
  /**
   * Checks a request on the call, before any job exists, so that a bad request is answered at once (throw a
   * `StatusError`; wrap library option checks in `asInvalidArgument`). It must have no side effect: a refused
   * request leaves the service as it was. @default none
   */
  check?(request: Req): Promise<void> | void;
  /** The job's concept: what the stage does. Its result becomes the job's final progress (SUCCEEDED). */
  // biome-ignore lint/suspicious/noConfusingVoidType: lets a body be an async function that returns nothing
  run(job: StageJob<Req>): Promise<JobResult | void>;
  /**
   * The stage-specific fields of its failure event (`FAILURE_EVENTS`), from the job's last progress, e.g. GAN
   * training's kimg and last checkpoint. @default none (`JobFailed` events carry the progress itself)
   */
  failure?(progress: Progress__Output): Partial<FailureDetails<N>>;
  /**
   * Run the jobs of this kind one at a time in this process (the others wait RUNNING, saying so): for work that
   * takes a whole machine, such as training on the process's one TF.js backend. @default false
   */
  exclusive?: boolean;
}

/** A stage's job kind, ready to start from its gRPC handler; jobs left by a stopped instance resume by themselves. */
export interface StageJobKind<Req> {
  readonly kind: string;
  /** Checks the request (see {@linkcode StageJobSpec.check}) and starts its job; idempotent on `requestId`. */
  start(request: Req): Promise<JobRef>;
}

/**
 * Defines a stage's job from its concept alone; the kit does what every job repeats: a scratch folder created and
 * always removed, inputs made local with their lineage references, timestamps, a publish that never fails the
 * job, the stage's failure event when the job fails (`jobStateChanged` and the stored error code come from the
 * job manager), resuming after a restart, one-at-a-time when asked.
 *
 * @example
 * ```ts
 * const prepare = defineStageJob(ctx, {
 *   kind: "prepare-dataset",
 *   check: (request: PrepareDatasetRequest__Output) => void prepareSettings(request),
 *   run: async (job) => {
 *     const source = await job.input(job.request.source, "source");
 *     // ... the stage's work, in job.scratch ...
 *     return { message: "Done" };
 *   },
 * });
 * return { StartPrepareDataset: (request) => prepare.start(request) };
 * ```
 */
export function defineStageJob<N extends ServiceName, Req extends { requestId?: string }>(
  ctx: StageContext & { readonly name: N },
  spec: StageJobSpec<N, Req>,
): StageJobKind<Req> {
  const body: RunFn<Req> = async (rc) => {
    const scratch = join(ctx.workDir, "jobs", rc.job.id ?? "job");
    const started = performance.now();
    const job: StageJob<Req> = {
      ...rc,
      scratch,
      artifacts: ctx.artifacts,
      publish: ctx.publish,
      log: ctx.log.child({ job: rc.job.id }),
      input: async (location, field) => {
        const input = await localInput(location, { store: ctx.artifacts, workDir: scratch, field });
        return { path: input.path, ref: inputRef(input) };
      },
      lineage: (parts) => lineageOf(rc.job, parts),
      elapsedMs: () => performance.now() - started,
    };
    // Each run starts from an empty folder, so a resumed job never sees a half-written file of the last one.
    await rm(scratch, { recursive: true, force: true });
    await mkdir(scratch, { recursive: true });
    try {
      return await spec.run(job);
    } catch (err) {
      // Cancellation and shutdown are not failures.
      if (!rc.signal.aborted) await publishFailure(ctx, spec, rc.job, err);
      throw err;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  };
  const run = spec.exclusive ? oneAtATime(body) : body;
  ctx.jobs.onResume(spec.kind, run);
  return {
    kind: spec.kind,
    async start(request) {
      const requestId = request.requestId ?? "";
      // A retry gets its job back even where its inputs have gone since (a consumed upload, a moved file).
      const known = await ctx.jobs.existing(spec.kind, requestId, request);
      if (known !== undefined) return known;
      await spec.check?.(request);
      return ctx.jobs.start(spec.kind, run, { requestId, request });
    },
  };
}

async function publishFailure<N extends ServiceName, Req>(
  ctx: StageContext & { readonly name: N },
  spec: StageJobSpec<N, Req>,
  job: JobRef,
  err: unknown,
): Promise<void> {
  const key = FAILURE_EVENTS[ctx.name];
  const progress = await ctx.jobs.get(job).catch(() => undefined);
  const generic = EVENTS[key].typeName === "dermanomaly.v1.JobFailed";
  const payload = {
    job,
    at: now(),
    error: err instanceof Error ? err.message : String(err),
    code: errorCodeName(err),
    ...(generic && progress !== undefined && { progress }),
    ...(progress !== undefined && spec.failure?.(progress)),
  } as EventPayloads[typeof key]["In"];
  await ctx.publish(key, payload, `${job.id}:failed`);
}

function lineageOf(job: JobRef, parts: LineageParts): Lineage {
  return {
    inputs: parts.inputs ?? [],
    models: parts.models ?? [],
    configJson: JSON.stringify(parts.config ?? {}),
    seed: parts.seed ?? 0,
    producedBy: job,
    createdAt: now(),
  };
}

/** Runs jobs one after the other; a job cancelled while it waits never starts. */
function oneAtATime<Req>(run: RunFn<Req>): RunFn<Req> {
  let turn: Promise<void> = Promise.resolve();
  let active = 0;
  return async (rc) => {
    const previous = turn;
    const waiting = active++ > 0;
    let release = (): void => undefined;
    turn = new Promise((resolve) => {
      release = resolve;
    });
    try {
      if (waiting) rc.report({ message: "Waiting for the job before it to end" });
      await previous;
      if (rc.signal.aborted) return;
      return await run(rc);
    } finally {
      active--;
      release();
    }
  };
}
