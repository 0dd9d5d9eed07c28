// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * A dataset was written. Subject `dermanomaly.events.preprocess.dataset_prepared`.
 */
export interface DatasetPrepared {
  /**
   * The preparation job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When the dataset was complete.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * The dataset (a zip, or a folder manifest when written as a folder).
   */
  'dataset'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * The manifest: `dataset.json` with the labels, plus the per-image source path and digest.
   */
  'manifest'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Images written.
   */
  'written'?: (number | string | Long);
  /**
   * Images skipped.
   */
  'skipped'?: (number | string | Long);
  /**
   * Skipped images by reason: `CORRUPT`, `NOT_AN_IMAGE`, `TOO_SMALL`, `TOO_MANY_PIXELS`, `UNSUPPORTED`,
   * `DROPPED_BY_TRANSFORM`, `UNLABELLED` (each skipped file is listed with its reason in the manifest).
   */
  'skippedByReason'?: ({[key: string]: number | string | Long});
  /**
   * Output width in pixels.
   */
  'width'?: (number);
  /**
   * Output height in pixels.
   */
  'height'?: (number);
  /**
   * Output channels (1 or 3).
   */
  'channels'?: (number);
  /**
   * Images written per class name (from the request's class map); empty when unlabelled.
   */
  'classCounts'?: ({[key: string]: number | string | Long});
  /**
   * Source, options and job that produced the dataset.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
}

/**
 * A dataset was written. Subject `dermanomaly.events.preprocess.dataset_prepared`.
 */
export interface DatasetPrepared__Output {
  /**
   * The preparation job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When the dataset was complete.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * The dataset (a zip, or a folder manifest when written as a folder).
   */
  'dataset': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * The manifest: `dataset.json` with the labels, plus the per-image source path and digest.
   */
  'manifest': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Images written.
   */
  'written': (number);
  /**
   * Images skipped.
   */
  'skipped': (number);
  /**
   * Skipped images by reason: `CORRUPT`, `NOT_AN_IMAGE`, `TOO_SMALL`, `TOO_MANY_PIXELS`, `UNSUPPORTED`,
   * `DROPPED_BY_TRANSFORM`, `UNLABELLED` (each skipped file is listed with its reason in the manifest).
   */
  'skippedByReason': ({[key: string]: number});
  /**
   * Output width in pixels.
   */
  'width': (number);
  /**
   * Output height in pixels.
   */
  'height': (number);
  /**
   * Output channels (1 or 3).
   */
  'channels': (number);
  /**
   * Images written per class name (from the request's class map); empty when unlabelled.
   */
  'classCounts': ({[key: string]: number});
  /**
   * Source, options and job that produced the dataset.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
}
