// The NVIDIA side of `pnpm bench gan`: NVIDIA's own training phases (their networks, loss and augmentation, imported
// from a stylegan3 checkout at run time by bench_nvidia.py) timed in a Python child with PyTorch on the CPU, and the
// per-phase summary both sides are compared on.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Phase } from "./training/loss.ts";

/** Environment variable naming a NVlabs/stylegan3 checkout (never copied into the project). */
export const STYLEGAN3_SRC_ENV = "DERMANOMALY_STYLEGAN3_SRC";

const EVENT = "@@gan-bench-torch ";
const SCRIPT = join(import.meta.dirname, "bench_nvidia.py");

/** What NVIDIA's phases run on: train.py's options (see bench_nvidia.py). */
export interface NvidiaBenchConfig {
  resolution: number;
  cbase: number;
  cmax: number;
  mapDepth: number;
  batch: number;
  batchGpu: number;
  gamma: number;
  zDim: number;
  augmentP: number;
  /** Rounds of the four phases and the G_ema update; round 0 is the warm-up. */
  rounds: number;
  /** PyTorch's intra-op threads. */
  threads: number;
  /** One more round of each phase under torch.profiler. */
  profile: boolean;
}

/** One operator of PyTorch's profile: self CPU time. */
export interface TorchOp {
  name: string;
  calls: number;
  ms: number;
}

/** What the child reported. */
export interface NvidiaBenchResult {
  status: "ok" | "skipped" | "failed" | "timed out";
  /** Why it was skipped or failed. */
  message?: string;
  torch?: string;
  threads?: number;
  /** OMP_WAIT_POLICY in the child ("default" when unset). */
  ompWaitPolicy?: string;
  gParams?: number;
  dParams?: number;
  /** Wall and process CPU seconds of each round, by phase. */
  phases: Partial<Record<Phase | "ema", number[]>>;
  phaseCpu: Partial<Record<Phase | "ema", number[]>>;
  profiles: { phase: Phase; ops: TorchOp[] }[];
  wallSec: number;
}

/**
 * Why NVIDIA's side cannot run here, or undefined when it can be tried: it needs a stylegan3 checkout in
 * `DERMANOMALY_STYLEGAN3_SRC` and a Python (`/usr/bin/python3` when present) that imports torch.
 */
export function nvidiaUnavailable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const src = env[STYLEGAN3_SRC_ENV];
  if (src === undefined || src === "")
    return `${STYLEGAN3_SRC_ENV} is not set (a NVlabs/stylegan3 checkout); NVIDIA's phases are skipped`;
  if (!existsSync(join(src, "training", "networks_stylegan2.py")))
    return `${STYLEGAN3_SRC_ENV}="${src}" holds no training/networks_stylegan2.py; NVIDIA's phases are skipped`;
  const check = spawnSync(python(), ["-c", "import torch, numpy"], { encoding: "utf8" });
  if (check.error !== undefined)
    return `${python()} does not run (${check.error.message}); NVIDIA's phases are skipped`;
  if (check.status !== 0)
    return `${python()} cannot import torch and numpy (install python3-torch); NVIDIA's phases are skipped`;
  return undefined;
}

function python(): string {
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

/** Runs NVIDIA's phases in a child, reporting progress through `log`; stops it after `capSec`. */
export function runNvidiaBench(
  config: NvidiaBenchConfig,
  options: { capSec: number; log: (line: string) => void },
): Promise<NvidiaBenchResult> {
  const result: NvidiaBenchResult = { status: "failed", phases: {}, phaseCpu: {}, profiles: [], wallSec: 0 };
  const why = nvidiaUnavailable();
  if (why !== undefined) return Promise.resolve({ ...result, status: "skipped", message: why });
  const started = performance.now();
  const proc = spawn(python(), [SCRIPT, process.env[STYLEGAN3_SRC_ENV]!, JSON.stringify(config)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let buffered = "";
  let done = false;
  const timer = setTimeout(() => {
    result.status = "timed out";
    result.message = `stopped at the ${options.capSec} s cap`;
    proc.kill("SIGKILL");
  }, options.capSec * 1000);
  const onEvent = (e: Record<string, unknown>): void => {
    switch (e["event"]) {
      case "started":
        Object.assign(result, {
          torch: e["torch"],
          threads: e["threads"],
          ompWaitPolicy: e["ompWaitPolicy"],
          gParams: e["gParams"],
          dParams: e["dParams"],
        });
        options.log(
          `  [NVIDIA] started: PyTorch ${e["torch"]}, ${e["threads"]} thread(s), OMP_WAIT_POLICY ${e["ompWaitPolicy"]}`,
        );
        break;
      case "phase": {
        const phase = e["phase"] as Phase | "ema";
        result.phases[phase] = [...(result.phases[phase] ?? []), e["sec"] as number];
        result.phaseCpu[phase] = [...(result.phaseCpu[phase] ?? []), e["cpu"] as number];
        options.log(
          `  [NVIDIA] round ${e["round"]} ${phase}: ${(e["sec"] as number).toFixed(2)} s ` +
            `(CPU ${(e["cpu"] as number).toFixed(2)} s)`,
        );
        break;
      }
      case "profile":
        result.profiles.push({ phase: e["phase"] as Phase, ops: e["ops"] as TorchOp[] });
        break;
      case "done":
        done = true;
        result.status = "ok";
        break;
      case "error":
        result.message = `${e["stage"]}: ${e["message"]}`;
        break;
    }
  };
  proc.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.startsWith(EVENT)) onEvent(JSON.parse(line.slice(EVENT.length)) as Record<string, unknown>);
    }
  });
  proc.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  return new Promise((resolve) => {
    proc.on("close", (code, signal) => {
      clearTimeout(timer);
      result.wallSec = (performance.now() - started) / 1000;
      if (!done && result.status === "failed" && result.message === undefined) {
        const last = stderr.trim().split("\n").slice(-2).join(" | ");
        result.message = `exited with ${signal ?? code}${last === "" ? "" : `: ${last}`}`;
      }
      resolve(result);
    });
  });
}

/** Median seconds per phase, and the mean iteration they compose over one 16-iteration cycle. */
export interface CycleSummary {
  phases: Record<Phase | "ema", number | null>;
  /** Gmain + Dmain + ema every iteration, Greg every 4th, Dreg every 16th: mean seconds per iteration. */
  cycleSec: number | null;
  /** `cycleSec · 1000 / batch`. */
  secPerKimg: number | null;
}

/**
 * The cycle of phase medians, dropping round 0 (the warm-up) when there are later rounds: the same formula for both
 * sides, so that their ratio compares like with like.
 */
export function cycleSummary(rounds: Partial<Record<Phase | "ema", number[]>>, batch: number): CycleSummary {
  const med = (xs: number[] | undefined): number | null => {
    const kept = xs === undefined ? [] : xs.length > 1 ? xs.slice(1) : xs;
    if (kept.length === 0) return null;
    const sorted = [...kept].sort((a, b) => a - b);
    const m = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
  };
  const phases = {
    Gmain: med(rounds.Gmain),
    Greg: med(rounds.Greg),
    Dmain: med(rounds.Dmain),
    Dreg: med(rounds.Dreg),
    ema: med(rounds.ema),
  };
  const { Gmain, Greg, Dmain, Dreg, ema } = phases;
  const cycleSec =
    Gmain === null || Greg === null || Dmain === null || Dreg === null
      ? null
      : Gmain + Dmain + (ema ?? 0) + Greg / 4 + Dreg / 16;
  return { phases, cycleSec, secPerKimg: cycleSec === null ? null : (cycleSec * 1000) / batch };
}
