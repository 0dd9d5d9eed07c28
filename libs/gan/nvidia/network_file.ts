import { open } from "node:fs/promises";
import { basename } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import {
  type DiscriminatorConfig,
  discriminatorConfig,
  type GeneratorConfig,
  generatorConfig,
} from "../config.ts";
import { type NetworkKey, readNetworkPickle } from "../pickle/mod.ts";
import { readSafetensors, writeSafetensors } from "../safetensors.ts";
import type { StateDict } from "../state_dict.ts";
import { checkStateDict, type NetworkWeights, networksFromPickle, type SnapshotNetworks } from "./convert.ts";

/** `format` metadata of a network checkpoint written by {@link importPickle} (and {@link writeNetworkCheckpoint}). */
export const NETWORKS_FORMAT = "dermanomaly/stylegan2-ada-networks/1";
/** `format` metadata of a training checkpoint (`libs/gan/training`), which this module also reads. */
export const TRAINING_FORMAT = "dermanomaly/stylegan2-ada-training/1";

const KEYS: readonly NetworkKey[] = ["G", "D", "G_ema"];

/** What {@link loadNetworkFile} found. */
export interface LoadedNetworks extends SnapshotNetworks {
  /** The kind of file: an NVIDIA pickle, or a safetensors file with its `format` metadata. */
  kind: "pickle" | "checkpoint";
  /** The file's `format` metadata (checkpoints) or `"nvidia-pickle"`. */
  format: string;
}

/** Options of {@link loadNetworkFile}. */
export interface LoadNetworkFileOptions {
  /** Networks to load; the others' tensors are not read. @default ["G", "D", "G_ema"] */
  networks?: readonly NetworkKey[];
}

/**
 * Loads StyleGAN2 networks from an NVIDIA pickle (`.pkl`, recognised by its content) or from one of our safetensors
 * files: a network checkpoint ({@link NETWORKS_FORMAT}: tensors `G.<name>`, `D.<name>`, `G_ema.<name>` with NVIDIA
 * names; metadata `networks` = JSON `{G?, D?, G_ema?}` configs), an export of {@link exportNvidia} (same metadata;
 * a single network's tensors unprefixed) or a training checkpoint ({@link TRAINING_FORMAT}; its optimizer state is
 * not read). Every state dict is checked against its config.
 *
 * @throws {StatusError} NOT_FOUND for a missing file; INVALID_ARGUMENT / UNIMPLEMENTED / DATA_LOSS for files that
 * are not such networks, are truncated, or hold settings this port cannot run
 * @throws {RangeError} for an unknown network name in `networks`
 */
export async function loadNetworkFile(
  path: string,
  options: LoadNetworkFileOptions = {},
): Promise<LoadedNetworks> {
  const wanted = options.networks ?? KEYS;
  for (const key of wanted)
    if (!KEYS.includes(key)) throw new RangeError(`Unknown network "${key}": expected "G", "D" or "G_ema"`);
  const kind = await sniff(path);
  if (kind === "unknown") {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `"${basename(path)}" is neither an NVIDIA pickle nor a safetensors file (or it is truncated)`,
    );
  }
  if (kind === "pickle") {
    const pkl = await readNetworkPickle(path, { networks: wanted });
    return { kind: "pickle", format: "nvidia-pickle", ...networksFromPickle(pkl) };
  }
  const header = await readSafetensorsHeader(path);
  const { configs, format } = configsOf(header.metadata, path);
  const out: LoadedNetworks = { kind: "checkpoint", format };
  const present = KEYS.filter((k) => configs[k] !== undefined);
  const prefixed = header.names.some((n) => present.some((k) => n.startsWith(`${k}.`)));
  if (!prefixed && present.length !== 1) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `"${basename(path)}" describes ${present.length} networks but its tensors carry no "G." / "D." / "G_ema." prefix`,
    );
  }
  const take = present.filter((k) => wanted.includes(k));
  const names = header.names.filter((n) => !prefixed || take.some((k) => n.startsWith(`${k}.`)));
  if (take.length === 0) return out;
  const { stateDict } = await readSafetensors(path, { names });
  for (const key of take) {
    const sd: StateDict = new Map();
    if (prefixed) {
      for (const [n, t] of stateDict) if (n.startsWith(`${key}.`)) sd.set(n.slice(key.length + 1), t);
    } else for (const [n, t] of stateDict) sd.set(n, t);
    const config = configs[key]!;
    checkStateDict(config, sd, key);
    if (key === "D") out.D = { config: config as DiscriminatorConfig, stateDict: sd };
    else out[key] = { config: config as GeneratorConfig, stateDict: sd };
  }
  return out;
}

type Configs = Partial<Record<NetworkKey, GeneratorConfig | DiscriminatorConfig>>;

function configsOf(metadata: Record<string, string>, path: string): { configs: Configs; format: string } {
  const format = metadata["format"];
  const bad = (why: string, cause?: unknown) =>
    new StatusError(Code.INVALID_ARGUMENT, `"${basename(path)}" is not a network checkpoint: ${why}`, {
      cause,
    });
  let raw: Record<string, unknown>;
  try {
    if (format === TRAINING_FORMAT) {
      const c = JSON.parse(metadata["config"] ?? "") as { generator?: unknown; discriminator?: unknown };
      raw = { G: c.generator, D: c.discriminator, G_ema: c.generator };
    } else if (metadata["networks"] !== undefined) {
      raw = JSON.parse(metadata["networks"]) as Record<string, unknown>;
    } else {
      throw bad(`its metadata has no "networks" configs (format "${format ?? ""}")`);
    }
  } catch (err) {
    if (err instanceof StatusError) throw err;
    throw bad("its metadata is not valid JSON", err);
  }
  const configs: Configs = {};
  for (const key of KEYS) {
    const c = raw[key];
    if (c === undefined || c === null) continue;
    try {
      configs[key] =
        key === "D"
          ? discriminatorConfig(c as Partial<DiscriminatorConfig>)
          : generatorConfig(c as Partial<GeneratorConfig>);
    } catch (err) {
      throw bad(`its ${key} config is not valid (${(err as Error).message})`, err);
    }
  }
  return { configs, format: format ?? "" };
}

/**
 * Tells safetensors (a little-endian u64 header length that fits the file, then `{`) from a pickle (PROTO 0x80 and a
 * protocol 2 to 5, as NVIDIA's code writes). A pickle's first bytes never form such a length, so safetensors is
 * checked first.
 */
async function sniff(path: string): Promise<"safetensors" | "pickle" | "unknown"> {
  let fh: import("node:fs/promises").FileHandle;
  try {
    fh = await open(path, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new StatusError(Code.NOT_FOUND, `Network file "${path}" does not exist`);
    throw err;
  }
  try {
    const size = (await fh.stat()).size;
    const b = new Uint8Array(9);
    const { bytesRead } = await fh.read(b, 0, 9, 0);
    if (bytesRead >= 9) {
      const n = new DataView(b.buffer).getBigUint64(0, true);
      if (n >= 2n && n <= BigInt(size - 8) && b[8] === 0x7b) return "safetensors";
    }
    return bytesRead >= 2 && b[0] === 0x80 && b[1]! >= 2 && b[1]! <= 5 ? "pickle" : "unknown";
  } finally {
    await fh.close();
  }
}

/** The tensor names and metadata of a safetensors file, from its header alone. */
async function readSafetensorsHeader(
  path: string,
): Promise<{ names: string[]; metadata: Record<string, string> }> {
  const fh = await open(path, "r");
  try {
    const size = (await fh.stat()).size;
    const prefix = new Uint8Array(8);
    await fh.read(prefix, 0, 8, 0);
    const n = new DataView(prefix.buffer).getBigUint64(0, true);
    if (n > BigInt(Math.min(100_000_000, size - 8))) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `"${basename(path)}" is neither an NVIDIA pickle nor a safetensors file (or it is truncated)`,
      );
    }
    const bytes = new Uint8Array(Number(n));
    await fh.read(bytes, 0, bytes.byteLength, 8);
    let header: Record<string, unknown>;
    try {
      header = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    } catch (err) {
      throw new StatusError(Code.DATA_LOSS, `Safetensors header of "${basename(path)}" is not valid JSON`, {
        cause: err,
      });
    }
    const metadata = (header["__metadata__"] ?? {}) as Record<string, string>;
    return { names: Object.keys(header).filter((k) => k !== "__metadata__"), metadata };
  } finally {
    await fh.close();
  }
}

/**
 * The generator to draw images with: G_ema when the networks hold it (NVIDIA's choice for sampling), else G.
 * Training is the exception: it continues G itself, and only samples G_ema.
 */
export function pickGenerator(nets: SnapshotNetworks): NetworkWeights<GeneratorConfig> | undefined {
  return nets.G_ema ?? nets.G;
}

/**
 * Loads the generator of a network file ({@link pickGenerator}'s choice), reading only its tensors: G_ema first,
 * G only when there is no G_ema.
 *
 * @throws {StatusError} INVALID_ARGUMENT when the file holds no generator; otherwise as {@link loadNetworkFile}
 */
export async function loadGenerator(path: string): Promise<NetworkWeights<GeneratorConfig>> {
  let nets: SnapshotNetworks = await loadNetworkFile(path, { networks: ["G_ema"] });
  if (nets.G_ema === undefined) nets = await loadNetworkFile(path, { networks: ["G"] });
  const G = pickGenerator(nets);
  if (G === undefined)
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `"${basename(path)}" holds no generator (neither G_ema nor G)`,
    );
  return G;
}

/** Options of {@link writeNetworkCheckpoint}. */
export interface WriteNetworkCheckpointOptions {
  /** Extra `__metadata__` entries (e.g. where the weights came from). @default {} */
  metadata?: Record<string, string>;
}

/**
 * Writes networks as one safetensors network checkpoint ({@link NETWORKS_FORMAT}): tensors prefixed `G.`, `D.`,
 * `G_ema.` (the prefixes of training checkpoints), metadata `format` and `networks` (JSON configs).
 */
export async function writeNetworkCheckpoint(
  path: string,
  networks: SnapshotNetworks,
  options: WriteNetworkCheckpointOptions = {},
): Promise<void> {
  const tensors: StateDict = new Map();
  const configs: Configs = {};
  for (const key of KEYS) {
    const net = networks[key];
    if (net === undefined) continue;
    configs[key] = net.config;
    for (const [n, t] of net.stateDict) tensors.set(`${key}.${n}`, t);
  }
  if (Object.keys(configs).length === 0) throw new RangeError("No network to write");
  await writeSafetensors(path, tensors, {
    metadata: { ...options.metadata, format: NETWORKS_FORMAT, networks: JSON.stringify(configs) },
  });
}

/** What {@link importPickle} wrote. */
export interface ImportSummary {
  /** Networks written, in file order. */
  networks: NetworkKey[];
  /** Number of tensors written. */
  tensors: number;
  /** Which code base wrote the pickle. */
  source: string;
}

/**
 * Converts an NVIDIA snapshot pickle (G, D and G_ema, whichever it holds) into a network checkpoint
 * ({@link writeNetworkCheckpoint}). The pickle is read once; tensors are written one at a time.
 */
export async function importPickle(pklPath: string, outPath: string): Promise<ImportSummary> {
  const pkl = await readNetworkPickle(pklPath);
  const nets = networksFromPickle(pkl);
  const networks = KEYS.filter((k) => nets[k] !== undefined);
  if (networks.length === 0) {
    throw new StatusError(Code.INVALID_ARGUMENT, `"${basename(pklPath)}" holds no G, D or G_ema network`);
  }
  await writeNetworkCheckpoint(outPath, nets, {
    metadata: { source: `${pkl.source} pickle ${basename(pklPath)}` },
  });
  let tensors = 0;
  for (const k of networks) tensors += nets[k]!.stateDict.size;
  return { networks, tensors, source: pkl.source };
}
