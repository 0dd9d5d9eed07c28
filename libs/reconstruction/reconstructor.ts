import { Code, StatusError } from "@dermanomaly/contracts";
import {
  blendImages,
  chwToImage,
  colorizeMap,
  imageToChw,
  type RgbImage,
  residualMap,
} from "@dermanomaly/imaging";
import * as ort from "onnxruntime-node";
import { meanSquaredError, pairwiseDistance } from "./metrics.ts";

/** The three networks as ONNX Runtime sessions, with the inputs and outputs `@dermanomaly/onnx` exports. */
export interface ReconstructionSessions {
  /** `image` [N, 3, R, R] -> `z` [N, zDim]. */
  readonly encoder: ort.InferenceSession;
  /** `z` [N, zDim], `psi` (+ `noise_*` inputs in noise mode random) -> `image` [N, 3, R, R]. */
  readonly generator: ort.InferenceSession;
  /** `image` [N, 3, R, R] -> `features` [N, F], `logit` [N, 1]. */
  readonly discriminator: ort.InferenceSession;
}

/** Options of {@link Reconstructor.create}. */
export interface ReconstructorOptions {
  /**
   * The discriminator's minibatch-stddev group size: D runs on chunks of a batch that `min(group, chunk)` divides,
   * as NVIDIA's layer requires (a logit depends on the images of its group; features do not).
   * @default 4
   */
  mbstdGroupSize?: number;
  /** Residual (mean |x − G(E(x))| over channels, 1 = 255) drawn as the brightest colour; larger ones saturate. @default 0.5 */
  residualMax?: number;
  /** Opacity of the residual heat map over the input image. @default 0.5 */
  residualAlpha?: number;
  /** Seed of the N(0, 1) noise drawn for a generator exported with noise mode random. @default undefined (unseeded) */
  noiseSeed?: number;
  /** Makes the reconstructions in place of the generator model (latent refinement). @default none: G(E(x)) */
  refine?: RefineReconstructions;
}

/**
 * A reconstruction other than G(E(x)): latent refinement (`@dermanomaly/gan`'s `refineLatents` on TF.js, which a
 * service wires in; this package loads no TF.js). Takes a batch's inputs x as NCHW floats in [-1, 1] and z = E(x)
 * `[n, zDim]`, and returns the n reconstructions in x's layout.
 */
export type RefineReconstructions = (x: Float32Array, z: Float32Array, n: number) => Promise<Float32Array>;

/** One image through E, G and D. */
export interface Reconstruction {
  /** E(x), zDim values. */
  readonly z: Float32Array;
  /** G(E(x)) as 8-bit RGB, NVIDIA's conversion `(v · 127.5 + 128).clamp(0, 255)`. */
  readonly reconstruction: RgbImage;
  /** |x − G(E(x))| averaged over channels, coloured and blended over x. */
  readonly residual: RgbImage;
  /** f(x): D's b8 features. */
  readonly featuresReal: Float32Array;
  /** f(G(E(x))). */
  readonly featuresRec: Float32Array;
  readonly logitReal: number;
  readonly logitRec: number;
  /** `mean((x − G(E(x)))²)` over the float tensors in [-1, 1] (G's raw output). */
  readonly pixelMse: number;
  /** `||x − G(E(x)) + 1e-6||₂` over the same values. */
  readonly pixelPairwise: number;
  readonly featuresMse: number;
  readonly featuresPairwise: number;
}

interface Shapes {
  resolution: number;
  zDim: number;
  featureDim: number;
  noiseInputs: { name: string; resolution: number }[];
}

function dims(
  meta: readonly ort.InferenceSession.ValueMetadata[],
  name: string,
  role: string,
): (number | string)[] {
  const m = meta.find((v) => v.name === name);
  if (m === undefined || !m.isTensor) {
    throw new StatusError(Code.FAILED_PRECONDITION, `The ${role} model has no tensor "${name}"`);
  }
  return [...(m as { shape: readonly (number | string)[] }).shape];
}

// Reads the models' declared shapes and checks that they fit together: E's z is G's z, G's image is E's and D's.
function checkShapes(s: ReconstructionSessions): Shapes {
  const bad = (message: string) => new StatusError(Code.FAILED_PRECONDITION, message);
  const eIn = dims(s.encoder.inputMetadata, "image", "encoder");
  const eOut = dims(s.encoder.outputMetadata, "z", "encoder");
  const gIn = dims(s.generator.inputMetadata, "z", "generator");
  dims(s.generator.inputMetadata, "psi", "generator");
  const gOut = dims(s.generator.outputMetadata, "image", "generator");
  const dIn = dims(s.discriminator.inputMetadata, "image", "discriminator");
  const dFeatures = dims(s.discriminator.outputMetadata, "features", "discriminator");
  dims(s.discriminator.outputMetadata, "logit", "discriminator");
  const res = gOut[2];
  if (typeof res !== "number" || gOut[1] !== 3 || gOut[3] !== res) {
    throw bad(`The generator must output [N, 3, R, R] images, got [${gOut.join(", ")}]`);
  }
  if (eIn[1] !== 3 || eIn[2] !== res || eIn[3] !== res) {
    throw bad(`The encoder takes [${eIn.join(", ")}] images but the generator makes [N, 3, ${res}, ${res}]`);
  }
  if (dIn[1] !== 3 || dIn[2] !== res || dIn[3] !== res) {
    throw bad(
      `The discriminator takes [${dIn.join(", ")}] images but the generator makes [N, 3, ${res}, ${res}]`,
    );
  }
  if (typeof eOut[1] !== "number" || eOut[1] !== gIn[1]) {
    throw bad(`The encoder's latent size "${eOut[1]}" does not match the generator's "${gIn[1]}"`);
  }
  if (typeof dFeatures[1] !== "number")
    throw bad(`The discriminator's feature size is not fixed: "${dFeatures[1]}"`);
  const noiseInputs = s.generator.inputMetadata
    .filter((m) => m.name.startsWith("noise_"))
    .map((m) => ({ name: m.name, resolution: Number((m as { shape: readonly number[] }).shape[2]) }));
  return { resolution: res, zDim: eOut[1], featureDim: dFeatures[1], noiseInputs };
}

// Box-Muller N(0, 1) from a seeded xorshift32, or Math.random when unseeded.
function normalStream(seed: number | undefined): () => number {
  let s = seed === undefined ? 0 : seed >>> 0 || 1;
  const next =
    seed === undefined
      ? Math.random
      : () => {
          s ^= s << 13;
          s ^= s >>> 17;
          s ^= s << 5;
          return ((s >>> 0) + 0.5) / 4294967296;
        };
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/**
 * Runs batches of 8-bit RGB images through E, G and D on ONNX Runtime: z = E(x), G(E(x)) (psi 1: the encoder maps
 * to z, untruncated), D's features and logits of x and of G(E(x)), the pixel and feature distances, and the
 * residual heat map.
 */
export class Reconstructor {
  /** Side of the images the networks take. */
  readonly resolution: number;
  readonly zDim: number;
  /** Discriminator features per image. */
  readonly featureDim: number;
  /** `random` when the generator takes noise inputs, else `const` (baked in, or none). */
  readonly noiseMode: "const" | "random";
  readonly #s: ReconstructionSessions;
  readonly #group: number;
  readonly #residualMax: number;
  readonly #alpha: number;
  readonly #noise: { name: string; resolution: number }[];
  readonly #normal: () => number;
  /** The options it was created with (the models' `with()` adds to them). */
  readonly options: ReconstructorOptions;

  private constructor(sessions: ReconstructionSessions, shapes: Shapes, options: ReconstructorOptions) {
    this.#s = sessions;
    this.resolution = shapes.resolution;
    this.zDim = shapes.zDim;
    this.featureDim = shapes.featureDim;
    this.#noise = shapes.noiseInputs;
    this.noiseMode = shapes.noiseInputs.length > 0 ? "random" : "const";
    this.#group = options.mbstdGroupSize ?? 4;
    this.#residualMax = options.residualMax ?? 0.5;
    this.#alpha = options.residualAlpha ?? 0.5;
    this.#normal = normalStream(options.noiseSeed);
    this.options = options;
  }

  /**
   * Checks that the three models fit together and returns a reconstructor.
   *
   * @throws {StatusError} FAILED_PRECONDITION naming both sizes when the encoder's latent or image size does not
   * match the generator's, or D's image size does not
   */
  static create(sessions: ReconstructionSessions, options: ReconstructorOptions = {}): Reconstructor {
    const group = options.mbstdGroupSize ?? 4;
    if (!Number.isInteger(group) || group < 1)
      throw new RangeError(`mbstd group size must be a positive integer, got "${group}"`);
    if (!(options.residualMax === undefined || options.residualMax > 0)) {
      throw new RangeError(`Residual max must be positive, got "${options.residualMax}"`);
    }
    return new Reconstructor(sessions, checkShapes(sessions), options);
  }

  /**
   * Reconstructs a batch of images (each `resolution` x `resolution`); results come in input order.
   *
   * @throws {RangeError} for an image of another size
   */
  async reconstruct(images: readonly RgbImage[]): Promise<Reconstruction[]> {
    const n = images.length;
    if (n === 0) return [];
    const r = this.resolution;
    const plane = 3 * r * r;
    const x = new Float32Array(n * plane);
    images.forEach((image, i) => {
      if (image.width !== r || image.height !== r) {
        throw new RangeError(`Image ${i} is ${image.width}x${image.height}, the networks take ${r}x${r}`);
      }
      imageToChw(image, { out: x, offset: i * plane });
    });
    const xt = new ort.Tensor("float32", x, [n, 3, r, r]);
    const z = (await this.#s.encoder.run({ image: xt }))["z"]!.data as Float32Array;
    const rec = this.options.refine ? await this.#refined(x, z, n) : await this.#generate(z, n);
    const real = await this.#discriminate(x, n);
    const fake = await this.#discriminate(rec, n);
    const f = this.featureDim;
    return images.map((image, i) => {
      const xi = x.subarray(i * plane, (i + 1) * plane);
      const gi = rec.subarray(i * plane, (i + 1) * plane);
      const reconstruction = chwToImage(rec, { width: r, height: r, offset: i * plane });
      const residual = blendImages(
        image,
        colorizeMap(residualMap(image, reconstruction), {
          width: r,
          height: r,
          min: 0,
          max: this.#residualMax,
        }),
        { alpha: this.#alpha },
      );
      const featuresReal = real.features.slice(i * f, (i + 1) * f);
      const featuresRec = fake.features.slice(i * f, (i + 1) * f);
      return {
        z: z.slice(i * this.zDim, (i + 1) * this.zDim),
        reconstruction,
        residual,
        featuresReal,
        featuresRec,
        logitReal: real.logits[i]!,
        logitRec: fake.logits[i]!,
        pixelMse: meanSquaredError(xi, gi),
        pixelPairwise: pairwiseDistance(xi, gi),
        featuresMse: meanSquaredError(featuresReal, featuresRec),
        featuresPairwise: pairwiseDistance(featuresReal, featuresRec),
      };
    });
  }

  // G(z) on the generator model, with fresh noise in noise mode random.
  async #generate(z: Float32Array, n: number): Promise<Float32Array> {
    const feeds: Record<string, ort.Tensor> = {
      z: new ort.Tensor("float32", z, [n, this.zDim]),
      psi: new ort.Tensor("float32", Float32Array.of(1), []),
    };
    for (const input of this.#noise) {
      const values = Float32Array.from({ length: n * input.resolution ** 2 }, this.#normal);
      feeds[input.name] = new ort.Tensor("float32", values, [n, 1, input.resolution, input.resolution]);
    }
    return (await this.#s.generator.run(feeds))["image"]!.data as Float32Array;
  }

  async #refined(x: Float32Array, z: Float32Array, n: number): Promise<Float32Array> {
    const rec = await this.options.refine!(x, z, n);
    if (rec.length !== x.length)
      throw new RangeError(`The refinement returned ${rec.length} values for ${n} images of ${x.length / n}`);
    return rec;
  }

  // D on [n, 3, R, R] in chunks that the minibatch-stddev group divides: as many whole groups as fit, then the
  // remainder (fewer than a group, so it forms its own).
  async #discriminate(
    images: Float32Array,
    n: number,
  ): Promise<{ features: Float32Array; logits: Float32Array }> {
    const r = this.resolution;
    const plane = 3 * r * r;
    const features = new Float32Array(n * this.featureDim);
    const logits = new Float32Array(n);
    const chunks = n <= this.#group ? [n] : [n - (n % this.#group), n % this.#group].filter((c) => c > 0);
    let start = 0;
    for (const size of chunks) {
      const data = images.slice(start * plane, (start + size) * plane);
      const out = await this.#s.discriminator.run({
        image: new ort.Tensor("float32", data, [size, 3, r, r]),
      });
      features.set(out["features"]!.data as Float32Array, start * this.featureDim);
      logits.set(out["logit"]!.data as Float32Array, start);
      start += size;
    }
    return { features, logits };
  }
}
