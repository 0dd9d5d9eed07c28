// Original file: proto/dermanomaly/v1/gan_trainer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { GanConfig as _dermanomaly_v1_GanConfig, GanConfig__Output as _dermanomaly_v1_GanConfig__Output } from '../../dermanomaly/v1/GanConfig.ts';
import type { AugmentMode as _dermanomaly_v1_AugmentMode, AugmentMode__Output as _dermanomaly_v1_AugmentMode__Output } from '../../dermanomaly/v1/AugmentMode.ts';
import type { TrainingBackend as _dermanomaly_v1_TrainingBackend, TrainingBackend__Output as _dermanomaly_v1_TrainingBackend__Output } from '../../dermanomaly/v1/TrainingBackend.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Options of one GAN training run, mirroring stylegan3 `train.py` (defaults are train.py's for `--cfg=stylegan2`;
 * the method's transfer-learning run used `--batch=16 --gamma=0.8192 --map-depth=2 --glr=0.0025 --dlr=0.0025
 * --cbase=16384 --kimg=50 --snap=5 --resume=stylegan2-ffhq-256x256.pkl`).
 */
export interface StartGanTrainingRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId'?: (string);
  /**
   * `--data`: the training dataset (a StyleGAN dataset folder or zip, as written by PreprocessService). Required.
   */
  'dataset'?: (_dermanomaly_v1_Location | null);
  /**
   * `--outdir`: where the run's files go (snapshots `network-snapshot-<kimg>.safetensors`, `fakes<kimg>.png`,
   * `stats.jsonl`, `training_options.json`, `log.txt`). A key or path prefix; the service adds a run folder
   * `<nnnnn>-<dataset>-<desc>`. Empty = the service's run store.
   */
  'outdir'?: (_dermanomaly_v1_Location | null);
  /**
   * `--cfg`. Default GAN_CONFIG_STYLEGAN2.
   */
  'cfg'?: (_dermanomaly_v1_GanConfig);
  /**
   * `--batch`: total batch size (images per iteration). Required, > 0.
   */
  'batch'?: (number);
  /**
   * `--batch-gpu`: images per forward/backward chunk (gradients of the chunks add up). 0 = `batch`. Must divide
   * `batch` and be a multiple of `mbstd_group`. Memory grows with it: on the wasm backend (4 GiB heap) resolution
   * 256 at cbase 16384 trains with 1 (and `mbstd_group` 1; the path length then uses that one image per chunk).
   */
  'batchGpu'?: (number);
  /**
   * `--gamma`: R1 regularisation weight (>= 0). Unset = the StyleGAN2-ADA heuristic 0.0002 * resolution^2 / batch.
   */
  'gamma'?: (number | string);
  /**
   * `--map-depth`: mapping network layers. 0 = 8 (train.py's default for stylegan2; the method used 2).
   */
  'mapDepth'?: (number);
  /**
   * `--glr`: generator Adam learning rate. 0 = 0.002 (stylegan2 default; the method used 0.0025).
   */
  'glr'?: (number | string);
  /**
   * `--dlr`: discriminator Adam learning rate. 0 = 0.002 (the method used 0.0025).
   */
  'dlr'?: (number | string);
  /**
   * `--cbase`: capacity multiplier; channels at resolution r are min(cbase / r, cmax). 0 = 32768 (the method used
   * 16384).
   */
  'cbase'?: (number);
  /**
   * `--cmax`: maximum feature maps per layer. 0 = 512.
   */
  'cmax'?: (number);
  /**
   * `--mbstd-group`: minibatch-stddev group size in D. 0 = 4.
   */
  'mbstdGroup'?: (number);
  /**
   * `--kimg`: training length in thousands of real images shown to D. 0 = 25000 (the method used 50). Fractions
   * are allowed (train.py takes whole numbers), for short runs on CPU; negative, NaN or infinite values are
   * INVALID_ARGUMENT (they never fall back to the default).
   */
  'kimg'?: (number | string);
  /**
   * `--tick`: progress report interval in kimg. 0 = 4. Fractions are allowed; other values as for `kimg`.
   */
  'tick'?: (number | string);
  /**
   * `--snap`: snapshot interval in ticks (a snapshot is also written at the end). 0 = 50 (the method used 5).
   */
  'snap'?: (number);
  /**
   * `--mirror`: also train on horizontally flipped images (doubles the dataset). Default false.
   */
  'mirror'?: (boolean);
  /**
   * `--aug`. Default AUGMENT_MODE_ADA.
   */
  'aug'?: (_dermanomaly_v1_AugmentMode);
  /**
   * `--target`: ADA target for the sign of D's real logits, in (0, 1). 0 = 0.6. Used with AUGMENT_MODE_ADA.
   */
  'target'?: (number | string);
  /**
   * `--p`: augmentation probability for AUGMENT_MODE_FIXED, in [0, 1]. Unset = 0.2.
   */
  'p'?: (number | string);
  /**
   * `--resume`: checkpoint to start from: our `.safetensors` snapshot or an NVIDIA `.pkl` (StyleGAN2-ADA PyTorch or
   * stylegan3 format; e.g. `stylegan2-ffhq-256x256.pkl`). Its shapes must match the configured networks.
   * Unset = random initialisation.
   */
  'resume'?: (_dermanomaly_v1_Location | null);
  /**
   * `--seed`: random seed for initialisation, latents and data order. Default 0.
   */
  'seed'?: (number | string | Long);
  /**
   * `--cond`: train a class-conditional model from the dataset's labels. Default false.
   */
  'cond'?: (boolean);
  /**
   * `--freezed`: number of D's highest-resolution layers kept frozen (transfer learning). Default 0.
   */
  'freezed'?: (number);
  /**
   * `--desc`: text added to the run folder name.
   */
  'desc'?: (string);
  /**
   * `--metrics`: quality metrics computed at each snapshot. Empty = none (train.py's `none`). FID needs Inception
   * weights the service may not have: an unknown or unavailable metric fails with INVALID_ARGUMENT.
   */
  'metrics'?: (string)[];
  /**
   * G_ema half-life in kimg (training_loop's `ema_kimg`; train.py sets batch * 10 / 32). 0 = that rule.
   */
  'emaKimg'?: (number | string);
  /**
   * G_ema ramp-up (training_loop's `ema_rampup`): the half-life is capped at `cur_nimg * ema_rampup`.
   * Unset = 0.05, or no ramp-up when resuming (as train.py); set 0 to disable.
   */
  'emaRampup'?: (number | string);
  /**
   * ADA adjustment speed (training_loop's `ada_kimg`): p can move by 1 within this many kimg. 0 = 500, or 100 when
   * resuming.
   */
  'adaKimg'?: (number);
  /**
   * TF.js backend to train on. Default TRAINING_BACKEND_AUTO.
   */
  'backend'?: (_dermanomaly_v1_TrainingBackend);
  '_gamma'?: "gamma";
  '_p'?: "p";
  '_emaRampup'?: "emaRampup";
}

/**
 * Options of one GAN training run, mirroring stylegan3 `train.py` (defaults are train.py's for `--cfg=stylegan2`;
 * the method's transfer-learning run used `--batch=16 --gamma=0.8192 --map-depth=2 --glr=0.0025 --dlr=0.0025
 * --cbase=16384 --kimg=50 --snap=5 --resume=stylegan2-ffhq-256x256.pkl`).
 */
export interface StartGanTrainingRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId': (string);
  /**
   * `--data`: the training dataset (a StyleGAN dataset folder or zip, as written by PreprocessService). Required.
   */
  'dataset': (_dermanomaly_v1_Location__Output | null);
  /**
   * `--outdir`: where the run's files go (snapshots `network-snapshot-<kimg>.safetensors`, `fakes<kimg>.png`,
   * `stats.jsonl`, `training_options.json`, `log.txt`). A key or path prefix; the service adds a run folder
   * `<nnnnn>-<dataset>-<desc>`. Empty = the service's run store.
   */
  'outdir': (_dermanomaly_v1_Location__Output | null);
  /**
   * `--cfg`. Default GAN_CONFIG_STYLEGAN2.
   */
  'cfg': (_dermanomaly_v1_GanConfig__Output);
  /**
   * `--batch`: total batch size (images per iteration). Required, > 0.
   */
  'batch': (number);
  /**
   * `--batch-gpu`: images per forward/backward chunk (gradients of the chunks add up). 0 = `batch`. Must divide
   * `batch` and be a multiple of `mbstd_group`. Memory grows with it: on the wasm backend (4 GiB heap) resolution
   * 256 at cbase 16384 trains with 1 (and `mbstd_group` 1; the path length then uses that one image per chunk).
   */
  'batchGpu': (number);
  /**
   * `--gamma`: R1 regularisation weight (>= 0). Unset = the StyleGAN2-ADA heuristic 0.0002 * resolution^2 / batch.
   */
  'gamma'?: (number);
  /**
   * `--map-depth`: mapping network layers. 0 = 8 (train.py's default for stylegan2; the method used 2).
   */
  'mapDepth': (number);
  /**
   * `--glr`: generator Adam learning rate. 0 = 0.002 (stylegan2 default; the method used 0.0025).
   */
  'glr': (number);
  /**
   * `--dlr`: discriminator Adam learning rate. 0 = 0.002 (the method used 0.0025).
   */
  'dlr': (number);
  /**
   * `--cbase`: capacity multiplier; channels at resolution r are min(cbase / r, cmax). 0 = 32768 (the method used
   * 16384).
   */
  'cbase': (number);
  /**
   * `--cmax`: maximum feature maps per layer. 0 = 512.
   */
  'cmax': (number);
  /**
   * `--mbstd-group`: minibatch-stddev group size in D. 0 = 4.
   */
  'mbstdGroup': (number);
  /**
   * `--kimg`: training length in thousands of real images shown to D. 0 = 25000 (the method used 50). Fractions
   * are allowed (train.py takes whole numbers), for short runs on CPU; negative, NaN or infinite values are
   * INVALID_ARGUMENT (they never fall back to the default).
   */
  'kimg': (number);
  /**
   * `--tick`: progress report interval in kimg. 0 = 4. Fractions are allowed; other values as for `kimg`.
   */
  'tick': (number);
  /**
   * `--snap`: snapshot interval in ticks (a snapshot is also written at the end). 0 = 50 (the method used 5).
   */
  'snap': (number);
  /**
   * `--mirror`: also train on horizontally flipped images (doubles the dataset). Default false.
   */
  'mirror': (boolean);
  /**
   * `--aug`. Default AUGMENT_MODE_ADA.
   */
  'aug': (_dermanomaly_v1_AugmentMode__Output);
  /**
   * `--target`: ADA target for the sign of D's real logits, in (0, 1). 0 = 0.6. Used with AUGMENT_MODE_ADA.
   */
  'target': (number);
  /**
   * `--p`: augmentation probability for AUGMENT_MODE_FIXED, in [0, 1]. Unset = 0.2.
   */
  'p'?: (number);
  /**
   * `--resume`: checkpoint to start from: our `.safetensors` snapshot or an NVIDIA `.pkl` (StyleGAN2-ADA PyTorch or
   * stylegan3 format; e.g. `stylegan2-ffhq-256x256.pkl`). Its shapes must match the configured networks.
   * Unset = random initialisation.
   */
  'resume': (_dermanomaly_v1_Location__Output | null);
  /**
   * `--seed`: random seed for initialisation, latents and data order. Default 0.
   */
  'seed': (number);
  /**
   * `--cond`: train a class-conditional model from the dataset's labels. Default false.
   */
  'cond': (boolean);
  /**
   * `--freezed`: number of D's highest-resolution layers kept frozen (transfer learning). Default 0.
   */
  'freezed': (number);
  /**
   * `--desc`: text added to the run folder name.
   */
  'desc': (string);
  /**
   * `--metrics`: quality metrics computed at each snapshot. Empty = none (train.py's `none`). FID needs Inception
   * weights the service may not have: an unknown or unavailable metric fails with INVALID_ARGUMENT.
   */
  'metrics': (string)[];
  /**
   * G_ema half-life in kimg (training_loop's `ema_kimg`; train.py sets batch * 10 / 32). 0 = that rule.
   */
  'emaKimg': (number);
  /**
   * G_ema ramp-up (training_loop's `ema_rampup`): the half-life is capped at `cur_nimg * ema_rampup`.
   * Unset = 0.05, or no ramp-up when resuming (as train.py); set 0 to disable.
   */
  'emaRampup'?: (number);
  /**
   * ADA adjustment speed (training_loop's `ada_kimg`): p can move by 1 within this many kimg. 0 = 500, or 100 when
   * resuming.
   */
  'adaKimg': (number);
  /**
   * TF.js backend to train on. Default TRAINING_BACKEND_AUTO.
   */
  'backend': (_dermanomaly_v1_TrainingBackend__Output);
  '_gamma'?: "gamma";
  '_p'?: "p";
  '_emaRampup'?: "emaRampup";
}
