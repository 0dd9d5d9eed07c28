// Original file: proto/dermanomaly/v1/scorer.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { ScoreSpec as _dermanomaly_v1_ScoreSpec, ScoreSpec__Output as _dermanomaly_v1_ScoreSpec__Output } from '../../dermanomaly/v1/ScoreSpec.ts';
import type { ExecutionProvider as _dermanomaly_v1_ExecutionProvider, ExecutionProvider__Output as _dermanomaly_v1_ExecutionProvider__Output } from '../../dermanomaly/v1/ExecutionProvider.ts';

/**
 * Options of one scoring job.
 */
export interface StartScoringRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId'?: (string);
  /**
   * The reconstruction set to score (the reconstructor's output, format `dermanomaly/reconstruction-set/1`): a
   * folder path, a store key prefix ending in `/` holding the set's files, or the artifact of any file of the set
   * (its folder in that store is the set, e.g. the `reconstruction_set.safetensors` a ReconstructionCompleted event
   * names). Only the files the scores need are fetched from a store (PNGs only for distances and centre-weighted
   * terms with alpha > 0, and hue-spread). Required.
   */
  'reconstruction'?: (_dermanomaly_v1_Location | null);
  /**
   * Scores to compute, one sheet each. Empty = izif (alpha 1), pairwise (alpha 0.5) and the hue-spread baseline.
   */
  'scores'?: (_dermanomaly_v1_ScoreSpec)[];
  /**
   * Label of each class folder of the set: 0 normal, 1 anomalous; images of other classes are left out (counted in
   * the `left_out` metric). Which classes are normal is the caller's choice, e.g. {NEV: 0, BKL: 0, MEL: 1}.
   * Empty = {NEV: 0, MEL: 1}.
   */
  'classMap'?: ({[key: string]: number});
  /**
   * Latents of normal training images (`latent_vectors.csv`: `dim_1..dim_<z>,image_name`), the pool afs and als
   * search. Required by them (unless they search the own class).
   */
  'referenceLatents'?: (_dermanomaly_v1_Location | null);
  /**
   * Generator ONNX model (`z`, `psi` -> `image`) for afs: must be the model that made the set (its digest is
   * checked against the set's lineage). Unset = the set's generator, found in the reconstructor's model cache in the
   * artifact store by the digest the set records.
   */
  'generator'?: (_dermanomaly_v1_Location | null);
  /**
   * Discriminator ONNX model (`image` -> `features`, `logit`) for afs, checked as `generator`. Unset = the set's.
   */
  'discriminator'?: (_dermanomaly_v1_Location | null);
  /**
   * Latents per G and D run for afs. 0 = 16.
   */
  'batchSize'?: (number);
  /**
   * ONNX Runtime execution provider for afs. Default EXECUTION_PROVIDER_AUTO (the service's
   * `DERMANOMALY_ORT_PROVIDER`).
   */
  'executionProvider'?: (_dermanomaly_v1_ExecutionProvider);
  /**
   * Where the sheets go: a folder path (a copy of every stored sheet) or a store key prefix ending in `/`. Each
   * sheet is `<tag>.xlsx` (sheet `scores` with columns `score`, `label`, `image_name`, score and label first, so
   * the original's readers work; sheet `meta` with method, metric, alpha, kappa, class map, lineage) and
   * `<tag>.csv` (the same columns). Empty = the store under `scores/<job id>/`.
   */
  'output'?: (_dermanomaly_v1_Location | null);
}

/**
 * Options of one scoring job.
 */
export interface StartScoringRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId': (string);
  /**
   * The reconstruction set to score (the reconstructor's output, format `dermanomaly/reconstruction-set/1`): a
   * folder path, a store key prefix ending in `/` holding the set's files, or the artifact of any file of the set
   * (its folder in that store is the set, e.g. the `reconstruction_set.safetensors` a ReconstructionCompleted event
   * names). Only the files the scores need are fetched from a store (PNGs only for distances and centre-weighted
   * terms with alpha > 0, and hue-spread). Required.
   */
  'reconstruction': (_dermanomaly_v1_Location__Output | null);
  /**
   * Scores to compute, one sheet each. Empty = izif (alpha 1), pairwise (alpha 0.5) and the hue-spread baseline.
   */
  'scores': (_dermanomaly_v1_ScoreSpec__Output)[];
  /**
   * Label of each class folder of the set: 0 normal, 1 anomalous; images of other classes are left out (counted in
   * the `left_out` metric). Which classes are normal is the caller's choice, e.g. {NEV: 0, BKL: 0, MEL: 1}.
   * Empty = {NEV: 0, MEL: 1}.
   */
  'classMap': ({[key: string]: number});
  /**
   * Latents of normal training images (`latent_vectors.csv`: `dim_1..dim_<z>,image_name`), the pool afs and als
   * search. Required by them (unless they search the own class).
   */
  'referenceLatents': (_dermanomaly_v1_Location__Output | null);
  /**
   * Generator ONNX model (`z`, `psi` -> `image`) for afs: must be the model that made the set (its digest is
   * checked against the set's lineage). Unset = the set's generator, found in the reconstructor's model cache in the
   * artifact store by the digest the set records.
   */
  'generator': (_dermanomaly_v1_Location__Output | null);
  /**
   * Discriminator ONNX model (`image` -> `features`, `logit`) for afs, checked as `generator`. Unset = the set's.
   */
  'discriminator': (_dermanomaly_v1_Location__Output | null);
  /**
   * Latents per G and D run for afs. 0 = 16.
   */
  'batchSize': (number);
  /**
   * ONNX Runtime execution provider for afs. Default EXECUTION_PROVIDER_AUTO (the service's
   * `DERMANOMALY_ORT_PROVIDER`).
   */
  'executionProvider': (_dermanomaly_v1_ExecutionProvider__Output);
  /**
   * Where the sheets go: a folder path (a copy of every stored sheet) or a store key prefix ending in `/`. Each
   * sheet is `<tag>.xlsx` (sheet `scores` with columns `score`, `label`, `image_name`, score and label first, so
   * the original's readers work; sheet `meta` with method, metric, alpha, kappa, class map, lineage) and
   * `<tag>.csv` (the same columns). Empty = the store under `scores/<job id>/`.
   */
  'output': (_dermanomaly_v1_Location__Output | null);
}
