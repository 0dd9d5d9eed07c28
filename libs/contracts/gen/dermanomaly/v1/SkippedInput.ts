// Original file: proto/dermanomaly/v1/reconstructor.proto


/**
 * An input that was not reconstructed, as `skipped.csv` lists it.
 */
export interface SkippedInput {
  /**
   * The source as named in the source (relative path, zip entry, or data set file).
   */
  'source'?: (string);
  /**
   * Why, for a person to read, starting with the reason code (`CORRUPT: ...`).
   */
  'reason'?: (string);
}

/**
 * An input that was not reconstructed, as `skipped.csv` lists it.
 */
export interface SkippedInput__Output {
  /**
   * The source as named in the source (relative path, zip entry, or data set file).
   */
  'source': (string);
  /**
   * Why, for a person to read, starting with the reason code (`CORRUPT: ...`).
   */
  'reason': (string);
}
