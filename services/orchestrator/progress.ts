import type {
  PipelineStatus,
  Progress__Output,
  StageStatus,
  StartPipelineRequest,
} from "@dermanomaly/contracts";
import { timestamp } from "@dermanomaly/runtime";
import type { PipelineRecord, StepRecord } from "./store.ts";

const TERMINAL = ["JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED"];

/** Whether a job or pipeline state is final. */
export function isTerminalState(state: string): boolean {
  return TERMINAL.includes(state);
}

/** Whether a step's job runs (started and not ended). */
export function isRunning(step: StepRecord): boolean {
  return step.job !== undefined && !isTerminalState(step.state);
}

function statusLine(record: PipelineRecord): string {
  const done = record.steps.filter((s) => s.state === "JOB_STATE_SUCCEEDED").length;
  switch (record.state) {
    case "JOB_STATE_SUCCEEDED":
      return `Done: ${done} steps`;
    case "JOB_STATE_FAILED":
      return `Failed at ${record.failedStep ?? "the pipeline"}`;
    case "JOB_STATE_CANCELLED":
      return "Cancelled";
    default: {
      const running = record.steps.filter((s) => s.state === "JOB_STATE_RUNNING" || isRunning(s));
      const warn = record.warnings.length > 0 ? ` (${record.warnings.join("; ")})` : "";
      if (running.length > 0) return `Running ${running.map((s) => s.name).join(", ")}${warn}`;
      if (done === record.steps.length) return `Writing the run folder${warn}`;
      const succeeded = new Set(
        record.steps.filter((s) => s.state === "JOB_STATE_SUCCEEDED").map((s) => s.name),
      );
      const ready = record.steps.filter(
        (s) => s.state === "JOB_STATE_QUEUED" && s.needs.every((n) => succeeded.has(n)),
      );
      return `Starting ${ready.map((s) => s.name).join(", ") || "the next step"}${warn}`;
    }
  }
}

/**
 * The pipeline's own progress: `done`/`total` count finished steps (`unit` = `steps`), `outputs` the finished
 * steps' outputs (the run manifest and metrics first, once done), `message` what runs.
 */
export function pipelineProgress(record: PipelineRecord): Progress__Output {
  const finished = record.steps.filter((s) => s.state === "JOB_STATE_SUCCEEDED");
  const run = [record.runManifest, record.metrics].filter((r) => r !== undefined);
  return {
    job: { id: record.id, service: "orchestrator" },
    state: record.state,
    done: finished.length,
    total: record.steps.length,
    unit: "steps",
    message: statusLine(record),
    metrics: {},
    outputs: [...run, ...finished.flatMap((s) => s.outputs)].map((o) => ({
      ...o,
      sizeBytes: Number(o.sizeBytes),
    })),
    error: record.error,
    errorCode: record.errorCode,
    updatedAt: timestamp(Date.now()),
    seq: record.seq,
  };
}

/**
 * A progress report of a running step's job, as the pipeline relays it: the pipeline's counts and state, the
 * job's message after the step's name, the job's metrics prefixed with the step (`train_gan.kimg`), with the
 * job's own counts as `<step>.done` and `<step>.total`.
 */
export function relayedProgress(
  record: PipelineRecord,
  step: StepRecord,
  job: Progress__Output,
  seq: number,
): Progress__Output {
  const base = pipelineProgress(record);
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(job.metrics)) metrics[`${step.name}.${k}`] = v;
  metrics[`${step.name}.done`] = Number(job.done);
  metrics[`${step.name}.total`] = Number(job.total);
  const state = job.state.replace("JOB_STATE_", "").toLowerCase();
  const unit = job.unit === "" ? "" : ` ${job.unit}`;
  const counts = job.total > 0 ? ` [${job.done}/${job.total}${unit}]` : "";
  return {
    ...base,
    message: `${step.name}: ${job.message || state}${counts}`,
    metrics,
    seq,
  };
}

function stageStatus(step: StepRecord): StageStatus {
  return {
    stage: step.stage,
    step: step.name,
    state: step.state,
    needs: [...step.needs],
    outputs: step.outputs,
    error: step.error,
    errorCode: step.errorCode,
    ...(step.job && { job: step.job }),
    ...(step.startedAt && { startedAt: timestamp(new Date(step.startedAt)) }),
    ...(step.endedAt && { endedAt: timestamp(new Date(step.endedAt)) }),
  };
}

/** The `PipelineStatus` of a record (each step's live progress is filled in by the caller when it has it). */
export function pipelineStatus(
  record: PipelineRecord,
  options: { withRequest?: boolean } = {},
): PipelineStatus {
  const failed = record.steps.find((s) => s.name === record.failedStep);
  return {
    progress: pipelineProgress(record),
    name: record.spec.name,
    preset: record.spec.preset,
    stages: record.steps.map(stageStatus),
    createdAt: timestamp(new Date(record.createdAt)),
    ...(record.endedAt && { endedAt: timestamp(new Date(record.endedAt)) }),
    ...(failed && { failedStage: failed.stage }),
    ...(record.runManifest && { runManifest: record.runManifest }),
    ...(record.metrics && { metrics: record.metrics }),
    ...((options.withRequest ?? true) && { request: record.request as StartPipelineRequest }),
  };
}
