// `pnpm bench reconstruct [--resolutions 256,64] [--threads 1,2] [--images N] [--batch B] [--tfjs|--no-tfjs]
// [--cache DIR] [--fresh] [--cap S] [--quick]`: images/s of the reconstruction core on ONNX Runtime (E, G, and D
// features of x and of G(E(x)), plus the distances and the residual map) with the paper-size networks (G and D:
// cbase 16384, cmax 512, map-depth 2; E: 128 doubling to 4096; random weights) at each resolution and ORT thread
// count, with ms per network and peak RSS; the same forward in TF.js on the best backend that starts here, and the
// ratio. `--quick` uses narrow networks to check the plumbing in seconds.
//
// The models are exported once into the cache folder (ONNX, and safetensors for TF.js) and reused. Every measurement
// runs in a child process of its own, so that its peak RSS is its own.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { RgbImage } from "@dermanomaly/imaging";
import * as ort from "onnxruntime-node";
import { openReconstructionModels } from "./models.ts";

interface Sizes {
  resolution: number;
  g: { channelBase: number; channelMax: number; mappingLayers: number; zDim: number };
  e: { channelBase: number; channelMax: number };
}

const { values } = parseArgs({
  options: {
    child: { type: "string" },
    dir: { type: "string" },
    resolutions: { type: "string", default: "256,64" },
    threads: { type: "string", default: "1,2" },
    images: { type: "string" },
    batch: { type: "string", default: "1" },
    tfjs: { type: "boolean", default: true },
    "no-tfjs": { type: "boolean", default: false },
    cache: { type: "string", default: join(tmpdir(), "dermanomaly-bench-reconstruct") },
    fresh: { type: "boolean", default: false },
    cap: { type: "string", default: "900" },
    quick: { type: "boolean", default: false },
  },
});

const sizesAt = (resolution: number): Sizes =>
  values.quick
    ? {
        resolution,
        g: { channelBase: 256, channelMax: 16, mappingLayers: 2, zDim: 32 },
        e: { channelBase: 4, channelMax: 32 },
      }
    : {
        resolution,
        g: { channelBase: 16384, channelMax: 512, mappingLayers: 2, zDim: 512 },
        e: { channelBase: 128, channelMax: 4096 },
      };

// ---------------------------------------------------------------------------------------------------------------
// Child: the ONNX Runtime measurement.

async function ortChild(dir: string, threads: number, images: number, batch: number): Promise<void> {
  const models = await openReconstructionModels(
    { encoder: join(dir, "E.onnx"), generator: join(dir, "G.onnx"), discriminator: join(dir, "D.onnx") },
    { threads },
  );
  const rec = models.reconstructor;
  const r = rec.resolution;
  let seed = 1;
  const image = (): RgbImage => {
    const data = new Uint8Array(r * r * 3);
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 16807) % 2147483647;
      data[i] = seed & 255;
    }
    return { data, width: r, height: r };
  };
  const batches = Math.max(1, Math.ceil(images / batch));
  await rec.reconstruct([image()]); // warm-up: ORT plans its memory on the first run
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) await rec.reconstruct(Array.from({ length: batch }, image));
  const total = performance.now() - t0;
  // Where the time goes: each network alone on one batch.
  const x = new ort.Tensor(
    "float32",
    new Float32Array(batch * 3 * r * r).map(() => Math.random() * 2 - 1),
    [batch, 3, r, r],
  );
  const timed = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    return (performance.now() - t) / batch;
  };
  const s = models.sessions;
  let z: ort.Tensor | undefined;
  const eMs = await timed(async () => {
    z = (await s.encoder.session.run({ image: x }))["z"];
  });
  let img: ort.Tensor | undefined;
  const gMs = await timed(async () => {
    img = (await s.generator.session.run({ z: z!, psi: new ort.Tensor("float32", Float32Array.of(1), []) }))[
      "image"
    ];
  });
  const dMs = await timed(() => s.discriminator.session.run({ image: img! }));
  console.log(
    JSON.stringify({
      imagesPerSec: (batches * batch * 1000) / total,
      msPerImage: { E: eMs, G: gMs, D: 2 * dMs },
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
  await models.close();
}

if (values.child === "ort") {
  await ortChild(values.dir!, Number(values.threads), Number(values.images), Number(values.batch));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: export the models once, run the children, print the table.

// PyTorch's default initialisation bound U(±1/√fan_in), from a seeded xorshift (fast for 212 M values).
function uniformArray(length: number, bound: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296 - 0.5) * 2 * bound;
  }
  return out;
}

async function prepare(sizes: Sizes, dir: string): Promise<void> {
  const marker = join(dir, "sizes.json");
  const wanted = JSON.stringify(sizes);
  if (!values.fresh && existsSync(marker) && (await readFile(marker, "utf8")) === wanted) return;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const { Discriminator, Generator, writeSafetensors } = await import("@dermanomaly/gan");
  const { exportDiscriminator, exportEncoder, exportGenerator } = await import("@dermanomaly/onnx");
  const r = sizes.resolution;
  const log = (m: string) => console.error(`[bench] ${m}`);
  log(`exporting random networks at ${r} into ${dir}`);
  const g = new Generator({ resolution: r, wDim: sizes.g.zDim, ...sizes.g }, { seed: 1 });
  const gw = { config: g.getConfig(), stateDict: g.stateDict() };
  g.dispose();
  await writeSafetensors(join(dir, "G.safetensors"), gw.stateDict, {
    metadata: { config: JSON.stringify(gw.config) },
  });
  await exportGenerator(gw, join(dir, "G.onnx"));
  const d = new Discriminator(
    { resolution: r, channelBase: sizes.g.channelBase, channelMax: sizes.g.channelMax },
    { seed: 2 },
  );
  const dw = { config: d.getConfig(), stateDict: d.stateDict() };
  d.dispose();
  await writeSafetensors(join(dir, "D.safetensors"), dw.stateDict, {
    metadata: { config: JSON.stringify(dw.config) },
  });
  await exportDiscriminator(dw, join(dir, "D.onnx"));
  // The encoder in the original's nn.Sequential names, straight from typed arrays (no TF.js copy of 810 MiB).
  const config = {
    network: "encoder" as const,
    resolution: r,
    imgChannels: 3,
    zDim: sizes.g.zDim,
    ...sizes.e,
    convBias: true,
    batchNormMomentum: 0.1,
    batchNormEps: 1e-5,
  };
  const sd = new Map<string, { shape: number[]; data: Float32Array }>();
  let cin = 3;
  let seed = 3;
  for (let i = 0; 2 ** (i + 2) < r; i++) {
    const cout = Math.min(config.channelBase * 2 ** i, config.channelMax);
    const bound = 1 / Math.sqrt(cin * 16);
    sd.set(`${3 * i}.weight`, {
      shape: [cout, cin, 4, 4],
      data: uniformArray(cout * cin * 16, bound, seed++),
    });
    sd.set(`${3 * i}.bias`, { shape: [cout], data: uniformArray(cout, bound, seed++) });
    sd.set(`${3 * i + 1}.weight`, { shape: [cout], data: new Float32Array(cout).fill(1) });
    sd.set(`${3 * i + 1}.bias`, { shape: [cout], data: new Float32Array(cout) });
    sd.set(`${3 * i + 1}.running_mean`, { shape: [cout], data: new Float32Array(cout) });
    sd.set(`${3 * i + 1}.running_var`, { shape: [cout], data: new Float32Array(cout).fill(1) });
    sd.set(`${3 * i + 1}.num_batches_tracked`, { shape: [], data: new Float32Array(1) });
    cin = cout;
  }
  const linear = 3 * (Math.log2(r) - 2) + 1;
  const bound = 1 / Math.sqrt(cin * 16);
  sd.set(`${linear}.weight`, {
    shape: [sizes.g.zDim, cin * 16],
    data: uniformArray(sizes.g.zDim * cin * 16, bound, seed++),
  });
  sd.set(`${linear}.bias`, { shape: [sizes.g.zDim], data: uniformArray(sizes.g.zDim, bound, seed++) });
  await writeSafetensors(join(dir, "E.safetensors"), sd, { metadata: { config: JSON.stringify(config) } });
  await exportEncoder({ config, stateDict: sd }, join(dir, "E.onnx"));
  await writeFile(marker, wanted);
}

function child(args: string[], capSeconds: number): Promise<Record<string, unknown> | { error: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (b: Buffer) => {
      out += b;
    });
    p.stderr.on("data", (b: Buffer) => {
      err += b;
    });
    const timer = setTimeout(() => p.kill("SIGKILL"), capSeconds * 1000);
    p.on("close", (code) => {
      clearTimeout(timer);
      const line = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        resolve({ error: `exit ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}` });
      }
    });
  });
}

const resolutions = values.resolutions.split(",").map(Number);
const threadCounts = values.threads.split(",").map(Number);
const batch = Number(values.batch);
const cap = Number(values.cap);
const withTfjs = values.tfjs && !values["no-tfjs"];
console.log(
  `reconstruction bench: ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; ${values.quick ? "QUICK (narrow networks)" : "paper-size networks"}, batch ${batch}`,
);
const results: Record<string, unknown>[] = [];
const f = (v: unknown, digits = 2) => (typeof v === "number" ? v.toFixed(digits) : String(v));
for (const r of resolutions) {
  const dir = join(values.cache, `${values.quick ? "quick" : "paper"}-${r}`);
  await prepare(sizesAt(r), dir);
  const images = Number(values.images ?? (r >= 256 ? 4 : 16));
  const self = join(import.meta.dirname, "bench.ts");
  let best = 0;
  for (const threads of threadCounts) {
    const res = await child(
      [
        self,
        "--child",
        "ort",
        "--dir",
        dir,
        "--threads",
        String(threads),
        "--images",
        String(images),
        "--batch",
        String(batch),
      ],
      cap,
    );
    results.push({ engine: "onnxruntime", resolution: r, threads, ...res });
    if ("error" in res) {
      console.log(`  ${r}x${r} ORT ${threads} thread(s): failed: ${res.error}`);
      continue;
    }
    const ms = res["msPerImage"] as Record<string, number>;
    if (threads === Math.max(...threadCounts)) best = res["imagesPerSec"] as number;
    console.log(
      `  ${r}x${r} ORT ${threads} thread(s): ${f(res["imagesPerSec"], 3)} images/s (E ${f(ms["E"], 0)} + G ${f(ms["G"], 0)} + D x2 ${f(ms["D"], 0)} ms per image), peak RSS ${f(res["peakRssMiB"], 0)} MiB`,
    );
  }
  if (withTfjs) {
    const tfImages = Math.max(1, Math.round(images / 2));
    const res = await child(
      [join(import.meta.dirname, "../onnx/bench_tfjs.ts"), "--dir", dir, "--images", String(tfImages)],
      cap,
    );
    results.push({ engine: "tfjs", resolution: r, ...res });
    if ("error" in res) console.log(`  ${r}x${r} TF.js: failed: ${res.error}`);
    else {
      const ms = res["msPerImage"] as Record<string, number>;
      const ratio = best / (res["imagesPerSec"] as number);
      console.log(
        `  ${r}x${r} TF.js ${res["backend"]} ${res["threads"]} thread(s): ${f(res["imagesPerSec"], 3)} images/s (E ${f(ms["E"], 0)} + G ${f(ms["G"], 0)} + D x2 ${f(ms["D"], 0)} ms), peak RSS ${f(res["peakRssMiB"], 0)} MiB; ORT ${Math.max(...threadCounts)} thread(s) is ${f(ratio)}x faster`,
      );
    }
  }
}
console.log(JSON.stringify({ bench: "reconstruct", quick: values.quick, batch, results }));
