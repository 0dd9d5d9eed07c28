// Test helpers: the PyTorch reference (fixtures/make_fixture.py) and comparisons.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StateDict } from "@dermanomaly/gan";
import { tf } from "./_tf.ts";
import type { EncoderConfig } from "./config.ts";

/** A tensor as the fixture stores it: PyTorch shape and row-major values. */
export interface FlatTensor {
  shape: number[];
  data: number[];
}

/** One case of `fixtures/reference.json`. */
export interface ReferenceCase {
  name: string;
  config: Pick<
    EncoderConfig,
    "resolution" | "imgChannels" | "zDim" | "channelBase" | "channelMax" | "convBias"
  >;
  initial: Record<string, FlatTensor>;
  /** Input batch, NCHW. */
  x: FlatTensor;
  z_eval: FlatTensor;
  z_train: FlatTensor;
  stats_after_train_forward: Record<string, FlatTensor>;
  steps: { r: FlatTensor; z: FlatTensor; grads: Record<string, FlatTensor> }[];
  final: Record<string, FlatTensor>;
  moments: Record<string, { exp_avg: FlatTensor; exp_avg_sq: FlatTensor }>;
}

export const FIXTURES = join(import.meta.dirname, "fixtures");

let cached: ReferenceCase[] | undefined;

/** The cases of `fixtures/reference.json`. */
export function referenceCases(): ReferenceCase[] {
  cached ??= (
    JSON.parse(readFileSync(join(FIXTURES, "reference.json"), "utf8")) as { cases: ReferenceCase[] }
  ).cases;
  return cached;
}

/** A fixture state dict as a {@link StateDict}. */
export function toStateDict(sd: Record<string, FlatTensor>): StateDict {
  return new Map(
    Object.entries(sd).map(([k, t]) => [k, { shape: [...t.shape], data: Float32Array.from(t.data) }]),
  );
}

/** An NCHW fixture tensor as an NHWC TF.js tensor. */
export function nhwc(t: FlatTensor): tf.Tensor4D {
  return tf.tidy(
    () =>
      tf.transpose(
        tf.tensor4d(t.data, t.shape as [number, number, number, number]),
        [0, 2, 3, 1],
      ) as tf.Tensor4D,
  );
}

/** Largest |a − b| relative to the largest |b| (per tensor). */
export function relMaxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`Length mismatch "${a.length}" vs "${b.length}"`);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return err / Math.max(scale, 1e-30);
}

/** Largest |a − b|. */
export function maxAbsError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`Length mismatch "${a.length}" vs "${b.length}"`);
  let err = 0;
  for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i]! - b[i]!));
  return err;
}
