import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { pipeline } from "node:stream/promises";
import { Code, StatusError } from "@dermanomaly/contracts";
import type { NetworkKey } from "../pickle/mod.ts";
import { readSafetensors, writeSafetensors } from "../safetensors.ts";
import type { StateDict } from "../state_dict.ts";
import { nvidiaInitKwargs } from "./convert.ts";
import { loadNetworkFile, NETWORKS_FORMAT, TRAINING_FORMAT } from "./network_file.ts";

/** Options of {@link exportNvidia}. */
export interface ExportNvidiaOptions {
  /**
   * Which network to export. One network is written with NVIDIA's exact names (`mapping.fc0.weight`, ...), ready for
   * `G.load_state_dict(sd, strict=True)`; `"all"` writes every network of the source prefixed `G.`, `D.`, `G_ema.`
   * (split on the first dot to load each).
   * @default "G_ema"
   */
  network?: NetworkKey | "all";
}

/** What {@link exportNvidia} wrote. */
export interface ExportSummary {
  networks: NetworkKey[];
  tensors: number;
}

/**
 * Writes a safetensors state dict in NVIDIA's parameter names and PyTorch layout, float32, from a checkpoint or
 * pickle ({@link loadNetworkFile}). The metadata also carries `networks` (our configs, so the file loads back here)
 * and `init_kwargs` (JSON, per network: the kwargs of NVlabs/stylegan3's `networks_stylegan2.Generator` /
 * `Discriminator` that build a module accepting the weights) and `source` (JSON: the source file's name and sha256 and,
 * for a training checkpoint, its training config and images shown), so an exported file says where it came from.
 *
 * @example
 * ```ts
 * await exportNvidia("run/network-final.safetensors", "G_ema.safetensors");
 * // Python: G = Generator(**json.loads(meta["init_kwargs"])["G_ema"]); G.load_state_dict(load_file(...), strict=True)
 * ```
 */
export async function exportNvidia(
  ckptPath: string,
  outPath: string,
  options: ExportNvidiaOptions = {},
): Promise<ExportSummary> {
  const which = options.network ?? "G_ema";
  if (!["G", "D", "G_ema", "all"].includes(which))
    throw new RangeError(`network must be "G_ema", "G", "D" or "all", got "${which}"`);
  const keys: NetworkKey[] = which === "all" ? ["G", "D", "G_ema"] : [which];
  const nets = await loadNetworkFile(ckptPath, { networks: keys });
  const present = keys.filter((k) => nets[k] !== undefined);
  if (present.length === 0 || (which !== "all" && present.length !== 1)) {
    throw new StatusError(Code.NOT_FOUND, `"${ckptPath}" holds no ${which === "all" ? "network" : which}`);
  }
  const tensors: StateDict = new Map();
  const configs: Record<string, unknown> = {};
  const kwargs: Record<string, unknown> = {};
  for (const key of present) {
    const net = nets[key]!;
    configs[key] = net.config;
    kwargs[key] = nvidiaInitKwargs(net.config);
    for (const [n, t] of net.stateDict) tensors.set(which === "all" ? `${key}.${n}` : n, t);
  }
  await writeSafetensors(outPath, tensors, {
    metadata: {
      format: NETWORKS_FORMAT,
      layout: which === "all" ? "nvidia-prefixed" : "nvidia",
      networks: JSON.stringify(configs),
      init_kwargs: JSON.stringify(kwargs),
      source: JSON.stringify(await sourceRecord(ckptPath)),
    },
  });
  return { networks: present, tensors: tensors.size };
}

/** The lineage of an exported file: which file it came from and, for a training checkpoint, how it was trained. */
async function sourceRecord(path: string): Promise<Record<string, unknown>> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  const record: Record<string, unknown> = { file: basename(path), sha256: hash.digest("hex") };
  if (!path.endsWith(".safetensors")) return record;
  const { metadata } = await readSafetensors(path, { names: [] });
  if (metadata["format"] !== TRAINING_FORMAT) return record;
  const state = JSON.parse(metadata["state"] ?? "{}") as { counters?: { curNimg?: number } };
  return {
    ...record,
    training: JSON.parse(metadata["config"] ?? "null"),
    kimg: (state.counters?.curNimg ?? 0) / 1000,
  };
}
