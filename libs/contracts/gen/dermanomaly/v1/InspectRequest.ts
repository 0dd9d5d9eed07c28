// Original file: proto/dermanomaly/v1/gan_trainer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';

/**
 * Options of an `Inspect` call: a checkpoint, or the settings of the networks `StartTraining` would build.
 */
export interface InspectRequest {
  /**
   * The checkpoint: `.safetensors` or NVIDIA `.pkl`. Unset = describe the G and D that the settings below give
   * (no file is read); then the settings must be left 0 when a checkpoint is given.
   */
  'checkpoint'?: (_dermanomaly_v1_Location | null);
  /**
   * Include every parameter in `parameters` (otherwise only per-network totals). Default false.
   */
  'listParameters'?: (boolean);
  /**
   * Without a checkpoint: image side in pixels. 0 = 256.
   */
  'resolution'?: (number);
  /**
   * Without a checkpoint: `--cbase`. 0 = 32768 (train.py's stylegan2 default, as `StartTraining`).
   */
  'cbase'?: (number);
  /**
   * Without a checkpoint: `--cmax`. 0 = 512.
   */
  'cmax'?: (number);
  /**
   * Without a checkpoint: `--map-depth`. 0 = 8 (train.py's stylegan2 default, as `StartTraining`).
   */
  'mapDepth'?: (number);
}

/**
 * Options of an `Inspect` call: a checkpoint, or the settings of the networks `StartTraining` would build.
 */
export interface InspectRequest__Output {
  /**
   * The checkpoint: `.safetensors` or NVIDIA `.pkl`. Unset = describe the G and D that the settings below give
   * (no file is read); then the settings must be left 0 when a checkpoint is given.
   */
  'checkpoint': (_dermanomaly_v1_Location__Output | null);
  /**
   * Include every parameter in `parameters` (otherwise only per-network totals). Default false.
   */
  'listParameters': (boolean);
  /**
   * Without a checkpoint: image side in pixels. 0 = 256.
   */
  'resolution': (number);
  /**
   * Without a checkpoint: `--cbase`. 0 = 32768 (train.py's stylegan2 default, as `StartTraining`).
   */
  'cbase': (number);
  /**
   * Without a checkpoint: `--cmax`. 0 = 512.
   */
  'cmax': (number);
  /**
   * Without a checkpoint: `--map-depth`. 0 = 8 (train.py's stylegan2 default, as `StartTraining`).
   */
  'mapDepth': (number);
}
