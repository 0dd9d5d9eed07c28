// `pnpm bench encoder [--quick] [--memory|--no-memory] [--no-torch] [--cap S] [--memory-cap S]`: the cost of training
// the izif encoder on the wasm backend.
//
// 1. E's own forward + backward (+ its Adam step) at 64 with the `small` preset, batch 16, against PyTorch on the
//    CPU with 2 threads on the same shapes (the same Sequential, `torch.optim.Adam`), measured in the same run with
//    /usr/bin/python3 when torch imports (else the ratio is reported as skipped, with the reason). Target: ratio
//    (PyTorch time / ours) >= 1.
// 2. Whole training steps at 64 (E `small`, G and D at cbase 4096 / cmax 512, izif, batch 16): images/s.
// 3. The memory check: training steps of the `paper` encoder (212 M parameters) at 256 against G and D at cbase
//    16384, batch 16, G and D in rounds of batch_gpu 4 (else 2, else 1: the largest that fits the 4 GiB wasm heap);
//    peak RSS against 12 GiB and the wasm heap.
//
// Every measurement runs in a child process of its own (one backend per process; `maxRSS` is its own peak). Children
// print events as they go, so one stopped at its time cap still reports what it finished. `--quick` uses tiny
// networks to check the plumbing in seconds. Ends with one JSON line.
import { spawn, spawnSync } from "node:child_process";
import { availableParallelism, cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { Discriminator, Generator } from "@dermanomaly/gan";
import { disposeBackend, initBackend, wasmHeapBytes } from "@dermanomaly/tf";
import { tf } from "./_tf.ts";
import { HostAdam } from "./adam.ts";
import { type EncoderPreset, presetConfig } from "./config.ts";
import { parameterCount } from "./describe.ts";
import { Encoder } from "./encoder.ts";
import { EncoderTrainer } from "./trainer.ts";

/** What one child measures. */
interface Job {
  label: string;
  kind: "encoder" | "train";
  resolution: number;
  preset: EncoderPreset;
  batch: number;
  batchGpu: number;
  /** G and D channel base and max (train jobs). */
  cbase: number;
  cmax: number;
  zDim: number;
  /** Timed steps after one warm-up step. */
  steps: number;
}

type ChildEvent = { rss: number; heap: number } & (
  | { event: "started"; threads: number; eParams: number }
  | { event: "step"; index: number; sec: number }
  | { event: "done" }
  | { event: "error"; message: string }
);

const EVENT = "@@encoder-bench ";
const GIB = 1024 ** 3;
const MEMORY_LIMIT = 12 * GIB;

async function child(job: Job): Promise<void> {
  const emit = (e: DistributiveOmit<ChildEvent, "rss" | "heap">) => {
    const memory = { rss: process.resourceUsage().maxRSS * 1024, heap: wasmHeapBytes() };
    process.stdout.write(`${EVENT}${JSON.stringify({ ...e, ...memory })}\n`);
  };
  try {
    const choice = await initBackend({ backend: "wasm", log: false });
    const config = presetConfig(job.preset, { resolution: job.resolution, zDim: job.zDim });
    const n = job.batch;
    const images = new Float32Array(n * 3 * job.resolution * job.resolution).map(
      (_, i) => Math.sin(i * 0.37) * 0.8,
    );
    let step: () => void;
    let dispose: () => void;
    if (job.kind === "encoder") {
      const e = new Encoder(config);
      const adam = new HostAdam(
        e.trainableSpecs.map((s) => s.count),
        { lr: 1e-4, betas: [0, 0.9], eps: 1e-8 },
      );
      const x = tf.tidy(
        () =>
          tf.transpose(
            tf.tensor4d(images, [n, 3, job.resolution, job.resolution]),
            [0, 2, 3, 1],
          ) as tf.Tensor4D,
      );
      const dz = tf.randomNormal([n, job.zDim], 0, 1, "float32", 1) as tf.Tensor2D;
      step = () => e.backward(e.forwardTrain(x), dz, adam.beginStep());
      dispose = () => {
        x.dispose();
        dz.dispose();
        e.dispose();
      };
    } else {
      const gan = {
        resolution: job.resolution,
        channelBase: job.cbase,
        channelMax: job.cmax,
        zDim: job.zDim,
        wDim: job.zDim,
      };
      const G_ema = new Generator(gan);
      const D = new Discriminator({
        resolution: job.resolution,
        channelBase: job.cbase,
        channelMax: job.cmax,
        mbstdGroupSize: Math.min(4, job.batchGpu),
      });
      const trainer = new EncoderTrainer(
        { preset: job.preset, batch: n, batchGpu: job.batchGpu },
        { G_ema, D },
      );
      const real = { images, shape: [n, 3, job.resolution, job.resolution] as const };
      step = () => void trainer.step(real);
      dispose = () => {
        trainer.dispose();
        G_ema.dispose();
        D.dispose();
      };
    }
    emit({ event: "started", threads: choice.threads, eParams: parameterCount(config) });
    for (let i = 0; i <= job.steps; i++) {
      const t = performance.now();
      step();
      emit({ event: "step", index: i, sec: (performance.now() - t) / 1000 });
    }
    dispose();
    emit({ event: "done" });
  } catch (e) {
    emit({ event: "error", message: e instanceof Error ? e.message : String(e) });
    process.exitCode = 1;
  } finally {
    try {
      disposeBackend();
    } catch {
      // A wasm module that aborted cannot be disposed of.
    }
  }
  process.exit();
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface JobResult {
  job: Job;
  status: "ok" | "failed" | "timed out";
  message?: string;
  threads?: number;
  eParams?: number;
  /** Seconds of the timed steps (the warm-up left out). */
  steps: number[];
  warmup?: number;
  peakRss: number;
  peakHeap: number;
}

function runJob(job: Job, capSec: number): Promise<JobResult> {
  const result: JobResult = { job, status: "failed", steps: [], peakRss: 0, peakHeap: 0 };
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", import.meta.filename, "--child", JSON.stringify(job)],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const tag = `  [${job.label}]`;
  const timer = setTimeout(() => {
    result.status = "timed out";
    result.message = `stopped at the ${capSec} s cap`;
    proc.kill("SIGKILL");
  }, capSec * 1000);
  let buffered = "";
  let stderr = "";
  proc.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.startsWith(EVENT)) continue;
      const e = JSON.parse(line.slice(EVENT.length)) as ChildEvent;
      result.peakRss = Math.max(result.peakRss, e.rss);
      result.peakHeap = Math.max(result.peakHeap, e.heap);
      const mem = `peak RSS ${gib(e.rss)}, wasm heap ${gib(e.heap)}`;
      if (e.event === "started") {
        Object.assign(result, { threads: e.threads, eParams: e.eParams });
        console.log(`${tag} started: ${e.threads} thread(s), E ${(e.eParams / 1e6).toFixed(1)} M parameters`);
      } else if (e.event === "step") {
        if (e.index === 0) result.warmup = e.sec;
        else result.steps.push(e.sec);
        console.log(
          `${tag} step ${e.index}${e.index === 0 ? " (warm-up)" : ""}: ${e.sec.toFixed(2)} s, ${mem}`,
        );
      } else if (e.event === "done") result.status = "ok";
      else {
        result.message = e.message;
        console.log(`${tag} failed: ${e.message}`);
      }
    }
  });
  proc.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  return new Promise((resolve) => {
    proc.on("close", () => {
      clearTimeout(timer);
      if (result.status === "failed" && result.message === undefined)
        result.message = stderr.trim() || "exited early";
      resolve(result);
    });
  });
}

/** PyTorch's time for the same encoder step, or why it was skipped. */
function torchBaseline(job: Job, repeats: number): { sec: number[] } | { skipped: string } {
  const script = `
import json, sys, time
try:
    import torch
except Exception as e:
    print(json.dumps({"skipped": "torch does not import: %s" % e})); sys.exit(0)
torch.set_num_threads(2)
res, base, mx, z, b, reps = ${job.resolution}, ${presetConfig(job.preset).channelBase}, ${presetConfig(job.preset).channelMax}, ${job.zDim}, ${job.batch}, ${repeats}
layers, c, r, i = [], 3, res, 0
while r > 4:
    o = min(base * 2 ** i, mx)
    layers += [torch.nn.Conv2d(c, o, 4, 2, 1), torch.nn.BatchNorm2d(o), torch.nn.ReLU(True)]
    c, r, i = o, r // 2, i + 1
layers += [torch.nn.Flatten(), torch.nn.Linear(c * 16, z), torch.nn.Tanh()]
e = torch.nn.Sequential(*layers).train()
opt = torch.optim.Adam(e.parameters(), lr=1e-4, betas=(0.0, 0.9))
x = torch.rand(b, 3, res, res) * 2 - 1
dz = torch.randn(b, z)
def step():
    opt.zero_grad(); (e(x) * dz).sum().backward(); opt.step()
step()
out = []
for _ in range(reps):
    t = time.perf_counter(); step(); out.append(time.perf_counter() - t)
print(json.dumps({"sec": out, "torch": torch.__version__}))
`;
  const r = spawnSync("/usr/bin/python3", ["-c", script], { encoding: "utf8", timeout: 600_000 });
  if (r.error !== undefined) return { skipped: `/usr/bin/python3 did not run: ${r.error.message}` };
  try {
    return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "") as { sec: number[] } | { skipped: string };
  } catch {
    return { skipped: `PyTorch script failed: ${r.stderr.trim().slice(-300)}` };
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};
const gib = (b: number) => `${(b / GIB).toFixed(2)} GiB`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: "string" },
      quick: { type: "boolean", default: false },
      memory: { type: "boolean" },
      "no-memory": { type: "boolean", default: false },
      "no-torch": { type: "boolean", default: false },
      cap: { type: "string", default: "600" },
      "memory-cap": { type: "string", default: "1800" },
    },
  });
  if (values.child !== undefined) return child(JSON.parse(values.child) as Job);
  const quick = values.quick;
  const cap = Number(values.cap);
  const memoryCap = Number(values["memory-cap"]);
  const onlyMemory = values.memory === true;
  console.log(
    `Encoder bench: ${cpus()[0]?.model ?? "cpu"}, ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  const res = quick ? 16 : 64;
  const base: Omit<Job, "label" | "kind"> = {
    resolution: res,
    preset: quick ? "tiny" : "small",
    batch: quick ? 4 : 16,
    batchGpu: quick ? 4 : 16,
    cbase: quick ? 64 : 4096,
    cmax: quick ? 32 : 512,
    zDim: quick ? 32 : 512,
    steps: quick ? 2 : 4,
  };
  const json: Record<string, unknown> = { bench: "encoder", quick, load: loadavg()[0] };

  if (!onlyMemory) {
    // Best of the rounds on each side: on a shared machine the fastest step is the one least disturbed.
    const rows: Record<string, unknown>[] = [];
    for (const preset of quick ? (["tiny"] as const) : (["small", "paper"] as const)) {
      const job: Job = { ...base, preset, label: `E ${preset} ${res}`, kind: "encoder", steps: 3 };
      console.log(
        `\n1. E forward + backward + Adam at ${res}, preset "${preset}", batch ${base.batch}, best of 2 rounds`,
      );
      const ours: number[] = [];
      const theirs: number[] = [];
      let skipped: string | undefined = values["no-torch"] ? "--no-torch" : undefined;
      let peakRss = 0;
      for (let round = 0; round < 2; round++) {
        const r = await runJob(job, cap);
        ours.push(...r.steps);
        peakRss = Math.max(peakRss, r.peakRss);
        if (skipped !== undefined) continue;
        const t = torchBaseline(job, 3);
        if ("sec" in t) theirs.push(...t.sec);
        else skipped = t.skipped;
      }
      const wasmSec = Math.min(...ours);
      const row: Record<string, unknown> = {
        preset,
        params: parameterCount(presetConfig(preset, { resolution: res })),
        wasmSec,
        peakRss,
      };
      if (skipped === undefined && theirs.length > 0) {
        const torchSec = Math.min(...theirs);
        Object.assign(row, { torchSec, ratio: torchSec / wasmSec });
        console.log(
          `   wasm ${wasmSec.toFixed(3)} s (${(base.batch / wasmSec).toFixed(1)} img/s), PyTorch CPU 2 threads ` +
            `${torchSec.toFixed(3)} s: ratio ${(torchSec / wasmSec).toFixed(2)} (target >= 1)`,
        );
      } else {
        row["torch"] = `skipped: ${skipped}`;
        console.log(`   wasm ${wasmSec.toFixed(3)} s; PyTorch skipped: ${skipped}`);
      }
      rows.push(row);
    }
    json["encoder64"] = rows;

    console.log(
      `\n2. Training steps at ${res} (E "${base.preset}", G and D cbase ${base.cbase}, izif, batch ${base.batch})`,
    );
    const train = await runJob({ ...base, label: `train ${res}`, kind: "train" }, cap);
    const sec = median(train.steps);
    console.log(
      `   ${sec.toFixed(2)} s per step, ${(base.batch / sec).toFixed(2)} images/s, peak RSS ${gib(train.peakRss)}, ` +
        `wasm heap ${gib(train.peakHeap)}${train.status === "ok" ? "" : ` (${train.status}: ${train.message})`}`,
    );
    json["train64"] = {
      sec,
      imagesPerSec: base.batch / sec,
      peakRss: train.peakRss,
      heap: train.peakHeap,
      status: train.status,
    };
  }

  if (!values["no-memory"]) {
    const memRes = quick ? 32 : 256;
    const big: Omit<Job, "label" | "batchGpu"> = {
      kind: "train",
      resolution: memRes,
      preset: quick ? "small" : "paper",
      batch: quick ? 4 : 16,
      cbase: quick ? 256 : 16384,
      cmax: quick ? 64 : 512,
      zDim: quick ? 32 : 512,
      // One step: it includes first-use costs (filter packing), which a memory check must see anyway.
      steps: 0,
    };
    console.log(
      `\n3. Memory: E "${big.preset}" at ${memRes}, G and D cbase ${big.cbase}, batch ${big.batch}`,
    );
    const tries = [];
    for (const batchGpu of quick ? [4, 2] : [4, 2, 1]) {
      const r = await runJob({ ...big, batchGpu, label: `memory batch_gpu ${batchGpu}` }, memoryCap);
      const sec = r.warmup;
      const pass = r.status === "ok" && r.peakRss <= MEMORY_LIMIT;
      console.log(
        `   batch_gpu ${batchGpu}: ${r.status === "ok" ? (pass ? "PASS" : "over 12 GiB") : `${r.status}: ${r.message}`}, ` +
          `peak RSS ${gib(r.peakRss)}, wasm heap ${gib(r.peakHeap)}` +
          (sec === undefined ? "" : `, step ${sec.toFixed(1)} s (${(big.batch / sec).toFixed(2)} images/s)`),
      );
      tries.push({
        batchGpu,
        status: r.status,
        message: r.message,
        peakRss: r.peakRss,
        heap: r.peakHeap,
        sec,
      });
      if (r.status === "ok") break;
    }
    json["memory256"] = tries;
  }
  console.log(JSON.stringify(json));
}

await main();
