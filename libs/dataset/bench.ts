// `pnpm bench preprocess [--count 1000] [--size 256] [--repeat 3] [--resampler auto,pil] [--concurrency N]
//   [--source DIR] [--command]`
//
// Preparation (the default): makes `count` 600x450 dermoscopy-like JPEGs (or takes the photos under --source),
// prepares them into a zip of `size` x `size` centre crops with prepareDataset() in this process, once per
// resampler, and, when DERMANOMALY_STYLEGAN3_SRC names a NVlabs/stylegan3 checkout, runs stylegan3's own
// dataset_tool.py (its PIL path, `--transform=center-crop`) on the same files through bench_dataset_tool.py, which
// times its conversion alone, without Python's start-up. Each side runs `repeat` times, one after the other, and the
// medians are compared: images/s, CPU seconds per image (all threads), and the ratio ours / dataset_tool. Then each
// resampler's PSNR from the Pillow-exact one (`pil`, bit-identical to Pillow) when `pil` ran too.
//
// --command: the whole commands as a user runs them, start-up included, each a child process timed from spawn to
// exit: `pnpm dermanomaly dataset --source DIR --dest OUT.zip --resolution SxS` (which starts its local stack)
// against `python3 dataset_tool.py --source DIR --dest OUT.zip --transform=center-crop --resolution=SxS`.
//
// Inputs are variations of a few rendered images, so setup stays cheap. The machine's load average is printed with
// the figures: compare ratios measured in one run, not figures of runs on machines with other loads.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { encodeJpeg } from "@dermanomaly/imaging";
import { renderLesion } from "@dermanomaly/synthetic";
import { prepareDataset, type Resampler } from "./prepare.ts";
import { openDataset } from "./reader.ts";

const STYLEGAN3_SRC_ENV = "DERMANOMALY_STYLEGAN3_SRC";
const REPO_ROOT = resolve(import.meta.dirname, "../..");
const DRIVER = join(import.meta.dirname, "bench_dataset_tool.py");
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    concurrency: { type: "string" },
    resampler: { type: "string", default: "auto,pil" },
    size: { type: "string", default: "256" },
    repeat: { type: "string", default: "3" },
    source: { type: "string" },
    command: { type: "boolean", default: false },
  },
});
const count = Number(values.count);
const size = Number(values.size);
const repeat = Number(values.repeat);
const resamplers = values.resampler.split(",") as Resampler[];
if (!Number.isInteger(count) || count < 1)
  throw new RangeError(`Count must be a positive integer, got '${values.count}'`);
if (!Number.isInteger(repeat) || repeat < 1)
  throw new RangeError(`Repeat must be a positive integer, got '${values.repeat}'`);

/** One timed run: wall and CPU seconds and the images written. */
interface Run {
  sec: number;
  cpu: number;
  images: number;
}

const root = await mkdtemp(join(tmpdir(), "bench-preprocess-"));
try {
  const source = values.source === undefined ? await makeInputs(join(root, "src")) : resolve(values.source);
  console.log(
    `cpus: ${availableParallelism()} (${cpus()[0]?.model ?? "?"}), node ${process.version}, ` +
      `load average ${loadavg()[0]?.toFixed(2)} at the start`,
  );
  const why = datasetToolUnavailable();
  if (why !== undefined) console.log(`dataset_tool.py: skipped (${why})`);
  if (values.command) await compareCommands(source, why === undefined);
  else await comparePreparations(source, why === undefined);
  console.log(`load average ${loadavg()[0]?.toFixed(2)} at the end`);
} finally {
  await rm(root, { recursive: true, force: true });
}

async function makeInputs(dir: string): Promise<string> {
  const folder = join(dir, "NEV");
  await mkdir(folder, { recursive: true });
  const t0 = performance.now();
  const bases = Array.from({ length: 8 }, (_, i) =>
    renderLesion({ kind: i % 4 === 3 ? "MEL" : "NEV", width: 600, height: 450, seed: i }),
  );
  for (let i = 0; i < count; i++) {
    const base = bases[i % bases.length];
    if (base === undefined) throw new Error("unreachable");
    // A per-image brightness shift makes every JPEG distinct.
    const data = base.data.map((v) => Math.min(255, v + (i % 23)));
    await writeFile(
      join(folder, `img_${String(i).padStart(5, "0")}.jpg`),
      await encodeJpeg({ ...base, data }),
    );
  }
  console.log(`inputs: ${count} JPEGs of 600x450 in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return dir;
}

/** The preparations themselves, in this process and in dataset_tool's, `repeat` times each. */
async function comparePreparations(source: string, withDatasetTool: boolean): Promise<void> {
  const ours = new Map<Resampler, Run[]>();
  const theirs: Run[] = [];
  const outputs = new Map<Resampler, string>();
  let concurrency = 0;
  for (let r = 0; r < repeat; r++) {
    for (const resampler of resamplers) {
      const dest = join(root, `out-${resampler}-${r}.zip`);
      const cpu = process.cpuUsage();
      const summary = await prepareDataset({
        source,
        dest,
        width: size,
        height: size,
        resampler,
        ...(values.concurrency === undefined ? {} : { concurrency: Number(values.concurrency) }),
      });
      const used = process.cpuUsage(cpu);
      concurrency = summary.concurrency;
      const run = {
        sec: summary.elapsedMs / 1000,
        cpu: (used.user + used.system) / 1e6,
        images: summary.written,
      };
      ours.set(resampler, [...(ours.get(resampler) ?? []), run]);
      console.log(`  run ${r + 1} ours ${resampler}: ${describe(run)}`);
      // The first run's data set is kept for the PSNR comparison.
      if (r === 0) outputs.set(resampler, dest);
      else await rm(dest, { force: true });
    }
    if (withDatasetTool) {
      const dest = join(root, `dataset_tool-${r}.zip`);
      const run = await runDatasetTool(source, dest);
      theirs.push(run);
      console.log(`  run ${r + 1} dataset_tool.py: ${describe(run)}`);
      await rm(dest, { force: true });
    }
  }
  const what = `${count} images -> ${size}x${size} center-crop into a zip, median of ${repeat}`;
  console.log(`\npreparation alone (no start-up), ${what}:`);
  const theirMedian = theirs.length > 0 ? median(theirs) : undefined;
  for (const [resampler, runs] of ours) {
    const m = median(runs);
    const ratio =
      theirMedian === undefined ? "" : `, ${(theirMedian.sec / m.sec).toFixed(2)}x dataset_tool.py`;
    console.log(`  ours resampler=${resampler} concurrency=${concurrency}: ${describe(m)}${ratio}`);
  }
  if (theirMedian !== undefined)
    console.log(`  dataset_tool.py (PIL):                 ${describe(theirMedian)}`);
  console.log(`  peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  const pil = outputs.get("pil");
  for (const [resampler, dest] of outputs) {
    if (pil === undefined || resampler === "pil") continue;
    const psnr = await psnrs(dest, pil);
    const mean = psnr.reduce((a, b) => a + b, 0) / psnr.length;
    console.log(
      `preprocess resampler=${resampler} vs pil (Pillow-exact): PSNR mean ${mean.toFixed(1)} dB, ` +
        `min ${Math.min(...psnr).toFixed(1)} dB over ${psnr.length} images (600x450 -> ${size}x${size})`,
    );
  }
}

/** The whole commands as a user runs them, each a child process, `repeat` times each. */
async function compareCommands(source: string, withDatasetTool: boolean): Promise<void> {
  const ours: Run[] = [];
  const theirs: Run[] = [];
  // The commands' local stacks go under this bench's own folder (DERMANOMALY_RUNS_DIR), not the user's runs.
  const stacks = join(root, "stacks");
  for (let r = 0; r < repeat; r++) {
    const before = new Set(await readdir(stacks).catch(() => []));
    const dest = join(root, `ours-${r}.zip`);
    const args = [
      "dermanomaly",
      "dataset",
      "--source",
      source,
      "--dest",
      dest,
      "--resolution",
      `${size}x${size}`,
    ];
    const run = await timed("pnpm", ["--silent", ...args], REPO_ROOT, { DERMANOMALY_RUNS_DIR: stacks });
    // The local stack keeps its artifacts (a copy of the data set) in a run folder: left out of the figures,
    // removed here.
    const made = (await readdir(stacks).catch(() => [])).filter((n) => !before.has(n));
    const job = await jobSeconds(made.map((n) => join(stacks, n)));
    for (const name of made) await rm(join(stacks, name), { recursive: true, force: true });
    run.images = await imagesIn(dest);
    await rm(dest, { force: true });
    ours.push(run);
    console.log(
      `  run ${r + 1} pnpm dermanomaly dataset: ${describe(run)}` +
        (job === undefined ? "" : `, of which the service's job ${job.toFixed(2)} s`),
    );
    if (withDatasetTool) {
      const theirsDest = join(root, `dataset_tool-${r}.zip`);
      const tool = join(process.env[STYLEGAN3_SRC_ENV] as string, "dataset_tool.py");
      const resolution = `--resolution=${size}x${size}`;
      const t = await timed(PYTHON, [
        tool,
        `--source=${source}`,
        `--dest=${theirsDest}`,
        "--transform=center-crop",
        resolution,
      ]);
      t.images = await imagesIn(theirsDest);
      await rm(theirsDest, { force: true });
      theirs.push(t);
      console.log(`  run ${r + 1} python3 dataset_tool.py: ${describe(t)}`);
    }
  }
  console.log(
    `\nwhole commands (start-up included), ${count} images -> ${size}x${size}, median of ${repeat}:`,
  );
  const m = median(ours);
  const t = theirs.length > 0 ? median(theirs) : undefined;
  const ratio = t === undefined ? "" : `, ${(t.sec / m.sec).toFixed(2)}x dataset_tool.py`;
  console.log(`  pnpm dermanomaly dataset:  ${describe(m)}${ratio}`);
  if (t !== undefined) console.log(`  python3 dataset_tool.py:   ${describe(t)}`);
}

function describe(run: Run): string {
  return (
    `${run.images} images in ${run.sec.toFixed(2)} s = ${(run.images / run.sec).toFixed(1)} images/s, ` +
    `${((1000 * run.cpu) / Math.max(run.images, 1)).toFixed(1)} ms CPU per image`
  );
}

/** The run of median wall time (its CPU time with it). */
function median(runs: readonly Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.sec - b.sec);
  return sorted[Math.floor((sorted.length - 1) / 2)] as Run;
}

/** Why dataset_tool.py cannot run here, or undefined. */
function datasetToolUnavailable(): string | undefined {
  const src = process.env[STYLEGAN3_SRC_ENV];
  if (src === undefined || src === "") return `${STYLEGAN3_SRC_ENV} is not set (a NVlabs/stylegan3 checkout)`;
  if (!existsSync(join(src, "dataset_tool.py")))
    return `${STYLEGAN3_SRC_ENV}="${src}" holds no dataset_tool.py`;
  const check = spawnSync(PYTHON, ["-c", "import PIL, numpy, click, tqdm"], { encoding: "utf8" });
  if (check.error !== undefined) return `${PYTHON} does not run (${check.error.message})`;
  if (check.status !== 0) {
    const missing = /No module named '([^']+)'/.exec(check.stderr)?.[1] ?? "a module";
    const packages = "python3-pil, python3-numpy, python3-click, python3-tqdm";
    return `${PYTHON} cannot import ${missing}, which dataset_tool.py needs (${packages})`;
  }
  return undefined;
}

async function runDatasetTool(source: string, dest: string): Promise<Run> {
  const src = process.env[STYLEGAN3_SRC_ENV] as string;
  const r = spawnSync(PYTHON, [DRIVER, src, source, dest, String(size)], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const line = r.stdout.trim().split("\n").at(-1) ?? "";
  if (r.status !== 0 || !line.startsWith("{"))
    throw new Error(
      `dataset_tool.py failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-5).join("\n")}`,
    );
  return JSON.parse(line) as Run;
}

/**
 * Runs a command to its exit through bash, whose `times` then gives the CPU time of the command and every
 * descendant it waited for (the CLI waits for its stack's processes); wall seconds from spawn to exit.
 */
async function timed(
  command: string,
  args: string[],
  cwd?: string,
  env: Record<string, string> = {},
): Promise<Run> {
  const script = '"$@" >/dev/null; rc=$?; times; exit $rc';
  const started = performance.now();
  const child = spawn("bash", ["-c", script, "bash", command, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const code = await new Promise<number | null>((ok, fail) => {
    child.once("error", fail);
    child.once("close", ok);
  });
  const sec = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}:\n${stderr}`);
  // `times` prints the shell's user and system time, then its children's: "0m1.234s 0m0.567s".
  const children = stdout.trim().split("\n").at(-1) ?? "";
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (t, m) => t + 60 * Number(m[1]) + Number(m[2]),
    0,
  );
  return { sec, cpu, images: 0 };
}

async function imagesIn(zip: string): Promise<number> {
  const dataset = await openDataset(zip);
  try {
    return dataset.entries.length;
  } finally {
    dataset.close();
  }
}

/** The service's job time, from its log in the stack's run folder ("Job accepted" to "Job succeeded"). */
async function jobSeconds(runDirs: readonly string[]): Promise<number | undefined> {
  for (const dir of runDirs) {
    const log = await readFile(join(dir, "logs", "preprocess.log"), "utf8").catch(() => "");
    const at = (msg: string) => {
      const line = log.split("\n").find((l) => l.includes(`"msg":"${msg}"`));
      return line === undefined ? undefined : Date.parse((JSON.parse(line) as { time: string }).time);
    };
    const [from, to] = [at("Job accepted"), at("Job succeeded")];
    if (from !== undefined && to !== undefined) return (to - from) / 1000;
  }
  return undefined;
}

/** PSNR in dB of each image of data set `a` from the same image of `b` (infinite where identical). */
async function psnrs(a: string, b: string): Promise<number[]> {
  const [x, y] = [await openDataset(a), await openDataset(b)];
  try {
    const out: number[] = [];
    for (let i = 0; i < x.entries.length; i++) {
      const [p, q] = [(await x.loadImage(i)).data, (await y.loadImage(i)).data];
      let sum = 0;
      for (let j = 0; j < p.length; j++) sum += ((p[j] as number) - (q[j] as number)) ** 2;
      out.push(10 * Math.log10((255 * 255 * p.length) / sum));
    }
    return out;
  } finally {
    x.close();
    y.close();
  }
}
