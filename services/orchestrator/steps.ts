import type { ArtifactRef } from "@dermanomaly/artifacts";
import type { Location, ServiceName, Stage__Output } from "@dermanomaly/contracts";
import { Code, StatusError } from "@dermanomaly/contracts";
import type { PipelineSpec } from "./options.ts";

/** The steps of a pipeline, in running order. */
export const STEP_NAMES = [
  "prepare_train",
  "prepare_holdout",
  "prepare_test",
  "train_gan",
  "train_encoder",
  "reconstruct_test",
  "reconstruct_holdout",
  "score_test",
  "score_holdout",
  "calibrate",
  "report",
] as const;

/** One of {@linkcode STEP_NAMES}. */
export type StepName = (typeof STEP_NAMES)[number];

/** A step of a planned pipeline. */
export interface PlannedStep {
  readonly name: StepName;
  readonly stage: Stage__Output;
  /** The service it calls. */
  readonly service: ServiceName;
  /** `job`: a `Start*` call whose job the pipeline follows; `call`: a synchronous call (calibration). */
  readonly kind: "job" | "call";
  /** Steps whose outputs it takes. */
  readonly needs: readonly StepName[];
}

const STAGES: Record<StepName, { stage: Stage__Output; service: ServiceName; kind: "job" | "call" }> = {
  prepare_train: { stage: "STAGE_PREPARE", service: "preprocess", kind: "job" },
  prepare_holdout: { stage: "STAGE_PREPARE", service: "preprocess", kind: "job" },
  prepare_test: { stage: "STAGE_PREPARE", service: "preprocess", kind: "job" },
  train_gan: { stage: "STAGE_TRAIN_GAN", service: "gan-trainer", kind: "job" },
  train_encoder: { stage: "STAGE_TRAIN_ENCODER", service: "encoder-trainer", kind: "job" },
  reconstruct_test: { stage: "STAGE_RECONSTRUCT", service: "reconstructor", kind: "job" },
  reconstruct_holdout: { stage: "STAGE_RECONSTRUCT", service: "reconstructor", kind: "job" },
  score_test: { stage: "STAGE_SCORE", service: "scorer", kind: "job" },
  score_holdout: { stage: "STAGE_SCORE", service: "scorer", kind: "job" },
  calibrate: { stage: "STAGE_CALIBRATE", service: "scorer", kind: "call" },
  report: { stage: "STAGE_REPORT", service: "reporter", kind: "job" },
};

/**
 * The steps a pipeline runs and what each waits for: the three preparations at once, GAN training (unless a GAN is
 * given), encoder training (unless an encoder is given), then reconstruction, scoring of the test set and of the
 * held-out naevi side by side, calibration on the held-out scores, and the report. Without a hold-out, the
 * held-out steps and the calibration are left out.
 */
export function planSteps(spec: PipelineSpec): PlannedStep[] {
  const holdout = spec.holdoutFraction > 0;
  const trainGan = spec.gan === undefined;
  const trainEncoder = spec.encoder === undefined;
  const models: StepName[] = [
    ...(trainGan ? ["train_gan" as const] : []),
    ...(trainEncoder ? ["train_encoder" as const] : []),
  ];
  const needs: Partial<Record<StepName, StepName[]>> = {};
  if (trainGan || trainEncoder) needs.prepare_train = [];
  if (holdout) needs.prepare_holdout = [];
  needs.prepare_test = [];
  if (trainGan) needs.train_gan = ["prepare_train"];
  if (trainEncoder) needs.train_encoder = ["prepare_train", ...(trainGan ? ["train_gan" as const] : [])];
  needs.reconstruct_test = ["prepare_test", ...models];
  // After the test set's: its models are exported to ONNX once, then found in the reconstructor's cache.
  if (holdout) needs.reconstruct_holdout = ["prepare_holdout", "reconstruct_test", ...models];
  needs.score_test = ["reconstruct_test"];
  if (holdout) {
    needs.score_holdout = ["reconstruct_holdout"];
    needs.calibrate = ["score_holdout"];
  }
  needs.report = ["score_test", "reconstruct_test", ...(holdout ? ["calibrate" as const] : [])];
  return STEP_NAMES.filter((n) => needs[n] !== undefined).map((name) => ({
    name,
    ...STAGES[name],
    needs: needs[name] ?? [],
  }));
}

/** The outputs of the finished steps, by step. */
export type StepOutputs = Readonly<Partial<Record<StepName, readonly ArtifactRef[]>>>;

/** The file name of an artifact (the last segment of its URI, decoded). */
export function fileName(ref: ArtifactRef): string {
  return decodeURIComponent(ref.uri.slice(ref.uri.lastIndexOf("/") + 1));
}

function missing(step: StepName, what: string): StatusError {
  return new StatusError(Code.INTERNAL, `Step ${step} succeeded but its outputs hold no ${what}`);
}

/** The first output of `step` whose file name matches. */
function find(outputs: StepOutputs, step: StepName, pattern: RegExp, what: string): ArtifactRef {
  const ref = (outputs[step] ?? []).find((o) => pattern.test(fileName(o)));
  if (ref === undefined) throw missing(step, what);
  return ref;
}

/** Named outputs of the stages, found in their jobs' outputs by file name. */
export const pick = {
  /** The data set zip of a preparation. */
  dataset: (o: StepOutputs, step: StepName) => find(o, step, /\.zip$/, "data set zip"),
  /** The last GAN snapshot (the gan-trainer lists snapshots newest first). */
  ganCheckpoint: (o: StepOutputs) =>
    find(o, "train_gan", /^network-snapshot-\d+(\.\d+)?\.safetensors$/, "network snapshot"),
  /** The last encoder weights (newest first). */
  encoder: (o: StepOutputs) => find(o, "train_encoder", /^encoder-[\d.]+\.safetensors$/, "encoder weights"),
  /** A reconstruction set (its tensors file, which names the set's folder). */
  set: (o: StepOutputs, step: StepName) =>
    find(o, step, /^reconstruction_set\.safetensors$/, "reconstruction set"),
  /** The score sheets (xlsx) of a scoring step, with their tags. */
  sheets: (o: StepOutputs, step: StepName): { tag: string; xlsx: ArtifactRef; csv?: ArtifactRef }[] => {
    const all = o[step] ?? [];
    const sheets = all
      .filter((r) => fileName(r).endsWith(".xlsx"))
      .map((xlsx) => {
        const tag = fileName(xlsx).slice(0, -".xlsx".length);
        const csv = all.find((r) => fileName(r) === `${tag}.csv`);
        return { tag, xlsx, ...(csv && { csv }) };
      });
    if (sheets.length === 0) throw missing(step, "score sheet");
    return sheets;
  },
  /** The calibrations (`calibration.json`) of the calibration step. */
  calibrations: (o: StepOutputs) => (o.calibrate ?? []).filter((r) => fileName(r) === "calibration.json"),
};

/** The tag of the naive colour baseline's sheet, which the report shows beside the methods. */
export const BASELINE_TAG = "hue-spread";

/** Where a location read by a step points: the artifact it names, for lineage. */
function artifactOf(location: Location | undefined): ArtifactRef | undefined {
  const ref = location?.artifact;
  return ref?.uri ? (ref as ArtifactRef) : undefined;
}

/** The models a step ran with (for lineage), by role. */
export function stepModels(
  step: StepName,
  spec: PipelineSpec,
  outputs: StepOutputs,
): { role: string; artifact: ArtifactRef }[] {
  const gan = () => (spec.gan ? artifactOf(spec.gan) : pick.ganCheckpoint(outputs));
  const encoder = () => (spec.encoder ? artifactOf(spec.encoder) : pick.encoder(outputs));
  const roles: [string, () => ArtifactRef | undefined][] = [];
  if (step === "train_encoder") roles.push(["gan", gan]);
  if (step.startsWith("reconstruct_")) roles.push(["gan", gan], ["encoder", encoder]);
  if (step === "train_gan" && spec.resume) roles.push(["resume", () => artifactOf(spec.resume)]);
  if (step === "train_encoder" && spec.baseEncoder)
    roles.push(["resume", () => artifactOf(spec.baseEncoder)]);
  return roles.flatMap(([role, get]) => {
    const artifact = get();
    return artifact ? [{ role, artifact }] : [];
  });
}

/**
 * The request of a job step: the stage's settings from the spec, with the links filled in (inputs from the
 * outputs of the steps it needs, outputs under the pipeline's root, a request id derived from the pipeline id and
 * the step, so that starting it again returns the same job).
 */
export function stepRequest(
  step: StepName,
  spec: PipelineSpec,
  context: { pipelineId: string; outputs: StepOutputs },
): Record<string, unknown> {
  const { outputs } = context;
  const requestId = `${context.pipelineId}.${step}`;
  const root = spec.root;
  const normal = Object.fromEntries(Object.entries(spec.classMap).filter(([, l]) => l === 0));
  const seeded = (section: Record<string, unknown>) => ({ seed: Number(section["seed"] ?? 0) || spec.seed });
  const gan = (): Location => spec.gan ?? { artifact: pick.ganCheckpoint(outputs) };
  const encoder = (): Location => spec.encoder ?? { artifact: pick.encoder(outputs) };
  const { prepare, trainGan, trainEncoder, reconstruct, score, report } = spec.stages;
  const split = (part: "SPLIT_PART_KEPT" | "SPLIT_PART_HELD_OUT") =>
    spec.holdoutFraction > 0 ? { split: { fraction: spec.holdoutFraction, seed: spec.seed, part } } : {};
  switch (step) {
    case "prepare_train":
    case "prepare_holdout":
    case "prepare_test": {
      const part = step.slice("prepare_".length);
      return {
        ...prepare,
        requestId,
        source: part === "test" ? spec.testSet : spec.trainSet,
        dest: { key: `${root}datasets/${part}.zip` },
        classMap: part === "test" ? { ...spec.classMap } : normal,
        ...(part === "train" && split("SPLIT_PART_KEPT")),
        ...(part === "holdout" && split("SPLIT_PART_HELD_OUT")),
      };
    }
    case "train_gan":
      return {
        ...trainGan,
        requestId,
        dataset: { artifact: pick.dataset(outputs, "prepare_train") },
        outdir: { key: `${root}gan/` },
        ...(spec.resume && { resume: spec.resume }),
        ...seeded(trainGan),
      };
    case "train_encoder":
      return {
        ...trainEncoder,
        requestId,
        dataset: { artifact: pick.dataset(outputs, "prepare_train") },
        gan: gan(),
        outdir: { key: `${root}encoder/` },
        ...(spec.baseEncoder && { resume: spec.baseEncoder }),
        ...seeded(trainEncoder),
      };
    case "reconstruct_test":
    case "reconstruct_holdout": {
      const part = step.slice("reconstruct_".length);
      return {
        ...reconstruct,
        requestId,
        source: { artifact: pick.dataset(outputs, `prepare_${part}` as StepName) },
        models: { ...(reconstruct["models"] as object | undefined), gan: gan(), encoder: encoder() },
        dest: { key: `${root}reconstructions/${part}/` },
        classMap: { ...spec.classMap },
      };
    }
    case "score_test":
    case "score_holdout": {
      const part = step.slice("score_".length);
      return {
        ...score,
        requestId,
        reconstruction: { artifact: pick.set(outputs, `reconstruct_${part}` as StepName) },
        classMap: { ...spec.classMap },
        output: { key: `${root}scores/${part}/` },
      };
    }
    case "report": {
      const sheets = pick.sheets(outputs, "score_test");
      const baseline = sheets.find((s) => s.tag === BASELINE_TAG);
      const calibrated = spec.holdoutFraction > 0;
      const rule = report["thresholdRule"];
      return {
        ...report,
        requestId,
        sheets: sheets
          .filter((s) => s !== baseline)
          .map((s) => ({ sheet: { artifact: s.xlsx }, tag: s.tag })),
        ...(baseline && { baseline: { sheet: { artifact: baseline.xlsx }, tag: baseline.tag } }),
        calibrations: calibrated ? pick.calibrations(outputs).map((artifact) => ({ artifact })) : [],
        reconstructionSets: [{ artifact: pick.set(outputs, "reconstruct_test") }],
        output: { key: `${root}report/` },
        title: String(report["title"] ?? "") || `dermanomaly report: ${spec.name}`,
        // Without held-out naevi there is nothing to calibrate on: the original's median rule then.
        ...(!calibrated &&
          rule === "THRESHOLD_RULE_CALIBRATED" && { thresholdRule: "THRESHOLD_RULE_MEDIAN" }),
        ...seeded(report),
      };
    }
    case "calibrate":
      throw new TypeError("calibrate is a synchronous step: see calibrationRequests()");
  }
}

/** The `Calibrate` requests of the calibration step: one per held-out sheet. */
export function calibrationRequests(spec: PipelineSpec, outputs: StepOutputs): Record<string, unknown>[] {
  return pick.sheets(outputs, "score_holdout").map((sheet) => ({
    scores: { artifact: sheet.xlsx },
    quantile: spec.calibrationQuantile,
    output: { key: `${spec.root}calibration/${sheet.tag}/calibration.json` },
  }));
}
