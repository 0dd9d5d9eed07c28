import { Code, StatusError } from "@dermanomaly/contracts";
import type { NetworkKey } from "../pickle/mod.ts";
import { writeSafetensors } from "../safetensors.ts";
import type { StateDict } from "../state_dict.ts";
import { nvidiaInitKwargs } from "./convert.ts";
import { loadNetworkFile, NETWORKS_FORMAT } from "./network_file.ts";

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
 * `Discriminator` that build a module accepting the weights).
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
    },
  });
  return { networks: present, tensors: tensors.size };
}
