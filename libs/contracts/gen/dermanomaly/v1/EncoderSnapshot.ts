// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * An encoder snapshot was written (every `snapshot_every` epochs, at the end, and when the run is cancelled).
 * Subject `dermanomaly.events.encoder.snapshot`.
 */
export interface EncoderSnapshot {
  /**
   * The training job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When the snapshot was written.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * Epochs completed at the snapshot.
   */
  'epoch'?: (number);
  /**
   * E's weights, `encoder-<epoch>.safetensors` (the original's PyTorch names; the lineage in its metadata names the
   * generator and noise mode it was trained with).
   */
  'checkpoint'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * The grid `rec<epoch>.png`: the first normal images above their reconstructions G(E(x)). Unset for a snapshot
   * written because the run was cancelled (it is taken between two steps, not at an epoch's end).
   */
  'grid'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Mean loss of the last epoch completed (0 before the first).
   */
  'loss'?: (number | string);
  /**
   * Data set, GAN (generator and discriminator), starting weights, options and seed that produced the checkpoint.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
  /**
   * Optimizer steps done at the snapshot.
   */
  'steps'?: (number | string | Long);
  /**
   * `resume.safetensors`: the whole training state at the snapshot (weights, Adam, counters, random and data
   * positions), from which the job continues exactly.
   */
  'state'?: (_dermanomaly_v1_ArtifactRef | null);
}

/**
 * An encoder snapshot was written (every `snapshot_every` epochs, at the end, and when the run is cancelled).
 * Subject `dermanomaly.events.encoder.snapshot`.
 */
export interface EncoderSnapshot__Output {
  /**
   * The training job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When the snapshot was written.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * Epochs completed at the snapshot.
   */
  'epoch': (number);
  /**
   * E's weights, `encoder-<epoch>.safetensors` (the original's PyTorch names; the lineage in its metadata names the
   * generator and noise mode it was trained with).
   */
  'checkpoint': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * The grid `rec<epoch>.png`: the first normal images above their reconstructions G(E(x)). Unset for a snapshot
   * written because the run was cancelled (it is taken between two steps, not at an epoch's end).
   */
  'grid': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Mean loss of the last epoch completed (0 before the first).
   */
  'loss': (number);
  /**
   * Data set, GAN (generator and discriminator), starting weights, options and seed that produced the checkpoint.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
  /**
   * Optimizer steps done at the snapshot.
   */
  'steps': (number);
  /**
   * `resume.safetensors`: the whole training state at the snapshot (weights, Adam, counters, random and data
   * positions), from which the job continues exactly.
   */
  'state': (_dermanomaly_v1_ArtifactRef__Output | null);
}
