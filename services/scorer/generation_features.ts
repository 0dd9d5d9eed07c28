import { Code, StatusError } from "@dermanomaly/contracts";
import { METADATA_KEYS, modelDigest, openSession, readModelInfo } from "@dermanomaly/onnx";
import type { ReconstructionSetInfo } from "@dermanomaly/reconstruction";
import type { GenerationFeatures } from "@dermanomaly/scoring";
import * as ort from "onnxruntime-node";

/** G and D opened for afs, with what lineage records of them. */
export interface GenerationModels {
  /** f(G(z)) of latents, as `scoreReconstructionSet` takes it. */
  readonly features: GenerationFeatures;
  /** The models' digests (`modelDigest`: the file, then its external data). */
  readonly digests: { readonly generator: string; readonly discriminator: string };
  /** Releases both sessions. */
  close(): Promise<void>;
}

/** Options of {@linkcode openGenerationModels}. */
export interface GenerationModelsOptions {
  /** Execution provider. @default the service's `DERMANOMALY_ORT_PROVIDER`, else CPU */
  readonly provider?: "cpu" | "cuda";
  /** Seed of the N(0, 1) noise of a generator exported with noise inputs. @default 0 */
  readonly noiseSeed?: number;
}

/**
 * Opens the generator and discriminator ONNX models of a reconstruction set for afs: f(G(z)) with psi 1 (the
 * encoder maps to z, untruncated) and D's b8 features, as the set's `features_rec` were made. The models must be the
 * ones that made the set: their digests are checked against the set's lineage, so a score never mixes checkpoints.
 * D runs on chunks its minibatch-stddev group divides (whole groups, then the remainder), as ONNX Runtime requires;
 * features do not depend on grouping.
 *
 * @throws {StatusError} FAILED_PRECONDITION when a model's digest is not the set's, or its sizes do not fit the set;
 * NOT_FOUND / INVALID_ARGUMENT for a missing or unreadable model
 */
export async function openGenerationModels(
  paths: { readonly generator: string; readonly discriminator: string },
  info: ReconstructionSetInfo,
  options: GenerationModelsOptions = {},
): Promise<GenerationModels> {
  const digests = {
    generator: await modelDigest(paths.generator),
    discriminator: await modelDigest(paths.discriminator),
  };
  for (const role of ["generator", "discriminator"] as const) {
    const recorded = info.lineage.onnx[role];
    if (digests[role] !== recorded) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `The ${role} model "${paths[role]}" (sha256 ${digests[role]}) is not the one that made the reconstruction set (${recorded}): afs must generate with the set's own models`,
      );
    }
  }
  const dInfo = await readModelInfo(paths.discriminator);
  let group = 4; // NVIDIA's default, for a model that does not record its config
  try {
    const parsed = (JSON.parse(dInfo.metadata[METADATA_KEYS.config] ?? "{}") as { mbstdGroupSize?: unknown })
      .mbstdGroupSize;
    if (typeof parsed === "number" && Number.isInteger(parsed) && parsed > 0) group = parsed;
  } catch {
    // keep the default
  }
  const open = { ...(options.provider === undefined ? {} : { provider: options.provider }) };
  const g = await openSession(paths.generator, open);
  let d: Awaited<ReturnType<typeof openSession>> | undefined;
  try {
    d = await openSession(paths.discriminator, open);
  } catch (err) {
    await g.session.release();
    throw err;
  }
  const generator = g.session;
  const discriminator = d.session;
  const noiseInputs = generator.inputMetadata
    .filter((m) => m.name.startsWith("noise_"))
    .map((m) => ({ name: m.name, side: Number((m as { shape: readonly number[] }).shape[2]) }));
  const normal = seededNormal(options.noiseSeed ?? 0);
  const r = info.resolution;
  const plane = 3 * r * r;
  const features: GenerationFeatures = async (z, n) => {
    const feeds: Record<string, ort.Tensor> = {
      z: new ort.Tensor("float32", z, [n, info.zDim]),
      psi: new ort.Tensor("float32", Float32Array.of(1), []),
    };
    for (const input of noiseInputs) {
      const values = Float32Array.from({ length: n * input.side * input.side }, normal);
      feeds[input.name] = new ort.Tensor("float32", values, [n, 1, input.side, input.side]);
    }
    const image = (await generator.run(feeds))["image"];
    if (image === undefined || image.dims[2] !== r) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `The generator makes images of [${image?.dims.join(", ")}], the set holds ${r}x${r}`,
      );
    }
    const images = image.data as Float32Array;
    const out = new Float32Array(n * info.featureDim);
    const chunks = n <= group ? [n] : [n - (n % group), n % group].filter((c) => c > 0);
    let start = 0;
    for (const size of chunks) {
      const data = images.slice(start * plane, (start + size) * plane);
      const result = await discriminator.run({ image: new ort.Tensor("float32", data, [size, 3, r, r]) });
      const f = result["features"]?.data as Float32Array | undefined;
      if (f === undefined || f.length !== size * info.featureDim) {
        throw new StatusError(
          Code.FAILED_PRECONDITION,
          `The discriminator gives ${f === undefined ? "no" : f.length / size} features per image, the set holds ${info.featureDim}`,
        );
      }
      out.set(f, start * info.featureDim);
      start += size;
    }
    return out;
  };
  return {
    features,
    digests,
    close: async () => {
      await generator.release();
      await discriminator.release();
    },
  };
}

// N(0, 1) by Box-Muller from a seeded xorshift32, so that afs with random-noise models is reproducible.
function seededNormal(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
}
