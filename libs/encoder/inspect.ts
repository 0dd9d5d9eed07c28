import type { StateDict } from "@dermanomaly/gan";
import type { EncoderConfig } from "./config.ts";
import { describeEncoder } from "./describe.ts";

/** One tensor of an encoder as reported by {@link inspectEncoder}. */
export interface EncoderInspectRow {
  /** State_dict name. */
  name: string;
  /** PyTorch shape. */
  shape: number[];
  /** Number of elements. */
  count: number;
  /** False for the BatchNorm buffers (running statistics, num_batches_tracked). */
  trainable: boolean;
}

/** What {@link inspectEncoder} reports: the tensors in state_dict order and their totals. */
export interface EncoderInspectReport {
  rows: EncoderInspectRow[];
  totals: {
    /** Trainable elements. */
    parameters: number;
    /** Buffer elements. */
    buffers: number;
    /** Number of tensors. */
    tensors: number;
    /** Bytes of every tensor as float32 (the size of a weights file, less its header). */
    bytes: number;
  };
}

const BUFFERS = [".running_mean", ".running_var", ".num_batches_tracked"];

/**
 * Lists the tensors of an encoder, described from its config (nothing is allocated) or read from a state dict.
 *
 * @example
 * ```ts
 * inspectEncoder(presetConfig("paper", { resolution: 256 })).totals.parameters; // 212367488
 * ```
 */
export function inspectEncoder(source: EncoderConfig | StateDict): EncoderInspectReport {
  const rows: EncoderInspectRow[] =
    source instanceof Map
      ? [...source].map(([name, t]) => ({
          name,
          shape: [...t.shape],
          count: t.shape.reduce((a, b) => a * b, 1),
          trainable: !BUFFERS.some((b) => name.endsWith(b)),
        }))
      : describeEncoder(source).map((s) => ({
          name: s.name,
          shape: [...s.shape],
          count: s.count,
          trainable: s.trainable,
        }));
  const totals = { parameters: 0, buffers: 0, tensors: rows.length, bytes: 0 };
  for (const r of rows) {
    if (r.trainable) totals.parameters += r.count;
    else totals.buffers += r.count;
    totals.bytes += 4 * r.count;
  }
  return { rows, totals };
}
