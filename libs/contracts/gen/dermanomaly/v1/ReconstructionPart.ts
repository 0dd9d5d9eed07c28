// Original file: proto/dermanomaly/v1/reconstructor.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * A finished work item, recorded (NATS KV bucket `dermanomaly_reconstructor_items`, key `<job id>.<index>`) by the
 * replica that finished it, after its partial set was stored; the job's owner watches these records.
 */
export interface ReconstructionPart {
  /**
   * The job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * The item's index.
   */
  'index'?: (number);
  /**
   * `part.json` of the partial set: every file of it with its ArtifactRef. Unset when the item failed.
   */
  'manifest'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Images reconstructed.
   */
  'written'?: (number);
  /**
   * Inputs skipped.
   */
  'skipped'?: (number);
  /**
   * Error that failed the item for good (after its last delivery); empty on success.
   */
  'error'?: (string);
  /**
   * gRPC status code name of `error`.
   */
  'errorCode'?: (string);
  /**
   * The replica that recorded it.
   */
  'replica'?: (string);
  /**
   * Skipped inputs by reason code (`CORRUPT`, `WRONG_SIZE`, ...).
   */
  'skippedByReason'?: ({[key: string]: number});
}

/**
 * A finished work item, recorded (NATS KV bucket `dermanomaly_reconstructor_items`, key `<job id>.<index>`) by the
 * replica that finished it, after its partial set was stored; the job's owner watches these records.
 */
export interface ReconstructionPart__Output {
  /**
   * The job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * The item's index.
   */
  'index': (number);
  /**
   * `part.json` of the partial set: every file of it with its ArtifactRef. Unset when the item failed.
   */
  'manifest': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Images reconstructed.
   */
  'written': (number);
  /**
   * Inputs skipped.
   */
  'skipped': (number);
  /**
   * Error that failed the item for good (after its last delivery); empty on success.
   */
  'error': (string);
  /**
   * gRPC status code name of `error`.
   */
  'errorCode': (string);
  /**
   * The replica that recorded it.
   */
  'replica': (string);
  /**
   * Skipped inputs by reason code (`CORRUPT`, `WRONG_SIZE`, ...).
   */
  'skippedByReason': ({[key: string]: number});
}
