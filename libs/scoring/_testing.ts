// Test helpers: the reference numbers of fixtures/make_fixtures.py and a reconstruction set built from them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RgbImage } from "@dermanomaly/imaging";
import {
  type ReconstructionSet,
  readReconstructionSet,
  writeReconstructionSet,
} from "@dermanomaly/reconstruction";
import type { GenerationFeatures } from "./score_set.ts";

/** A fixture of fixtures/ as parsed JSON. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", name), "utf8")) as T;
}

/** fixtures/set.json: a tiny set's raw arrays and every method's expected scores. */
export interface SetFixture {
  resolution: number;
  z_dim: number;
  feature_dim: number;
  neighbours: number;
  classes: string[];
  names: string[];
  inputs: number[][];
  reconstructions: number[][];
  z: number[][];
  features_real: number[][];
  features_rec: number[][];
  pixel_mse: number[];
  pixel_pairwise: number[];
  reference: number[][];
  generation_weights: number[][];
  expected: Record<string, number[]>;
}

/** Writes the fixture's set to `dir` (which must not exist or be empty) with the reconstruction lib, and reads it. */
export async function fixtureSet(
  dir: string,
  f: SetFixture = fixture<SetFixture>("set.json"),
): Promise<ReconstructionSet> {
  const image = (bytes: number[]): RgbImage => ({
    data: Uint8Array.from(bytes),
    width: f.resolution,
    height: f.resolution,
  });
  const writer = await writeReconstructionSet(dir, {
    resolution: f.resolution,
    zDim: f.z_dim,
    featureDim: f.feature_dim,
    generator: "G_ema",
    noiseMode: "const",
    lineage: {
      gan: null,
      encoder: null,
      onnx: { encoder: "e".repeat(64), generator: "g".repeat(64), discriminator: "d".repeat(64) },
      source: "fixtures/set.json",
    },
    classes: { NEV: 0, MEL: 1 },
  });
  for (let i = 0; i < f.names.length; i++) {
    const className = f.classes[i] as string;
    await writer.add({
      imageName: f.names[i] as string,
      className,
      label: className === "MEL" ? 1 : 0,
      input: image(f.inputs[i] as number[]),
      reconstruction: image(f.reconstructions[i] as number[]),
      residual: image(f.reconstructions[i] as number[]),
      z: Float32Array.from(f.z[i] as number[]),
      featuresReal: Float32Array.from(f.features_real[i] as number[]),
      featuresRec: Float32Array.from(f.features_rec[i] as number[]),
      logitReal: 0,
      logitRec: 0,
      pixelMse: f.pixel_mse[i] as number,
      pixelPairwise: f.pixel_pairwise[i] as number,
    });
  }
  await writer.finish();
  return readReconstructionSet(dir);
}

/**
 * For tests only, in place of running G then D: f(G(z)) := tanh(W z), W the fixture's `generation_weights` (the
 * fixture script computes the expected afs with the same function). Counts the latents it is asked for.
 */
export function testGenerationFeatures(f: SetFixture): GenerationFeatures & { calls: number[] } {
  const w = f.generation_weights;
  const calls: number[] = [];
  const fn = async (z: Float32Array, n: number): Promise<Float32Array> => {
    calls.push(n);
    const out = new Float32Array(n * w.length);
    for (let r = 0; r < n; r++) {
      for (let o = 0; o < w.length; o++) {
        let s = 0;
        const row = w[o] as number[];
        for (let t = 0; t < row.length; t++)
          s += Math.fround(row[t] as number) * (z[r * row.length + t] as number);
        out[r * w.length + o] = Math.tanh(s);
      }
    }
    return out;
  };
  return Object.assign(fn, { calls });
}
