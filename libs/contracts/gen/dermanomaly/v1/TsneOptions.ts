// Original file: proto/dermanomaly/v1/reporter.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * t-SNE options (`tSNE.py`).
 */
export interface TsneOptions {
  /**
   * Latents to embed: `latent_vectors.csv` (`dim_1..dim_<z>,image_name`). Unset = no t-SNE.
   */
  'latents'?: (_dermanomaly_v1_Location | null);
  /**
   * Labels per class folder of `image_name` for the colours. Empty = {NEV: 0, MEL: 1}.
   */
  'classMap'?: ({[key: string]: number});
  /**
   * Perplexity. 0 = 30.
   */
  'perplexity'?: (number | string);
  /**
   * Random seed. Default 0.
   */
  'seed'?: (number | string | Long);
  /**
   * Optimisation iterations. 0 = 1000.
   */
  'iterations'?: (number);
  /**
   * Learning rate. 0 = 200.
   */
  'learningRate'?: (number | string);
}

/**
 * t-SNE options (`tSNE.py`).
 */
export interface TsneOptions__Output {
  /**
   * Latents to embed: `latent_vectors.csv` (`dim_1..dim_<z>,image_name`). Unset = no t-SNE.
   */
  'latents': (_dermanomaly_v1_Location__Output | null);
  /**
   * Labels per class folder of `image_name` for the colours. Empty = {NEV: 0, MEL: 1}.
   */
  'classMap': ({[key: string]: number});
  /**
   * Perplexity. 0 = 30.
   */
  'perplexity': (number);
  /**
   * Random seed. Default 0.
   */
  'seed': (number);
  /**
   * Optimisation iterations. 0 = 1000.
   */
  'iterations': (number);
  /**
   * Learning rate. 0 = 200.
   */
  'learningRate': (number);
}
