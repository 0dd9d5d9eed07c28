// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';

/**
 * An encoder checkpoint was written (every `sample_every` epochs). Subject `dermanomaly.events.encoder.snapshot`.
 */
export interface EncoderSnapshot {
  /**
   * The training job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When the checkpoint was written.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * Epoch number at the snapshot.
   */
  'epoch'?: (number);
  /**
   * The encoder checkpoint (`.safetensors`).
   */
  'checkpoint'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * The grid: real images, then their reconstructions.
   */
  'grid'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Mean loss of the epoch.
   */
  'loss'?: (number | string);
  /**
   * Dataset, generator, discriminator, options and seed that produced the checkpoint.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
}

/**
 * An encoder checkpoint was written (every `sample_every` epochs). Subject `dermanomaly.events.encoder.snapshot`.
 */
export interface EncoderSnapshot__Output {
  /**
   * The training job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When the checkpoint was written.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * Epoch number at the snapshot.
   */
  'epoch': (number);
  /**
   * The encoder checkpoint (`.safetensors`).
   */
  'checkpoint': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * The grid: real images, then their reconstructions.
   */
  'grid': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Mean loss of the epoch.
   */
  'loss': (number);
  /**
   * Dataset, generator, discriminator, options and seed that produced the checkpoint.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
}
