// Original file: proto/dermanomaly/v1/reporter.proto

import type { ScoreSheet as _dermanomaly_v1_ScoreSheet, ScoreSheet__Output as _dermanomaly_v1_ScoreSheet__Output } from '../../dermanomaly/v1/ScoreSheet.ts';

/**
 * A sheet to report on.
 */
export interface SheetInput {
  /**
   * The sheet: a `ScoreSheet` from the scorer, or only its `tag` and `xlsx`/`csv` for a sheet from elsewhere
   * (columns `score`, `label`). Required.
   */
  'sheet'?: (_dermanomaly_v1_ScoreSheet | null);
}

/**
 * A sheet to report on.
 */
export interface SheetInput__Output {
  /**
   * The sheet: a `ScoreSheet` from the scorer, or only its `tag` and `xlsx`/`csv` for a sheet from elsewhere
   * (columns `score`, `label`). Required.
   */
  'sheet': (_dermanomaly_v1_ScoreSheet__Output | null);
}
