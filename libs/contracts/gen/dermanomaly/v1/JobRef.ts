// Original file: proto/dermanomaly/v1/common.proto


/**
 * Identifies one long-running job on the service that started it.
 */
export interface JobRef {
  /**
   * Opaque job id, unique per service; stable across restarts of that service.
   */
  'id'?: (string);
  /**
   * Service that owns the job, e.g. `preprocess`, `gan-trainer`.
   */
  'service'?: (string);
}

/**
 * Identifies one long-running job on the service that started it.
 */
export interface JobRef__Output {
  /**
   * Opaque job id, unique per service; stable across restarts of that service.
   */
  'id': (string);
  /**
   * Service that owns the job, e.g. `preprocess`, `gan-trainer`.
   */
  'service': (string);
}
