import type { DiscriminatorConfig, GeneratorConfig } from "./config.ts";
import { describeParameters } from "./describe.ts";
import { type StateDict, shapeSize } from "./state_dict.ts";

/** One tensor of a network as reported by {@link inspect}. */
export interface InspectRow {
  /** NVIDIA state_dict name. */
  name: string;
  /** PyTorch shape. */
  shape: number[];
  /** Number of elements. */
  count: number;
  /** False for buffers (`w_avg`, `noise_const`, `resample_filter`). */
  trainable: boolean;
}

/** What {@link inspect} reports: the tensors in state_dict order and their totals. */
export interface InspectReport {
  /** Which network the tensors belong to; from the config, or guessed from the names of a state dict. */
  network: "generator" | "discriminator" | "unknown";
  rows: InspectRow[];
  totals: {
    /** Trainable elements. */
    parameters: number;
    /** Buffer elements. */
    buffers: number;
    /** Number of tensors. */
    tensors: number;
  };
}

// NVIDIA's StyleGAN2 networks register exactly these buffers.
const BUFFER_SUFFIXES = [".w_avg", ".noise_const", ".resample_filter"];

/** Whether a state_dict name is one of NVIDIA's StyleGAN2 buffers rather than a trainable parameter. */
export function isBufferName(name: string): boolean {
  return BUFFER_SUFFIXES.some((s) => name.endsWith(s));
}

function isConfig(
  x: GeneratorConfig | DiscriminatorConfig | StateDict,
): x is GeneratorConfig | DiscriminatorConfig {
  return !(x instanceof Map);
}

/**
 * Lists the tensors of a network, either described from its config (nothing is allocated) or read from a state dict.
 *
 * @example
 * ```ts
 * const report = inspect(generatorConfig({ resolution: 256 }));
 * report.totals.parameters; // 23191522
 * ```
 */
export function inspect(source: GeneratorConfig | DiscriminatorConfig | StateDict): InspectReport {
  let rows: InspectRow[];
  let network: InspectReport["network"];
  if (isConfig(source)) {
    network = source.network;
    rows = describeParameters(source).map((s) => ({
      name: s.name,
      shape: [...s.shape],
      count: s.count,
      trainable: s.trainable,
    }));
  } else {
    rows = [...source].map(([name, t]) => ({
      name,
      shape: [...t.shape],
      count: shapeSize(t.shape),
      trainable: !isBufferName(name),
    }));
    const names = new Set(source.keys());
    network = [...names].some((n) => n.startsWith("synthesis."))
      ? "generator"
      : names.has("b4.out.weight")
        ? "discriminator"
        : "unknown";
  }
  const totals = { parameters: 0, buffers: 0, tensors: rows.length };
  for (const r of rows) {
    if (r.trainable) totals.parameters += r.count;
    else totals.buffers += r.count;
  }
  return { network, rows, totals };
}
