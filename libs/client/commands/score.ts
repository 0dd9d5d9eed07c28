import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import type {
  DistanceMetric,
  Location,
  ScoreMethod,
  ScoreSpec,
  StartScoringRequest,
} from "@dermanomaly/contracts";
import { type Command, UsageError } from "../cli.ts";
import { location, optionalInt, optionalNumber, parseClassMap, requireString } from "./_args.ts";
import { runJob } from "./_job.ts";
import { storedName } from "./_outputs.ts";

type Values = Parameters<Command["run"]>[0];

const METHODS: Record<string, ScoreMethod> = {
  izif: "SCORE_METHOD_IZIF",
  distance: "SCORE_METHOD_DISTANCE",
  pairwise: "SCORE_METHOD_PAIRWISE",
  afs: "SCORE_METHOD_AFS",
  als: "SCORE_METHOD_ALS",
  "hue-spread": "SCORE_METHOD_HUE_SPREAD",
};

// scikit-learn's metric names and aliases.
const METRICS: Record<string, DistanceMetric> = {
  manhattan: "DISTANCE_METRIC_MANHATTAN",
  cityblock: "DISTANCE_METRIC_MANHATTAN",
  l1: "DISTANCE_METRIC_MANHATTAN",
  cosine: "DISTANCE_METRIC_COSINE",
  euclidean: "DISTANCE_METRIC_EUCLIDEAN",
  l2: "DISTANCE_METRIC_EUCLIDEAN",
  sqeuclidean: "DISTANCE_METRIC_SQEUCLIDEAN",
  chebyshev: "DISTANCE_METRIC_CHEBYSHEV",
  braycurtis: "DISTANCE_METRIC_BRAYCURTIS",
  canberra: "DISTANCE_METRIC_CANBERRA",
  correlation: "DISTANCE_METRIC_CORRELATION",
  minkowski: "DISTANCE_METRIC_MINKOWSKI",
};

const WEIGHTED = new Set(["izif", "distance", "pairwise"]);
const SEARCHING = new Set(["afs", "als"]);
const CENTRED = new Set(["izif", "pairwise"]);

function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === "string" ? v : undefined;
}

/** The values of an option that may be given several times. */
export function strings(values: Values, key: string): string[] {
  const v = values[key];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** The options {@linkcode scoreSpecs} reads (but `--own-class`, for set scoring only), for every command that scores. */
export const SCORE_SPEC_OPTIONS = {
  method: { type: "string", multiple: true },
  metric: { type: "string" },
  p: { type: "string" },
  alpha: { type: "string" },
  kappa: { type: "string" },
  "centre-sigma": { type: "string" },
  neighbours: { type: "string" },
} as const satisfies Command["options"];

/**
 * The score specs the options describe: one per `--method`, each taking the options that apply to it (`--metric`
 * and `--p` for distance, `--alpha` and `--kappa` for izif, distance and pairwise, `--centre-sigma` for izif and
 * pairwise, `--neighbours` and `--own-class`
 * for afs and als), so `--method izif --method pairwise --alpha 0.5` asks for both at alpha 0.5. Numbers pass
 * through as given: the service checks them with the scoring library's rules.
 */
export function scoreSpecs(values: Values): ScoreSpec[] {
  const metricName = str(values, "metric");
  const metric = metricName === undefined ? undefined : METRICS[metricName.toLowerCase()];
  if (metricName !== undefined && metric === undefined) {
    throw new UsageError(`--metric must be one of ${Object.keys(METRICS).join(", ")}, got "${metricName}"`);
  }
  const p = optionalNumber(values, "p");
  const alpha = optionalNumber(values, "alpha");
  const kappa = optionalNumber(values, "kappa");
  const centreSigma = optionalNumber(values, "centre-sigma");
  const neighbours = optionalInt(values, "neighbours");
  const own = values["own-class"] === true;
  const methods = strings(values, "method");
  if (methods.length === 0 && (metric ?? p ?? alpha ?? kappa ?? centreSigma ?? neighbours) !== undefined) {
    throw new UsageError(
      "--metric, --p, --alpha, --kappa, --centre-sigma and --neighbours go with a --method",
    );
  }
  if (centreSigma !== undefined && !methods.some((m) => CENTRED.has(m))) {
    throw new UsageError("--centre-sigma goes with --method izif or pairwise");
  }
  if (metric !== undefined && !methods.includes("distance")) {
    throw new UsageError("--metric goes with --method distance");
  }
  return methods.map((name) => {
    const method = METHODS[name];
    if (method === undefined) {
      throw new UsageError(`--method must be one of ${Object.keys(METHODS).join(", ")}, got "${name}"`);
    }
    if (name === "distance" && metric === undefined) {
      throw new UsageError("--method distance needs a --metric, e.g. manhattan");
    }
    return {
      method,
      ...(name === "distance" && metric !== undefined ? { metric, ...(p === undefined ? {} : { p }) } : {}),
      ...(WEIGHTED.has(name) && alpha !== undefined ? { alpha } : {}),
      ...(WEIGHTED.has(name) && kappa !== undefined ? { kappa } : {}),
      ...(CENTRED.has(name) && centreSigma !== undefined ? { centreSigma } : {}),
      ...(SEARCHING.has(name) && neighbours !== undefined ? { neighbours } : {}),
      ...(SEARCHING.has(name) && own ? { originalOwnClassSearch: true } : {}),
    };
  });
}

/** Where the sheets go: a single `.xlsx` file (written through a folder beside it), a folder, or a store key. */
export type SheetsDestination =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "folder"; readonly path: string }
  | { readonly kind: "key"; readonly key: string };

/** The `--out` of `score`: `FILE.xlsx` for one score, a folder, or `key:PREFIX/`. */
export function sheetsDestination(out: string, scores: number): SheetsDestination {
  if (out.startsWith("key:")) return { kind: "key", key: out.slice(4) };
  if (extname(out).toLowerCase() === ".xlsx") {
    if (scores !== 1) {
      throw new UsageError(
        `--out ${out} is one sheet: give exactly one --method, or a folder to write one sheet per score`,
      );
    }
    return { kind: "file", path: resolve(out) };
  }
  return { kind: "folder", path: resolve(out) };
}

/** The `StartScoring` request the options describe, with the service's output location. */
export function scoringRequest(values: Values, output: Location): StartScoringRequest {
  const classMap = str(values, "class-map");
  const reference = str(values, "reference-latents");
  const generator = str(values, "generator");
  const discriminator = str(values, "discriminator");
  return {
    requestId: str(values, "request-id") ?? "",
    reconstruction: location(requireString(values, "reconstruction")),
    scores: scoreSpecs(values),
    classMap: classMap === undefined ? {} : parseClassMap(classMap),
    ...(reference === undefined ? {} : { referenceLatents: location(reference) }),
    ...(generator === undefined ? {} : { generator: location(generator) }),
    ...(discriminator === undefined ? {} : { discriminator: location(discriminator) }),
    batchSize: optionalInt(values, "batch") ?? 0,
    output,
  };
}

/** `score`: anomaly scores of a reconstruction set through the scorer service, one sheet per score. */
export const score: Command = {
  path: ["score"],
  summary: "Score a reconstruction set (izif, distances, pairwise, afs, als, hue-spread) into score sheets",
  usage:
    "--reconstruction DIR|key:PREFIX --method izif|distance|pairwise|afs|als|hue-spread [--method ...] " +
    "[--metric manhattan] [--p P] [--alpha A] [--kappa K] [--centre-sigma S] [--neighbours N] [--own-class] " +
    "[--reference-latents latent_vectors.csv] [--generator G.onnx --discriminator D.onnx] [--class-map NEV=0,MEL=1] " +
    "[--batch N] --out scores.xlsx|DIR|key:PREFIX/ [--request-id ID]",
  options: {
    reconstruction: { type: "string" },
    ...SCORE_SPEC_OPTIONS,
    "own-class": { type: "boolean", default: false },
    "reference-latents": { type: "string" },
    generator: { type: "string" },
    discriminator: { type: "string" },
    "class-map": { type: "string" },
    batch: { type: "string" },
    out: { type: "string" },
    "request-id": { type: "string" },
  },
  async run(values) {
    const out = requireString(values, "out");
    const specs = scoreSpecs(values);
    // No --method: the service's defaults (izif, pairwise and the hue-spread baseline), so one file cannot hold them.
    const dest = sheetsDestination(out, specs.length === 0 ? 3 : specs.length);
    const staging =
      dest.kind === "file"
        ? join(dirname(dest.path), `.${basename(dest.path)}.${randomBytes(6).toString("hex")}.tmp`)
        : undefined;
    const output: Location =
      dest.kind === "key" ? { key: dest.key } : { path: staging ?? (dest as { path: string }).path };
    const request = scoringRequest(values, output);
    try {
      return await runJob("scorer", {
        start: (client, done) => client.StartScoring(request, done),
        // A file or folder --out gets every sheet; a key leaves them in the store alone.
        results: dest.kind === "key" ? "store" : "delivered",
        follow: { show: ["scored"] },
        async report({ last }) {
          if (dest.kind === "file" && staging !== undefined) {
            const [xlsx, csv] = last.outputs.map((o) => storedName(o.uri));
            await mkdir(dirname(dest.path), { recursive: true });
            await rename(join(staging, xlsx as string), dest.path);
            await rename(join(staging, csv as string), dest.path.slice(0, -".xlsx".length) + ".csv");
            console.log(`sheet: ${dest.path} (${last.metrics["scored"] ?? 0} rows)`);
          } else {
            for (const o of last.outputs) {
              const name = storedName(o.uri);
              console.log(`sheet: ${dest.kind === "folder" ? join(dest.path, name) : o.uri}`);
            }
          }
          if ((last.metrics["left_out"] ?? 0) > 0) {
            console.log(`left out: ${last.metrics["left_out"]} images of classes outside the class map`);
          }
          return 0;
        },
      });
    } finally {
      if (staging !== undefined) await rm(staging, { recursive: true, force: true });
    }
  },
};
