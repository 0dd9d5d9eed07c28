import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { type ArtifactRef, type ArtifactStore, FileDigests } from "@dermanomaly/artifacts";
import {
  type CancelResponse,
  Code,
  EVENTS,
  eventCodec,
  type JobRef,
  type JobState__Output,
  type ListJobsRequest__Output,
  type ListJobsResponse,
  type Location,
  type PipelineStatus,
  type Progress__Output,
  type StartPipelineRequest__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { type ConsumerHandle, consumeEvents } from "@dermanomaly/events";
import { duration, type Logger, now, type PublishFn } from "@dermanomaly/runtime";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { checkDataFolder, checkDataLayout } from "./layout.ts";
import { type PipelineSpec, pipelineSpec } from "./options.ts";
import { isRunning, isTerminalState, pipelineProgress, pipelineStatus } from "./progress.ts";
import { downloadRun, outputsOf, writeRunFolder } from "./run_folder.ts";
import { isTransient, type JobService, StageCalls } from "./stage_calls.ts";
import { calibrationRequests, planSteps, type StepName, stepModels, stepRequest } from "./steps.ts";
import { type PipelineRecord, PipelineStore, type StepRecord } from "./store.ts";
import { watchPipeline } from "./watch.ts";

/** Options of {@linkcode Orchestrator.open}. */
export interface OrchestratorOptions {
  /** NATS connection (pipeline store, events). */
  nc: NatsConnection;
  /** The artifact store stages write to (run folder files, inputs given as keys). */
  artifacts: ArtifactStore;
  /** Publishes an event; never throws. */
  publish: PublishFn;
  log: Logger;
  /** Scratch folder (inputs downloaded to check their layout). */
  workDir: string;
  /** Calls to the stage services. @default a StageCalls on the configured endpoints */
  stages?: StageCalls;
  /**
   * How often running pipelines are checked against their stage jobs, in ms: the safety net for a stage event that
   * was never published (NATS away) or arrived before the job was recorded. @default 10000
   */
  pollIntervalMs?: number;
  /** Durable consumer name of the stage events. @default "orchestrator" */
  durable?: string;
  /** Copies of the pipeline bucket in a NATS cluster (`DERMANOMALY_NATS_REPLICAS`). @default 1 */
  replicas?: number;
  /** Folder of the presets (`<name>.json`). @default the built-in `presets/` */
  presetsDir?: string;
  /**
   * How long a step's service may stay unreachable (its `Start*` or `GetJob` failing with UNAVAILABLE) before the
   * pipeline fails with that cause, in ms. @default 600000
   */
  unavailableTimeoutMs?: number;
}

const JOB_STATE_SUBJECT = EVENTS.jobStateChanged.subject;

/** Why a call failed, as a message and a gRPC code name. */
function cause(err: unknown): { message: string; code: string } {
  const e = err as { details?: string; message?: string; code?: unknown };
  const code =
    typeof e.code === "number"
      ? (Object.entries(Code).find(([, v]) => v === e.code)?.[0] ?? "UNKNOWN")
      : "INTERNAL";
  return { message: e.details || e.message || String(err), code };
}

/** The backend a training job reports in its status line (`... on wasm`), if any. */
function backendOf(message: string): string | undefined {
  return /\b(?:on|backend) (tensorflow-gpu|tensorflow|wasm|cpu)\b/.exec(message)?.[1];
}

/**
 * Runs pipelines. A pipeline advances when a stage job it started ends: the `jobs.state_changed` event of that job
 * (a durable JetStream consumer shared by every instance) or, as a safety net for an event that was never
 * published, a periodic check of its running jobs. Every change of a pipeline is a revision-checked write of its
 * record in NATS KV, and every stage job is started with a request id derived from the pipeline and the step, so
 * any number of instances, and an instance restarted at any point, drive one pipeline without running a step
 * twice.
 */
export class Orchestrator {
  readonly #store: PipelineStore;
  readonly #stages: StageCalls;
  readonly #options: OrchestratorOptions;
  readonly #log: Logger;
  /** One advance at a time per pipeline in this process. */
  readonly #chains = new Map<string, Promise<void>>();
  // A preset's base files, hashed once per version rather than for every pipeline started.
  readonly #baseDigests = new FileDigests();
  #consumer: ConsumerHandle | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(store: PipelineStore, options: OrchestratorOptions) {
    this.#store = store;
    this.#options = options;
    this.#stages = options.stages ?? new StageCalls();
    this.#log = options.log.child({ component: "pipelines" });
  }

  /** Opens the pipeline store; call {@linkcode start} to begin consuming events. */
  static async open(options: OrchestratorOptions): Promise<Orchestrator> {
    const replicas = options.replicas;
    return new Orchestrator(
      await PipelineStore.open(options.nc, replicas === undefined ? {} : { replicas }),
      options,
    );
  }

  /** The stage calls (for the handlers that relay progress). */
  get stages(): StageCalls {
    return this.#stages;
  }

  /** Starts consuming stage events and checking running pipelines; carries on with those left running. */
  async start(): Promise<void> {
    await this.#consume();
    const interval = this.#options.pollIntervalMs ?? 10_000;
    this.#pollTimer = setInterval(() => void this.#pollAll(), interval);
    this.#pollTimer.unref();
    void this.#pollAll();
  }

  /** Stops consuming and checking (pipelines stay stored; another instance, or the next start, carries on). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#pollTimer);
    await this.#consumer?.stop().catch(() => {});
    await Promise.allSettled(this.#chains.values());
    this.#stages.close();
  }

  /** The durable consumer of `jobs.state_changed`; started again when it ends with an error (NATS restarted). */
  async #consume(): Promise<void> {
    if (this.#closed) return;
    const js = jetstream(this.#options.nc);
    try {
      this.#consumer = await consumeEvents(js, {
        durable: this.#options.durable ?? "orchestrator",
        filterSubjects: JOB_STATE_SUBJECT,
        codec: eventCodec("jobStateChanged"),
        deliverPolicy: "new",
        maxDeliver: 20,
        ackWaitMs: 60_000,
        retryDelayMs: (n) => Math.min(30_000, 500 * 2 ** n),
        concurrency: 4,
        handler: async (event, ctx) => {
          if (event.job === null || event.job.service === "orchestrator") return;
          const owner = await this.#store.pipelineOfJob(event.job);
          if (owner === undefined) return; // not a pipeline's job
          const working = setInterval(() => ctx.working(), 10_000);
          try {
            await this.#kick(owner.pipeline, event.progress ? { known: event.progress } : {});
          } finally {
            clearInterval(working);
          }
        },
      });
    } catch (err) {
      this.#log.warn("Consuming stage events failed; trying again", { err });
      setTimeout(() => void this.#consume(), 2000).unref();
      return;
    }
    this.#consumer.done.then(
      () => undefined,
      (err: unknown) => {
        if (this.#closed) return;
        this.#log.warn("Stage event consumer stopped; starting it again", { err });
        setTimeout(() => void this.#consume(), 1000).unref();
      },
    );
  }

  async #pollAll(): Promise<void> {
    if (this.#closed) return;
    let ids: string[];
    try {
      ids = await this.#store.activeIds();
    } catch (err) {
      this.#log.warn("Reading the running pipelines failed", { err });
      return;
    }
    await Promise.all(ids.map((id) => this.#kick(id, { poll: true })));
  }

  /** Runs `advance` for a pipeline after the ones already queued for it in this process. */
  #kick(id: string, options: { known?: Progress__Output; poll?: boolean }): Promise<void> {
    const previous = this.#chains.get(id) ?? Promise.resolve();
    const next = previous
      .then(() => (this.#closed ? undefined : this.#advance(id, options)))
      .catch((err: unknown) =>
        this.#log.warn("Advancing a pipeline failed; it is tried again", { pipeline: id, err }),
      );
    this.#chains.set(id, next);
    void next.finally(() => {
      if (this.#chains.get(id) === next) this.#chains.delete(id);
    });
    return next;
  }

  // ---------------------------------------------------------------- starting

  /**
   * Checks a request (preset, overrides, data layout, models) and stores its pipeline, which then runs; returns
   * its reference. A request id used before returns the first pipeline (ALREADY_EXISTS with another request).
   */
  async startPipeline(request: StartPipelineRequest__Output): Promise<JobRef> {
    const id =
      request.requestId === ""
        ? `pipeline-${randomUUID().replaceAll("-", "")}`
        : `pipeline-${createHash("sha256").update(request.requestId).digest("hex").slice(0, 32)}`;
    const ref = { id, service: "orchestrator" };
    const asJson = JSON.parse(JSON.stringify(request)) as unknown;
    const existing = request.requestId === "" ? undefined : await this.#store.get(id);
    if (existing !== undefined) return this.#sameRequest(existing.record, asJson, ref);
    const presetsDir = this.#options.presetsDir;
    const spec = await this.#withStoredBase(
      pipelineSpec(request, id, presetsDir === undefined ? {} : { presetsDir }),
    );
    if (request.data?.kind === "path") checkDataFolder(resolve(request.data.path ?? ""), spec.classMap);
    await checkDataLayout(
      { train: spec.trainSet, test: spec.testSet },
      { store: this.#options.artifacts, workDir: this.#options.workDir, classMap: spec.classMap },
    );
    for (const [field, location] of [
      ["gan", spec.gan],
      ["resume", spec.resume],
      ["encoder", spec.encoder],
    ] as const) {
      if (location?.path !== undefined && !existsSync(location.path))
        throw new StatusError(Code.NOT_FOUND, `${field} path "${location.path}" does not exist`);
    }
    if (spec.localDir !== undefined && existsSync(spec.localDir) && readdirSync(spec.localDir).length > 0) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `outdir "${spec.localDir}" is not empty: a run folder is written into a new or empty folder`,
      );
    }
    const record: PipelineRecord = {
      id,
      requestId: request.requestId,
      request: asJson,
      spec,
      createdAt: new Date().toISOString(),
      state: "JOB_STATE_QUEUED",
      error: "",
      errorCode: "",
      steps: planSteps(spec).map((s) => ({
        ...s,
        state: "JOB_STATE_QUEUED",
        outputs: [],
        message: "",
        error: "",
        errorCode: "",
      })),
      warnings: [],
      seq: 1,
    };
    const { created, stored } = await this.#store.create(record);
    if (!created) return this.#sameRequest(stored.record, asJson, ref);
    this.#log.info("Pipeline accepted", { pipeline: id, preset: spec.preset, steps: record.steps.length });
    await this.#stateChanged(record, "JOB_STATE_UNSPECIFIED");
    void this.#kick(id, {});
    return ref;
  }

  /**
   * A preset's base generator and encoder are files beside the preset, on the orchestrator's disk only: they are put
   * in the artifact store (once, under a key naming their digest) so that trainers on other nodes can read them.
   */
  async #withStoredBase(spec: PipelineSpec): Promise<PipelineSpec> {
    const path = spec.resume?.path;
    if (!spec.resumeIsBase || path === undefined || path === null) return spec;
    const encoder = spec.baseEncoder?.path;
    const [resume, baseEncoder] = await Promise.all([
      this.#storeBase(path),
      encoder ? this.#storeBase(encoder) : undefined,
    ]);
    return { ...spec, resume, ...(baseEncoder && { baseEncoder }) };
  }

  async #storeBase(path: string): Promise<Location> {
    const digest = await this.#baseDigests.sha256(path);
    const key = `models/base/${basename(path, extname(path))}-${digest.slice(0, 16)}${extname(path)}`;
    const store = this.#options.artifacts;
    const uri = store.uriOf(key);
    const artifact = (await store.exists(uri)) ? await store.stat(uri) : await store.putFile(key, path);
    const { key: _, createdAt: __, ...ref } = artifact;
    return { artifact: ref };
  }

  #sameRequest(record: PipelineRecord, request: unknown, ref: JobRef): JobRef {
    if (JSON.stringify(record.request) !== JSON.stringify(request)) {
      throw new StatusError(
        Code.ALREADY_EXISTS,
        `Request id "${record.requestId}" was already used for pipeline "${record.id}" with another request; use a new request id for a new pipeline`,
      );
    }
    return ref;
  }

  // ---------------------------------------------------------------- advancing

  /**
   * Brings a pipeline up to date: settles the steps whose jobs ended (`known` is a job's progress from an event;
   * `poll` asks every running job), fails the pipeline on a failed step, starts the steps whose inputs are ready,
   * and finishes the pipeline when every step succeeded.
   */
  async #advance(id: string, options: { known?: Progress__Output; poll?: boolean }): Promise<void> {
    const stored = await this.#store.get(id);
    if (stored === undefined || isTerminalState(stored.record.state)) return;
    const updates = new Map<string, Progress__Output>();
    if (options.known?.job) updates.set(options.known.job.id, options.known);
    for (const step of stored.record.steps) {
      if (!isRunning(step) || updates.has(step.job!.id!) || !options.poll) continue;
      try {
        updates.set(step.job!.id!, await this.#stages.getJob(step.job!));
        this.#reachable(id, step.name);
      } catch (err) {
        if (isTransient(err) && !this.#unreachableTooLong(id, step.name)) {
          this.#log.warn("Reading a stage job failed; it is read again later", {
            pipeline: id,
            step: step.name,
            err,
          });
          continue;
        }
        // The job is gone (its service lost its state, or answers NOT_FOUND), or its service stayed away.
        const { message, code } = cause(err);
        await this.#fail(
          id,
          step.name,
          `its job ${step.job!.id} cannot be read from ${step.service}: ${message}`,
          code,
        );
        return;
      }
    }
    const ended: StepRecord[] = [];
    const record = await this.#store.update(id, (r) => {
      ended.length = 0;
      if (isTerminalState(r.state)) return false;
      let changed = false;
      for (const step of r.steps) {
        const p = step.job ? updates.get(step.job.id ?? "") : undefined;
        if (p === undefined || !isRunning(step)) continue;
        if (this.#warnAboutBackend(r, step, p)) changed = true;
        if (p.state === step.state && p.message === step.message) continue;
        if (p.state === "JOB_STATE_QUEUED" && step.state !== "JOB_STATE_QUEUED") continue;
        step.state = p.state;
        step.message = p.message;
        changed = true;
        if (isTerminalState(p.state)) {
          step.endedAt = new Date().toISOString();
          if (p.state === "JOB_STATE_SUCCEEDED")
            step.outputs = p.outputs.map((o) => ({ ...o, sizeBytes: Number(o.sizeBytes) }));
          else {
            step.error = p.state === "JOB_STATE_CANCELLED" ? "its job was cancelled" : p.error;
            step.errorCode = p.state === "JOB_STATE_CANCELLED" ? "CANCELLED" : p.errorCode || "UNKNOWN";
          }
          ended.push(step);
        }
      }
      if (r.state === "JOB_STATE_QUEUED" && r.steps.some((s) => s.job !== undefined)) {
        r.state = "JOB_STATE_RUNNING";
        changed = true;
      }
      return changed;
    });
    if (record === undefined) return;
    for (const step of ended) await this.#stepChanged(record, step);
    const failed = record.steps.find(
      (s) => s.state === "JOB_STATE_FAILED" || s.state === "JOB_STATE_CANCELLED",
    );
    if (failed !== undefined) {
      await this.#fail(id, failed.name, failed.error, failed.errorCode);
      return;
    }
    const done = new Set(record.steps.filter((s) => s.state === "JOB_STATE_SUCCEEDED").map((s) => s.name));
    const ready = record.steps.filter(
      (s) => s.state === "JOB_STATE_QUEUED" && s.job === undefined && s.needs.every((n) => done.has(n)),
    );
    const started: JobRef[] = [];
    for (const step of ready) {
      if (step.kind === "call") await this.#runCall(record, step);
      else {
        const job = await this.#startJob(record, step);
        if (job !== undefined) started.push(job);
      }
    }
    if (done.size === record.steps.length) await this.#finish(id);
    // A job that ended before it was recorded had its event dropped as no pipeline's: ask for it once.
    if (started.length > 0 || ready.some((s) => s.kind === "call")) void this.#kick(id, { poll: true });
  }

  /** A GPU preset training on a CPU backend says so, once. */
  #warnAboutBackend(record: PipelineRecord, step: StepRecord, progress: Progress__Output): boolean {
    if (!record.spec.gpu || (step.name !== "train_gan" && step.name !== "train_encoder")) return false;
    const backend = backendOf(progress.message);
    if (backend === undefined || backend === "tensorflow-gpu") return false;
    const warning = `the ${record.spec.preset} preset is meant for GPU nodes: ${step.name} runs on ${backend} (CPU)`;
    if (record.warnings.includes(warning)) return false;
    record.warnings.push(warning);
    this.#log.warn("GPU preset on a CPU backend", { pipeline: record.id, step: step.name, backend });
    return true;
  }

  #request(record: PipelineRecord, step: StepName): Record<string, unknown> {
    return stepRequest(step, record.spec, { pipelineId: record.id, outputs: outputsOf(record) });
  }

  /** Starts a step's job (idempotent: its request id is derived from the pipeline and step) and records it. */
  async #startJob(record: PipelineRecord, step: StepRecord): Promise<JobRef | undefined> {
    let job: JobRef;
    try {
      job = await this.#stages.start(step.service as JobService, this.#request(record, step.name));
    } catch (err) {
      if (isTransient(err) && !this.#unreachableTooLong(record.id, step.name)) {
        this.#log.warn("Starting a step failed; it is tried again", {
          pipeline: record.id,
          step: step.name,
          err,
        });
        return undefined;
      }
      const { message, code } = cause(err);
      const why =
        code === "UNIMPLEMENTED"
          ? `the ${step.service} service does not run this operation (${message})`
          : message;
      await this.#fail(record.id, step.name, why, code);
      return undefined;
    }
    await this.#store.indexJob(job, record.id, step.name);
    const updated = await this.#store.update(record.id, (r) => {
      const s = r.steps.find((x) => x.name === step.name);
      if (s === undefined || s.job !== undefined || isTerminalState(r.state)) return false;
      s.job = { id: job.id ?? "", service: job.service ?? "" };
      s.startedAt = new Date().toISOString();
      if (r.state === "JOB_STATE_QUEUED") r.state = "JOB_STATE_RUNNING";
      return true;
    });
    this.#reachable(record.id, step.name);
    const s = updated?.steps.find((x) => x.name === step.name);
    if (updated !== undefined && isTerminalState(updated.state) && s?.job?.id !== job.id) {
      // The pipeline ended (cancelled, failed) while the job was being started: it has no one to run for.
      await this.#stages.cancel(job).catch(() => {});
      return undefined;
    }
    if (updated !== undefined && s !== undefined) {
      this.#log.info("Step started", { pipeline: record.id, step: step.name, job: job.id });
      await this.#stepChanged(updated, s);
    }
    return job;
  }

  /** Since when each pipeline step's service has not answered (`<pipeline>/<step>` -> ms), in this process. */
  readonly #unreachable = new Map<string, number>();

  #reachable(id: string, step: StepName): void {
    this.#unreachable.delete(`${id}/${step}`);
  }

  /** Whether a step's service has not answered for `unavailableTimeoutMs`: the pipeline then fails, saying so. */
  #unreachableTooLong(id: string, step: StepName): boolean {
    const key = `${id}/${step}`;
    const since = this.#unreachable.get(key) ?? Date.now();
    this.#unreachable.set(key, since);
    return Date.now() - since > (this.#options.unavailableTimeoutMs ?? 600_000);
  }

  /** Runs the calibration: one `Calibrate` per held-out sheet, synchronously. */
  async #runCall(record: PipelineRecord, step: StepRecord): Promise<void> {
    const startedAt = new Date().toISOString();
    const outputs: ArtifactRef[] = [];
    try {
      for (const request of calibrationRequests(record.spec, outputsOf(record))) {
        const res = await this.#stages.call<{ artifact: ArtifactRef | null }>("scorer", "Calibrate", request);
        if (res.artifact) outputs.push({ ...res.artifact, sizeBytes: Number(res.artifact.sizeBytes) });
      }
    } catch (err) {
      if (isTransient(err)) {
        this.#log.warn("Calibrating failed; it is tried again", { pipeline: record.id, err });
        return;
      }
      const { message, code } = cause(err);
      await this.#fail(record.id, step.name, message, code);
      return;
    }
    const updated = await this.#store.update(record.id, (r) => {
      const s = r.steps.find((x) => x.name === step.name);
      if (s === undefined || s.state === "JOB_STATE_SUCCEEDED" || isTerminalState(r.state)) return false;
      Object.assign(s, {
        state: "JOB_STATE_SUCCEEDED",
        startedAt,
        endedAt: new Date().toISOString(),
        outputs,
        message: `Calibrated ${outputs.length} scores`,
      });
      return true;
    });
    const s = updated?.steps.find((x) => x.name === step.name);
    if (updated && s) await this.#stepChanged(updated, s);
  }

  /** Writes the run folder's files and the run manifest, and marks the pipeline SUCCEEDED. */
  async #finish(id: string): Promise<void> {
    const stored = await this.#store.get(id);
    if (stored === undefined || isTerminalState(stored.record.state)) return;
    const record = stored.record;
    const requests: Partial<Record<StepName, unknown>> = {};
    for (const step of record.steps) {
      requests[step.name] =
        step.kind === "call"
          ? calibrationRequests(record.spec, outputsOf(record))
          : this.#request(record, step.name);
    }
    let written: Awaited<ReturnType<typeof writeRunFolder>>;
    try {
      written = await writeRunFolder(this.#options.artifacts, record, { requests });
      if (record.spec.localDir !== undefined)
        await downloadRun(this.#options.artifacts, written.runManifest, record.spec.localDir);
    } catch (err) {
      if (isTransient(err)) throw err;
      const { message, code } = cause(err);
      await this.#fail(id, undefined, `writing the run folder failed: ${message}`, code);
      return;
    }
    const strip = ({ key: _k, createdAt: _c, ...ref }: ArtifactRef & { key?: string; createdAt?: string }) =>
      ref;
    const done = await this.#store.update(id, (r) => {
      if (isTerminalState(r.state)) return false;
      r.state = "JOB_STATE_SUCCEEDED";
      r.endedAt = new Date().toISOString();
      r.runManifest = strip(written.manifest);
      r.metrics = strip(written.metrics);
      return true;
    });
    if (done === undefined || done.state !== "JOB_STATE_SUCCEEDED") return;
    this.#log.info("Pipeline succeeded", { pipeline: id });
    await this.#stateChanged(done, "JOB_STATE_RUNNING");
    await this.#options.publish(
      "pipelineCompleted",
      {
        job: { id, service: "orchestrator" },
        at: now(),
        stages: pipelineStatus(done, { withRequest: false }).stages ?? [],
        outputs: pipelineProgress(done).outputs,
        duration: duration(Math.max(0, Date.parse(done.endedAt ?? "") - Date.parse(done.createdAt))),
        lineage: {
          inputs: [],
          models: [],
          configJson: JSON.stringify(done.spec),
          seed: done.spec.seed,
          producedBy: { id, service: "orchestrator" },
          createdAt: now(),
        },
        ...(done.runManifest && { runManifest: done.runManifest }),
        ...(done.metrics && { metrics: done.metrics }),
      },
      `${id}:completed`,
    );
  }

  /** Marks a pipeline FAILED at a step (or itself) and cancels its other running jobs. */
  async #fail(id: string, step: StepName | undefined, error: string, code: string): Promise<void> {
    const record = await this.#store.update(id, (r) => {
      if (isTerminalState(r.state)) return false;
      r.state = "JOB_STATE_FAILED";
      r.endedAt = new Date().toISOString();
      r.error = step === undefined ? error : `${step}: ${error}`;
      r.errorCode = code;
      if (step !== undefined) r.failedStep = step;
      const s = r.steps.find((x) => x.name === step);
      if (s !== undefined && !isTerminalState(s.state)) {
        s.state = "JOB_STATE_FAILED";
        s.error = error;
        s.errorCode = code;
        s.endedAt = r.endedAt;
      }
      return true;
    });
    if (
      record === undefined ||
      record.state !== "JOB_STATE_FAILED" ||
      record.error !== (step === undefined ? error : `${step}: ${error}`)
    )
      return;
    this.#log.warn("Pipeline failed", { pipeline: id, step, error, code });
    await this.#cancelJobs(record);
    await this.#stateChanged(record, "JOB_STATE_RUNNING");
    const failed = record.steps.find((s) => s.name === step);
    await this.#options.publish(
      "pipelineFailed",
      {
        job: { id, service: "orchestrator" },
        at: now(),
        stage: failed?.stage ?? "STAGE_UNSPECIFIED",
        step: step ?? "",
        error: record.error,
        code,
        stages: pipelineStatus(record, { withRequest: false }).stages ?? [],
        ...(failed?.job && { stageJob: failed.job }),
      },
      `${id}:failed`,
    );
  }

  async #cancelJobs(record: PipelineRecord): Promise<void> {
    await Promise.all(
      record.steps
        .filter((s) => s.job !== undefined && !isTerminalState(s.state))
        .map((s) =>
          this.#stages
            .cancel(s.job!)
            .catch((err: unknown) =>
              this.#log.warn("Cancelling a step's job failed", { pipeline: record.id, step: s.name, err }),
            ),
        ),
    );
  }

  /** `jobs.state_changed` for the pipeline itself, as every job of every service has. */
  async #stateChanged(record: PipelineRecord, previous: JobState__Output): Promise<void> {
    const progress = pipelineProgress(record);
    await this.#options.publish(
      "jobStateChanged",
      { job: progress.job!, at: progress.updatedAt, previous, state: record.state, progress },
      `${record.id}:state:${record.seq}`,
    );
  }

  async #stepChanged(record: PipelineRecord, step: StepRecord): Promise<void> {
    const status = pipelineStatus(record, { withRequest: false }).stages?.find((s) => s.step === step.name);
    if (status === undefined) return;
    let config: unknown = null;
    try {
      config = step.kind === "call" ? null : this.#request(record, step.name);
    } catch {
      config = null; // an input it needs is gone: the step failed before it started
    }
    await this.#options.publish(
      "pipelineStepChanged",
      {
        job: { id: record.id, service: "orchestrator" },
        at: now(),
        step: status,
        lineage: {
          inputs: step.needs.flatMap((n) => record.steps.find((s) => s.name === n)?.outputs ?? []),
          models: (() => {
            try {
              return stepModels(step.name, record.spec, outputsOf(record));
            } catch {
              return [];
            }
          })(),
          configJson: JSON.stringify(config),
          seed: record.spec.seed,
          producedBy: step.job ?? { id: record.id, service: "orchestrator" },
          createdAt: now(),
        },
      },
      `${record.id}:step:${step.name}:${step.state}`,
    );
  }

  // ---------------------------------------------------------------- reading and cancelling

  async #record(ref: JobRef): Promise<PipelineRecord> {
    const id = ref.id ?? "";
    if (id === "") throw new StatusError(Code.INVALID_ARGUMENT, "JobRef.id is required");
    if (ref.service && ref.service !== "orchestrator")
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Job "${id}" belongs to service "${ref.service}", not "orchestrator"`,
      );
    const stored = /^[A-Za-z0-9_-]+$/.test(id) ? await this.#store.get(id) : undefined;
    if (stored === undefined) throw new StatusError(Code.NOT_FOUND, `No pipeline "${id}"`);
    return stored.record;
  }

  /** The pipeline's progress. */
  async getJob(ref: JobRef): Promise<Progress__Output> {
    return pipelineProgress(await this.#record(ref));
  }

  /** The pipeline with its steps, each running step with its job's latest progress. */
  async getPipeline(ref: JobRef): Promise<PipelineStatus> {
    const record = await this.#record(ref);
    const status = pipelineStatus(record);
    await Promise.all(
      (status.stages ?? []).map(async (stage) => {
        if (!stage.job) return;
        const progress = await this.#stages.getJob(stage.job).catch(() => undefined);
        if (progress !== undefined) stage.progress = progress;
      }),
    );
    return status;
  }

  /** Pipelines, newest first, filtered by state and paged. */
  async listJobs(request: ListJobsRequest__Output): Promise<ListJobsResponse> {
    const size = request.pageSize === 0 ? 50 : request.pageSize;
    if (size > 1000)
      throw new StatusError(Code.INVALID_ARGUMENT, `page_size must be at most 1000, got ${size}`);
    const offset = request.pageToken === "" ? 0 : Number(request.pageToken);
    if (!Number.isInteger(offset) || offset < 0)
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `page_token "${request.pageToken}" is not one ListJobs gave`,
      );
    const records = (await Promise.all((await this.#store.ids()).map((id) => this.#store.get(id))))
      .filter((s) => s !== undefined)
      .map((s) => s.record)
      .filter((r) => request.states.length === 0 || request.states.includes(r.state))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    const page = records.slice(offset, offset + size);
    return {
      jobs: page.map((r) => pipelineStatus(r, { withRequest: false })),
      nextPageToken: offset + size < records.length ? String(offset + size) : "",
    };
  }

  /** Cancels a pipeline: its record becomes CANCELLED, then its running jobs are cancelled. */
  async cancel(ref: JobRef): Promise<CancelResponse> {
    const record = await this.#record(ref);
    const updated = await this.#store.update(record.id, (r) => {
      if (isTerminalState(r.state)) return false;
      r.state = "JOB_STATE_CANCELLED";
      r.endedAt = new Date().toISOString();
      return true;
    });
    if (updated === undefined) throw new StatusError(Code.NOT_FOUND, `No pipeline "${record.id}"`);
    if (updated.state === "JOB_STATE_CANCELLED" && updated.endedAt !== record.endedAt) {
      this.#log.info("Pipeline cancelled", { pipeline: record.id });
      await this.#cancelJobs(updated);
      await this.#stateChanged(updated, record.state);
    }
    return { state: updated.state };
  }

  /** The pipeline's progress as it changes, with its running steps' progress relayed; ends after a terminal state. */
  watch(ref: JobRef, signal: AbortSignal): AsyncIterable<Progress__Output> {
    return watchPipeline(ref, {
      signal,
      record: (r) => this.#record(r),
      store: this.#store,
      stages: this.#stages,
    });
  }
}
