// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';

/**
 * A GAN snapshot was written. Subject `dermanomaly.events.gan.snapshot`.
 */
export interface GanSnapshot {
  /**
   * The training job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When the snapshot was written.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * Training progress in kimg at the snapshot.
   */
  'kimg'?: (number | string);
  /**
   * Tick number at the snapshot.
   */
  'tick'?: (number);
  /**
   * The checkpoint: `network-snapshot-<kimg>.safetensors` with G, G_ema, D (NVIDIA names) and the ADA state.
   */
  'checkpoint'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * The fakes grid `fakes<kimg>.png` (G_ema, fixed latents, noise const). Unset for a snapshot written because the
   * run was interrupted (Cancel, or the service shutting down): it is taken between two accumulation rounds, not at
   * a tick, and the time it would cost may not fit the shutdown grace period.
   */
  'fakes'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * The run's `stats.jsonl` up to this snapshot.
   */
  'stats'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Quality metrics at the snapshot (e.g. `fid50k_full`), when asked for.
   */
  'metrics'?: ({[key: string]: number | string});
  /**
   * Dataset, resume checkpoint, options and seed that produced the checkpoint.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
}

/**
 * A GAN snapshot was written. Subject `dermanomaly.events.gan.snapshot`.
 */
export interface GanSnapshot__Output {
  /**
   * The training job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When the snapshot was written.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * Training progress in kimg at the snapshot.
   */
  'kimg': (number);
  /**
   * Tick number at the snapshot.
   */
  'tick': (number);
  /**
   * The checkpoint: `network-snapshot-<kimg>.safetensors` with G, G_ema, D (NVIDIA names) and the ADA state.
   */
  'checkpoint': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * The fakes grid `fakes<kimg>.png` (G_ema, fixed latents, noise const). Unset for a snapshot written because the
   * run was interrupted (Cancel, or the service shutting down): it is taken between two accumulation rounds, not at
   * a tick, and the time it would cost may not fit the shutdown grace period.
   */
  'fakes': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * The run's `stats.jsonl` up to this snapshot.
   */
  'stats': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Quality metrics at the snapshot (e.g. `fid50k_full`), when asked for.
   */
  'metrics': ({[key: string]: number});
  /**
   * Dataset, resume checkpoint, options and seed that produced the checkpoint.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
}
