// Original file: proto/dermanomaly/v1/orchestrator.proto

import type { PipelineStatus as _dermanomaly_v1_PipelineStatus, PipelineStatus__Output as _dermanomaly_v1_PipelineStatus__Output } from '../../dermanomaly/v1/PipelineStatus.ts';

/**
 * One page of pipelines.
 */
export interface ListJobsResponse {
  /**
   * Pipelines, newest first (without `request`).
   */
  'jobs'?: (_dermanomaly_v1_PipelineStatus)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken'?: (string);
}

/**
 * One page of pipelines.
 */
export interface ListJobsResponse__Output {
  /**
   * Pipelines, newest first (without `request`).
   */
  'jobs': (_dermanomaly_v1_PipelineStatus__Output)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken': (string);
}
