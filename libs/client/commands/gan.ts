import { writeFile } from "node:fs/promises";
import {
  type DiscriminatorConfig,
  discriminatorConfig,
  Generator,
  type GeneratorConfig,
  generatorConfig,
  type InspectReport,
  inspect,
  type NoiseMode,
  numWs,
} from "@dermanomaly/gan";
import { readNpy, seedLatent, writeNpy } from "@dermanomaly/gan/numpy";
import { exportNvidia, importPickle, loadNetworkFile, type NetworkWeights } from "@dermanomaly/gan/nvidia";
import { chwToImage, imageGrid } from "@dermanomaly/imaging";
import { BACKEND_NAMES, type BackendName, initBackend, tf } from "@dermanomaly/tf";
import { type Command, UsageError } from "../cli.ts";

type Values = Parameters<Command["run"]>[0];

function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === "string" ? v : undefined;
}

function int(values: Values, key: string, fallback: number): number {
  const v = str(values, key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`--${key} must be an integer, got "${v}"`);
  return n;
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`Expected one ${what}, got ${positionals.length}`);
  return positionals[0]!;
}

/** One network's report in `gan inspect --json`. */
interface NetworkReport extends InspectReport {
  config: GeneratorConfig | DiscriminatorConfig;
  /** Generators only: w vectors the synthesis network consumes. */
  numWs?: number;
}

function report(config: GeneratorConfig | DiscriminatorConfig, weights?: NetworkWeights<typeof config>) {
  const r: NetworkReport = { ...inspect(weights?.stateDict ?? config), network: config.network, config };
  if (config.network === "generator") r.numWs = numWs(config.resolution);
  return r;
}

function printReport(key: string, r: NetworkReport): void {
  const width = Math.max(...r.rows.map((row) => row.name.length));
  console.log(`${key} (${r.network}${r.numWs !== undefined ? `, num_ws ${r.numWs}` : ""})`);
  for (const row of r.rows) {
    const shape = `[${row.shape.join(", ")}]`;
    console.log(
      `  ${row.name.padEnd(width)}  ${shape.padEnd(18)} ${row.count.toLocaleString("en-US").padStart(12)}${row.trainable ? "" : "  (buffer)"}`,
    );
  }
  const t = r.totals;
  console.log(
    `  ${t.tensors} tensors, ${t.parameters.toLocaleString("en-US")} trainable parameters, ${t.buffers.toLocaleString("en-US")} buffer values\n`,
  );
}

/** `gan inspect`: parameter names, shapes and counts of a network file, or of the networks a config describes. */
export const ganInspect: Command = {
  path: ["gan", "inspect"],
  summary: "List parameter names, shapes and counts of G and D (of a checkpoint or pickle, or from settings)",
  usage: "[CKPT|FILE.pkl] [--resolution R --cbase C --cmax M --map-depth D] [--json]",
  options: {
    resolution: { type: "string" },
    cbase: { type: "string" },
    cmax: { type: "string" },
    "map-depth": { type: "string" },
    json: { type: "boolean", default: false },
  },
  async run(values, positionals) {
    const reports: Record<string, NetworkReport> = {};
    if (positionals.length > 0) {
      const path = one(positionals, "network file");
      for (const k of ["resolution", "cbase", "cmax", "map-depth"]) {
        if (values[k] !== undefined)
          throw new UsageError(`--${k} describes a network; it cannot go with a file`);
      }
      const nets = await loadNetworkFile(path);
      for (const key of ["G", "D", "G_ema"] as const) {
        const n = nets[key];
        if (n !== undefined) reports[key] = report(n.config, n);
      }
    } else {
      const common = {
        resolution: int(values, "resolution", 256),
        channelBase: int(values, "cbase", 16384),
        channelMax: int(values, "cmax", 512),
      };
      let g: GeneratorConfig;
      let d: DiscriminatorConfig;
      try {
        g = generatorConfig({ ...common, mappingLayers: int(values, "map-depth", 2) });
        d = discriminatorConfig(common);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      reports["G"] = report(g);
      reports["D"] = report(d);
    }
    if (values["json"] === true) console.log(JSON.stringify(reports, null, 2));
    else for (const [key, r] of Object.entries(reports)) printReport(key, r);
    return 0;
  },
};

function outPath(values: Values): string {
  const out = str(values, "out");
  if (out === undefined) throw new UsageError("--out is required");
  return out;
}

/** `gan import`: an NVIDIA pickle to a safetensors network checkpoint. */
export const ganImport: Command = {
  path: ["gan", "import"],
  summary: "Convert an NVIDIA StyleGAN2-ADA pickle (G, D, G_ema) into a safetensors network checkpoint",
  usage: "FILE.pkl --out CKPT.safetensors",
  options: { out: { type: "string" } },
  async run(values, positionals) {
    const pkl = one(positionals, "pickle");
    const out = outPath(values);
    const s = await importPickle(pkl, out);
    console.log(`Wrote ${out}: ${s.networks.join(", ")} (${s.tensors} tensors) from a ${s.source} pickle`);
    return 0;
  },
};

const EXPORT_NETWORKS = ["G_ema", "G", "D", "all"] as const;

/** `gan export`: a checkpoint (or pickle) to a state_dict with NVIDIA's parameter names. */
export const ganExport: Command = {
  path: ["gan", "export"],
  summary:
    "Write a network as a safetensors state_dict with NVIDIA's names (PyTorch load_state_dict(strict=True))",
  usage: "CKPT|FILE.pkl --out FILE.safetensors [--layout nvidia] [--network G_ema|G|D|all]",
  options: {
    out: { type: "string" },
    layout: { type: "string", default: "nvidia" },
    network: { type: "string", default: "G_ema" },
  },
  async run(values, positionals) {
    const src = one(positionals, "checkpoint");
    const out = outPath(values);
    const layout = str(values, "layout") ?? "nvidia";
    if (layout !== "nvidia") throw new UsageError(`--layout must be "nvidia", got "${layout}"`);
    const network = str(values, "network") ?? "G_ema";
    if (!(EXPORT_NETWORKS as readonly string[]).includes(network)) {
      throw new UsageError(`--network must be one of ${EXPORT_NETWORKS.join(", ")}, got "${network}"`);
    }
    const s = await exportNvidia(src, out, { network: network as (typeof EXPORT_NETWORKS)[number] });
    console.log(`Wrote ${out}: ${s.networks.join(", ")} (${s.tensors} tensors, NVIDIA names, float32)`);
    return 0;
  },
};

/** Parses `0-7`, `1,5,9` or a mix (`0-3,10`) into seeds in [0, 2**32 − 1]. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (m === null) throw new UsageError(`--seeds must look like "0-7" or "1,5,9", got "${text}"`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new UsageError(`Seed range "${part.trim()}" runs backwards`);
    if (b > 0xffffffff) throw new UsageError(`Seeds must be at most 2**32 - 1, got "${b}"`);
    if (seeds.length + b - a + 1 > 100_000) throw new UsageError(`Too many seeds in "${text}"`);
    for (let s = a; s <= b; s++) seeds.push(s);
  }
  return seeds;
}

const NOISE_MODES: readonly NoiseMode[] = ["const", "random", "none"];

async function latents(values: Values, zDim: number): Promise<{ z: Float32Array; n: number; label: string }> {
  const seedsText = str(values, "seeds");
  const zPath = str(values, "z");
  if ((seedsText === undefined) === (zPath === undefined)) throw new UsageError("Give either --seeds or --z");
  if (seedsText !== undefined) {
    const seeds = parseSeeds(seedsText);
    const z = new Float32Array(seeds.length * zDim);
    // float64 draws rounded to float32: NVIDIA's mapping network casts z to float32 first.
    for (const [i, s] of seeds.entries()) z.set(seedLatent(s, zDim), i * zDim);
    return { z, n: seeds.length, label: `seeds ${seedsText}` };
  }
  const arr = await readNpy(zPath!);
  const n = arr.shape.length === 1 ? 1 : arr.shape[0]!;
  const dim = arr.shape[arr.shape.length - 1];
  if (arr.shape.length > 2 || dim !== zDim || n < 1) {
    throw new UsageError(`--z "${zPath}" has shape [${arr.shape.join(", ")}]; expected [N, ${zDim}]`);
  }
  return { z: Float32Array.from(arr.data), n, label: zPath! };
}

/** `generate`: images from a generator for numpy-seeded or given latents, as a PNG grid and/or raw NCHW floats. */
export const generate: Command = {
  path: ["generate"],
  summary: "Render images from G_ema of a checkpoint or pickle (seeds give NVIDIA gen_images.py's z)",
  usage:
    "--gan CKPT|FILE.pkl (--seeds 0-7 | --z latents.npy) [--out grid.png] [--out-npy images.npy] " +
    "[--trunc 1] [--noise-mode const|random|none] [--class C] [--batch 8] [--backend B]",
  options: {
    gan: { type: "string" },
    seeds: { type: "string" },
    z: { type: "string" },
    out: { type: "string" },
    "out-npy": { type: "string" },
    trunc: { type: "string", default: "1" },
    "noise-mode": { type: "string", default: "const" },
    class: { type: "string" },
    batch: { type: "string", default: "8" },
    backend: { type: "string" },
  },
  async run(values) {
    const ganPath = str(values, "gan");
    if (ganPath === undefined) throw new UsageError("--gan is required");
    const out = str(values, "out");
    const outNpy = str(values, "out-npy");
    if (out === undefined && outNpy === undefined) throw new UsageError("Give --out and/or --out-npy");
    const psi = Number(str(values, "trunc") ?? "1");
    if (!Number.isFinite(psi))
      throw new UsageError(`--trunc must be a number, got "${str(values, "trunc")}"`);
    const noiseMode = (str(values, "noise-mode") ?? "const") as NoiseMode;
    if (!NOISE_MODES.includes(noiseMode)) {
      throw new UsageError(`--noise-mode must be one of ${NOISE_MODES.join(", ")}, got "${noiseMode}"`);
    }
    const batch = int(values, "batch", 8);
    if (batch < 1) throw new UsageError(`--batch must be positive, got "${batch}"`);
    const backend = str(values, "backend");
    if (
      backend !== undefined &&
      backend !== "auto" &&
      !(BACKEND_NAMES as readonly string[]).includes(backend)
    ) {
      throw new UsageError(`--backend must be auto or one of ${BACKEND_NAMES.join(", ")}, got "${backend}"`);
    }

    // G_ema alone first: only its tensors are copied out of a large pickle.
    let weights = (await loadNetworkFile(ganPath, { networks: ["G_ema"] })).G_ema;
    if (weights === undefined) {
      weights = (await loadNetworkFile(ganPath, { networks: ["G"] })).G;
      if (weights === undefined) throw new UsageError(`"${ganPath}" holds no generator`);
      console.error(`"${ganPath}" has no G_ema; using G`);
    }
    const config = weights.config;
    const classIndex = str(values, "class") === undefined ? undefined : int(values, "class", 0);
    if (config.cDim > 0 && (classIndex === undefined || classIndex < 0 || classIndex >= config.cDim)) {
      throw new UsageError(`The generator is conditional: give --class from 0 to ${config.cDim - 1}`);
    }
    if (config.cDim === 0 && classIndex !== undefined)
      throw new UsageError("--class needs a conditional generator");
    const { z, n, label } = await latents(values, config.zDim);
    if (out !== undefined && config.imgChannels !== 3) {
      throw new UsageError(
        `A PNG grid needs 3 channels, the generator has ${config.imgChannels}; use --out-npy`,
      );
    }

    await initBackend(backend === undefined ? {} : { backend: backend as BackendName | "auto" });
    const g = new Generator(config);
    const res = config.resolution;
    const plane = config.imgChannels * res * res;
    const images = new Float32Array(n * plane);
    try {
      g.loadStateDict(weights.stateDict);
      weights.stateDict.clear(); // the network holds its own copy now
      for (let i = 0; i < n; i += batch) {
        const m = Math.min(batch, n - i);
        const chunk = tf.tidy(() => {
          const zt = tf.tensor2d(z.subarray(i * config.zDim, (i + m) * config.zDim), [m, config.zDim]);
          const c =
            classIndex === undefined
              ? null
              : (tf.oneHot(tf.fill([m], classIndex, "int32"), config.cDim, 1, 0, "float32") as typeof zt);
          const img = g.forward(zt, c, { psi, noiseMode });
          return tf.transpose(img, [0, 3, 1, 2]);
        });
        images.set((await chunk.data()) as Float32Array, i * plane);
        chunk.dispose();
      }
    } finally {
      g.dispose();
    }

    if (outNpy !== undefined) {
      await writeNpy(outNpy, { shape: [n, config.imgChannels, res, res], data: images });
      console.log(`Wrote ${outNpy}: float32 [${n}, ${config.imgChannels}, ${res}, ${res}] (${label})`);
    }
    if (out !== undefined) {
      const tiles = Array.from({ length: n }, (_, k) =>
        chwToImage(images, { width: res, height: res, offset: k * plane }),
      );
      await writeFile(out, await imageGrid(tiles));
      console.log(`Wrote ${out}: ${n} images of ${res}x${res} (${label}, psi ${psi}, noise ${noiseMode})`);
    }
    return 0;
  },
};

/** The commands of this file, for the CLI's list. */
export const GAN_COMMANDS: readonly Command[] = [ganInspect, ganImport, ganExport, generate];
