import type { RgbImage } from "@dermanomaly/imaging";
import { meanSquaredError, pairwiseDistance } from "@dermanomaly/reconstruction";
import { nearestRows } from "./_neighbours.ts";
import { distance } from "./distance.ts";
import { hueSpread } from "./hue_spread.ts";
import type { ReferenceLatents } from "./score_set.ts";
import type { ResolvedScoreSpec } from "./score_spec.ts";

/** Pixel bytes as the networks saw them: v / 127.5 - 1, in the image's own order. */
export function scaledPixels(image: RgbImage): Float64Array {
  return Float64Array.from(image.data, (v) => v / 127.5 - 1);
}

/**
 * What one image's scores are made of: the pixel and feature terms of its reconstruction, as a reconstruction set
 * stores them or the reconstructor's online stream returns them.
 */
export interface ImageTerms {
  /** mean((x - G(E(x)))^2) over the float tensors (G's raw output). */
  readonly pixelMse: number;
  /** ||x - G(E(x)) + 1e-6||_2 over the same values. */
  readonly pixelPairwise: number;
  /** f(x). */
  readonly featuresReal: ArrayLike<number>;
  /** f(G(E(x))). */
  readonly featuresRec: ArrayLike<number>;
  /** x and G(E(x)) from their 8-bit PNGs, scaled (`scaledPixels`): needed by distances with alpha > 0. */
  readonly pixels?: { readonly x: ArrayLike<number>; readonly g: ArrayLike<number> };
  /** x as 8-bit RGB: needed by hue-spread. */
  readonly input?: RgbImage;
}

/** Whether a score reads the images' pixels (their PNGs): distances and centre-weighted terms with alpha > 0. */
export function needsImagePixels(spec: ResolvedScoreSpec): boolean {
  if (spec.alpha === null || spec.alpha === 0) return false;
  return spec.method === "distance" || spec.centreSigma !== null;
}

/**
 * The pixel terms of one image with each pixel weighted by a Gaussian centred on the image, sigma `sigma` times
 * the image's side (the shorter one), the weights scaled to average 1 so the terms keep the unweighted ones' scale:
 * `mse` = mean(w * (x - g)^2), `pairwise` = sqrt(sum(w * (x - g + 1e-6)^2)). `x` and `g` are interleaved RGB rows
 * of `width` x `height`, as `scaledPixels` gives them.
 *
 * @throws {RangeError} when the arrays do not hold `width * height * 3` values
 */
export function centreWeightedTerms(
  x: ArrayLike<number>,
  g: ArrayLike<number>,
  width: number,
  height: number,
  sigma: number,
): { mse: number; pairwise: number } {
  const n = width * height;
  if (x.length !== n * 3 || g.length !== n * 3)
    throw new RangeError(
      `Expected ${n * 3} values (${width}x${height} RGB), got ${x.length} and ${g.length}`,
    );
  const weights = centreWeights(width, height, sigma);
  let squares = 0;
  let shifted = 0;
  for (let p = 0; p < n; p++) {
    const w = weights[p] as number;
    for (let c = 0; c < 3; c++) {
      const d = (x[p * 3 + c] as number) - (g[p * 3 + c] as number);
      squares += w * d * d;
      shifted += w * (d + 1e-6) ** 2;
    }
  }
  return { mse: squares / (n * 3), pairwise: Math.sqrt(shifted) };
}

// The centre-weighted pixel terms of a spec that asks for them, from the image's pixels.
function centreWeightedPixels(
  spec: ResolvedScoreSpec,
  terms: ImageTerms,
  sigma: number,
): { mse: number; pairwise: number } {
  if (terms.pixels === undefined || terms.input === undefined)
    throw new RangeError(`The '${spec.tag}' score needs the image's pixels`);
  const { width, height } = terms.input;
  return centreWeightedTerms(terms.pixels.x, terms.pixels.g, width, height, sigma);
}

const weightCache = new Map<string, Float64Array>();

/** Per-pixel weights of a Gaussian on the image's centre, averaging 1; cached per size and sigma. */
function centreWeights(width: number, height: number, sigma: number): Float64Array {
  const key = `${width}x${height}:${sigma}`;
  let weights = weightCache.get(key);
  if (weights === undefined) {
    const s = sigma * Math.min(width, height);
    weights = new Float64Array(width * height);
    let sum = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const dx = x + 0.5 - width / 2;
        const dy = y + 0.5 - height / 2;
        const w = Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
        weights[y * width + x] = w;
        sum += w;
      }
    }
    const scale = (width * height) / sum;
    for (let p = 0; p < weights.length; p++) weights[p] = (weights[p] as number) * scale;
    if (weightCache.size > 16) weightCache.clear();
    weightCache.set(key, weights);
  }
  return weights;
}

/**
 * One image's score by a spec that needs nothing but the image's own terms: `izif`, `pairwise`, `distance` (every
 * metric is the same for any common order of the values, so pixel order does not matter) and `hue-spread`. A term
 * whose weight is 0 is not computed.
 *
 * @throws {RangeError} for afs and als (they search neighbours: see `alsScore` and `scoreReconstructionSet`), or
 *   when the pixels or input a spec needs are missing
 */
export function termScore(spec: ResolvedScoreSpec, terms: ImageTerms): number {
  const alpha = spec.alpha ?? 0;
  const kappa = spec.kappa ?? 0;
  const fx = terms.featuresReal;
  const fg = terms.featuresRec;
  switch (spec.method) {
    case "izif":
    case "pairwise": {
      const izif = spec.method === "izif";
      const featureTerm =
        kappa === 0 ? 0 : kappa * (izif ? meanSquaredError(fx, fg) : pairwiseDistance(fx, fg));
      if (alpha === 0) return featureTerm;
      const pixel =
        spec.centreSigma === null
          ? { mse: terms.pixelMse, pairwise: terms.pixelPairwise }
          : centreWeightedPixels(spec, terms, spec.centreSigma);
      return alpha * (izif ? pixel.mse : pixel.pairwise) + featureTerm;
    }
    case "distance": {
      const opts = {
        metric: spec.metric as NonNullable<typeof spec.metric>,
        ...(spec.p === null ? {} : { p: spec.p }),
      };
      let pixelTerm = 0;
      if (alpha !== 0) {
        if (terms.pixels === undefined)
          throw new RangeError(`The '${spec.tag}' score needs the image's pixels`);
        pixelTerm = alpha * distance(terms.pixels.x, terms.pixels.g, opts);
      }
      return pixelTerm + (kappa === 0 ? 0 : kappa * distance(fx, fg, opts));
    }
    case "hue-spread":
      if (terms.input === undefined) throw new RangeError(`The '${spec.tag}' score needs the input image`);
      return hueSpread(terms.input).spread;
    case "afs":
    case "als":
      throw new RangeError(`The '${spec.tag}' score searches neighbours: it is not a term of one image`);
  }
}

/**
 * `als` of one latent: the mean euclidean distance from `z` to its `neighbours` nearest reference latents (all of
 * them when there are fewer).
 *
 * @throws {RangeError} when `z` and the reference latents differ in size
 */
export function alsScore(z: ArrayLike<number>, reference: ReferenceLatents, neighbours: number): number {
  if (z.length !== reference.cols) {
    throw new RangeError(
      `A latent of ${z.length} values cannot be compared with reference latents of ${reference.cols}`,
    );
  }
  const rows = Array.from({ length: reference.rows }, (_, r) => r);
  const { distances } = nearestRows(
    z,
    reference.data,
    reference.cols,
    Math.min(neighbours, reference.rows),
    rows,
  );
  let s = 0;
  for (const d of distances) s += d;
  return s / distances.length;
}
