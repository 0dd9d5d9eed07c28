// For the tests only: synthetic records and set descriptions.
import { join } from "node:path";
import type { StateDict } from "@dermanomaly/gan";
import type { RgbImage } from "@dermanomaly/imaging";
import type { EncoderArchitecture } from "@dermanomaly/onnx";
import type { ReconstructionRecord, ReconstructionSetInfo } from "./set.ts";

/** A deterministic pseudo-random stream in [0, 1). */
export function uniform(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** A noise image of `size` x `size`. */
export function noiseImage(size: number, seed: number): RgbImage {
  const next = uniform(seed);
  const data = new Uint8Array(size * size * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * 256);
  return { data, width: size, height: size };
}

/** Set metadata for small synthetic sets. */
export function testInfo(overrides: Partial<ReconstructionSetInfo> = {}): ReconstructionSetInfo {
  return {
    resolution: 8,
    zDim: 4,
    featureDim: 6,
    generator: "G_ema",
    noiseMode: "const",
    lineage: {
      gan: {
        uri: "file:///gan.safetensors",
        sha256: "a".repeat(64),
        sizeBytes: 10,
        mediaType: "application/vnd.safetensors",
      },
      encoder: null,
      onnx: { encoder: "b".repeat(64), generator: "c".repeat(64), discriminator: "d".repeat(64) },
      source: "/data/test",
    },
    classes: { NEV: 0, MEL: 1 },
    ...overrides,
  };
}

/** A record of random values for a set described by `info`. */
export function testRecord(
  info: ReconstructionSetInfo,
  imageName: string,
  className: string,
  seed: number,
): ReconstructionRecord {
  const next = uniform(seed);
  const vec = (n: number) => Float32Array.from({ length: n }, () => next() * 4 - 2);
  return {
    imageName,
    className,
    label: className === "_" ? -1 : info.classes[className]!,
    input: noiseImage(info.resolution, seed),
    reconstruction: noiseImage(info.resolution, seed + 1),
    residual: noiseImage(info.resolution, seed + 2),
    z: vec(info.zDim),
    featuresReal: vec(info.featureDim),
    featuresRec: vec(info.featureDim),
    logitReal: next(),
    logitRec: -next(),
    pixelMse: next(),
    pixelPairwise: next() * 10,
  };
}

/** Paths of tiny exported models for the tests. */
export interface TestModels {
  encoder: string;
  generator: string;
  discriminator: string;
}

// A random encoder state dict in the original's nn.Sequential names (BatchNorm statistics included).
function randomEncoder(
  resolution: number,
  zDim: number,
  seed: number,
): { config: EncoderArchitecture; stateDict: StateDict } {
  const next = uniform(seed);
  const config = {
    resolution,
    imgChannels: 3,
    zDim,
    channelBase: 4,
    channelMax: 8,
    convBias: true,
    batchNormEps: 1e-5,
  };
  const sd: StateDict = new Map();
  const put = (name: string, shape: number[], f: () => number) =>
    sd.set(name, { shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, f) });
  let cin = 3;
  for (let i = 0, r = resolution; r > 4; i++, r /= 2) {
    const cout = Math.min(4 * 2 ** i, 8);
    put(`${3 * i}.weight`, [cout, cin, 4, 4], () => (next() - 0.5) / Math.sqrt(cin * 4));
    put(`${3 * i}.bias`, [cout], () => next() - 0.5);
    put(`${3 * i + 1}.weight`, [cout], () => 0.5 + next());
    put(`${3 * i + 1}.bias`, [cout], () => next() - 0.5);
    put(`${3 * i + 1}.running_mean`, [cout], () => (next() - 0.5) * 0.2);
    put(`${3 * i + 1}.running_var`, [cout], () => 0.5 + next());
    cin = cout;
  }
  const linear = 3 * (Math.log2(resolution) - 2) + 1;
  put(`${linear}.weight`, [zDim, cin * 16], () => (next() - 0.5) / Math.sqrt(cin * 4));
  put(`${linear}.bias`, [zDim], () => (next() - 0.5) * 0.1);
  return { config, stateDict: sd };
}

/**
 * Exports tiny random E, G and D (res `resolution`, z `zDim`) into `dir`. TF.js builds G and D here (tests only);
 * biases and noise strengths are randomised so that every path matters.
 */
export async function exportTestModels(
  dir: string,
  options: {
    resolution?: number;
    zDim?: number;
    encoderZDim?: number;
    encoderResolution?: number;
    noiseMode?: "const" | "random";
    seed?: number;
  } = {},
): Promise<TestModels> {
  const { Discriminator, Generator } = await import("@dermanomaly/gan");
  const { exportDiscriminator, exportEncoder, exportGenerator } = await import("@dermanomaly/onnx");
  const resolution = options.resolution ?? 16;
  const zDim = options.zDim ?? 8;
  const seed = options.seed ?? 1;
  const g = new Generator({ resolution, zDim, wDim: 8, channelBase: 64, channelMax: 8 }, { seed });
  const d = new Discriminator({ resolution, channelBase: 64, channelMax: 8 }, { seed: seed + 1 });
  const next = uniform(seed + 2);
  const perturb = (sd: StateDict) => {
    for (const [name, t] of sd) {
      if (name.endsWith("bias") || name.endsWith("noise_strength")) t.data = t.data.map(() => next() - 0.5);
    }
    return sd;
  };
  const paths = {
    encoder: join(dir, "E.onnx"),
    generator: join(dir, "G.onnx"),
    discriminator: join(dir, "D.onnx"),
  };
  await exportGenerator({ config: g.getConfig(), stateDict: perturb(g.stateDict()) }, paths.generator, {
    noiseMode: options.noiseMode ?? "const",
  });
  await exportDiscriminator(
    { config: d.getConfig(), stateDict: perturb(d.stateDict()) },
    paths.discriminator,
  );
  await exportEncoder(
    randomEncoder(options.encoderResolution ?? resolution, options.encoderZDim ?? zDim, seed + 3),
    paths.encoder,
  );
  g.dispose();
  d.dispose();
  return paths;
}
