// `pnpm bench gan [--backends wasm,cpu] [--quick] [--memory|--no-memory] [--no-nvidia] [--no-profile] [--cap S]
// [--memory-cap S]`: StyleGAN2-ADA training cost on each TF.js backend, and against NVIDIA's own code.
//
// 1. Throughput at resolution 64 (cbase 4096, cmax 512, map-depth 2, batch 8, ADA at p 0.2) per backend: phase times,
//    sec/kimg and peak RSS.
// 2. NVIDIA's phases in the same run (their networks, StyleGAN2Loss with style mixing, path length and R1, the 'bgc'
//    AugmentPipe, fp32 with conv_clamp 256, PyTorch on the CPU with our thread count), from a stylegan3 checkout named
//    by DERMANOMALY_STYLEGAN3_SRC through libs/gan/bench_nvidia.py; both sides' sec/kimg and the ratio NVIDIA / ours
//    (>= 1: ours at least as fast). Without the checkout or torch it says what it skipped.
// 3. A per-kernel profile of each phase on wasm (kernel, calls, total ms, share of the phase; see profileKernels),
//    and NVIDIA's per-operator profile beside it.
// 4. One full training step (Gmain, Greg, Dmain, Dreg) on wasm vs cpu at common smaller shapes, and its ratio.
// 5. The memory check: every phase at resolution 256 (cbase 16384, batch 16) on wasm, in rounds of batch_gpu samples
//    (4, else 2, else 1: the largest that fits the 4 GiB wasm heap), peak RSS against 12 GiB, the heap after each
//    phase; then NVIDIA's phases at that batch_gpu and the ratio at 256.
// Then one JSON line. `--memory` runs only the memory check, `--no-memory` skips it. `--cap` bounds each child's
// seconds (a stopped child still reports the phases it finished); `--quick` uses tiny networks to check the plumbing.
//
// Every measurement runs in a child process of its own: one TF.js backend per process, and `maxRSS` is then that
// backend's own peak. Children report as they go (lines on stdout), so a child stopped at its time cap still gives
// the phases it finished. On a shared machine compare the CPU seconds printed beside the wall times, except NVIDIA's:
// PyTorch's OpenMP threads spin while they wait, so a busy machine inflates their CPU seconds too (the bench says
// so when the load average exceeds the cores; OMP_WAIT_POLICY=PASSIVE in the environment reaches their child).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import {
  BACKEND_NAMES,
  type BackendName,
  disposeBackend,
  initBackend,
  type KernelTime,
  profileKernels,
  wasmHeapBytes,
} from "@dermanomaly/tf";
import {
  type CycleSummary,
  cycleSummary,
  type NvidiaBenchResult,
  runNvidiaBench,
  STYLEGAN3_SRC_ENV,
} from "./_bench_nvidia.ts";
import { tf } from "./_tf.ts";
import { Random } from "./training/_rng.ts";
import { arrayBatchSource } from "./training/batch_source.ts";
import { PHASES, type Phase } from "./training/loss.ts";
import { Trainer } from "./training/trainer.ts";

/** Network and batch of a measurement (train.py options). */
interface BenchConfig {
  resolution: number;
  cbase: number;
  cmax: number;
  mapDepth: number;
  batch: number;
  gamma: number;
  /** z and w size (512 upstream; smaller only in the quick configuration). */
  zDim: number;
  /** Samples per accumulation round (`--batch-gpu`); absent: the whole batch. */
  batchGpu?: number;
}

/** What one child measures. */
interface Job {
  label: string;
  backend: BackendName;
  config: BenchConfig;
  /** `Trainer.step` calls; the first (batch index 0: all four phases) is the warm-up. */
  steps: number;
  /** Rounds timing each phase on its own (the trainer's loss and optimizers, as `Trainer.step` runs them). */
  rounds: number;
  /** Only this phase in the rounds (a fresh heap for it); absent: all four. */
  only?: Phase;
  /** After the rounds, one more round of each phase with every kernel timed (see profileKernels). */
  profile?: boolean;
}

/** Lines a child prints on stdout, after {@link EVENT}. */
type ChildEvent = Memory &
  (
    | {
        event: "started";
        backend: string;
        threads: number;
        native: string | null;
        gParams: number;
        dParams: number;
      }
    | { event: "step"; index: number; phases: string[]; sec: number }
    | { event: "phase"; round: number; phase: Phase | "ema"; sec: number; cpu: number }
    | {
        event: "profile";
        phase: Phase;
        wallMs: number;
        cpuMs: number;
        outsideMs: number;
        kernels: KernelTime[];
      }
    | { event: "done"; tensors: number }
    | { event: "error"; stage: string; message: string }
  );

/** Memory figures every event carries. */
interface Memory {
  /** Peak resident set of the child, bytes. */
  rss: number;
  /** Size of the wasm heap, bytes (0 on other backends); it only grows. */
  heap: number;
}

const EVENT = "@@gan-bench ";
const GIB = 1024 ** 3;
const MEMORY_LIMIT = 12 * GIB;
// wasm32 caps the heap at 4 GiB; past it allocations fail (with an error, see initBackend). A heap this close to the
// cap leaves no room for a longer run.
const WASM_HEAP_LIMIT = 4 * GIB - 256 * 1024 ** 2;
// ADA's probability is 0 at the start of a run and moves slowly; a mid value makes the augmentation cost count.
const AUG_P = 0.2;

const MAIN: BenchConfig = {
  resolution: 64,
  cbase: 4096,
  cmax: 512,
  mapDepth: 2,
  batch: 8,
  gamma: 0.8192,
  zDim: 512,
};
// Common shapes for the wasm/cpu ratio: at res 64 / batch 8 one step takes the cpu backend most of an hour.
const RATIO: BenchConfig = {
  resolution: 32,
  cbase: 2048,
  cmax: 512,
  mapDepth: 2,
  batch: 4,
  gamma: 0.2048,
  zDim: 512,
};
const MEMORY: BenchConfig = {
  resolution: 256,
  cbase: 16384,
  cmax: 512,
  mapDepth: 2,
  batch: 16,
  gamma: 0.8192,
  zDim: 512,
};
const QUICK: BenchConfig = {
  resolution: 16,
  cbase: 256,
  cmax: 32,
  mapDepth: 2,
  batch: 4,
  gamma: 0.1,
  zDim: 32,
};

// ---------------------------------------------------------------------------------------------------------------
// Child: one backend, one configuration.

async function child(job: Job): Promise<void> {
  const emit = (e: DistributiveOmit<ChildEvent, keyof Memory>): void => {
    const memory: Memory = { rss: process.resourceUsage().maxRSS * 1024, heap: wasmHeapBytes() };
    process.stdout.write(`${EVENT}${JSON.stringify({ ...e, ...memory })}\n`);
  };
  let stage = "backend";
  try {
    // initBackend makes wasm throw when its heap is exhausted, rather than alias tensors at address 0.
    const choice = await initBackend({ backend: job.backend, log: false });
    stage = "build";
    const c = job.config;
    const trainer = new Trainer({
      batch: c.batch,
      gamma: c.gamma,
      resolution: c.resolution,
      cbase: c.cbase,
      cmax: c.cmax,
      mapDepth: c.mapDepth,
      zDim: c.zDim,
      wDim: c.zDim,
      // train.py needs whole mbstd groups in a round, and the path length at least one latent per round.
      mbstdGroup: Math.min(4, c.batchGpu ?? c.batch),
      plBatchShrink: Math.min(2, c.batchGpu ?? c.batch),
      ...(c.batchGpu !== undefined && { batchGpu: c.batchGpu }),
      aug: "ada",
      kimg: 1,
    });
    if (trainer.augmentPipe !== null) trainer.augmentPipe.p = AUG_P;
    const count = (vars: tf.Variable[]): number => vars.reduce((a, v) => a + v.size, 0);
    emit({
      event: "started",
      backend: tf.getBackend(),
      threads: choice.threads,
      native: choice.native === null ? null : `${choice.native.engine} ${choice.native.version}`,
      gParams: count(trainer.G.trainableVariables()),
      dParams: count(trainer.D.trainableVariables()),
    });
    // Smooth synthetic images in [-1, 1]: two batches' worth, shuffled by the source as a data set would be.
    const size = 3 * c.resolution * c.resolution;
    const images = new Float32Array(2 * c.batch * size).map((_, i) => Math.sin(i * 0.37) * 0.8);
    const source = arrayBatchSource(images, [2 * c.batch, 3, c.resolution, c.resolution]);

    stage = "steps";
    for (let i = 0; i < job.steps; i++) {
      const real = await source.next(c.batch);
      const t = performance.now();
      const out = trainer.step(real);
      emit({ event: "step", index: i, phases: Object.keys(out.phases), sec: seconds(t) });
    }

    stage = "phases";
    const random = new Random(1);
    const realBatch = async () => {
      const real = await source.next(c.batch);
      return tf.tidy(
        () =>
          tf.transpose(
            tf.tensor4d(real.images, [c.batch, 3, c.resolution, c.resolution]),
            [0, 2, 3, 1],
          ) as tf.Tensor4D,
      );
    };
    // One phase as Trainer.step runs it: rounds of batchGpu samples, then the optimizer step.
    const runPhase = (phase: Phase, realImg: tf.Tensor4D): void => {
      const genZ = tf.tensor2d(random.normals(c.batch * c.zDim), [c.batch, c.zDim]);
      const out = trainer.accumulatePhase(phase, { realImg, genZ, random });
      (phase[0] === "G" ? trainer.G_opt : trainer.D_opt).apply(out.grads);
      for (const g of out.grads) g?.dispose();
      genZ.dispose();
    };
    for (let round = 0; round < job.rounds; round++) {
      const realImg = await realBatch();
      for (const phase of PHASES) {
        if (job.only !== undefined && phase !== job.only) continue;
        stage = phase;
        const cpu0 = process.cpuUsage();
        const t = performance.now();
        runPhase(phase, realImg);
        const sec = seconds(t);
        const cpu = process.cpuUsage(cpu0);
        emit({ event: "phase", round, phase, sec, cpu: (cpu.user + cpu.system) / 1e6 });
      }
      realImg.dispose();
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      trainer.G_ema.updateEma(trainer.G, 0.999);
      const cpu = process.cpuUsage(cpu0);
      emit({ event: "phase", round, phase: "ema", sec: seconds(t), cpu: (cpu.user + cpu.system) / 1e6 });
    }
    if (job.profile) {
      const realImg = await realBatch();
      for (const phase of PHASES) {
        if (job.only !== undefined && phase !== job.only) continue;
        stage = `${phase} profile`;
        const p = profileKernels(() => runPhase(phase, realImg));
        emit({
          event: "profile",
          phase,
          wallMs: p.wallMs,
          cpuMs: p.cpuMs,
          outsideMs: p.outsideMs,
          kernels: p.kernels,
        });
      }
      realImg.dispose();
    }
    const tensors = tf.memory().numTensors;
    trainer.dispose();
    emit({ event: "done", tensors });
  } catch (e) {
    emit({ event: "error", stage, message: e instanceof Error ? e.message : String(e) });
    process.exitCode = 1;
  } finally {
    try {
      disposeBackend();
    } catch {
      // A wasm module that aborted cannot be disposed of.
    }
  }
  // Its worker threads would keep a process whose wasm module aborted alive (stdout to a pipe is synchronous here).
  process.exit();
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: runs the children, prints progress, the tables and the JSON line.

/** What the parent gathered from one child. */
interface JobResult {
  job: Job;
  status: "ok" | "unavailable" | "failed" | "timed out";
  message?: string;
  backend?: string;
  threads?: number;
  gParams?: number;
  dParams?: number;
  /** Engine of the wasm backend's convolutions ("onnxruntime 1.31.1"), or null. */
  native?: string | null;
  steps: { index: number; phases: string[]; sec: number }[];
  phases: Partial<Record<Phase | "ema", number[]>>;
  /** Process CPU seconds (all threads) of each phase round. */
  phaseCpu: Partial<Record<Phase | "ema", number[]>>;
  /** Per-kernel times of one extra round of each phase (when the job asked for them). */
  profiles: PhaseProfile[];
  peakRss: number;
  /** Largest wasm heap seen (0 on other backends). */
  peakHeap: number;
  /** wasm heap after each phase's first round. */
  phaseHeap: Partial<Record<Phase | "ema", number>>;
  wallSec: number;
}

function runJob(job: Job, capSec: number): Promise<JobResult> {
  const result: JobResult = {
    job,
    status: "failed",
    steps: [],
    phases: {},
    phaseCpu: {},
    profiles: [],
    peakRss: 0,
    peakHeap: 0,
    phaseHeap: {},
    wallSec: 0,
  };
  const started = performance.now();
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", import.meta.filename, "--child", JSON.stringify(job)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  let buffered = "";
  let done = false;
  const timer = setTimeout(() => {
    result.status = "timed out";
    result.message = `stopped at the ${capSec} s cap`;
    proc.kill("SIGKILL");
  }, capSec * 1000);
  // A phase can run for minutes: report the child's resident memory meanwhile (Linux /proc; its high-water mark
  // also stands for the peak when the child is stopped at the cap).
  const heartbeat = setInterval(() => {
    const mem = procMemory(proc.pid);
    if (mem === null) return;
    result.peakRss = Math.max(result.peakRss, mem.peak);
    console.log(
      `  [${job.label} ${job.backend}] running for ${seconds(started).toFixed(0)} s, RSS ${gib(mem.rss)}, ` +
        `peak ${gib(mem.peak)}`,
    );
  }, HEARTBEAT_SEC * 1000);
  const onEvent = (e: ChildEvent): void => {
    result.peakRss = Math.max(result.peakRss, e.rss);
    result.peakHeap = Math.max(result.peakHeap, e.heap);
    const mem = `peak RSS ${gib(e.rss)}${e.heap > 0 ? `, wasm heap ${gib(e.heap)}` : ""}`;
    const tag = `  [${job.label} ${job.backend}]`;
    switch (e.event) {
      case "started":
        Object.assign(result, {
          backend: e.backend,
          threads: e.threads,
          native: e.native,
          gParams: e.gParams,
          dParams: e.dParams,
        });
        console.log(
          `${tag} started: ${e.threads} thread(s)${e.native === null ? "" : `, convolutions on ${e.native}`}, ` +
            `G ${mega(e.gParams)}, D ${mega(e.dParams)} parameters`,
        );
        break;
      case "step":
        result.steps.push({ index: e.index, phases: e.phases, sec: e.sec });
        console.log(
          `${tag} Trainer.step ${e.index}${e.index === 0 ? " (warm-up)" : ""}: ${e.phases.join("+")} ` +
            `${e.sec.toFixed(2)} s, ${mem}`,
        );
        break;
      case "phase":
        result.phases[e.phase] = [...(result.phases[e.phase] ?? []), e.sec];
        result.phaseCpu[e.phase] = [...(result.phaseCpu[e.phase] ?? []), e.cpu];
        result.phaseHeap[e.phase] ??= e.heap;
        console.log(
          `${tag} round ${e.round} ${e.phase}: ${e.sec.toFixed(2)} s (CPU ${e.cpu.toFixed(2)} s), ${mem}`,
        );
        break;
      case "profile":
        result.profiles.push({
          phase: e.phase,
          wallMs: e.wallMs,
          cpuMs: e.cpuMs,
          outsideMs: e.outsideMs,
          kernels: e.kernels,
        });
        console.log(`${tag} profiled ${e.phase}: ${(e.wallMs / 1000).toFixed(2)} s`);
        break;
      case "done":
        done = true;
        result.status = "ok";
        break;
      case "error":
        result.status = e.stage === "backend" ? "unavailable" : "failed";
        result.message = `${e.stage}: ${e.message}`;
        console.log(`${tag} ${result.status}: ${result.message}`);
        break;
    }
  };
  proc.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    let nl = buffered.indexOf("\n");
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.startsWith(EVENT)) onEvent(JSON.parse(line.slice(EVENT.length)) as ChildEvent);
      nl = buffered.indexOf("\n");
    }
  });
  proc.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  return new Promise((resolve) => {
    proc.on("close", (code, signal) => {
      clearTimeout(timer);
      clearInterval(heartbeat);
      result.wallSec = seconds(started);
      if (!done && result.status === "failed" && result.message === undefined) {
        // The last lines, shortened: a wasm abort also prints a line of minified source.
        const last = stderr
          .trim()
          .split("\n")
          .filter((l) => l.trim() !== "" && !l.trimStart().startsWith("at "))
          .slice(-3)
          .map((l) => (l.length > 200 ? `${l.slice(0, 200)}...` : l))
          .join(" | ");
        result.message = `exited with ${signal ?? code}${last === "" ? "" : `: ${last}`}`;
        console.log(`  [${job.label} ${job.backend}] failed: ${result.message}`);
      }
      resolve(result);
    });
  });
}

const HEARTBEAT_SEC = 60;

// Current and peak resident memory of a process from /proc, or null where that is not readable.
function procMemory(pid: number | undefined): { rss: number; peak: number } | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (key: string): number =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { rss: kib("VmRSS") * 1024, peak: kib("VmHWM") * 1024 };
  } catch {
    return null;
  }
}

function median(xs: readonly number[] | undefined): number | null {
  if (xs === undefined || xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Per-phase medians (rounds after the first when there was no warm-up step), the step and the cycle they compose. */
function summarise(r: JobResult) {
  const cfg = r.job.config;
  // Without a warm-up Trainer.step, the first phase round is the warm-up.
  const skip = r.job.steps > 0 || (r.phases.Gmain?.length ?? 0) < 2 ? 0 : 1;
  const ph = (p: Phase | "ema"): number | null => median(r.phases[p]?.slice(skip));
  const [gMain, gReg, dMain, dReg, ema] = [ph("Gmain"), ph("Greg"), ph("Dmain"), ph("Dreg"), ph("ema")];
  const fullStep =
    gMain !== null && gReg !== null && dMain !== null && dReg !== null ? gMain + gReg + dMain + dReg : null;
  // Plain iterations (Gmain+Dmain only) timed through Trainer.step, warm-up excluded.
  const plainStep = median(r.steps.filter((s) => s.index > 0 && s.phases.length === 2).map((s) => s.sec));
  const plain = plainStep ?? (gMain !== null && dMain !== null ? gMain + dMain + (ema ?? 0) : null);
  // Mean over one 16-iteration cycle: every iteration runs Gmain+Dmain, Greg every 4th, Dreg every 16th.
  const cycleSec = plain !== null && gReg !== null && dReg !== null ? plain + gReg / 4 + dReg / 16 : null;
  return {
    phases: { Gmain: gMain, Greg: gReg, Dmain: dMain, Dreg: dReg, ema },
    fullStepSec: fullStep,
    plainIterationSec: plain,
    plainFrom: plainStep !== null ? "Trainer.step" : "phases",
    cycleSecPerIteration: cycleSec,
    secPerKimg: cycleSec === null ? null : (cycleSec * 1000) / cfg.batch,
  };
}

function describe(c: BenchConfig): string {
  return `res ${c.resolution}, cbase ${c.cbase}, cmax ${c.cmax}, map-depth ${c.mapDepth}, batch ${c.batch}${c.batchGpu === undefined ? "" : `, batch_gpu ${c.batchGpu}`}, gamma ${c.gamma}${c.zDim === 512 ? "" : `, z/w ${c.zDim}`}`;
}

/** Per-kernel times of one phase round. */
interface PhaseProfile {
  phase: Phase;
  wallMs: number;
  cpuMs: number;
  outsideMs: number;
  kernels: KernelTime[];
}

// Rows of a profile table before the rest is summed into one.
const PROFILE_ROWS = 15;

function printKernelProfile(p: PhaseProfile): void {
  console.log(
    `${p.phase}: ${fmt(p.wallMs / 1000)} s (CPU ${fmt(p.cpuMs / 1000)} s), of which ${fmt(p.outsideMs / 1000)} s ` +
      "outside kernels (op dispatch, gradient tape, JavaScript between ops)",
  );
  const rest = p.kernels.slice(PROFILE_ROWS);
  const rows = p.kernels
    .slice(0, PROFILE_ROWS)
    .map((k) => [k.name, `${k.calls}`, k.ms.toFixed(1), pct(k.ms / p.wallMs)]);
  if (rest.length > 0) {
    const ms = rest.reduce((a, k) => a + k.ms, 0);
    rows.push([
      `(${rest.length} other kernels)`,
      `${rest.reduce((a, k) => a + k.calls, 0)}`,
      ms.toFixed(1),
      pct(ms / p.wallMs),
    ]);
  }
  rows.push(["(outside kernels)", "-", p.outsideMs.toFixed(1), pct(p.outsideMs / p.wallMs)]);
  console.log(table(["kernel", "calls", "total ms", "share"], rows));
}

function nvidiaConfig(c: BenchConfig, o: { rounds: number; threads: number; profile: boolean }) {
  return {
    resolution: c.resolution,
    cbase: c.cbase,
    cmax: c.cmax,
    mapDepth: c.mapDepth,
    batch: c.batch,
    batchGpu: c.batchGpu ?? c.batch,
    gamma: c.gamma,
    zDim: c.zDim,
    augmentP: AUG_P,
    ...o,
  };
}

// More runnable work than cores: other processes take turns with the bench's threads.
const busy = (load: number): boolean => load > availableParallelism();
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const gib = (bytes: number): string => `${(bytes / GIB).toFixed(2)} GiB`;
const mega = (n: number): string => `${(n / 1e6).toFixed(2)} M`;
const fmt = (v: number | null, digits = 2): string => (v === null ? "-" : v.toFixed(digits));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: "string", default: BACKEND_NAMES.join(",") },
      quick: { type: "boolean", default: false },
      memory: { type: "boolean" },
      "no-memory": { type: "boolean", default: false },
      cap: { type: "string" },
      "memory-cap": { type: "string" },
      "no-nvidia": { type: "boolean", default: false },
      "no-profile": { type: "boolean", default: false },
    },
  });
  const nvidia = !values["no-nvidia"];
  const profile = !values["no-profile"];
  const quick = values.quick;
  const memory = values["no-memory"] ? false : (values.memory ?? !quick);
  const memoryOnly = values.memory === true;
  const backends = values.backends.split(",").map((b) => b.trim()) as BackendName[];
  for (const b of backends) {
    if (!(BACKEND_NAMES as readonly string[]).includes(b))
      throw new RangeError(`Backend must be one of ${BACKEND_NAMES.join(", ")}, got "${b}"`);
  }
  const cap = values.cap === undefined ? (quick ? 180 : 1800) : Number(values.cap);
  if (!(cap > 0)) throw new RangeError(`Cap must be a positive number of seconds, got "${values.cap}"`);
  const memoryCap = values["memory-cap"] === undefined ? 2 * cap : Number(values["memory-cap"]);
  if (!(memoryCap > 0))
    throw new RangeError(`Memory cap must be a positive number of seconds, got "${values["memory-cap"]}"`);

  const mainCfg = quick ? QUICK : MAIN;
  const startLoad = loadavg()[0]!;
  const ratio = quick ? QUICK : RATIO;
  const mem = quick ? QUICK : MEMORY;
  console.log(
    `gan bench${quick ? " (quick: tiny networks, figures only check the plumbing)" : ""}: node ${process.version}, ` +
      `${availableParallelism()} cpu(s) (${cpus()[0]?.model ?? "?"}), ${gib(totalmem())} RAM, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
  );
  console.log(
    "sec/kimg = mean seconds per iteration over one 16-iteration cycle x 1000 / batch, where the cycle mean is a " +
      "plain Trainer.step (Gmain+Dmain, median after a warm-up step) + Greg/4 + Dreg/16, Greg and Dreg timed as " +
      `separate phases (median of rounds). ADA on, augmentation p ${AUG_P}. Each backend in its own process.`,
  );

  const results: JobResult[] = [];
  // Throughput at the main configuration; the cpu backend only at the ratio's smaller shapes (too slow here).
  for (const backend of memoryOnly ? [] : backends) {
    if (backend === "cpu" && !quick) continue;
    console.log(`throughput on ${backend}: ${describe(mainCfg)}`);
    results.push(
      await runJob(
        {
          label: "throughput",
          backend,
          config: mainCfg,
          steps: quick ? 2 : 4,
          rounds: 3,
          profile: profile && backend === "wasm",
        },
        cap,
      ),
    );
  }
  // NVIDIA's own phases on PyTorch, same configuration, same threads as our wasm child.
  const ours = results.find((r) => r.job.backend === "wasm" && r.status === "ok");
  const threads = ours?.threads ?? availableParallelism();
  let nvidiaMain: NvidiaBenchResult | null = null;
  if (!memoryOnly && nvidia) {
    console.log(`NVIDIA's phases (PyTorch, ${threads} thread(s)): ${describe(mainCfg)}`);
    nvidiaMain = await runNvidiaBench(nvidiaConfig(mainCfg, { rounds: 3, threads, profile }), {
      capSec: cap,
      log: (line) => console.log(line),
    });
    if (nvidiaMain.status !== "ok")
      console.log(`  [NVIDIA] ${nvidiaMain.status}: ${nvidiaMain.message ?? ""}`);
  }
  const unavailable = new Set(results.filter((r) => r.status === "unavailable").map((r) => r.job.backend));
  // wasm vs cpu on common shapes.
  const ratioResults: JobResult[] = [];
  if (!memoryOnly && backends.includes("wasm") && backends.includes("cpu") && !unavailable.has("wasm")) {
    for (const backend of ["wasm", "cpu"] as const) {
      const reuse = quick ? results.find((r) => r.job.backend === backend) : undefined;
      if (reuse !== undefined) {
        ratioResults.push(reuse);
        continue;
      }
      console.log(`full step on ${backend}: ${describe(ratio)}`);
      // cpu: one round only, under the cap (its first round is then also its warm-up).
      const job: Job =
        backend === "cpu"
          ? { label: "ratio", backend, config: ratio, steps: 0, rounds: 1 }
          : { label: "ratio", backend, config: ratio, steps: 1, rounds: 2 };
      ratioResults.push(await runJob(job, cap));
    }
  }
  // Memory: the largest batch_gpu (4, 2, 1) whose rounds fit the wasm heap, one round of every phase.
  const memoryAttempts: JobResult[] = [];
  if (memory) {
    for (const batchGpu of [4, 2, 1].filter((b) => mem.batch % b === 0)) {
      const config: BenchConfig = { ...mem, batchGpu };
      console.log(`memory on wasm: every phase once at ${describe(config)} (minutes)`);
      // Two rounds: the second times the phases at this batch_gpu (the first is the warm-up).
      const r = await runJob({ label: "memory", backend: "wasm", config, steps: 0, rounds: 2 }, memoryCap);
      memoryAttempts.push(r);
      if ((r.status === "ok" && r.peakHeap < WASM_HEAP_LIMIT) || r.status === "unavailable") break;
    }
  }
  const memoryResult = memoryAttempts.at(-1) ?? null;
  // Not even one sample per round fits: each phase alone, in a fresh heap, shows which ones do not.
  const phaseAlone: JobResult[] = [];
  if (memoryResult !== null && memoryResult.status === "failed") {
    for (const only of PHASES) {
      console.log(`memory on wasm: ${only} alone at ${describe(memoryResult.job.config)}`);
      phaseAlone.push(await runJob({ ...memoryResult.job, label: `memory ${only}`, only }, memoryCap));
    }
  }
  // NVIDIA's phases at the memory configuration, with the batch_gpu that fitted ours.
  let nvidiaMemory: NvidiaBenchResult | null = null;
  if (memoryResult !== null && memoryResult.status === "ok" && nvidia) {
    const config = memoryResult.job.config;
    console.log(`NVIDIA's phases (PyTorch, ${threads} thread(s)): ${describe(config)}`);
    nvidiaMemory = await runNvidiaBench(nvidiaConfig(config, { rounds: 2, threads, profile: false }), {
      capSec: memoryCap,
      log: (line) => console.log(line),
    });
    if (nvidiaMemory.status !== "ok")
      console.log(`  [NVIDIA] ${nvidiaMemory.status}: ${nvidiaMemory.message ?? ""}`);
  }

  // Tables.
  const rows = [...results, ...(quick ? [] : ratioResults.filter((r) => r.job.backend === "cpu"))].map(
    (r) => {
      const s = summarise(r);
      return [
        r.job.backend,
        r.status === "ok" ? `${r.threads ?? "?"}` : r.status,
        `${r.job.config.resolution}/${r.job.config.batch}`,
        fmt(s.phases.Gmain),
        fmt(s.phases.Greg),
        fmt(s.phases.Dmain),
        fmt(s.phases.Dreg),
        fmt(s.plainIterationSec),
        fmt(s.cycleSecPerIteration),
        fmt(s.secPerKimg, 0),
        r.status === "unavailable" ? "-" : gib(r.peakRss),
        r.peakHeap > 0 ? `${gib(r.peakHeap)}${r.peakHeap >= WASM_HEAP_LIMIT ? " FULL" : ""}` : "-",
      ];
    },
  );
  if (rows.length > 0) {
    console.log(
      `\nTraining throughput (${describe(mainCfg)}${quick ? "" : `; cpu row: ${describe(ratio)}, one round, no warm-up`})`,
    );
    console.log(
      table(
        [
          "backend",
          "threads",
          "res/batch",
          "Gmain s",
          "Greg s",
          "Dmain s",
          "Dreg s",
          "plain iter s",
          "cycle s/iter",
          "sec/kimg",
          "peak RSS",
          "wasm heap",
        ],
        rows,
      ),
    );
  }
  for (const r of new Set([...results, ...ratioResults])) {
    if (r.status !== "ok")
      console.log(`  ${r.job.label} ${r.job.backend}: ${r.status}${r.message ? ` (${r.message})` : ""}`);
  }

  const wasmRatio = ratioResults.find((r) => r.job.backend === "wasm");
  const cpuRatio = ratioResults.find((r) => r.job.backend === "cpu");
  const wasmPhases = wasmRatio === undefined ? null : summarise(wasmRatio).phases;
  const cpuPhases = cpuRatio === undefined ? null : summarise(cpuRatio).phases;
  // A cpu child stopped at its cap leaves some phases: then the ratio is over the phases both finished.
  const common = PHASES.filter((p) => wasmPhases?.[p] != null && cpuPhases?.[p] != null);
  const total = (ph: typeof wasmPhases): number => common.reduce((a, p) => a + (ph?.[p] ?? 0), 0);
  const wasmStep = common.length === 0 ? null : total(wasmPhases);
  const cpuStep = common.length === 0 ? null : total(cpuPhases);
  const speedup = wasmStep !== null && cpuStep !== null ? cpuStep / wasmStep : null;
  const ratioPhases = common.length === PHASES.length ? "Gmain+Greg+Dmain+Dreg" : common.join("+");
  if (ratioResults.length > 0) {
    console.log(
      `\nOne full training step (${ratioPhases === "" ? "no phase finished on both" : ratioPhases}), ${describe(ratio)}`,
    );
    console.log(
      `  wasm ${fmt(wasmStep)} s, cpu ${fmt(cpuStep)} s: wasm is ${fmt(speedup, 1)}x faster (target >= 20x: ` +
        `${speedup === null ? "not measured" : speedup >= 20 ? "met" : "NOT met"})`,
    );
  }
  // Against NVIDIA's code: both sides' phase medians in the same cycle formula.
  const comparisons = [
    ...(ours === undefined || nvidiaMain === null ? [] : [{ result: ours, nvidia: nvidiaMain }]),
    ...(memoryResult === null || memoryResult.status !== "ok" || nvidiaMemory === null
      ? []
      : [{ result: memoryResult, nvidia: nvidiaMemory }]),
  ].map(({ result, nvidia: theirs }) => {
    const cfg = result.job.config;
    const oursCycle = cycleSummary(result.phases, cfg.batch);
    const theirsCycle = cycleSummary(theirs.phases, cfg.batch);
    const oursCpu = cycleSummary(result.phaseCpu, cfg.batch);
    const theirsCpu = cycleSummary(theirs.phaseCpu, cfg.batch);
    const ratio =
      oursCycle.secPerKimg !== null && theirsCycle.secPerKimg !== null
        ? theirsCycle.secPerKimg / oursCycle.secPerKimg
        : null;
    return { config: cfg, result, nvidia: theirs, oursCycle, theirsCycle, oursCpu, theirsCpu, ratio };
  });
  for (const c of comparisons) {
    console.log(`\nAgainst NVIDIA's code, ${describe(c.config)} (medians of rounds after the first)`);
    const row = (side: string, threadsUsed: string, w: CycleSummary, cpu: CycleSummary) => [
      side,
      threadsUsed,
      ...(["Gmain", "Greg", "Dmain", "Dreg", "ema"] as const).map((p) => fmt(w.phases[p])),
      fmt(w.cycleSec),
      fmt(w.secPerKimg, 0),
      fmt(cpu.cycleSec),
    ];
    console.log(
      table(
        [
          "side",
          "threads",
          "Gmain s",
          "Greg s",
          "Dmain s",
          "Dreg s",
          "ema s",
          "cycle s/iter",
          "sec/kimg",
          "CPU s/iter",
        ],
        [
          row(
            `ours (wasm${c.result.native ? ` + ${c.result.native}` : ""})`,
            `${c.result.threads ?? "?"}`,
            c.oursCycle,
            c.oursCpu,
          ),
          c.nvidia.status === "ok"
            ? row(
                `NVIDIA (PyTorch ${c.nvidia.torch ?? "?"})`,
                `${c.nvidia.threads ?? "?"}`,
                c.theirsCycle,
                c.theirsCpu,
              )
            : ["NVIDIA", c.nvidia.status, ...Array(8).fill("-")],
        ],
      ),
    );
    console.log(
      c.ratio === null
        ? `  ratio: not measured${c.nvidia.message ? ` (${c.nvidia.message})` : ""}`
        : `  ratio NVIDIA sec/kimg / ours: ${c.ratio.toFixed(2)} (target >= 1: ${c.ratio >= 1 ? "met" : "NOT met"}); ` +
            `cycle CPU seconds (all threads) ours ${fmt(c.oursCpu.cycleSec)}, NVIDIA ${fmt(c.theirsCpu.cycleSec)}`,
    );
    if (c.ratio !== null && busy(startLoad) && c.nvidia.ompWaitPolicy !== "PASSIVE")
      console.log(
        `  CAUTION: the load average (${startLoad.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} now) ` +
          `exceeds the ${availableParallelism()} cpu(s). PyTorch's OpenMP threads spin at barriers while a partner ` +
          "thread is descheduled, so on a busy machine NVIDIA's times inflate many-fold (10-40x was seen at the " +
          "quick configuration against OMP_WAIT_POLICY=PASSIVE) and this ratio flatters ours: take it on a quiet " +
          "machine.",
      );
  }
  if (nvidia && comparisons.length === 0 && nvidiaMain !== null && nvidiaMain.status !== "ok")
    console.log(`\nAgainst NVIDIA's code: ${nvidiaMain.status} (${nvidiaMain.message ?? ""})`);
  if (!nvidia)
    console.log(`\nAgainst NVIDIA's code: skipped (--no-nvidia; it needs ${STYLEGAN3_SRC_ENV} and torch)`);
  // Where the time goes: per kernel on our side, per operator on NVIDIA's.
  if (ours !== undefined && ours.profiles.length > 0) {
    console.log(`\nPer-kernel profile, ours (one extra round of each phase, ${describe(mainCfg)})`);
    for (const p of ours.profiles) printKernelProfile(p);
  }
  if (nvidiaMain !== null && nvidiaMain.profiles.length > 0) {
    console.log(
      `\nPer-operator profile, NVIDIA (torch.profiler self CPU time, one extra round of each phase)`,
    );
    for (const p of nvidiaMain.profiles) {
      const total = p.ops.reduce((a, o) => a + o.ms, 0);
      console.log(`${p.phase}: ${fmt(total / 1000)} s of self CPU time in its top operators`);
      console.log(
        table(
          ["operator", "calls", "self CPU ms", "share"],
          p.ops.slice(0, PROFILE_ROWS).map((o) => [o.name, `${o.calls}`, o.ms.toFixed(1), pct(o.ms / total)]),
        ),
      );
    }
  }
  let memoryPass: boolean | null = null;
  if (memoryResult !== null) {
    const heapFull = memoryResult.peakHeap >= WASM_HEAP_LIMIT;
    memoryPass = memoryResult.status === "ok" && memoryResult.peakRss <= MEMORY_LIMIT && !heapFull;
    console.log(`\nMemory, wasm, one step of every phase + G_ema at ${describe(memoryResult.job.config)}`);
    for (const r of memoryAttempts) {
      const perPhase = PHASES.map((p) => `${p} ${r.phaseHeap[p] === undefined ? "-" : gib(r.phaseHeap[p])}`);
      console.log(
        `  batch_gpu ${r.job.config.batchGpu}: ${r.status}${r.message ? ` (${r.message})` : ""}; peak RSS ` +
          `${gib(r.peakRss)}, wasm heap ${gib(r.peakHeap)}; heap after each phase: ${perPhase.join(", ")}`,
      );
    }
    for (const r of phaseAlone) {
      console.log(
        `  ${r.job.only} alone, batch_gpu ${r.job.config.batchGpu}: ${r.status}` +
          `${r.message ? ` (${r.message})` : ""}; peak RSS ${gib(r.peakRss)}, peak wasm heap ${gib(r.peakHeap)}`,
      );
    }
    console.log(
      `  batch_gpu ${memoryResult.job.config.batchGpu}: peak RSS ${gib(memoryResult.peakRss)} (limit 12 GiB), ` +
        `wasm heap ${gib(memoryResult.peakHeap)} (wasm32 cap 4 GiB): ${memoryPass ? "PASS" : "FAIL"}` +
        `${memoryResult.status === "ok" ? "" : ` (${memoryResult.status}: ${memoryResult.message ?? ""})`}` +
        `${heapFull ? " (heap at the wasm32 cap)" : ""}, ` +
        `${memoryResult.wallSec.toFixed(0)} s`,
    );
  }
  const json = {
    bench: "gan",
    quick,
    loadavg: loadavg(),
    cpus: availableParallelism(),
    augmentP: AUG_P,
    method: "cycle = plain Trainer.step + Greg/4 + Dreg/16; sec/kimg = cycle * 1000 / batch",
    nvidia: comparisons.map((c) => ({
      config: c.config,
      method:
        "cycle = Gmain + Dmain + ema + Greg/4 + Dreg/16 (medians of rounds after the first), both sides",
      ours: { ...c.oursCycle, cpuCycleSec: c.oursCpu.cycleSec, native: c.result.native ?? null },
      nvidia: {
        status: c.nvidia.status,
        ...(c.nvidia.message !== undefined && { message: c.nvidia.message }),
        torch: c.nvidia.torch ?? null,
        ompWaitPolicy: c.nvidia.ompWaitPolicy ?? null,
        ...c.theirsCycle,
        cpuCycleSec: c.theirsCpu.cycleSec,
      },
      ratio: c.ratio,
    })),
    nvidiaSkipped:
      comparisons.length === 0 ? (nvidia ? (nvidiaMain?.message ?? "not run") : "--no-nvidia") : null,
    profile: ours?.profiles ?? [],
    throughput: results.map((r) => ({
      backend: r.job.backend,
      status: r.status,
      ...(r.message !== undefined && { message: r.message }),
      threads: r.threads ?? null,
      config: r.job.config,
      ...summarise(r),
      peakRssBytes: r.peakRss,
      peakWasmHeapBytes: r.peakHeap,
    })),
    fullStep: {
      config: ratio,
      phasesCompared: common,
      wasmSec: wasmStep,
      cpuSec: cpuStep,
      wasmPhases,
      cpuPhases,
      speedup,
      target: 20,
    },
    memory:
      memoryResult === null
        ? null
        : {
            config: memoryResult.job.config,
            batchGpu: memoryResult.job.config.batchGpu ?? mem.batch,
            status: memoryResult.status,
            peakRssBytes: memoryResult.peakRss,
            peakWasmHeapBytes: memoryResult.peakHeap,
            limitBytes: MEMORY_LIMIT,
            pass: memoryPass,
            phases: summarise(memoryResult).phases,
            wallSec: memoryResult.wallSec,
            attempts: memoryAttempts.map((r) => ({
              batchGpu: r.job.config.batchGpu ?? mem.batch,
              status: r.status,
              ...(r.message !== undefined && { message: r.message }),
              peakRssBytes: r.peakRss,
              peakWasmHeapBytes: r.peakHeap,
              heapAfterPhaseBytes: r.phaseHeap,
            })),
            phaseAlone: phaseAlone.map((r) => ({
              phase: r.job.only,
              batchGpu: r.job.config.batchGpu ?? mem.batch,
              status: r.status,
              ...(r.message !== undefined && { message: r.message }),
              peakRssBytes: r.peakRss,
              peakWasmHeapBytes: r.peakHeap,
            })),
          },
  };
  console.log(JSON.stringify(json));
}

// Last, so that every constant above is initialised.
if (process.argv.includes("--child")) {
  await child(JSON.parse(process.argv[process.argv.indexOf("--child") + 1] ?? "null") as Job);
} else {
  await main();
}
