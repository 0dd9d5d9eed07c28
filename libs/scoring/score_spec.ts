import { type DistanceMetric, resolveMetric } from "./distance.ts";

/** The anomaly scores a sheet can hold (METHOD.md stage 5, and the naive baseline). */
export const ScoreMethod = {
  /** alpha * mean((x - G(E(x)))^2) + kappa * mean((f(x) - f(G(E(x))))^2). */
  IZIF: "izif",
  /** alpha * d(x, G(E(x))) + kappa * d(f(x), f(G(E(x)))), d a scikit-learn distance, each image with its own. */
  DISTANCE: "distance",
  /** PyTorch's PairwiseDistance(p=2), ||a - b + 1e-6||_2, for both terms, weighted alpha and kappa. */
  PAIRWISE: "pairwise",
  /** Mean feature distance between f(x) and f(G(z)) of the `neighbours` reference latents nearest E(x). */
  AFS: "afs",
  /** Mean of the `neighbours` smallest euclidean distances from E(x) to the reference latents. */
  ALS: "als",
  /** The naive colour baseline: spread of hue inside the lesion of the input image (no model). */
  HUE_SPREAD: "hue-spread",
} as const;

/** One of the {@linkcode ScoreMethod} values. */
export type ScoreMethod = (typeof ScoreMethod)[keyof typeof ScoreMethod];

/** What to compute for one sheet. */
export interface ScoreSpec {
  /** The score. */
  readonly method: ScoreMethod;
  /** Distance for `distance` (scikit-learn names and aliases: `manhattan`, `cityblock`, `l1`, `cosine`, ...). */
  readonly metric?: string;
  /**
   * Minkowski order, for `distance` with `minkowski`.
   * @default 2
   */
  readonly p?: number;
  /**
   * Weight of the pixel term (`izif`, `distance`, `pairwise`).
   * @default 1
   */
  readonly alpha?: number;
  /**
   * Weight of the feature term (`izif`, `distance`, `pairwise`).
   * @default 1
   */
  readonly kappa?: number;
  /**
   * `izif` and `pairwise` only: weight the pixel term by a Gaussian centred on the image whose sigma is this
   * fraction of the image's side (a weight map averaging 1), so the lesion counts more than the skin, hair and
   * vignetting around it; it assumes the lesion near the centre, as dermoscopy photos and the centre crop have it.
   * Unset: every pixel alike, as the original.
   */
  readonly centreSigma?: number;
  /**
   * Neighbours of `afs` and `als`.
   * @default 5
   */
  readonly neighbours?: number;
  /**
   * `afs` and `als` only: search the neighbours among the other images of the scored image's own class folder, as
   * the original did, instead of among the reference latents of normal training images. It uses the label the
   * score is meant to predict, so its AUC is not an honest estimate: use it only to reproduce the original's numbers.
   * @default false
   */
  readonly originalOwnClassSearch?: boolean;
}

/** A checked {@linkcode ScoreSpec}, with `null` for what does not apply to its method, and its tag. */
export interface ResolvedScoreSpec {
  readonly method: ScoreMethod;
  readonly metric: DistanceMetric | null;
  readonly p: number | null;
  readonly alpha: number | null;
  readonly kappa: number | null;
  readonly centreSigma: number | null;
  readonly neighbours: number | null;
  readonly originalOwnClassSearch: boolean;
  /**
   * File-name tag: `izif_a0.5`, `pairwise_a1`, `distance_cosine_a1`, `distance_minkowski_p3_a0.5`, `afs_n5`,
   * `als_n5_ownclass`, `hue-spread`; `_kappa<k>` is appended when kappa is not 1, `_c<sigma>` with a centre weight.
   */
  readonly tag: string;
}

/**
 * Checks a spec and fills in its defaults and tag.
 *
 * @throws {RangeError} for an unknown method or metric, a metric or option given to a method it does not apply to,
 *   weights that are not finite and >= 0 (or both 0), or neighbours that are not a positive integer.
 */
export function resolveScoreSpec(spec: ScoreSpec): ResolvedScoreSpec {
  const method = spec.method;
  if (!(Object.values(ScoreMethod) as string[]).includes(method)) {
    throw new RangeError(
      `Unknown score method '${String(method)}', expected one of ${Object.values(ScoreMethod).join(", ")}`,
    );
  }
  const weighted = method === "izif" || method === "distance" || method === "pairwise";
  const searching = method === "afs" || method === "als";
  const refuse = (option: string, applies: string) => {
    throw new RangeError(`Option '${option}' does not apply to the '${method}' score (only to ${applies})`);
  };
  if (spec.metric !== undefined && method !== "distance") refuse("metric", "distance");
  if (spec.p !== undefined && method !== "distance") refuse("p", "distance with minkowski");
  if ((spec.alpha !== undefined || spec.kappa !== undefined) && !weighted)
    refuse("alpha/kappa", "izif, distance, pairwise");
  if (spec.centreSigma !== undefined && method !== "izif" && method !== "pairwise")
    refuse("centreSigma", "izif, pairwise");
  if ((spec.neighbours !== undefined || spec.originalOwnClassSearch !== undefined) && !searching) {
    refuse("neighbours/originalOwnClassSearch", "afs, als");
  }
  let metric: DistanceMetric | null = null;
  let p: number | null = null;
  if (method === "distance") {
    if (spec.metric === undefined)
      throw new RangeError("The 'distance' score needs a metric, e.g. 'manhattan'");
    metric = resolveMetric(spec.metric);
    if (spec.p !== undefined && metric !== "minkowski") refuse("p", "distance with minkowski");
    if (metric === "minkowski") {
      p = spec.p ?? 2;
      if (!(p >= 1) || !Number.isFinite(p))
        throw new RangeError(`Minkowski p must be a finite number >= 1, got '${p}'`);
    }
  }
  let alpha: number | null = null;
  let kappa: number | null = null;
  if (weighted) {
    alpha = spec.alpha ?? 1;
    kappa = spec.kappa ?? 1;
    for (const [name, v] of [
      ["alpha", alpha],
      ["kappa", kappa],
    ] as const) {
      if (!(v >= 0) || !Number.isFinite(v))
        throw new RangeError(`Weight ${name} must be a finite number >= 0, got '${v}'`);
    }
    if (alpha === 0 && kappa === 0) throw new RangeError("Weights alpha and kappa must not both be 0");
  }
  const centreSigma = spec.centreSigma ?? null;
  if (centreSigma !== null && !(centreSigma > 0 && Number.isFinite(centreSigma)))
    throw new RangeError(
      `Centre sigma must be a finite number > 0 (a fraction of the image side), got '${centreSigma}'`,
    );
  let neighbours: number | null = null;
  const own = spec.originalOwnClassSearch ?? false;
  if (searching) {
    neighbours = spec.neighbours ?? 5;
    if (!Number.isInteger(neighbours) || neighbours < 1) {
      throw new RangeError(`Neighbours must be a positive integer, got '${neighbours}'`);
    }
  }
  let tag: string;
  if (weighted) {
    const head = method === "distance" ? `distance_${metric}${p === null ? "" : `_p${p}`}` : method;
    tag = `${head}_a${alpha}${kappa === 1 ? "" : `_kappa${kappa}`}${centreSigma === null ? "" : `_c${centreSigma}`}`;
  } else if (searching) {
    tag = `${method}_n${neighbours}${own ? "_ownclass" : ""}`;
  } else {
    tag = method;
  }
  return { method, metric, p, alpha, kappa, centreSigma, neighbours, originalOwnClassSearch: own, tag };
}

/**
 * The spec a score sheet's `meta` records (as `scoreReconstructionSet` writes it: `method`, `metric`, `p`, `alpha`,
 * `kappa`, `centre_sigma`, `neighbours`, `neighbour_search`; empty values for what does not apply), so that a calibration fitted on
 * a sheet says which score it thresholds.
 *
 * @throws {RangeError} when the meta names no method, or values that are not a valid spec
 */
export function specFromMeta(meta: Readonly<Record<string, string>>): ResolvedScoreSpec {
  const method = meta["method"];
  if (method === undefined || method === "") {
    throw new RangeError(
      "The sheet's meta names no score method (a sheet from elsewhere cannot say what it scores)",
    );
  }
  const number = (key: string): number | undefined => {
    const text = meta[key];
    if (text === undefined || text === "") return undefined;
    const v = Number(text);
    if (!Number.isFinite(v)) throw new RangeError(`The sheet's meta has ${key} '${text}', not a number`);
    return v;
  };
  const metric = meta["metric"];
  const p = number("p");
  const alpha = number("alpha");
  const kappa = number("kappa");
  const centreSigma = number("centre_sigma");
  const neighbours = number("neighbours");
  const own = (meta["neighbour_search"] ?? "").startsWith("own class");
  return resolveScoreSpec({
    method: method as ScoreMethod,
    ...(metric === undefined || metric === "" ? {} : { metric }),
    ...(p === undefined ? {} : { p }),
    ...(alpha === undefined ? {} : { alpha }),
    ...(kappa === undefined ? {} : { kappa }),
    ...(centreSigma === undefined ? {} : { centreSigma }),
    ...(neighbours === undefined ? {} : { neighbours }),
    ...(own ? { originalOwnClassSearch: true } : {}),
  });
}
