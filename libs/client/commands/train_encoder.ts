import type {
  EncoderLoss,
  EncoderPreset,
  NoiseMode,
  StartEncoderTrainingRequest,
  TrainingBackend,
  TrainingGenerator,
} from "@dermanomaly/contracts";
import { type Command, UsageError } from "../cli.ts";
import { choice, location, optionalInt, optionalNumber, requireString } from "./_args.ts";
import { runJob } from "./_job.ts";
import { printLastSnapshot, printSnapshots } from "./_outputs.ts";

type Values = Parameters<Command["run"]>[0];

const LOSSES: Record<string, EncoderLoss> = {
  izif: "ENCODER_LOSS_IZIF",
  izi: "ENCODER_LOSS_IZI",
  ziz: "ENCODER_LOSS_ZIZ",
};

const PRESETS: Record<string, EncoderPreset> = {
  paper: "ENCODER_PRESET_PAPER",
  small: "ENCODER_PRESET_SMALL",
  tiny: "ENCODER_PRESET_TINY",
};

const GENERATORS: Record<string, TrainingGenerator> = {
  G_ema: "TRAINING_GENERATOR_G_EMA",
  G: "TRAINING_GENERATOR_G",
};

const NOISE_MODES: Record<string, NoiseMode> = {
  const: "NOISE_MODE_CONST",
  random: "NOISE_MODE_RANDOM",
  none: "NOISE_MODE_NONE",
};

const BACKENDS: Record<string, TrainingBackend> = {
  auto: "TRAINING_BACKEND_AUTO",
  "tensorflow-gpu": "TRAINING_BACKEND_TENSORFLOW_GPU",
  tensorflow: "TRAINING_BACKEND_TENSORFLOW",
  wasm: "TRAINING_BACKEND_WASM",
  cpu: "TRAINING_BACKEND_CPU",
};

/**
 * The `StartEncoderTrainingRequest` that `train-encoder` options describe (values left out keep the service's
 * defaults, the original's; numbers pass through as given, for the service to check with the library's rules).
 *
 * @throws {UsageError} for a missing `--gan`/`--data`/`--outdir`/`--epochs` or a malformed value
 */
export function trainEncoderRequest(values: Values): StartEncoderTrainingRequest {
  const epochs = optionalInt(values, "epochs");
  if (epochs === undefined || epochs === 0) throw new UsageError("--epochs is required, e.g. --epochs 1000");
  const alpha = optionalNumber(values, "alpha");
  const kappa = optionalNumber(values, "kappa");
  const snap = optionalInt(values, "snap");
  const resume = typeof values["resume"] === "string" ? values["resume"] : undefined;
  return {
    requestId: typeof values["request-id"] === "string" ? values["request-id"] : "",
    gan: location(requireString(values, "gan")),
    dataset: location(requireString(values, "data")),
    outdir: location(requireString(values, "outdir")),
    epochs,
    batch: optionalInt(values, "batch") ?? 0,
    batchGpu: optionalInt(values, "batch-gpu") ?? 0,
    lr: optionalNumber(values, "lr") ?? 0,
    loss: choice(values, "loss", LOSSES),
    preset: values["preset"] === undefined ? "ENCODER_PRESET_UNSPECIFIED" : choice(values, "preset", PRESETS),
    generator: choice(values, "generator", GENERATORS),
    noiseMode: choice(values, "noise-mode", NOISE_MODES),
    keepSnapshots: optionalInt(values, "keep") ?? 0,
    seed: optionalInt(values, "seed") ?? 0,
    backend: choice(values, "backend", BACKENDS),
    ...(alpha !== undefined && { alpha }),
    ...(kappa !== undefined && { kappa }),
    ...(snap !== undefined && { snapshotEvery: snap }),
    ...(resume !== undefined && { resume: location(resume) }),
  };
}

/** `train-encoder`: izif encoder training against a GAN through the encoder-trainer service, with a progress bar. */
export const trainEncoder: Command = {
  path: ["train-encoder"],
  summary:
    "Train the izif encoder against a GAN checkpoint's frozen generator and discriminator (f-AnoGAN's " +
    "train_encoder.py) through the encoder-trainer service",
  usage:
    "--gan CKPT|FILE.pkl|key:KEY --data DATASET --outdir DIR|key:KEY --epochs N [--batch 16] [--batch-gpu N] " +
    "[--lr 1e-4] [--alpha 1] [--kappa 1] [--loss izif|izi|ziz] [--preset paper|small|tiny] [--generator G_ema|G] " +
    "[--noise-mode const|random|none] [--snap 30] [--keep 3] [--seed N] [--resume ENCODER] " +
    "[--backend auto|tensorflow-gpu|tensorflow|wasm|cpu] [--request-id ID]",
  options: {
    gan: { type: "string" },
    data: { type: "string" },
    outdir: { type: "string" },
    epochs: { type: "string" },
    batch: { type: "string" },
    "batch-gpu": { type: "string" },
    lr: { type: "string" },
    alpha: { type: "string" },
    kappa: { type: "string" },
    loss: { type: "string", default: "izif" },
    preset: { type: "string" },
    generator: { type: "string", default: "G_ema" },
    "noise-mode": { type: "string", default: "const" },
    snap: { type: "string" },
    keep: { type: "string" },
    seed: { type: "string" },
    resume: { type: "string" },
    backend: { type: "string", default: "auto" },
    "request-id": { type: "string" },
  },
  async run(values) {
    const request = trainEncoderRequest(values);
    const snapshot = /encoder-[\d.]+\.safetensors$/;
    return runJob("encoder-trainer", {
      start: (client, done) => client.StartTraining(request, done),
      // A path --outdir gets a copy of every file of the run, as the original's output folder.
      results: request.outdir?.path === undefined ? "store" : "delivered",
      follow: { show: ["epoch", "loss", "images_per_sec"] },
      onFailure: (ended) => printLastSnapshot(ended, snapshot),
      async report(ended) {
        console.log(`epochs: ${ended.last.metrics["epoch"] ?? 0}`);
        console.log(`loss: ${ended.last.metrics["epoch_loss"] ?? 0}`);
        await printSnapshots(ended, { pattern: snapshot, label: "snapshots kept" });
        return 0;
      },
    });
  },
};
