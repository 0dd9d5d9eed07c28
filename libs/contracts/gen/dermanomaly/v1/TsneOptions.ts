// Original file: proto/dermanomaly/v1/reporter.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * t-SNE of encoder latents (`tSNE.py`): perplexity 30, 2 components, seeded; Barnes-Hut.
 */
export interface TsneOptions {
  /**
   * Latents to embed: a `latent_vectors.csv` (`dim_1..dim_<z>,image_name`). In a report, unset = the latents of the
   * reconstruction sets.
   */
  'latents'?: (_dermanomaly_v1_Location | null);
  /**
   * Perplexity, lowered to (n - 1) / 3 for small sets. 0 = 30.
   */
  'perplexity'?: (number | string);
  /**
   * Random seed. Default 0.
   */
  'seed'?: (number | string | Long);
}

/**
 * t-SNE of encoder latents (`tSNE.py`): perplexity 30, 2 components, seeded; Barnes-Hut.
 */
export interface TsneOptions__Output {
  /**
   * Latents to embed: a `latent_vectors.csv` (`dim_1..dim_<z>,image_name`). In a report, unset = the latents of the
   * reconstruction sets.
   */
  'latents': (_dermanomaly_v1_Location__Output | null);
  /**
   * Perplexity, lowered to (n - 1) / 3 for small sets. 0 = 30.
   */
  'perplexity': (number);
  /**
   * Random seed. Default 0.
   */
  'seed': (number);
}
