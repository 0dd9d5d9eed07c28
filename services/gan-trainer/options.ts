import {
  type AugmentMode__Output,
  Code,
  type GanConfig__Output,
  type StartGanTrainingRequest__Output,
  StatusError,
  type TrainingBackend__Output,
} from "@dermanomaly/contracts";
import type { AugmentMode, TrainingOptions } from "@dermanomaly/gan/training";
import type { BackendName } from "@dermanomaly/tf";

const AUGMENTS: Record<AugmentMode__Output, AugmentMode | undefined> = {
  AUGMENT_MODE_UNSPECIFIED: undefined,
  AUGMENT_MODE_ADA: "ada",
  AUGMENT_MODE_FIXED: "fixed",
  AUGMENT_MODE_NOAUG: "noaug",
};

const BACKENDS: Record<TrainingBackend__Output, BackendName | "auto"> = {
  TRAINING_BACKEND_AUTO: "auto",
  TRAINING_BACKEND_TENSORFLOW_GPU: "tensorflow-gpu",
  TRAINING_BACKEND_TENSORFLOW: "tensorflow",
  TRAINING_BACKEND_WASM: "wasm",
  TRAINING_BACKEND_CPU: "cpu",
};

const CONFIGS: Record<GanConfig__Output, true> = { GAN_CONFIG_UNSPECIFIED: true, GAN_CONFIG_STYLEGAN2: true };

/** The wire's "unset": proto3 scalars are 0 when not given; a value that is set (NaN too) is passed on as is. */
const given = (v: number): number | undefined => (v === 0 ? undefined : v);

/**
 * The trainer options a `StartGanTrainingRequest` asks for, in the words of `@dermanomaly/gan/training`: enum names
 * mapped, 0 (unset) left to the library's defaults (train.py's), everything else passed on unchecked: the library
 * checks it (`trainingConfig`). The data set's resolution is not known here.
 *
 * @throws {StatusError} INVALID_ARGUMENT for an enum value this version does not know
 */
export function trainingOptions(req: StartGanTrainingRequest__Output): TrainingOptions {
  if (CONFIGS[req.cfg] === undefined)
    throw invalid(
      `Config "${req.cfg}" is not supported: only GAN_CONFIG_STYLEGAN2 (train.py --cfg=stylegan2)`,
    );
  if (!Object.hasOwn(AUGMENTS, req.aug)) throw invalid(`Unknown augmentation "${req.aug}"`);
  const aug = AUGMENTS[req.aug];
  const options: TrainingOptions = {
    batch: req.batch,
    batchGpu: given(req.batchGpu),
    gamma: req.gamma,
    cbase: given(req.cbase),
    cmax: given(req.cmax),
    mapDepth: given(req.mapDepth),
    mbstdGroup: given(req.mbstdGroup),
    glr: given(req.glr),
    dlr: given(req.dlr),
    kimg: given(req.kimg),
    tick: given(req.tick),
    snap: given(req.snap),
    mirror: req.mirror,
    aug,
    target: given(req.target),
    p: req.p,
    seed: Number(req.seed),
    emaKimg: given(req.emaKimg),
    // 0 turns the ramp-up off (train.py's None); unset keeps the default.
    emaRampup: req.emaRampup === 0 ? null : req.emaRampup,
    adaKimg: given(req.adaKimg),
    resumed: Boolean(req.resume?.kind),
    cond: req.cond,
    freezed: req.freezed,
    metrics: req.metrics,
    desc: req.desc,
  } as TrainingOptions;
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as TrainingOptions;
}

/**
 * The TF.js backend a request asks for.
 *
 * @throws {StatusError} INVALID_ARGUMENT for an enum value this version does not know
 */
export function trainingBackend(req: StartGanTrainingRequest__Output): BackendName | "auto" {
  const backend = BACKENDS[req.backend];
  if (backend === undefined) throw invalid(`Unknown backend "${req.backend}"`);
  return backend;
}

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}
