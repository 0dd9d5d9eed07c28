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
      return alpha * terms.pixelMse + (kappa === 0 ? 0 : kappa * meanSquaredError(fx, fg));
    case "pairwise":
      return alpha * terms.pixelPairwise + (kappa === 0 ? 0 : kappa * pairwiseDistance(fx, fg));
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
