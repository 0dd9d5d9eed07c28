// Original file: proto/dermanomaly/v1/orchestrator.proto

import type { JobState as _dermanomaly_v1_JobState, JobState__Output as _dermanomaly_v1_JobState__Output } from '../../dermanomaly/v1/JobState.ts';

/**
 * Filter and paging of `ListJobs`.
 */
export interface ListJobsRequest {
  /**
   * Only pipelines in these states. Empty = all.
   */
  'states'?: (_dermanomaly_v1_JobState)[];
  /**
   * Maximum pipelines per page. 0 = 50; at most 1000.
   */
  'pageSize'?: (number);
  /**
   * `next_page_token` of the previous page; empty for the first page.
   */
  'pageToken'?: (string);
}

/**
 * Filter and paging of `ListJobs`.
 */
export interface ListJobsRequest__Output {
  /**
   * Only pipelines in these states. Empty = all.
   */
  'states': (_dermanomaly_v1_JobState__Output)[];
  /**
   * Maximum pipelines per page. 0 = 50; at most 1000.
   */
  'pageSize': (number);
  /**
   * `next_page_token` of the previous page; empty for the first page.
   */
  'pageToken': (string);
}
