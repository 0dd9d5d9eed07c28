import {
  type CalibrateRequest__Output,
  Code,
  type DistanceMetric__Output,
  type ScoreMethod__Output,
  type ScoreSpec,
  type ScoreSpec__Output,
  type StartScoringRequest__Output,
  StatusError,
  type Calibration as WireCalibration,
} from "@dermanomaly/contracts";
import { asInvalidArgument } from "@dermanomaly/runtime";
import {
  type Calibration,
  calibrationTag,
  checkClassMap,
  type ScoreMethod as DomainMethod,
  type ScoreSpec as DomainSpec,
  needsImagePixels,
  type ResolvedScoreSpec,
  resolveScoreSpec,
} from "@dermanomaly/scoring";

const METHODS: Record<ScoreMethod__Output, DomainMethod | undefined> = {
  SCORE_METHOD_UNSPECIFIED: undefined,
  SCORE_METHOD_IZIF: "izif",
  SCORE_METHOD_DISTANCE: "distance",
  SCORE_METHOD_PAIRWISE: "pairwise",
  SCORE_METHOD_AFS: "afs",
  SCORE_METHOD_ALS: "als",
  SCORE_METHOD_HUE_SPREAD: "hue-spread",
};

const METRICS: Record<DistanceMetric__Output, string | undefined> = {
  DISTANCE_METRIC_UNSPECIFIED: undefined,
  DISTANCE_METRIC_MANHATTAN: "manhattan",
  DISTANCE_METRIC_COSINE: "cosine",
  DISTANCE_METRIC_EUCLIDEAN: "euclidean",
  DISTANCE_METRIC_SQEUCLIDEAN: "sqeuclidean",
  DISTANCE_METRIC_CHEBYSHEV: "chebyshev",
  DISTANCE_METRIC_BRAYCURTIS: "braycurtis",
  DISTANCE_METRIC_CANBERRA: "canberra",
  DISTANCE_METRIC_CORRELATION: "correlation",
  DISTANCE_METRIC_MINKOWSKI: "minkowski",
};

/** The scores of a request that names none: the method's score, the original's best, and the colour baseline. */
export const DEFAULT_SCORES: readonly DomainSpec[] = [
  { method: "izif", alpha: 1 },
  { method: "pairwise", alpha: 0.5 },
  { method: "hue-spread" },
];

/** Most latents one afs run of G and D takes. */
export const MAX_BATCH_SIZE = 256;

/** A wire spec as the scoring library's spec: zero values and unset fields are "not given". */
export function domainSpec(spec: ScoreSpec__Output, index = 0): DomainSpec {
  const method = METHODS[spec.method];
  if (method === undefined) throw new RangeError(`Score ${index + 1} has no method`);
  const metric = METRICS[spec.metric];
  return {
    method,
    ...(metric === undefined ? {} : { metric }),
    ...(spec.p === 0 ? {} : { p: spec.p }),
    ...(spec.alpha === undefined ? {} : { alpha: spec.alpha }),
    ...(spec.kappa === undefined ? {} : { kappa: spec.kappa }),
    ...(spec.centreSigma === 0 ? {} : { centreSigma: spec.centreSigma }),
    ...(spec.neighbours === 0 ? {} : { neighbours: spec.neighbours }),
    ...(spec.originalOwnClassSearch ? { originalOwnClassSearch: true } : {}),
  };
}

/** A resolved spec on the wire, every default filled in (options that do not apply left at their zero value). */
export function wireSpec(spec: ResolvedScoreSpec): ScoreSpec {
  const method = (Object.keys(METHODS) as ScoreMethod__Output[]).find((k) => METHODS[k] === spec.method);
  const metric = (Object.keys(METRICS) as DistanceMetric__Output[]).find((k) => METRICS[k] === spec.metric);
  return {
    method: method ?? "SCORE_METHOD_UNSPECIFIED",
    metric: metric ?? "DISTANCE_METRIC_UNSPECIFIED",
    p: spec.p ?? 0,
    ...(spec.alpha === null ? {} : { alpha: spec.alpha }),
    ...(spec.kappa === null ? {} : { kappa: spec.kappa }),
    centreSigma: spec.centreSigma ?? 0,
    neighbours: spec.neighbours ?? 0,
    originalOwnClassSearch: spec.originalOwnClassSearch,
  };
}

/** The domain options of a scoring job, converted from the wire request and checked. */
export interface ScoringSettings {
  /** The specs as the library takes them, in the request's order. */
  readonly specs: readonly DomainSpec[];
  /** The same, resolved (defaults and tags). */
  readonly resolved: readonly ResolvedScoreSpec[];
  /** Class folder -> 0 normal, 1 anomalous. */
  readonly classMap: Readonly<Record<string, 0 | 1>>;
  /** Latents per afs run of G and D. */
  readonly batchSize: number;
  /** ONNX Runtime execution provider for afs; undefined = the service's default. */
  readonly provider: "cpu" | "cuda" | undefined;
  /** Whether a spec searches reference latents (afs or als without the own-class search). */
  readonly needsReference: boolean;
  /** Whether a spec runs G and D (afs with reference latents). */
  readonly needsModels: boolean;
  /**
   * Which image folders of the set the scores read: inputs (distances and centre-weighted terms with alpha > 0,
   * hue-spread), reconstructions.
   */
  readonly images: { readonly input: boolean; readonly reconstruction: boolean };
}

/**
 * Converts a `StartScoringRequest` into {@linkcode ScoringSettings}, with the scoring library's own checks.
 *
 * @throws {StatusError} INVALID_ARGUMENT for a score the library refuses (named by its position), a score asked for
 * twice, a bad class map or batch size
 */
export function scoringSettings(request: StartScoringRequest__Output): ScoringSettings {
  return asInvalidArgument(() => {
    const specs = request.scores.length === 0 ? DEFAULT_SCORES : request.scores.map(domainSpec);
    const resolved = specs.map((spec, k) => {
      try {
        return resolveScoreSpec(spec);
      } catch (err) {
        if (err instanceof RangeError) throw new RangeError(`Score ${k + 1}: ${err.message}`, { cause: err });
        throw err;
      }
    });
    const tags = new Set<string>();
    for (const r of resolved) {
      if (tags.has(r.tag)) throw new RangeError(`Score '${r.tag}' is asked for twice`);
      tags.add(r.tag);
    }
    const classMap = checkClassMap(Object.keys(request.classMap).length === 0 ? undefined : request.classMap);
    const batchSize = request.batchSize || 16;
    if (batchSize > MAX_BATCH_SIZE) {
      throw new RangeError(`Batch size must be at most ${MAX_BATCH_SIZE}, got '${batchSize}'`);
    }
    const searching = resolved.filter(
      (r) => (r.method === "afs" || r.method === "als") && !r.originalOwnClassSearch,
    );
    return {
      specs,
      resolved,
      classMap,
      batchSize,
      provider:
        request.executionProvider === "EXECUTION_PROVIDER_CPU"
          ? "cpu"
          : request.executionProvider === "EXECUTION_PROVIDER_CUDA"
            ? "cuda"
            : undefined,
      needsReference: searching.length > 0,
      needsModels: searching.some((r) => r.method === "afs"),
      images: {
        input: resolved.some((r) => r.method === "hue-spread" || needsImagePixels(r)),
        reconstruction: resolved.some(needsImagePixels),
      },
    };
  });
}

/** A calibration on the wire. */
export function wireCalibration(calibration: Calibration): WireCalibration {
  return {
    threshold: calibration.threshold,
    thresholdNormalised: calibration.thresholdNormalised,
    quantile: calibration.quantile,
    normMin: calibration.normalisation.min,
    normMax: calibration.normalisation.max,
    count: calibration.count,
    tag: calibrationTag(calibration),
    method: calibration.sheet["method"] ?? "",
    sheet: { ...calibration.sheet },
    source: calibration.source,
  };
}

/**
 * The quantile of a `CalibrateRequest` (0 = 0.95).
 *
 * @throws {StatusError} INVALID_ARGUMENT for a quantile outside (0, 1)
 */
export function calibrationQuantile(request: CalibrateRequest__Output): number {
  const q = request.quantile === 0 ? 0.95 : request.quantile;
  if (!(q > 0 && q < 1)) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `quantile must be in (0, 1), e.g. 0.95 (about 5% of normal images then called anomalous), got '${request.quantile}'`,
    );
  }
  return q;
}
