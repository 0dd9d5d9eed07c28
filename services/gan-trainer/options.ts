import {
  Code,
  type StartGanTrainingRequest__Output,
  StatusError,
  type TrainingBackend__Output,
} from "@dermanomaly/contracts";
import type { AugmentMode, TrainingOptions } from "@dermanomaly/gan/training";
import type { BackendName } from "@dermanomaly/tf";

/** What a training request asks for, checked, before the data set fixes the resolution. */
export interface GanTrainingSettings {
  /** Trainer options without the data set's `resolution` and `imgChannels` (filled by {@linkcode withDataset}). */
  training: Omit<TrainingOptions, "resolution" | "imgChannels" | "gamma"> & { gamma?: number };
  /** TF.js backend to train on. */
  backend: BackendName | "auto";
  /** Text added to the run folder name (`--desc`), empty when none. */
  desc: string;
}

const BACKENDS: Record<TrainingBackend__Output, BackendName | "auto"> = {
  TRAINING_BACKEND_AUTO: "auto",
  TRAINING_BACKEND_TENSORFLOW_GPU: "tensorflow-gpu",
  TRAINING_BACKEND_TENSORFLOW: "tensorflow",
  TRAINING_BACKEND_WASM: "wasm",
  TRAINING_BACKEND_CPU: "cpu",
};

const AUGMENTS: Record<string, AugmentMode> = {
  AUGMENT_MODE_UNSPECIFIED: "ada",
  AUGMENT_MODE_ADA: "ada",
  AUGMENT_MODE_FIXED: "fixed",
  AUGMENT_MODE_NOAUG: "noaug",
};

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

/**
 * Converts a `StartGanTrainingRequest` into {@linkcode GanTrainingSettings} with train.py's `--cfg=stylegan2`
 * defaults: batch_gpu = batch, cbase 32768, cmax 512, map-depth 8, glr/dlr 0.002, kimg 25000, tick 4, snap 50, aug ada, target 0.6,
 * p 0.2, seed 0, no mirror.
 *
 * @throws {StatusError} INVALID_ARGUMENT naming what to change, for options out of range or not implemented
 */
export function ganTrainingSettings(req: StartGanTrainingRequest__Output): GanTrainingSettings {
  if (req.cfg !== "GAN_CONFIG_UNSPECIFIED" && req.cfg !== "GAN_CONFIG_STYLEGAN2")
    throw invalid(
      `Config "${req.cfg}" is not supported: only GAN_CONFIG_STYLEGAN2 (train.py --cfg=stylegan2)`,
    );
  if (!req.dataset?.kind)
    throw invalid("A data set is required (--data): a path, an artifact or a key of a prepared data set");
  if (!(req.batch > 0)) throw invalid("Batch is required (--batch), e.g. 16: images per iteration, > 0");
  if (req.cond) throw invalid("Conditional training (--cond) is not supported: train without labels");
  if (req.freezed !== 0)
    throw invalid(`freezed "${req.freezed}" is not supported: D layers cannot be frozen; leave it 0`);
  if (req.metrics.length > 0 && !(req.metrics.length === 1 && req.metrics[0] === "none")) {
    throw invalid(
      `Metrics "${req.metrics.join(",")}" are not supported: no quality metric is computed during training; ` +
        "leave metrics empty",
    );
  }
  const mbstdGroup = req.mbstdGroup || 4;
  if (req.batch % mbstdGroup !== 0) {
    throw invalid(
      `Batch "${req.batch}" must be a multiple of the minibatch-stddev group "${mbstdGroup}" (--mbstd-group)`,
    );
  }
  // As train.py: rounds of batch_gpu samples make up the batch, each of whole minibatch-stddev groups.
  const batchGpu = req.batchGpu || req.batch;
  if (req.batch % batchGpu !== 0)
    throw invalid(`Batch "${req.batch}" must be a multiple of batch_gpu "${batchGpu}" (--batch-gpu)`);
  if (batchGpu % mbstdGroup !== 0) {
    throw invalid(
      `batch_gpu "${batchGpu}" must be a multiple of the minibatch-stddev group "${mbstdGroup}" (--mbstd-group)`,
    );
  }
  if (req.gamma !== undefined && !(req.gamma >= 0)) throw invalid(`Gamma must be >= 0, got "${req.gamma}"`);
  for (const [name, v] of [
    ["glr", req.glr],
    ["dlr", req.dlr],
    ["target", req.target],
    ["ema_kimg", req.emaKimg],
  ] as const) {
    if (!(Number.isFinite(v) && v >= 0))
      throw invalid(`${name} must be > 0 (or 0 for the default), got "${v}"`);
  }
  if (req.target >= 1) throw invalid(`Target must be in (0, 1), got "${req.target}"`);
  if (req.p !== undefined && !(req.p >= 0 && req.p <= 1))
    throw invalid(`p must be in [0, 1], got "${req.p}"`);
  if (req.emaRampup !== undefined && !(req.emaRampup >= 0))
    throw invalid(`ema_rampup must be >= 0 (0 disables it), got "${req.emaRampup}"`);
  const aug = AUGMENTS[req.aug];
  if (aug === undefined) throw invalid(`Unknown augmentation "${req.aug}"`);
  const backend = BACKENDS[req.backend];
  if (backend === undefined) throw invalid(`Unknown backend "${req.backend}"`);
  const seed = Number(req.seed);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 32)
    throw invalid(`Seed must be an integer in [0, 2^32), got "${req.seed}"`);
  if (req.desc !== "" && !/^[A-Za-z0-9._-]+$/.test(req.desc))
    throw invalid(`desc "${req.desc}" may hold only letters, digits, ".", "_" and "-" (it names a folder)`);
  const training: GanTrainingSettings["training"] = {
    batch: req.batch,
    batchGpu,
    cbase: req.cbase || 32768,
    cmax: req.cmax || 512,
    mapDepth: req.mapDepth || 8,
    mbstdGroup,
    // The path-length term runs on half of each round, as train.py; a round of one image (train.py cannot: its
    // half is empty) runs it on that image, so batch_gpu 1 bounds memory the most on a CPU.
    plBatchShrink: batchGpu === 1 ? 1 : 2,
    glr: req.glr || 0.002,
    dlr: req.dlr || 0.002,
    kimg: req.kimg || 25000,
    tick: req.tick || 4,
    snap: req.snap || 50,
    mirror: req.mirror,
    aug,
    target: req.target || 0.6,
    p: req.p ?? 0.2,
    seed,
    resumed: Boolean(req.resume?.kind),
    ...(req.gamma !== undefined && { gamma: req.gamma }),
    ...(req.emaKimg > 0 && { emaKimg: req.emaKimg }),
    ...(req.emaRampup !== undefined && { emaRampup: req.emaRampup === 0 ? null : req.emaRampup }),
    ...(req.adaKimg > 0 && { adaKimg: req.adaKimg }),
  };
  return { training, backend, desc: req.desc };
}

/** Information about the data set that completes the options. */
export interface DatasetShape {
  /** Image side. */
  resolution: number;
  /** Image channels. */
  imgChannels: number;
}

/**
 * The trainer options for a data set: resolution and channels from it, and the gamma heuristic of StyleGAN2-ADA
 * (`0.0002 · resolution² / batch`) when no gamma was given.
 *
 * @throws {StatusError} INVALID_ARGUMENT when the resolution is not a power of two >= 4
 */
export function withDataset(settings: GanTrainingSettings, dataset: DatasetShape): TrainingOptions {
  const { resolution, imgChannels } = dataset;
  if (resolution < 4 || (resolution & (resolution - 1)) !== 0) {
    throw invalid(
      `Data set resolution "${resolution}" is not usable: StyleGAN needs a power-of-two side >= 4 (prepare it ` +
        "again with a resolution such as 256x256)",
    );
  }
  const t = settings.training;
  return {
    ...t,
    resolution,
    imgChannels,
    gamma: t.gamma ?? (0.0002 * resolution * resolution) / t.batch,
  };
}
