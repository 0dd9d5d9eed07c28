// Original file: proto/dermanomaly/v1/reporter.proto

import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';

/**
 * A score sheet to report on.
 */
export interface SheetInput {
  /**
   * The sheet: `.xlsx` (its `scores` sheet, else the first) or `.csv`, with columns `score` and `label` and
   * optionally `image_name` in any order (an unnamed first column, pandas' index, is ignored), so the original's
   * sheets read too. Required.
   */
  'sheet'?: (_dermanomaly_v1_Location | null);
  /**
   * Names its plots and folder (`roc_<tag>.png`, `<tag>/metrics.json`): letters, digits, `.`, `-`, `_`.
   * Empty = the file name without extension.
   */
  'tag'?: (string);
  /**
   * Its calibration (`calibration.json`), for the calibrated rule and normalised scores in the report. Unset = the
   * one of `StartReportRequest.calibrations` fitted on the same tag, if any.
   */
  'calibration'?: (_dermanomaly_v1_Location | null);
}

/**
 * A score sheet to report on.
 */
export interface SheetInput__Output {
  /**
   * The sheet: `.xlsx` (its `scores` sheet, else the first) or `.csv`, with columns `score` and `label` and
   * optionally `image_name` in any order (an unnamed first column, pandas' index, is ignored), so the original's
   * sheets read too. Required.
   */
  'sheet': (_dermanomaly_v1_Location__Output | null);
  /**
   * Names its plots and folder (`roc_<tag>.png`, `<tag>/metrics.json`): letters, digits, `.`, `-`, `_`.
   * Empty = the file name without extension.
   */
  'tag': (string);
  /**
   * Its calibration (`calibration.json`), for the calibrated rule and normalised scores in the report. Unset = the
   * one of `StartReportRequest.calibrations` fitted on the same tag, if any.
   */
  'calibration': (_dermanomaly_v1_Location__Output | null);
}
