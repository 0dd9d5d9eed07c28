import { readFile, writeFile } from "node:fs/promises";
import type {
  GenerateRequest,
  GenerateResponse__Output,
  InspectRequest,
  InspectResponse__Output,
  NoiseMode,
  ServiceClients,
} from "@dermanomaly/contracts";
import { type Command, UsageError } from "../cli.ts";
import { location, optionalInt } from "./_args.ts";
import { withClient } from "./_job.ts";

type Values = Parameters<Command["run"]>[0];

function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === "string" ? v : undefined;
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`Expected one ${what}, got ${positionals.length}`);
  return positionals[0]!;
}

/**
 * Calls the gan-trainer (a deployed one, or a local stack started for the call). Its answer is the result (in the
 * reply, or written by `call` to the user's paths): a local stack's store is not kept for it.
 */
function callGanTrainer<Res>(call: (client: ServiceClients["gan-trainer"]) => Promise<Res>) {
  return withClient("gan-trainer", call, { results: "delivered" });
}

function printNetworks(res: InspectResponse__Output): void {
  for (const net of res.networks) {
    const kind = JSON.parse(net.configJson || "{}").network ?? "network";
    console.log(`${net.name} (${kind}${net.numWs > 0 ? `, num_ws ${net.numWs}` : ""})`);
    const rows = res.parameters.filter((p) => p.name.startsWith(`${net.name}.`));
    const width = Math.max(0, ...rows.map((r) => r.name.length - net.name.length - 1));
    for (const row of rows) {
      const shape = `[${row.shape.join(", ")}]`;
      const count = Number(row.count).toLocaleString("en-US");
      const name = row.name.slice(net.name.length + 1);
      console.log(
        `  ${name.padEnd(width)}  ${shape.padEnd(18)} ${count.padStart(12)}${row.trainable ? "" : "  (buffer)"}`,
      );
    }
    const params = Number(net.parameters).toLocaleString("en-US");
    const buffers = Number(net.buffers).toLocaleString("en-US");
    console.log(`  ${net.tensors} tensors, ${params} trainable parameters, ${buffers} buffer values\n`);
  }
}

/** The `Inspect` request `gan inspect` options describe. */
export function inspectRequest(values: Values, positionals: string[]): InspectRequest {
  const settings = {
    resolution: optionalInt(values, "resolution") ?? 0,
    cbase: optionalInt(values, "cbase") ?? 0,
    cmax: optionalInt(values, "cmax") ?? 0,
    mapDepth: optionalInt(values, "map-depth") ?? 0,
  };
  if (positionals.length === 0) return { ...settings, listParameters: true };
  if (Object.values(settings).some((v) => v !== 0))
    throw new UsageError(
      "--resolution, --cbase, --cmax and --map-depth describe a network; they cannot go with a file",
    );
  return { checkpoint: location(one(positionals, "network file")), listParameters: true };
}

/** `gan inspect`: parameter names, shapes and counts of a network file, or of the networks settings describe. */
export const ganInspect: Command = {
  path: ["gan", "inspect"],
  summary: "List parameter names, shapes and counts of G and D (of a checkpoint or pickle, or from settings)",
  usage: "[CKPT|FILE.pkl|key:KEY] [--resolution R --cbase C --cmax M --map-depth D] [--json]",
  options: {
    resolution: { type: "string" },
    cbase: { type: "string" },
    cmax: { type: "string" },
    "map-depth": { type: "string" },
    json: { type: "boolean", default: false },
  },
  async run(values, positionals) {
    const request = inspectRequest(values, positionals);
    const res = await callGanTrainer(
      (client) =>
        new Promise<InspectResponse__Output>((ok, fail) =>
          client.Inspect(request, (err, r) => (err ? fail(err) : ok(r as InspectResponse__Output))),
        ),
    );
    if (values["json"] === true) console.log(JSON.stringify(res, null, 2));
    else printNetworks(res);
    return 0;
  },
};

function outPath(values: Values): string {
  const out = str(values, "out");
  if (out === undefined) throw new UsageError("--out is required");
  return out;
}

/** `gan import`: an NVIDIA pickle to a safetensors network checkpoint (runs here: a file conversion). */
export const ganImport: Command = {
  path: ["gan", "import"],
  summary: "Convert an NVIDIA StyleGAN2-ADA pickle (G, D, G_ema) into a safetensors network checkpoint",
  usage: "FILE.pkl --out CKPT.safetensors",
  options: { out: { type: "string" } },
  async run(values, positionals) {
    const pkl = one(positionals, "pickle");
    const out = outPath(values);
    // Loaded here only: the other commands start without TF.js.
    const { importPickle } = await import("@dermanomaly/gan/nvidia");
    const s = await importPickle(pkl, out);
    console.log(`Wrote ${out}: ${s.networks.join(", ")} (${s.tensors} tensors) from a ${s.source} pickle`);
    return 0;
  },
};

const EXPORT_NETWORKS = ["G_ema", "G", "D", "all"] as const;

/** `gan export`: a checkpoint (or pickle) to a state_dict with NVIDIA's parameter names (runs here). */
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
    const { exportNvidia } = await import("@dermanomaly/gan/nvidia");
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

const NOISE_MODES: Record<string, NoiseMode> = {
  const: "NOISE_MODE_CONST",
  random: "NOISE_MODE_RANDOM",
  none: "NOISE_MODE_NONE",
};

/**
 * The `Generate` request `generate` options describe: the images come back in the response (`inline`), so the
 * command works against deployed services whose store it cannot read.
 *
 * @throws {UsageError} for a malformed option
 */
export async function generateRequest(values: Values): Promise<GenerateRequest> {
  const gan = str(values, "gan");
  if (gan === undefined) throw new UsageError("--gan is required");
  if (str(values, "out") === undefined && str(values, "out-npy") === undefined)
    throw new UsageError("Give --out and/or --out-npy");
  const seeds = str(values, "seeds");
  const z = str(values, "z");
  if ((seeds === undefined) === (z === undefined)) throw new UsageError("Give either --seeds or --z");
  const psi = Number(str(values, "trunc") ?? "1");
  if (!Number.isFinite(psi)) throw new UsageError(`--trunc must be a number, got "${str(values, "trunc")}"`);
  const noise = str(values, "noise-mode") ?? "const";
  const noiseMode = NOISE_MODES[noise];
  if (noiseMode === undefined)
    throw new UsageError(
      `--noise-mode must be one of ${Object.keys(NOISE_MODES).join(", ")}, got "${noise}"`,
    );
  const batch = optionalInt(values, "batch") ?? 0;
  const classIdx = optionalInt(values, "class");
  return {
    checkpoint: location(gan),
    ...(seeds !== undefined ? { seeds: parseSeeds(seeds) } : { zNpy: await readFile(z!) }),
    truncationPsi: psi,
    noiseMode,
    ...(classIdx !== undefined && { classIdx }),
    batch,
    saveNpy: str(values, "out-npy") !== undefined,
    inline: true,
  };
}

/** `generate`: images from a generator for numpy-seeded or given latents, drawn by the gan-trainer service. */
export const generate: Command = {
  path: ["generate"],
  summary: "Render images from G_ema of a checkpoint or pickle (seeds give NVIDIA gen_images.py's z)",
  usage:
    "--gan CKPT|FILE.pkl|key:KEY (--seeds 0-7 | --z latents.npy) [--out grid.png] [--out-npy images.npy] " +
    "[--trunc 1] [--noise-mode const|random|none] [--class C] [--batch 8]",
  options: {
    gan: { type: "string" },
    seeds: { type: "string" },
    z: { type: "string" },
    out: { type: "string" },
    "out-npy": { type: "string" },
    trunc: { type: "string", default: "1" },
    "noise-mode": { type: "string", default: "const" },
    class: { type: "string" },
    batch: { type: "string" },
  },
  async run(values) {
    const request = await generateRequest(values);
    // The files are written while the call's stack still holds its copy: a path that cannot be written fails the
    // command, which keeps that copy.
    await callGanTrainer(async (client) => {
      const res = await new Promise<GenerateResponse__Output>((ok, fail) =>
        client.Generate(request, (err, r) => (err ? fail(err) : ok(r as GenerateResponse__Output))),
      );
      const n = request.seeds?.length ?? 0;
      const what = n > 0 ? `seeds ${str(values, "seeds")}` : str(values, "z");
      const side = res.resolution;
      const outNpy = str(values, "out-npy");
      if (outNpy !== undefined) {
        await writeFile(outNpy, res.npyBytes);
        console.log(`Wrote ${outNpy}: float32 NCHW images of ${side}x${side} (${what})`);
      }
      const out = str(values, "out");
      if (out !== undefined) {
        await writeFile(out, res.gridPng);
        console.log(
          `Wrote ${out}: a ${res.gridColumns}x${res.gridRows} grid of ${side}x${side} images (${what}, ` +
            `psi ${request.truncationPsi}, noise ${str(values, "noise-mode") ?? "const"})`,
        );
      }
    });
    return 0;
  },
};

/** The commands of this file, for the CLI's list. */
export const GAN_COMMANDS: readonly Command[] = [ganInspect, ganImport, ganExport, generate];
