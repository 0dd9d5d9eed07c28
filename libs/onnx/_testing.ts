// For the tests only: networks with perturbed weights, ONNX Runtime runs and comparisons.
import { readFileSync } from "node:fs";
import {
  Discriminator,
  type DiscriminatorConfig,
  Generator,
  type GeneratorConfig,
  type StateDict,
} from "@dermanomaly/gan";
import type { NetworkWeights } from "@dermanomaly/gan/nvidia";
import * as ort from "onnxruntime-node";

/** A deterministic stream of values in [-0.5, 0.5). */
export function uniform(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

// NVIDIA initialises biases, noise strengths and w_avg to constants; random values make every path matter.
function perturb(sd: StateDict, seed: number): StateDict {
  const next = uniform(seed);
  for (const [name, t] of sd) {
    if (name.endsWith("bias") || name.endsWith("noise_strength") || name.endsWith("w_avg")) {
      t.data = t.data.map(() => next() * 1.2);
    }
  }
  return sd;
}

/** A TF.js generator with random weights, and the same weights as an exporter takes them. */
export function randomGenerator(
  config: Partial<GeneratorConfig>,
  seed: number,
): { net: Generator; weights: NetworkWeights<GeneratorConfig> } {
  const net = new Generator(config, { seed });
  const stateDict = perturb(net.stateDict(), seed + 1);
  net.loadStateDict(stateDict);
  return { net, weights: { config: net.getConfig(), stateDict } };
}

/** A TF.js discriminator with random weights, and the same weights as an exporter takes them. */
export function randomDiscriminator(
  config: Partial<DiscriminatorConfig>,
  seed: number,
): { net: Discriminator; weights: NetworkWeights<DiscriminatorConfig> } {
  const net = new Discriminator(config, { seed });
  const stateDict = perturb(net.stateDict(), seed + 1);
  net.loadStateDict(stateDict);
  return { net, weights: { config: net.getConfig(), stateDict } };
}

/** Values drawn from `uniform(seed)` scaled to [-scale/2, scale/2). */
export function randomArray(length: number, seed: number, scale = 2): Float32Array {
  const next = uniform(seed);
  return Float32Array.from({ length }, () => next() * scale);
}

/** Runs a session on float32 inputs; returns each output's data and dims. */
export async function run(
  session: ort.InferenceSession,
  inputs: Record<string, { data: Float32Array; dims: readonly number[] }>,
): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) feeds[k] = new ort.Tensor("float32", v.data, v.dims);
  const out = await session.run(feeds);
  const result: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
  for (const [k, v] of Object.entries(out)) result[k] = { data: v.data as Float32Array, dims: v.dims };
  return result;
}

/** Largest |a − b|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`Lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Largest |a|. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** NVIDIA's PyTorch outputs for the snapshot fixtures of `@dermanomaly/gan/nvidia` (see its make_fixtures.py). */
export const NVIDIA_FIXTURES = new URL("./fixtures/", import.meta.resolve("@dermanomaly/gan/nvidia"))
  .pathname;

export interface NvidiaExpectations {
  sg3: {
    z: number[][];
    img_psi1: number[][];
    img_psi07: number[][];
    logits: number[][];
    G_img_psi1_seed0: number[];
    G_ema_img_psi1_seed0_unclamped: number[];
  };
}

export function nvidiaExpectations(): NvidiaExpectations {
  return JSON.parse(readFileSync(`${NVIDIA_FIXTURES}expected.json`, "utf8")) as NvidiaExpectations;
}
