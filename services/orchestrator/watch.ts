import type { JobRef, Progress__Output } from "@dermanomaly/contracts";
import type { ClientReadableStream } from "@grpc/grpc-js";
import { isRunning, isTerminalState, pipelineProgress, relayedProgress } from "./progress.ts";
import type { StageCalls } from "./stage_calls.ts";
import type { PipelineRecord, PipelineStore } from "./store.ts";

/** What {@linkcode watchPipeline} reads from. */
export interface WatchPipelineOptions {
  /** Ends the watch (the iteration returns). */
  signal: AbortSignal;
  /** Reads a pipeline's record (NOT_FOUND for an unknown one). */
  record: (ref: JobRef) => Promise<PipelineRecord>;
  store: PipelineStore;
  stages: StageCalls;
  /** How long to wait before watching a step's job again after its stream broke (its service restarting). @default 1000 */
  retryMs?: number;
}

type Item =
  | { kind: "record"; record: PipelineRecord }
  | { kind: "job"; step: string; progress: Progress__Output };

/**
 * A pipeline's progress: its current state first, then each change of its record and each progress report of the
 * jobs of its running steps (relayed with the step's name and metrics prefixed), until a terminal state. A step
 * whose job stream breaks (its service restarting) is watched again.
 */
export async function* watchPipeline(
  ref: JobRef,
  options: WatchPipelineOptions,
): AsyncGenerator<Progress__Output, void, undefined> {
  const { signal, stages } = options;
  const retryMs = options.retryMs ?? 1000;
  let record = await options.record(ref);
  let seq = record.seq * 1_000_000;
  yield { ...pipelineProgress(record), seq };
  if (isTerminalState(record.state) || signal.aborted) return;

  const queue: Item[] = [];
  let wake: (() => void) | undefined;
  const push = (item: Item) => {
    queue.push(item);
    wake?.();
  };
  const updates = await options.store.watch(record.id);
  void (async () => {
    for await (const entry of updates) {
      if (entry.operation !== "PUT") continue;
      push({ kind: "record", record: JSON.parse(new TextDecoder().decode(entry.value)) as PipelineRecord });
    }
  })();
  const streams = new Map<string, ClientReadableStream<Progress__Output>>();
  const timers = new Set<NodeJS.Timeout>();
  const follow = (step: string, job: JobRef) => {
    if (streams.has(step) || signal.aborted) return;
    const stream = stages.watch(job);
    streams.set(step, stream);
    stream.on("data", (progress: Progress__Output) => push({ kind: "job", step, progress }));
    const again = () => {
      if (streams.get(step) !== stream) return;
      streams.delete(step);
      const current = record.steps.find((s) => s.name === step);
      if (current === undefined || !isRunning(current) || isTerminalState(record.state)) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        follow(step, job);
      }, retryMs);
      timers.add(timer);
    };
    stream.on("error", again);
    stream.on("end", again);
  };
  const sync = () => {
    for (const step of record.steps) {
      if (isRunning(step)) follow(step.name, step.job!);
      else {
        const stream = streams.get(step.name);
        streams.delete(step.name);
        stream?.cancel();
      }
    }
  };
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    sync();
    while (!signal.aborted) {
      const item = queue.shift();
      if (item === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      if (item.kind === "record") {
        if (item.record.seq <= record.seq) continue;
        record = item.record;
        seq = Math.max(seq + 1, record.seq * 1_000_000);
        yield { ...pipelineProgress(record), seq };
        if (isTerminalState(record.state)) return;
        sync();
      } else {
        const step = record.steps.find((s) => s.name === item.step);
        if (step === undefined || !isRunning(step)) continue;
        yield relayedProgress(record, step, item.progress, ++seq);
      }
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    updates.stop();
    for (const stream of streams.values()) stream.cancel();
    for (const timer of timers) clearTimeout(timer);
  }
}
