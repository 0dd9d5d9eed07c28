// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * A batch reconstruction finished. Subject `dermanomaly.events.reconstructor.completed`.
 */
export interface ReconstructionCompleted {
  /**
   * The reconstruction job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When it finished.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * Manifest of the reconstructions (`generated_img/`), one entry per image with its ArtifactRef.
   */
  'reconstructions'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * `latent_vectors.csv` (`dim_1..dim_<z>,image_name`).
   */
  'latents'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Manifest of the residual maps; unset when not asked for.
   */
  'residuals'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Images reconstructed.
   */
  'count'?: (number | string | Long);
  /**
   * Images that could not be read, by reason.
   */
  'skippedByReason'?: ({[key: string]: number | string | Long});
  /**
   * Images, encoder, generator, noise mode that produced them.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
}

/**
 * A batch reconstruction finished. Subject `dermanomaly.events.reconstructor.completed`.
 */
export interface ReconstructionCompleted__Output {
  /**
   * The reconstruction job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When it finished.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * Manifest of the reconstructions (`generated_img/`), one entry per image with its ArtifactRef.
   */
  'reconstructions': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * `latent_vectors.csv` (`dim_1..dim_<z>,image_name`).
   */
  'latents': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Manifest of the residual maps; unset when not asked for.
   */
  'residuals': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Images reconstructed.
   */
  'count': (number);
  /**
   * Images that could not be read, by reason.
   */
  'skippedByReason': ({[key: string]: number});
  /**
   * Images, encoder, generator, noise mode that produced them.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
}
