// Test-only helpers: synthetic records and set descriptions.
import type { RgbImage } from "@dermanomaly/imaging";
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
