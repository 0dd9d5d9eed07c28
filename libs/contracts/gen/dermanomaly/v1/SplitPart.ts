// Original file: proto/dermanomaly/v1/preprocess.proto

/**
 * Which part of a `DatasetSplit` a preparation writes.
 */
export const SplitPart = {
  /**
   * Not a part: INVALID_ARGUMENT when a split is given.
   */
  SPLIT_PART_UNSPECIFIED: 'SPLIT_PART_UNSPECIFIED',
  /**
   * The images not held out.
   */
  SPLIT_PART_KEPT: 'SPLIT_PART_KEPT',
  /**
   * The images held out.
   */
  SPLIT_PART_HELD_OUT: 'SPLIT_PART_HELD_OUT',
} as const;

/**
 * Which part of a `DatasetSplit` a preparation writes.
 */
export type SplitPart =
  /**
   * Not a part: INVALID_ARGUMENT when a split is given.
   */
  | 'SPLIT_PART_UNSPECIFIED'
  | 0
  /**
   * The images not held out.
   */
  | 'SPLIT_PART_KEPT'
  | 1
  /**
   * The images held out.
   */
  | 'SPLIT_PART_HELD_OUT'
  | 2

/**
 * Which part of a `DatasetSplit` a preparation writes.
 */
export type SplitPart__Output = typeof SplitPart[keyof typeof SplitPart]
