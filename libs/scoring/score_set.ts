import { Code, StatusError } from "@dermanomaly/contracts";
import type { RgbImage } from "@dermanomaly/imaging";
import { meanSquaredError, type ReconstructionSet, readSetImage, setRow } from "@dermanomaly/reconstruction";
import { nearestRows } from "./_neighbours.ts";
import { needsImagePixels, scaledPixels, termScore } from "./image_score.ts";
import { checkClassMap } from "./labels.ts";
import { type ResolvedScoreSpec, resolveScoreSpec, type ScoreSpec } from "./score_spec.ts";

/**
 * D features of generations: for `n` latents `z` ([n, zDim] row-major), f(G(z)) as [n, F] row-major. `afs` calls
 * it for the reference latents nearest the scored images; a service runs the generator and discriminator ONNX
 * models of the reconstruction stage (same generator, noise mode and feature layer as the set).
 */
export type GenerationFeatures = (z: Float32Array, n: number) => Promise<Float32Array>;

/** Latents of normal training images, the pool `afs` and `als` search (`latent_vectors.csv` of the training set). */
export interface ReferenceLatents {
  /** Row-major [rows, cols] latents. */
  readonly data: Float32Array;
  readonly rows: number;
  /** Must equal the set's zDim. */
  readonly cols: number;
  /** Where they came from, for the sheets' `meta` (e.g. the CSV's path or URI). */
  readonly source?: string;
}

/** One sheet of scores: one value per image of the set whose class is in the class map, in set order. */
export interface ScoreSheet {
  /** File-name tag, e.g. `izif_a0.5`. */
  readonly tag: string;
  /** The method and settings. */
  readonly spec: ResolvedScoreSpec;
  /** Raw scores (higher = more anomalous). */
  readonly scores: Float64Array;
  /** 0 normal, 1 anomalous, from each image's class folder through the class map. */
  readonly labels: Uint8Array;
  /** The source photos' file names. */
  readonly imageNames: readonly string[];
  /** Settings and lineage, written to the sheet's `meta` tab (strings). */
  readonly meta: Readonly<Record<string, string>>;
}

/** Progress of {@linkcode scoreReconstructionSet}. */
export interface ScoringProgress {
  /** Images done. */
  readonly done: number;
  /** Images to score. */
  readonly total: number;
}

/** Options for {@linkcode scoreReconstructionSet}. */
export interface ScoreSetOptions {
  /**
   * Label of each class folder (0 normal, 1 anomalous); images of other classes (and unlabelled ones) are left out.
   * @default { NEV: 0, MEL: 1 }
   */
  readonly classMap?: Readonly<Record<string, number>>;
  /** Reference latents of normal training images; required by `afs` and `als` unless they search the own class. */
  readonly reference?: ReferenceLatents;
  /** f(G(z)) of latents; required by `afs` with reference latents. */
  readonly generationFeatures?: GenerationFeatures;
  /**
   * Latents per `generationFeatures` call.
   * @default 16
   */
  readonly batchSize?: number;
  /**
   * What the sheets' `meta` records as the set's location (e.g. the store URI it was downloaded from).
   * @default the set's folder
   */
  readonly setSource?: string;
  /** More `meta` entries of every sheet (e.g. the job that produced it); they do not replace the computed ones. */
  readonly meta?: Readonly<Record<string, string>>;
  /** Checked between images; the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after images, at most every `progressIntervalMs`, and at the end. */
  readonly onProgress?: (progress: ScoringProgress) => void;
  /**
   * Least time between two progress calls.
   * @default 500
   */
  readonly progressIntervalMs?: number;
}

/** What {@linkcode scoreReconstructionSet} computed. */
export interface ScoredSet {
  /** One sheet per spec, in the specs' order. */
  readonly sheets: readonly ScoreSheet[];
  /** Images left out because their class is not in the class map. */
  readonly leftOut: readonly { readonly imageName: string; readonly className: string }[];
}

/**
 * Scores every image of a reconstruction set with each spec, one sheet per spec:
 * - `izif`: alpha * pixel_mse (the set's, from G's unquantised output) + kappa * mean((f(x) - f(G(E(x))))^2);
 * - `pairwise`: alpha * pixel_pairwise (the set's) + kappa * ||f(x) - f(G(E(x))) + 1e-6||_2;
 * - `izif` and `pairwise` with `centreSigma`: their pixel term weighted by a centred Gaussian
 *   ({@linkcode centreWeightedTerms}), from the set's PNGs as `distance` reads them;
 * - `distance`: alpha * d(x, G(E(x))) + kappa * d(f(x), f(G(E(x)))), the pixels read from the set's `input_img`
 *   and `generated_img` PNGs as v / 127.5 - 1 (every metric here is the same for any common order of the values,
 *   so pixel order does not matter);
 * - `als`: mean euclidean distance from E(x) to its `neighbours` nearest reference latents;
 * - `afs`: mean over those neighbours z of mean((f(x) - f(G(z)))^2), f(G(z)) from `generationFeatures`;
 *   with `originalOwnClassSearch`, both search the other images of x's class instead, and afs uses their own
 *   f(G(E(x'))) from the set;
 * - `hue-spread`: the colour baseline of {@linkcode hueSpread} on the input PNG.
 * A term whose weight is 0 is not computed (no PNG is read for alpha = 0).
 * @see centreWeightedTerms
 *
 * @throws {StatusError} INVALID_ARGUMENT when no image has a class of the class map, reference latents do not match
 *   the set's z size, or a score is not finite (e.g. `correlation` of a constant image), naming the image.
 * @throws {RangeError} / {TypeError} for bad specs or options (e.g. `afs` without reference latents).
 */
export async function scoreReconstructionSet(
  set: ReconstructionSet,
  specs: readonly ScoreSpec[],
  options: ScoreSetOptions = {},
): Promise<ScoredSet> {
  if (specs.length === 0) throw new RangeError("Give at least one score spec");
  const resolved = specs.map(resolveScoreSpec);
  const tags = new Set<string>();
  for (const r of resolved) {
    if (tags.has(r.tag)) throw new RangeError(`Score '${r.tag}' is asked for twice`);
    tags.add(r.tag);
  }
  const classMap = checkClassMap(options.classMap);
  const { zDim, featureDim } = set.info;
  const reference = options.reference;
  for (const r of resolved) {
    if (r.method !== "afs" && r.method !== "als") continue;
    if (r.originalOwnClassSearch) continue;
    if (reference === undefined) {
      throw new TypeError(
        `The '${r.tag}' score needs reference latents of normal training images (option 'reference')`,
      );
    }
    if (r.method === "afs" && options.generationFeatures === undefined) {
      throw new TypeError(
        `The '${r.tag}' score needs the features of generations (option 'generationFeatures')`,
      );
    }
  }
  if (reference !== undefined) {
    if (
      reference.cols !== zDim ||
      reference.data.length !== reference.rows * reference.cols ||
      reference.rows < 1
    ) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Reference latents of '${reference.rows}x${reference.cols}' do not fit the set's latents of size '${zDim}'`,
      );
    }
  }
  const batchSize = options.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`Batch size must be a positive integer, got '${batchSize}'`);
  }

  const selected: number[] = [];
  const leftOut: { imageName: string; className: string }[] = [];
  set.images.forEach((image, i) => {
    if (Object.hasOwn(classMap, image.className)) selected.push(i);
    else leftOut.push({ imageName: image.imageName, className: image.className });
  });
  if (selected.length === 0) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Reconstruction set '${set.dir}' has no image of the classes ${Object.keys(classMap).join(", ")} (its classes: ${[...new Set(set.images.map((i) => i.className))].join(", ") || "none"})`,
    );
  }
  const n = selected.length;
  const labels = Uint8Array.from(
    selected,
    (i) => classMap[(set.images[i] as { className: string }).className] as number,
  );
  const scores = resolved.map(() => new Float64Array(n));

  const needsPixels = resolved.some(needsImagePixels);
  const needsHue = resolved.some((r) => r.method === "hue-spread");
  const byClass = new Map<string, number[]>();
  for (const i of selected) {
    const c = (set.images[i] as { className: string }).className;
    byClass.set(c, [...(byClass.get(c) ?? []), i]);
  }
  const referenceRows = reference === undefined ? [] : Array.from({ length: reference.rows }, (_, r) => r);
  // afs with reference latents: the neighbours of every image first, then their generations' features in batches.
  const afsNeighbours = resolved.map((): number[][] => []);
  const generationFeatures = new Map<number, Float32Array>();

  let done = 0;
  let lastReport = Number.NEGATIVE_INFINITY;
  const interval = options.progressIntervalMs ?? 500;
  const report = (force: boolean) => {
    if (options.onProgress === undefined) return;
    const now = Date.now();
    if (force || now - lastReport >= interval) {
      lastReport = now;
      options.onProgress({ done, total: n });
    }
  };

  for (let k = 0; k < n; k++) {
    options.signal?.throwIfAborted();
    const i = selected[k] as number;
    const fx = setRow(set, "featuresReal", i);
    const fg = setRow(set, "featuresRec", i);
    const z = setRow(set, "z", i);
    let pixels: { x: Float64Array; g: Float64Array } | undefined;
    let input: RgbImage | undefined;
    if (needsPixels || needsHue) input = await readSetImage(set, i, "input");
    if (needsPixels && input !== undefined) {
      pixels = { x: scaledPixels(input), g: scaledPixels(await readSetImage(set, i, "reconstruction")) };
    }
    for (const [s, r] of resolved.entries()) {
      let value: number;
      switch (r.method) {
        case "izif":
        case "pairwise":
        case "distance":
        case "hue-spread":
          value = termScore(r, {
            pixelMse: set.pixelMse[i] as number,
            pixelPairwise: set.pixelPairwise[i] as number,
            featuresReal: fx,
            featuresRec: fg,
            ...(pixels === undefined ? {} : { pixels }),
            ...(input === undefined ? {} : { input }),
          });
          break;
        case "als": {
          const found = searchNeighbours(set, i, z, r, byClass, referenceRows, reference);
          value = mean(found.distances);
          break;
        }
        case "afs": {
          const found = searchNeighbours(set, i, z, r, byClass, referenceRows, reference);
          if (r.originalOwnClassSearch) {
            value = mean(found.rows.map((j) => meanSquaredError(fx, setRow(set, "featuresRec", j))));
          } else {
            (afsNeighbours[s] as number[][])[k] = found.rows;
            value = Number.NaN; // filled in below, once the generations' features are known
          }
          break;
        }
      }
      (scores[s] as Float64Array)[k] = value;
    }
    done++;
    report(false);
  }

  const afsSpecs = resolved.flatMap((r, s) => (r.method === "afs" && !r.originalOwnClassSearch ? [s] : []));
  if (afsSpecs.length > 0 && reference !== undefined && options.generationFeatures !== undefined) {
    const needed = [...new Set(afsNeighbours.flat(2))].sort((a, b) => a - b);
    for (let start = 0; start < needed.length; start += batchSize) {
      options.signal?.throwIfAborted();
      const rows = needed.slice(start, start + batchSize);
      const batch = new Float32Array(rows.length * zDim);
      rows.forEach((r, b) => {
        batch.set(reference.data.subarray(r * zDim, (r + 1) * zDim), b * zDim);
      });
      const features = await options.generationFeatures(batch, rows.length);
      if (features.length !== rows.length * featureDim) {
        throw new RangeError(
          `Generation features must hold ${rows.length} x ${featureDim} values, got '${features.length}'`,
        );
      }
      rows.forEach((r, b) => {
        generationFeatures.set(r, features.slice(b * featureDim, (b + 1) * featureDim));
      });
    }
    for (const s of afsSpecs) {
      for (let k = 0; k < n; k++) {
        const fx = setRow(set, "featuresReal", selected[k] as number);
        const rows = (afsNeighbours[s] as number[][])[k] as number[];
        (scores[s] as Float64Array)[k] = mean(
          rows.map((r) => meanSquaredError(fx, generationFeatures.get(r) as Float32Array)),
        );
      }
    }
  }
  report(true);

  const imageNames = selected.map((i) => (set.images[i] as { imageName: string }).imageName);
  const sheets = resolved.map((spec, s): ScoreSheet => {
    const values = scores[s] as Float64Array;
    for (let k = 0; k < n; k++) {
      if (!Number.isFinite(values[k])) {
        throw new StatusError(
          Code.INVALID_ARGUMENT,
          `The '${spec.tag}' score of image '${imageNames[k]}' is '${values[k]}': the ${spec.metric ?? spec.method} score does not apply to it`,
        );
      }
    }
    return {
      tag: spec.tag,
      spec,
      scores: values,
      labels,
      imageNames,
      meta: { ...options.meta, ...sheetMeta(set, spec, classMap, reference, options.setSource ?? set.dir) },
    };
  });
  return { sheets, leftOut };
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

// The neighbours of image i: among the reference latents, or (the original's way) the other images of its class.
function searchNeighbours(
  set: ReconstructionSet,
  i: number,
  z: Float32Array,
  spec: ResolvedScoreSpec,
  byClass: ReadonlyMap<string, number[]>,
  referenceRows: readonly number[],
  reference: ReferenceLatents | undefined,
): { rows: number[]; distances: number[] } {
  const k = spec.neighbours ?? 5;
  const zDim = set.info.zDim;
  if (spec.originalOwnClassSearch) {
    const image = set.images[i] as { className: string; imageName: string };
    const others = (byClass.get(image.className) ?? []).filter((j) => j !== i);
    if (others.length === 0) {
      throw new StatusError(
        Code.INVALID_ARGUMENT,
        `Image '${image.imageName}' is alone in class '${image.className}': the own-class search finds no neighbour`,
      );
    }
    return nearestRows(z, set.z, zDim, Math.min(k, others.length), others);
  }
  const ref = reference as ReferenceLatents;
  return nearestRows(z, ref.data, zDim, Math.min(k, ref.rows), referenceRows);
}

function sheetMeta(
  set: ReconstructionSet,
  spec: ResolvedScoreSpec,
  classMap: Readonly<Record<string, number>>,
  reference: ReferenceLatents | undefined,
  setSource: string,
): Record<string, string> {
  const text = (v: number | string | null) => (v === null ? "" : String(v));
  const searching = spec.method === "afs" || spec.method === "als";
  return {
    format: "dermanomaly/score-sheet/1",
    tag: spec.tag,
    method: spec.method,
    metric: text(spec.metric),
    p: text(spec.p),
    alpha: text(spec.alpha),
    kappa: text(spec.kappa),
    centre_sigma: text(spec.centreSigma),
    neighbours: text(spec.neighbours),
    neighbour_search: searching
      ? spec.originalOwnClassSearch
        ? "own class (the original's; uses the labels)"
        : "reference latents"
      : "",
    reference: searching && !spec.originalOwnClassSearch ? (reference?.source ?? "") : "",
    class_map: JSON.stringify(classMap),
    reconstruction_set: setSource,
    generator: set.info.generator,
    noise_mode: set.info.noiseMode,
    lineage: JSON.stringify(set.info.lineage),
    created: new Date().toISOString(),
  };
}
