import { open, readFile } from "node:fs/promises";
import { basename } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import type { StateDict } from "@dermanomaly/gan";
import { readSafetensors, writeSafetensors } from "@dermanomaly/gan/safetensors";
import { parseTorchFile } from "./_torch_file.ts";
import { type EncoderConfig, encoderConfig } from "./config.ts";
import { describeEncoder, type EncoderTensorSpec } from "./describe.ts";
import { type EncoderLineage, parseLineage } from "./lineage.ts";

/**
 * `format` metadata of an encoder weights file ({@link writeEncoderFile}): safetensors whose tensors are the
 * encoder's state_dict under its PyTorch names (see `config.ts`), float32, PyTorch layout; metadata `config` holds the
 * {@link EncoderConfig} as JSON, and any other entries the writer adds (e.g. `lineage`). PyTorch loads the tensors with
 * `safetensors.torch.load_file` + `load_state_dict`.
 */
export const ENCODER_WEIGHTS_FORMAT = "dermanomaly/izif-encoder/1";

/** `format` metadata of an encoder training checkpoint (`checkpoint.ts`), whose weights this module also reads. */
export const ENCODER_CHECKPOINT_FORMAT = "dermanomaly/izif-encoder-training/1";

/** An encoder's architecture and weights (state_dict names, PyTorch layout). */
export interface EncoderWeights {
  config: EncoderConfig;
  stateDict: StateDict;
}

/** What {@link loadEncoderFile} found. */
export interface LoadedEncoder extends EncoderWeights {
  /** A safetensors file (ours, or another with the same tensors) or a `torch.save` file. */
  kind: "safetensors" | "pth";
  /** The file's `format` metadata; `"torch"` for `.pth`, `""` for safetensors without one. */
  format: string;
  /** The safetensors metadata (`config`, `lineage`, ...); empty for `.pth`. */
  metadata: Record<string, string>;
  /** Whether the file's tensor names differed from the canonical ones (then mapped by layer order and shape). */
  renamed: boolean;
  /** How the encoder was trained, from the `lineage` metadata; null for files without (foreign files, `.pth`). */
  lineage: EncoderLineage | null;
}

/** Options of {@link importStateDict}. */
export interface ImportStateDictOptions {
  /** BatchNorm settings the tensors do not carry. @default { momentum: 0.1, eps: 1e-5 } */
  batchNorm?: { momentum: number; eps: number };
}

const SUFFIXES: Record<string, string> = {
  "conv.weight": "weight",
  "conv.bias": "bias",
  "bn.weight": "weight",
  "bn.bias": "bias",
  "bn.running_mean": "running_mean",
  "bn.running_var": "running_var",
  "bn.num_batches_tracked": "num_batches_tracked",
  "linear.weight": "weight",
  "linear.bias": "bias",
};
const KNOWN_SUFFIXES = new Set(Object.values(SUFFIXES));

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

/**
 * Recognises the encoder architecture in a state dict of any names (the original's module, ours, a module that
 * wraps the same layers under other names) from its tensors' order and shapes: blocks of a 4x4 conv weight, an
 * optional conv bias and a BatchNorm2d (weight, bias, running mean and variance, optionally num_batches_tracked),
 * then a Linear weight and bias. Returns the config and the state dict under the canonical names (a missing
 * num_batches_tracked becomes 0). Names that end in a PyTorch tensor name must agree with the role found.
 *
 * @throws {StatusError} INVALID_ARGUMENT naming the first tensor that does not fit the architecture
 */
export function importStateDict(
  sd: StateDict,
  options: ImportStateDictOptions = {},
): EncoderWeights & { renamed: boolean } {
  const entries = [...sd];
  const describe = (i: number) => {
    const e = entries[i];
    return e === undefined
      ? "the end of the tensors"
      : `tensor "${e[0]}" of shape [${e[1].shape.join(", ")}]`;
  };
  const blocks: { cin: number; cout: number; bias: boolean; tracked: boolean }[] = [];
  let i = 0;
  while (entries[i]?.[1].shape.length === 4) {
    const [cout, cin, kh, kw] = entries[i]![1].shape as [number, number, number, number];
    if (kh !== 4 || kw !== 4) throw invalid(`Expected a 4x4 conv weight, got ${describe(i)}`);
    i++;
    let vectors = 0;
    while (entries[i]?.[1].shape.length === 1 && entries[i]![1].shape[0] === cout) {
      vectors++;
      i++;
    }
    if (vectors !== 4 && vectors !== 5) {
      throw invalid(
        `Block ${blocks.length + 1} has ${vectors} vectors of length ${cout} after its conv weight; expected 4 ` +
          `(BatchNorm2d) or 5 (conv bias and BatchNorm2d), then ${describe(i)}`,
      );
    }
    const tracked =
      entries[i] !== undefined && entries[i]![1].data.length === 1 && entries[i]![1].shape.length <= 1;
    if (tracked) i++;
    blocks.push({ cin, cout, bias: vectors === 5, tracked });
  }
  if (blocks.length === 0) throw invalid(`Expected the first conv weight of an encoder, got ${describe(0)}`);
  const last = blocks[blocks.length - 1]!;
  const lw = entries[i]?.[1].shape;
  if (lw?.length !== 2 || lw[1] !== 16 * last.cout)
    throw invalid(
      `Expected the Linear weight [z, ${16 * last.cout}] after the last block, got ${describe(i)}`,
    );
  const zDim = lw[0]!;
  i++;
  if (entries[i]?.[1].shape.length !== 1 || entries[i]![1].shape[0] !== zDim)
    throw invalid(`Expected the Linear bias [${zDim}], got ${describe(i)}`);
  i++;
  if (i !== entries.length) throw invalid(`Unexpected ${describe(i)} after the Linear layer`);
  if (blocks.some((b) => b.bias !== blocks[0]!.bias) || blocks.some((b) => b.tracked !== blocks[0]!.tracked))
    throw invalid("Blocks differ in whether they have a conv bias or num_batches_tracked");
  blocks.forEach((b, k) => {
    if (k > 0 && b.cin !== blocks[k - 1]!.cout)
      throw invalid(`Block ${k + 1} takes ${b.cin} channels but block ${k} gives ${blocks[k - 1]!.cout}`);
  });
  const widths = blocks.map((b) => b.cout);
  const base = widths[0]!;
  const max = widths[widths.length - 1]!;
  if (widths.some((w, k) => w !== Math.min(base * 2 ** k, max))) {
    throw invalid(`Block widths [${widths.join(", ")}] do not double from ${base} up to a maximum`);
  }
  const bn = options.batchNorm ?? { momentum: 0.1, eps: 1e-5 };
  const config = encoderConfig({
    resolution: 4 * 2 ** blocks.length,
    imgChannels: blocks[0]!.cin,
    zDim,
    channelBase: base,
    channelMax: max,
    convBias: blocks[0]!.bias,
    batchNormMomentum: bn.momentum,
    batchNormEps: bn.eps,
  });
  const specs = describeEncoder(config);
  const stateDict: StateDict = new Map();
  let renamed = false;
  let k = 0;
  for (const spec of specs) {
    if (spec.role === "bn.num_batches_tracked" && !blocks[0]!.tracked) {
      stateDict.set(spec.name, { shape: [], data: new Float32Array(1) });
      continue;
    }
    const [name, t] = entries[k++]!;
    checkSuffix(name, spec);
    if (name !== spec.name) renamed = true;
    stateDict.set(spec.name, { shape: [...spec.shape], data: t.data });
  }
  return { config, stateDict, renamed };
}

function checkSuffix(name: string, spec: EncoderTensorSpec): void {
  const suffix = name.slice(name.lastIndexOf(".") + 1);
  if (KNOWN_SUFFIXES.has(suffix) && suffix !== SUFFIXES[spec.role]) {
    throw invalid(
      `Tensor "${name}" sits where the encoder has its ${spec.role.replace(".", " ")} ("${spec.name}")`,
    );
  }
}

/** Checks a state dict against a config: the canonical names, shapes and sizes, nothing more or less. */
export function checkEncoderStateDict(config: EncoderConfig, sd: StateDict): void {
  const specs = describeEncoder(config);
  for (const spec of specs) {
    const t = sd.get(spec.name);
    if (t === undefined) throw invalid(`Encoder weights lack tensor "${spec.name}"`);
    if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i]))
      throw invalid(
        `Tensor "${spec.name}" has shape [${t.shape.join(", ")}] but the config needs [${spec.shape.join(", ")}]`,
      );
    if (t.data.length !== spec.count)
      throw invalid(`Tensor "${spec.name}" holds ${t.data.length} values but its shape needs ${spec.count}`);
  }
  if (sd.size !== specs.length) {
    const extra = [...sd.keys()].filter((k) => !specs.some((s) => s.name === k));
    throw invalid(`Encoder weights have unexpected tensors "${extra.slice(0, 5).join('", "')}"`);
  }
}

/** Options of {@link writeEncoderFile}. */
export interface WriteEncoderFileOptions {
  /** How the encoder was trained (stored as the `lineage` entry). @default none */
  lineage?: EncoderLineage;
  /** More metadata entries (strings); `format`, `config` and `lineage` are set by the writer. @default {} */
  metadata?: Record<string, string>;
}

/** Writes encoder weights as a safetensors file of {@link ENCODER_WEIGHTS_FORMAT} (atomically replaced). */
export async function writeEncoderFile(
  path: string,
  weights: EncoderWeights,
  options: WriteEncoderFileOptions = {},
): Promise<void> {
  const config = encoderConfig(weights.config);
  checkEncoderStateDict(config, weights.stateDict);
  const ordered: StateDict = new Map(
    describeEncoder(config).map((s) => [s.name, weights.stateDict.get(s.name)!]),
  );
  await writeSafetensors(path, ordered, {
    metadata: {
      ...options.metadata,
      format: ENCODER_WEIGHTS_FORMAT,
      config: JSON.stringify(config),
      ...(options.lineage !== undefined && { lineage: JSON.stringify(options.lineage) }),
    },
  });
}

/**
 * Loads encoder weights from a safetensors file (an encoder weights file, a training checkpoint, or any safetensors
 * of an encoder's tensors) or a `torch.save` file (`.pth`: the original's `encoded_<n>.pth`, a saved state_dict or a
 * whole saved module, under any names), recognised by content. Foreign files get their config from their tensors'
 * order and shapes ({@link importStateDict}).
 *
 * @throws {StatusError} NOT_FOUND for a missing file; INVALID_ARGUMENT for a file that is not an encoder (a GAN
 * checkpoint, say) or does not fit the architecture; DATA_LOSS for a truncated file
 */
export async function loadEncoderFile(path: string): Promise<LoadedEncoder> {
  const name = basename(path);
  const head = new Uint8Array(16);
  try {
    const fh = await open(path, "r");
    try {
      await fh.read(head, 0, 16, 0);
    } finally {
      await fh.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      throw new StatusError(Code.NOT_FOUND, `Encoder file "${path}" does not exist`);
    throw err;
  }
  if (head[0] === 0x50 && head[1] === 0x4b) {
    const content = parseTorchFile(await readFile(path));
    const bn = content.modules.find((m) => m.className.endsWith("BatchNorm2d"))?.attributes;
    const batchNorm =
      typeof bn?.["momentum"] === "number" && typeof bn["eps"] === "number"
        ? { momentum: bn["momentum"], eps: bn["eps"] }
        : undefined;
    const imported = importStateDict(content.stateDict, batchNorm === undefined ? {} : { batchNorm });
    return { kind: "pth", format: "torch", metadata: {}, lineage: null, ...imported };
  }
  // A safetensors file: an 8-byte header length, then the JSON header.
  if (head[8] !== 0x7b /* { */) {
    // A legacy torch.save file opens with pickle PROTO 2 and torch's magic number as a LONG1.
    if (head[0] === 0x80 && head[1] === 0x02 && head[2] === 0x8a) parseTorchFile(head); // throws its message
    throw invalid(`"${name}" is neither a safetensors file nor a torch.save file`);
  }
  const { metadata } = await readSafetensors(path, { names: [] });
  const format = metadata["format"] ?? "";
  if (format === ENCODER_WEIGHTS_FORMAT || format === ENCODER_CHECKPOINT_FORMAT) {
    let config: EncoderConfig;
    try {
      config = encoderConfig(JSON.parse(metadata["config"] ?? "") as Partial<EncoderConfig>);
    } catch (err) {
      throw new StatusError(Code.DATA_LOSS, `"${name}" has no valid encoder config in its metadata`, {
        cause: err,
      });
    }
    const prefix = format === ENCODER_CHECKPOINT_FORMAT ? "E." : "";
    const names = describeEncoder(config).map((s) => prefix + s.name);
    const read = await readSafetensors(path, { names });
    const stateDict: StateDict = new Map([...read.stateDict].map(([k, t]) => [k.slice(prefix.length), t]));
    checkEncoderStateDict(config, stateDict);
    const lineage = parseLineage(metadata["lineage"]);
    return { kind: "safetensors", format, metadata, config, stateDict, renamed: false, lineage };
  }
  if (format.startsWith("dermanomaly/stylegan2"))
    throw invalid(`"${name}" is a StyleGAN2 network file ("${format}"), not an encoder`);
  const { stateDict } = await readSafetensors(path);
  return { kind: "safetensors", format, metadata, lineage: null, ...importStateDict(stateDict) };
}
