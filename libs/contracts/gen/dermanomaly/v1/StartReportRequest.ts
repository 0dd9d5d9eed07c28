// Original file: proto/dermanomaly/v1/reporter.proto

import type { SheetInput as _dermanomaly_v1_SheetInput, SheetInput__Output as _dermanomaly_v1_SheetInput__Output } from '../../dermanomaly/v1/SheetInput.ts';
import type { ThresholdRule as _dermanomaly_v1_ThresholdRule, ThresholdRule__Output as _dermanomaly_v1_ThresholdRule__Output } from '../../dermanomaly/v1/ThresholdRule.ts';
import type { TsneOptions as _dermanomaly_v1_TsneOptions, TsneOptions__Output as _dermanomaly_v1_TsneOptions__Output } from '../../dermanomaly/v1/TsneOptions.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';

/**
 * Options of one report.
 */
export interface StartReportRequest {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId'?: (string);
  /**
   * Sheets to report on, one set of plots each. May be empty when only t-SNE is asked for.
   */
  'sheets'?: (_dermanomaly_v1_SheetInput)[];
  /**
   * How each sheet's threshold is chosen. Default THRESHOLD_RULE_UNSPECIFIED (calibrated when available, else median).
   */
  'thresholdRule'?: (_dermanomaly_v1_ThresholdRule);
  /**
   * Threshold on min-max normalised scores for THRESHOLD_RULE_FIXED, in [0, 1].
   */
  'fixedThreshold'?: (number | string);
  /**
   * Name of the normal class in tables (label 0). Empty = `naevus`.
   */
  'negativeName'?: (string);
  /**
   * Name of the anomalous class in tables (label 1). Empty = `melanoma`.
   */
  'positiveName'?: (string);
  /**
   * t-SNE of the latents. Unset = none.
   */
  'tsne'?: (_dermanomaly_v1_TsneOptions | null);
  /**
   * Output prefix, the original's `graphics/`: `violon_<tag>.png`, `confMatrix_<tag>.png`, `report_<tag>.png`,
   * `roc_<tag>.png` + `roc_<tag>.csv` (fpr, tpr, threshold), `pr_<tag>.png` + `pr_<tag>.csv`, `tsne.png` +
   * `tsne.csv` (image_name, x, y, label), `summary.json`. Empty = the service's run store.
   */
  'output'?: (_dermanomaly_v1_Location | null);
}

/**
 * Options of one report.
 */
export interface StartReportRequest__Output {
  /**
   * Idempotency key: a repeated request with the same id returns the job of the first one instead of starting a
   * second run (ALREADY_EXISTS if the body differs). Empty = not idempotent.
   */
  'requestId': (string);
  /**
   * Sheets to report on, one set of plots each. May be empty when only t-SNE is asked for.
   */
  'sheets': (_dermanomaly_v1_SheetInput__Output)[];
  /**
   * How each sheet's threshold is chosen. Default THRESHOLD_RULE_UNSPECIFIED (calibrated when available, else median).
   */
  'thresholdRule': (_dermanomaly_v1_ThresholdRule__Output);
  /**
   * Threshold on min-max normalised scores for THRESHOLD_RULE_FIXED, in [0, 1].
   */
  'fixedThreshold': (number);
  /**
   * Name of the normal class in tables (label 0). Empty = `naevus`.
   */
  'negativeName': (string);
  /**
   * Name of the anomalous class in tables (label 1). Empty = `melanoma`.
   */
  'positiveName': (string);
  /**
   * t-SNE of the latents. Unset = none.
   */
  'tsne': (_dermanomaly_v1_TsneOptions__Output | null);
  /**
   * Output prefix, the original's `graphics/`: `violon_<tag>.png`, `confMatrix_<tag>.png`, `report_<tag>.png`,
   * `roc_<tag>.png` + `roc_<tag>.csv` (fpr, tpr, threshold), `pr_<tag>.png` + `pr_<tag>.csv`, `tsne.png` +
   * `tsne.csv` (image_name, x, y, label), `summary.json`. Empty = the service's run store.
   */
  'output': (_dermanomaly_v1_Location__Output | null);
}
