import type { JobRef__Output, JobServiceClient, Progress__Output } from "@dermanomaly/contracts";
import cliProgress from "cli-progress";

function stateLine(p: Progress__Output): string {
  const state = p.state.replace("JOB_STATE_", "").toLowerCase();
  const text = p.state === "JOB_STATE_FAILED" ? p.error : p.message;
  return text === "" ? `${state}\n` : `${state}: ${text}\n`;
}

/** Options of {@linkcode followJob}. */
export interface FollowJobOptions {
  /** Draw a progress bar on stderr (only when it is a terminal). @default process.stderr.isTTY */
  bar?: boolean;
  /** Called with every progress report. */
  onProgress?: (p: Progress__Output) => void;
  /** Metrics shown after the counts, e.g. `["skipped"]`. @default [] */
  show?: readonly string[];
}

/**
 * Watches a job until it ends, drawing a progress bar (or a line per state change when not on a terminal), and
 * resolves with its last progress. Ctrl-C cancels the job before exiting.
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
  let started = false;
  let last: Progress__Output | undefined;
  let lastState = "";
  const onSigint = () => {
    process.stderr.write("\nCancelling the job...\n");
    client.Cancel(job, () => process.exit(130));
  };
  process.once("SIGINT", onSigint);
  try {
    await new Promise<void>((resolve, reject) => {
      const stream = client.Watch(job);
      stream.on("data", (p: Progress__Output) => {
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
      });
      stream.on("error", reject);
      stream.on("end", () => resolve());
    });
  } finally {
    bar?.stop();
    process.off("SIGINT", onSigint);
  }
  if (last === undefined) throw new Error(`Job ${job.id} sent no progress`);
  if (bar) process.stderr.write(stateLine(last));
  return last;
}
