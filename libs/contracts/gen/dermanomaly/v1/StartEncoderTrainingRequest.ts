// Original file: proto/dermanomaly/v1/encoder_trainer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { FeatureLayer as _dermanomaly_v1_FeatureLayer, FeatureLayer__Output as _dermanomaly_v1_FeatureLayer__Output } from '../../dermanomaly/v1/FeatureLayer.ts';
import type { NoiseMode as _dermanomaly_v1_NoiseMode, NoiseMode__Output as _dermanomaly_v1_NoiseMode__Output } from '../../dermanomaly/v1/NoiseMode.ts';
import type { TrainingBackend as _dermanomaly_v1_TrainingBackend, TrainingBackend__Output as _dermanomaly_v1_TrainingBackend__Output } from '../../dermanomaly/v1/TrainingBackend.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Options of one encoder training run, mirroring `train_encoder.py`.
 */
export interface StartEncoderTrainingRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId'?: (string);
  /**
   * Training images (normal class only, e.g. naevi): a StyleGAN dataset folder or zip, or a plain image folder whose
   * images already have the generator's resolution. Required.
   */
  'dataset'?: (_dermanomaly_v1_Location | null);
  /**
   * Generator checkpoint (`.safetensors` snapshot or NVIDIA `.pkl`); G_ema is used when present. Required.
   */
  'generator'?: (_dermanomaly_v1_Location | null);
  /**
   * Discriminator checkpoint for the feature term f(.). Unset = the D stored in `generator`'s checkpoint.
   */
  'discriminator'?: (_dermanomaly_v1_Location | null);
  /**
   * Where snapshots go (`encoder-<epoch>.safetensors`, `grid-<epoch>.png`). Empty = the service's run store.
   */
  'outdir'?: (_dermanomaly_v1_Location | null);
  /**
   * Training epochs. 0 = 1000.
   */
  'epochs'?: (number);
  /**
   * Batch size. 0 = 16.
   */
  'batch'?: (number);
  /**
   * Adam learning rate. 0 = 1e-4.
   */
  'lr'?: (number | string);
  /**
   * Adam beta1. Default 0 (the original's value).
   */
  'beta1'?: (number | string);
  /**
   * Adam beta2. Unset = 0.9.
   */
  'beta2'?: (number | string);
  /**
   * Weight of the feature term of the loss. Unset = 1; 0 trains on the pixel term only.
   */
  'kappa'?: (number | string);
  /**
   * Output channels of the encoder's stride-2 Conv(k4, s2, p1) -> BatchNorm -> ReLU layers, one per layer; the
   * image side divided by 2^len must be >= 1. Empty = [128, 256, 512, 1024, 2048, 4096] (the original, about 212 M
   * parameters at 256x256).
   */
  'widths'?: (number)[];
  /**
   * Save a checkpoint and a grid (real images, then their reconstructions) every this many epochs. 0 = 30.
   */
  'sampleEvery'?: (number);
  /**
   * Random seed for initialisation and data order. Default 0.
   */
  'seed'?: (number | string | Long);
  /**
   * Which discriminator features the loss compares. Default FEATURE_LAYER_B8.
   */
  'featureLayer'?: (_dermanomaly_v1_FeatureLayer);
  /**
   * Noise mode of G during training. Default NOISE_MODE_CONST.
   */
  'noiseMode'?: (_dermanomaly_v1_NoiseMode);
  /**
   * An encoder checkpoint to continue from (same widths). Unset = random initialisation.
   */
  'resume'?: (_dermanomaly_v1_Location | null);
  /**
   * TF.js backend to train on. Default TRAINING_BACKEND_AUTO.
   */
  'backend'?: (_dermanomaly_v1_TrainingBackend);
  '_beta2'?: "beta2";
  '_kappa'?: "kappa";
}

/**
 * Options of one encoder training run, mirroring `train_encoder.py`.
 */
export interface StartEncoderTrainingRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId': (string);
  /**
   * Training images (normal class only, e.g. naevi): a StyleGAN dataset folder or zip, or a plain image folder whose
   * images already have the generator's resolution. Required.
   */
  'dataset': (_dermanomaly_v1_Location__Output | null);
  /**
   * Generator checkpoint (`.safetensors` snapshot or NVIDIA `.pkl`); G_ema is used when present. Required.
   */
  'generator': (_dermanomaly_v1_Location__Output | null);
  /**
   * Discriminator checkpoint for the feature term f(.). Unset = the D stored in `generator`'s checkpoint.
   */
  'discriminator': (_dermanomaly_v1_Location__Output | null);
  /**
   * Where snapshots go (`encoder-<epoch>.safetensors`, `grid-<epoch>.png`). Empty = the service's run store.
   */
  'outdir': (_dermanomaly_v1_Location__Output | null);
  /**
   * Training epochs. 0 = 1000.
   */
  'epochs': (number);
  /**
   * Batch size. 0 = 16.
   */
  'batch': (number);
  /**
   * Adam learning rate. 0 = 1e-4.
   */
  'lr': (number);
  /**
   * Adam beta1. Default 0 (the original's value).
   */
  'beta1': (number);
  /**
   * Adam beta2. Unset = 0.9.
   */
  'beta2'?: (number);
  /**
   * Weight of the feature term of the loss. Unset = 1; 0 trains on the pixel term only.
   */
  'kappa'?: (number);
  /**
   * Output channels of the encoder's stride-2 Conv(k4, s2, p1) -> BatchNorm -> ReLU layers, one per layer; the
   * image side divided by 2^len must be >= 1. Empty = [128, 256, 512, 1024, 2048, 4096] (the original, about 212 M
   * parameters at 256x256).
   */
  'widths': (number)[];
  /**
   * Save a checkpoint and a grid (real images, then their reconstructions) every this many epochs. 0 = 30.
   */
  'sampleEvery': (number);
  /**
   * Random seed for initialisation and data order. Default 0.
   */
  'seed': (number);
  /**
   * Which discriminator features the loss compares. Default FEATURE_LAYER_B8.
   */
  'featureLayer': (_dermanomaly_v1_FeatureLayer__Output);
  /**
   * Noise mode of G during training. Default NOISE_MODE_CONST.
   */
  'noiseMode': (_dermanomaly_v1_NoiseMode__Output);
  /**
   * An encoder checkpoint to continue from (same widths). Unset = random initialisation.
   */
  'resume': (_dermanomaly_v1_Location__Output | null);
  /**
   * TF.js backend to train on. Default TRAINING_BACKEND_AUTO.
   */
  'backend': (_dermanomaly_v1_TrainingBackend__Output);
  '_beta2'?: "beta2";
  '_kappa'?: "kappa";
}
