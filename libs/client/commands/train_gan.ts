import type { AugmentMode, StartGanTrainingRequest, TrainingBackend } from "@dermanomaly/contracts";
import { type Command, UsageError } from "../cli.ts";
import { choice, location, optionalInt, optionalNumber, requireString } from "./_args.ts";
import { runJob } from "./_job.ts";
import { printLastSnapshot, printSnapshots } from "./_outputs.ts";

type Values = Parameters<Command["run"]>[0];

const AUGMENTS: Record<string, AugmentMode> = {
  ada: "AUGMENT_MODE_ADA",
  fixed: "AUGMENT_MODE_FIXED",
  noaug: "AUGMENT_MODE_NOAUG",
};

const BACKENDS: Record<string, TrainingBackend> = {
  auto: "TRAINING_BACKEND_AUTO",
  "tensorflow-gpu": "TRAINING_BACKEND_TENSORFLOW_GPU",
  tensorflow: "TRAINING_BACKEND_TENSORFLOW",
  wasm: "TRAINING_BACKEND_WASM",
  cpu: "TRAINING_BACKEND_CPU",
};

/**
 * The `StartGanTrainingRequest` that `train-gan` options describe (train.py's option names; values left out keep
 * the service's train.py defaults).
 *
 * @throws {UsageError} for a missing `--data`/`--outdir`/`--batch` or a malformed value
 */
export function trainGanRequest(values: Values): StartGanTrainingRequest {
  const batch = optionalInt(values, "batch");
  if (batch === undefined || batch === 0) throw new UsageError("--batch is required, e.g. --batch 16");
  const cfg = String(values["cfg"] ?? "stylegan2");
  if (cfg !== "stylegan2")
    throw new UsageError(`--cfg must be stylegan2 (the only one implemented), got "${cfg}"`);
  const gamma = optionalNumber(values, "gamma");
  const p = optionalNumber(values, "p");
  const resume = typeof values["resume"] === "string" ? values["resume"] : undefined;
  const seed = optionalInt(values, "seed");
  return {
    requestId: typeof values["request-id"] === "string" ? values["request-id"] : "",
    dataset: location(requireString(values, "data")),
    outdir: location(requireString(values, "outdir")),
    cfg: "GAN_CONFIG_STYLEGAN2",
    batch,
    batchGpu: optionalInt(values, "batch-gpu") ?? 0,
    mbstdGroup: optionalInt(values, "mbstd-group") ?? 0,
    mapDepth: optionalInt(values, "map-depth") ?? 0,
    glr: optionalNumber(values, "glr") ?? 0,
    dlr: optionalNumber(values, "dlr") ?? 0,
    cbase: optionalInt(values, "cbase") ?? 0,
    cmax: optionalInt(values, "cmax") ?? 0,
    kimg: optionalNumber(values, "kimg") ?? 0,
    tick: optionalNumber(values, "tick") ?? 0,
    snap: optionalInt(values, "snap") ?? 0,
    mirror: values["mirror"] === true,
    aug: choice(values, "aug", AUGMENTS),
    target: optionalNumber(values, "target") ?? 0,
    seed: seed ?? 0,
    desc: typeof values["desc"] === "string" ? values["desc"] : "",
    backend: choice(values, "backend", BACKENDS),
    ...(gamma !== undefined && { gamma }),
    ...(p !== undefined && { p }),
    ...(resume !== undefined && { resume: location(resume) }),
  };
}

/** `train-gan`: StyleGAN2-ADA training through the gan-trainer service, with a progress bar. */
export const trainGan: Command = {
  path: ["train-gan"],
  summary:
    "Train a StyleGAN2-ADA generator on a data set (as train.py --cfg=stylegan2) through the gan-trainer service",
  usage:
    "--data DATASET --outdir DIR|key:KEY --batch N [--batch-gpu N] [--mbstd-group G] [--gamma G] [--cfg stylegan2] " +
    "[--map-depth D] [--glr LR] " +
    "[--dlr LR] [--cbase C] [--cmax M] [--kimg K] [--tick T] [--snap S] [--aug ada|fixed|noaug] [--target T] " +
    "[--p P] [--mirror] [--resume CKPT|FILE.pkl] [--seed N] [--desc TEXT] [--backend auto|tensorflow-gpu|" +
    "tensorflow|wasm|cpu] [--request-id ID]",
  options: {
    data: { type: "string" },
    outdir: { type: "string" },
    cfg: { type: "string", default: "stylegan2" },
    batch: { type: "string" },
    "batch-gpu": { type: "string" },
    "mbstd-group": { type: "string" },
    gamma: { type: "string" },
    "map-depth": { type: "string" },
    glr: { type: "string" },
    dlr: { type: "string" },
    cbase: { type: "string" },
    cmax: { type: "string" },
    kimg: { type: "string" },
    tick: { type: "string" },
    snap: { type: "string" },
    aug: { type: "string", default: "ada" },
    target: { type: "string" },
    p: { type: "string" },
    mirror: { type: "boolean", default: false },
    resume: { type: "string" },
    seed: { type: "string" },
    desc: { type: "string" },
    backend: { type: "string", default: "auto" },
    "request-id": { type: "string" },
  },
  async run(values) {
    const request = trainGanRequest(values);
    const snapshot = /network-snapshot-[\d.]+\.safetensors$/;
    return runJob("gan-trainer", {
      start: (client, done) => client.StartTraining(request, done),
      // A path --outdir gets a copy of every file of the run (train.py's run folder).
      results: request.outdir?.path === undefined ? "store" : "delivered",
      follow: { show: ["kimg", "sec_per_kimg", "loss_g", "loss_d", "augment_p"] },
      onFailure: (ended) => printLastSnapshot(ended, snapshot),
      async report(ended) {
        console.log(`kimg: ${ended.last.done / 1000}`);
        await printSnapshots(ended, { pattern: snapshot, label: "snapshots written" });
        return 0;
      },
    });
  },
};
