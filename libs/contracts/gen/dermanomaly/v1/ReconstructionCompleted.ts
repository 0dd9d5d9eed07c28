// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { ExportedModels as _dermanomaly_v1_ExportedModels, ExportedModels__Output as _dermanomaly_v1_ExportedModels__Output } from '../../dermanomaly/v1/ExportedModels.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * A batch reconstruction finished: its reconstruction set is complete in the artifact store.
 * Subject `dermanomaly.events.reconstructor.completed`.
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
   * Store key prefix of the set (`reconstructions/<job id>/`, or the request's `dest` key): every file of the set
   * lies under it, in the set's layout.
   */
  'setPrefix'?: (string);
  /**
   * `reconstruction_set.safetensors`: z, D features, logits and distances per image (written last: a set is
   * complete once it exists).
   */
  'tensors'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * `reconstruction_set.csv`: image_name, class, label and the three image paths per image.
   */
  'index'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * `latent_vectors.csv` (`dim_1..dim_<z>,image_name`).
   */
  'latents'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * `skipped.csv` (`source,reason`).
   */
  'skippedList'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * `set_manifest.json`: every file of the set (path relative to the set, ArtifactRef), to fetch or check it whole.
   */
  'manifest'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Images reconstructed.
   */
  'count'?: (number | string | Long);
  /**
   * Inputs skipped, by reason code (`CORRUPT`, `NOT_AN_IMAGE`, `UNSUPPORTED`, `WRONG_SIZE`, `DUPLICATE_NAME`, ...).
   */
  'skippedByReason'?: ({[key: string]: number | string | Long});
  /**
   * The models that ran (exported from the checkpoints, with their digests).
   */
  'models'?: (_dermanomaly_v1_ExportedModels | null);
  /**
   * The local folder the set was copied to, when the request's `dest` was a path; empty otherwise.
   */
  'destPath'?: (string);
  /**
   * Source, checkpoints, models and options that produced the set.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
}

/**
 * A batch reconstruction finished: its reconstruction set is complete in the artifact store.
 * Subject `dermanomaly.events.reconstructor.completed`.
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
   * Store key prefix of the set (`reconstructions/<job id>/`, or the request's `dest` key): every file of the set
   * lies under it, in the set's layout.
   */
  'setPrefix': (string);
  /**
   * `reconstruction_set.safetensors`: z, D features, logits and distances per image (written last: a set is
   * complete once it exists).
   */
  'tensors': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * `reconstruction_set.csv`: image_name, class, label and the three image paths per image.
   */
  'index': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * `latent_vectors.csv` (`dim_1..dim_<z>,image_name`).
   */
  'latents': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * `skipped.csv` (`source,reason`).
   */
  'skippedList': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * `set_manifest.json`: every file of the set (path relative to the set, ArtifactRef), to fetch or check it whole.
   */
  'manifest': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Images reconstructed.
   */
  'count': (number);
  /**
   * Inputs skipped, by reason code (`CORRUPT`, `NOT_AN_IMAGE`, `UNSUPPORTED`, `WRONG_SIZE`, `DUPLICATE_NAME`, ...).
   */
  'skippedByReason': ({[key: string]: number});
  /**
   * The models that ran (exported from the checkpoints, with their digests).
   */
  'models': (_dermanomaly_v1_ExportedModels__Output | null);
  /**
   * The local folder the set was copied to, when the request's `dest` was a path; empty otherwise.
   */
  'destPath': (string);
  /**
   * Source, checkpoints, models and options that produced the set.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
}
