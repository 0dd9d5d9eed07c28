// Original file: proto/dermanomaly/v1/encoder_trainer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { EncoderLoss as _dermanomaly_v1_EncoderLoss, EncoderLoss__Output as _dermanomaly_v1_EncoderLoss__Output } from '../../dermanomaly/v1/EncoderLoss.ts';
import type { EncoderPreset as _dermanomaly_v1_EncoderPreset, EncoderPreset__Output as _dermanomaly_v1_EncoderPreset__Output } from '../../dermanomaly/v1/EncoderPreset.ts';
import type { TrainingGenerator as _dermanomaly_v1_TrainingGenerator, TrainingGenerator__Output as _dermanomaly_v1_TrainingGenerator__Output } from '../../dermanomaly/v1/TrainingGenerator.ts';
import type { NoiseMode as _dermanomaly_v1_NoiseMode, NoiseMode__Output as _dermanomaly_v1_NoiseMode__Output } from '../../dermanomaly/v1/NoiseMode.ts';
import type { TrainingBackend as _dermanomaly_v1_TrainingBackend, TrainingBackend__Output as _dermanomaly_v1_TrainingBackend__Output } from '../../dermanomaly/v1/TrainingBackend.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Options of one encoder training run, mirroring `train_encoder.py` (defaults are the original's, except the
 * generator and noise mode: the original used G and random noise).
 */
export interface StartEncoderTrainingRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId'?: (string);
  /**
   * The training images: a StyleGAN data set (folder or zip, as PreprocessService writes it) of normal images
   * (naevi), at the generator's resolution. Unlabelled, every image is used; labelled with class indices (a class
   * map, NEV=0), only label 0. Required (also for `ziz`, whose epochs count its images).
   */
  'dataset'?: (_dermanomaly_v1_Location | null);
  /**
   * The trained GAN: a gan-trainer snapshot (`network-snapshot-*.safetensors`, a network or training checkpoint) or
   * an NVIDIA snapshot pickle (`.pkl`). It must hold the generator `generator` names, and the discriminator D for the
   * `izif` loss. Required.
   */
  'gan'?: (_dermanomaly_v1_Location | null);
  /**
   * Where the run's files go: a path (a local copy, beside the store) or a store key prefix; the run gets a numbered
   * folder in it. Empty = the store key `encoder/<job id>/`.
   */
  'outdir'?: (_dermanomaly_v1_Location | null);
  /**
   * Passes over the normal images. 0 = 1000 (the original's).
   */
  'epochs'?: (number);
  /**
   * Images per optimizer step, at least 2 (BatchNorm's batch statistics). 0 = 16 (the original's).
   */
  'batch'?: (number);
  /**
   * Images per round through G and D, which bounds their memory: a batch goes through them in `batch / batch_gpu`
   * rounds. E and its BatchNorm always see the whole batch, so the step does not depend on it. Must divide `batch`
   * and be a multiple of D's minibatch-stddev group (or smaller than it). 0 = `batch`.
   */
  'batchGpu'?: (number);
  /**
   * Adam learning rate, > 0. 0 = 1e-4 (the original's); negative, NaN or infinite values are INVALID_ARGUMENT.
   */
  'lr'?: (number | string);
  /**
   * Adam beta1, in [0, 1). Unset = 0 (the original's).
   */
  'beta1'?: (number | string);
  /**
   * Adam beta2, in [0, 1). Unset = 0.9 (the original's).
   */
  'beta2'?: (number | string);
  /**
   * The loss. Default ENCODER_LOSS_IZIF.
   */
  'loss'?: (_dermanomaly_v1_EncoderLoss);
  /**
   * Weight of the image term MSE(G(E(x)), x), >= 0. Unset = 1.
   */
  'alpha'?: (number | string);
  /**
   * Weight of the feature term MSE(f(G(E(x))), f(x)), >= 0; `izif` only (must be unset or 0 for the others).
   * Unset = 1 for `izif`.
   */
  'kappa'?: (number | string);
  /**
   * E's widths. Default: the `resume` file's preset, else ENCODER_PRESET_PAPER.
   */
  'preset'?: (_dermanomaly_v1_EncoderPreset);
  /**
   * The generator E trains against. Default TRAINING_GENERATOR_G_EMA. Recorded in every output's lineage.
   */
  'generator'?: (_dermanomaly_v1_TrainingGenerator);
  /**
   * The generator's noise inputs while training: NOISE_MODE_CONST (the checkpoint's fixed noise, the default),
   * NOISE_MODE_RANDOM (fresh noise per round, drawn from the run's seed; the original's), NOISE_MODE_NONE. Recorded in
   * every output's lineage.
   */
  'noiseMode'?: (_dermanomaly_v1_NoiseMode);
  /**
   * Epochs between snapshots (weights, grid, state). Unset = 30 (the original's); 0 = only at the end (and when the
   * run is interrupted).
   */
  'snapshotEvery'?: (number);
  /**
   * Snapshots kept: once one is written, older ones beyond this count are deleted (weights and grids; a paper-size
   * snapshot is 810 MiB), so the last one, the final one at the end, always stays. 0 = 3.
   */
  'keepSnapshots'?: (number);
  /**
   * Seed of E's initialisation, the data order, the `ziz` latents and random noise. Default 0.
   */
  'seed'?: (number | string | Long);
  /**
   * TF.js backend to train on. Default TRAINING_BACKEND_AUTO.
   */
  'backend'?: (_dermanomaly_v1_TrainingBackend);
  /**
   * Weights to start from instead of a random initialisation: an encoder file (this service's weights or state, the
   * original's `encoded_<n>.pth`, a safetensors of the original's names). Its widths must be `preset`'s (or give no
   * preset); Adam and the epochs start afresh. Read at the first start only and recorded in the lineage.
   */
  'resume'?: (_dermanomaly_v1_Location | null);
  '_beta1'?: "beta1";
  '_beta2'?: "beta2";
  '_alpha'?: "alpha";
  '_kappa'?: "kappa";
  '_snapshotEvery'?: "snapshotEvery";
}

/**
 * Options of one encoder training run, mirroring `train_encoder.py` (defaults are the original's, except the
 * generator and noise mode: the original used G and random noise).
 */
export interface StartEncoderTrainingRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId': (string);
  /**
   * The training images: a StyleGAN data set (folder or zip, as PreprocessService writes it) of normal images
   * (naevi), at the generator's resolution. Unlabelled, every image is used; labelled with class indices (a class
   * map, NEV=0), only label 0. Required (also for `ziz`, whose epochs count its images).
   */
  'dataset': (_dermanomaly_v1_Location__Output | null);
  /**
   * The trained GAN: a gan-trainer snapshot (`network-snapshot-*.safetensors`, a network or training checkpoint) or
   * an NVIDIA snapshot pickle (`.pkl`). It must hold the generator `generator` names, and the discriminator D for the
   * `izif` loss. Required.
   */
  'gan': (_dermanomaly_v1_Location__Output | null);
  /**
   * Where the run's files go: a path (a local copy, beside the store) or a store key prefix; the run gets a numbered
   * folder in it. Empty = the store key `encoder/<job id>/`.
   */
  'outdir': (_dermanomaly_v1_Location__Output | null);
  /**
   * Passes over the normal images. 0 = 1000 (the original's).
   */
  'epochs': (number);
  /**
   * Images per optimizer step, at least 2 (BatchNorm's batch statistics). 0 = 16 (the original's).
   */
  'batch': (number);
  /**
   * Images per round through G and D, which bounds their memory: a batch goes through them in `batch / batch_gpu`
   * rounds. E and its BatchNorm always see the whole batch, so the step does not depend on it. Must divide `batch`
   * and be a multiple of D's minibatch-stddev group (or smaller than it). 0 = `batch`.
   */
  'batchGpu': (number);
  /**
   * Adam learning rate, > 0. 0 = 1e-4 (the original's); negative, NaN or infinite values are INVALID_ARGUMENT.
   */
  'lr': (number);
  /**
   * Adam beta1, in [0, 1). Unset = 0 (the original's).
   */
  'beta1'?: (number);
  /**
   * Adam beta2, in [0, 1). Unset = 0.9 (the original's).
   */
  'beta2'?: (number);
  /**
   * The loss. Default ENCODER_LOSS_IZIF.
   */
  'loss': (_dermanomaly_v1_EncoderLoss__Output);
  /**
   * Weight of the image term MSE(G(E(x)), x), >= 0. Unset = 1.
   */
  'alpha'?: (number);
  /**
   * Weight of the feature term MSE(f(G(E(x))), f(x)), >= 0; `izif` only (must be unset or 0 for the others).
   * Unset = 1 for `izif`.
   */
  'kappa'?: (number);
  /**
   * E's widths. Default: the `resume` file's preset, else ENCODER_PRESET_PAPER.
   */
  'preset': (_dermanomaly_v1_EncoderPreset__Output);
  /**
   * The generator E trains against. Default TRAINING_GENERATOR_G_EMA. Recorded in every output's lineage.
   */
  'generator': (_dermanomaly_v1_TrainingGenerator__Output);
  /**
   * The generator's noise inputs while training: NOISE_MODE_CONST (the checkpoint's fixed noise, the default),
   * NOISE_MODE_RANDOM (fresh noise per round, drawn from the run's seed; the original's), NOISE_MODE_NONE. Recorded in
   * every output's lineage.
   */
  'noiseMode': (_dermanomaly_v1_NoiseMode__Output);
  /**
   * Epochs between snapshots (weights, grid, state). Unset = 30 (the original's); 0 = only at the end (and when the
   * run is interrupted).
   */
  'snapshotEvery'?: (number);
  /**
   * Snapshots kept: once one is written, older ones beyond this count are deleted (weights and grids; a paper-size
   * snapshot is 810 MiB), so the last one, the final one at the end, always stays. 0 = 3.
   */
  'keepSnapshots': (number);
  /**
   * Seed of E's initialisation, the data order, the `ziz` latents and random noise. Default 0.
   */
  'seed': (number);
  /**
   * TF.js backend to train on. Default TRAINING_BACKEND_AUTO.
   */
  'backend': (_dermanomaly_v1_TrainingBackend__Output);
  /**
   * Weights to start from instead of a random initialisation: an encoder file (this service's weights or state, the
   * original's `encoded_<n>.pth`, a safetensors of the original's names). Its widths must be `preset`'s (or give no
   * preset); Adam and the epochs start afresh. Read at the first start only and recorded in the lineage.
   */
  'resume': (_dermanomaly_v1_Location__Output | null);
  '_beta1'?: "beta1";
  '_beta2'?: "beta2";
  '_alpha'?: "alpha";
  '_kappa'?: "kappa";
  '_snapshotEvery'?: "snapshotEvery";
}
