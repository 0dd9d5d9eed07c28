// Original file: proto/dermanomaly/v1/common.proto

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { ModelVersion as _dermanomaly_v1_ModelVersion, ModelVersion__Output as _dermanomaly_v1_ModelVersion__Output } from '../../dermanomaly/v1/ModelVersion.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * What produced an artifact: inputs, models, configuration and seed. Attached to every output.
 */
export interface Lineage {
  /**
   * Input artifacts (data sets, folders, images).
   */
  'inputs'?: (_dermanomaly_v1_ArtifactRef)[];
  /**
   * Model checkpoints used.
   */
  'models'?: (_dermanomaly_v1_ModelVersion)[];
  /**
   * The effective configuration, as JSON (domain options after defaults were applied).
   */
  'configJson'?: (string);
  /**
   * Random seed in force.
   */
  'seed'?: (number | string | Long);
  /**
   * Service and job that produced it.
   */
  'producedBy'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When it was produced.
   */
  'createdAt'?: (_google_protobuf_Timestamp | null);
}

/**
 * What produced an artifact: inputs, models, configuration and seed. Attached to every output.
 */
export interface Lineage__Output {
  /**
   * Input artifacts (data sets, folders, images).
   */
  'inputs': (_dermanomaly_v1_ArtifactRef__Output)[];
  /**
   * Model checkpoints used.
   */
  'models': (_dermanomaly_v1_ModelVersion__Output)[];
  /**
   * The effective configuration, as JSON (domain options after defaults were applied).
   */
  'configJson': (string);
  /**
   * Random seed in force.
   */
  'seed': (number);
  /**
   * Service and job that produced it.
   */
  'producedBy': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When it was produced.
   */
  'createdAt': (_google_protobuf_Timestamp__Output | null);
}
