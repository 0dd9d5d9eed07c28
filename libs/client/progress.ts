import {
  Code,
  type JobRef__Output,
  type JobServiceClient,
  type Progress__Output,
} from "@dermanomaly/contracts";
import cliProgress from "cli-progress";
import { exitAfterStack } from "./endpoints.ts";

function stateLine(p: Progress__Output): string {
  const state = p.state.replace("JOB_STATE_", "").toLowerCase();
  const text = p.state === "JOB_STATE_FAILED" ? p.error : p.message;
  return text === "" ? `${state}\n` : `${state}: ${text}\n`;
}

const TERMINAL = ["JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED"];

/**
 * Stream errors after which the job may still be followed: the connection dropped or the service is restarting
 * (UNAVAILABLE), its instance handed the job over, or the stream was cut (CANCELLED by the server, INTERNAL for a
 * reset stream, DEADLINE_EXCEEDED). Anything else (INVALID_ARGUMENT, NOT_FOUND for a job never seen) ends the following.
 */
const RECONNECTABLE: readonly number[] = [
  Code.UNAVAILABLE,
  Code.CANCELLED,
  Code.INTERNAL,
  Code.DEADLINE_EXCEEDED,
  Code.UNKNOWN,
  Code.ABORTED,
];

/** Options of {@linkcode followJob}. */
export interface FollowJobOptions {
  /** Draw a progress bar on stderr (only when it is a terminal). @default process.stderr.isTTY */
  bar?: boolean;
  /** Called with every progress report. */
  onProgress?: (p: Progress__Output) => void;
  /** Metrics shown after the counts, e.g. `["skipped"]`. @default [] */
  show?: readonly string[];
  /**
   * How long to keep trying to watch the job again while its service does not answer, in ms: the stream broke (the
   * connection dropped, the service was killed and is being restarted) and no new one could be opened since.
   * @default 600000 (10 minutes)
   */
  reconnectTimeoutMs?: number;
  /** First wait before watching again, in ms; doubled up to 5 s. @default 250 */
  reconnectDelayMs?: number;
  /** Told when the stream broke and the job is being watched again. @default a line on stderr */
  onReconnect?: (cause: string) => void;
  /** Cancel the job on Ctrl-C before exiting. @default true */
  cancelOnInterrupt?: boolean;
}

/** One `Watch` stream until it ends: resolves with how it ended. */
function watchOnce(
  client: JobServiceClient,
  job: JobRef__Output,
  onData: (p: Progress__Output) => void,
): Promise<{ error?: { code: number; details: string; message: string } }> {
  return new Promise((resolve) => {
    const stream = client.Watch(job);
    stream.on("data", onData);
    stream.on("error", (err: { code: number; details: string; message: string }) => resolve({ error: err }));
    stream.on("end", () => resolve({}));
  });
}

/**
 * Watches a job until it ends, drawing a progress bar (or a line per state change when not on a terminal), and
 * resolves with its last progress. When the stream breaks before the job ended (the connection dropped, the service
 * was restarted), the job is watched again, with a backoff, until it ends or its service stays unreachable for
 * `reconnectTimeoutMs`. Ctrl-C cancels the job before exiting.
 */
export async function followJob(
  client: JobServiceClient,
  job: JobRef__Output,
  options: FollowJobOptions = {},
): Promise<Progress__Output> {
  const useBar = options.bar ?? Boolean(process.stderr.isTTY);
  const bar = useBar
    ? new cliProgress.SingleBar(
        {
          format: `{bar} {percentage}% | {value}/{total} {unit} | {extra}`,
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const reconnectTimeoutMs = options.reconnectTimeoutMs ?? 600_000;
  const firstDelay = options.reconnectDelayMs ?? 250;
  const onReconnect =
    options.onReconnect ??
    ((cause: string) =>
      process.stderr.write(`\nLost the job's progress stream (${cause}); watching it again...\n`));
  let started = false;
  let last: Progress__Output | undefined;
  let lastState = "";
  const onSigint = () => {
    process.stderr.write("\nCancelling the job...\n");
    client.Cancel(job, () => exitAfterStack(130));
  };
  if (options.cancelOnInterrupt ?? true) process.once("SIGINT", onSigint);
  const onData = (p: Progress__Output) => {
    last = p;
    options.onProgress?.(p);
    const extra = (options.show ?? []).map((k) => `${k} ${p.metrics[k] ?? 0}`).join(" ") || p.message;
    if (bar) {
      const total = Math.max(p.total, p.done, 1);
      if (!started) bar.start(total, p.done, { unit: p.unit, extra });
      started = true;
      bar.setTotal(total);
      bar.update(p.done, { unit: p.unit, extra });
    } else if (p.state !== lastState) {
      process.stderr.write(stateLine(p));
    }
    lastState = p.state;
  };
  try {
    let delay = firstDelay;
    let brokenSince: number | undefined;
    for (;;) {
      let received = false;
      const outcome = await watchOnce(client, job, (p) => {
        received = true;
        onData(p);
      });
      if (last !== undefined && TERMINAL.includes(last.state)) break;
      const err = outcome.error;
      // A job this command has seen does not vanish (its record outlives it): NOT_FOUND then is a service or store
      // that is not back on its feet yet (a restarted nats-server recovering its streams), so it is tried again.
      const seen = last !== undefined && err?.code === Code.NOT_FOUND;
      if (err !== undefined && !RECONNECTABLE.includes(err.code) && !seen) throw err;
      if (received) {
        // The stream worked for a while: a new drop gets the full time again.
        brokenSince = undefined;
        delay = firstDelay;
      }
      brokenSince ??= Date.now();
      if (Date.now() - brokenSince > reconnectTimeoutMs) {
        throw err ?? new Error(`Job ${job.id}'s progress stream ended before the job did`);
      }
      if (received || delay === firstDelay)
        onReconnect(err?.details || err?.message || "the stream ended early");
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(5000, delay * 2);
    }
  } finally {
    bar?.stop();
    process.off("SIGINT", onSigint);
  }
  if (last === undefined) throw new Error(`Job ${job.id} sent no progress`);
  if (bar) process.stderr.write(stateLine(last));
  return last;
}
