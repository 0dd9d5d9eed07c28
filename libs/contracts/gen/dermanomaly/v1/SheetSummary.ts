// Original file: proto/dermanomaly/v1/reporter.proto

import type { ThresholdRule as _dermanomaly_v1_ThresholdRule, ThresholdRule__Output as _dermanomaly_v1_ThresholdRule__Output } from '../../dermanomaly/v1/ThresholdRule.ts';
import type { ConfusionCounts as _dermanomaly_v1_ConfusionCounts, ConfusionCounts__Output as _dermanomaly_v1_ConfusionCounts__Output } from '../../dermanomaly/v1/ConfusionCounts.ts';
import type { ClassReport as _dermanomaly_v1_ClassReport, ClassReport__Output as _dermanomaly_v1_ClassReport__Output } from '../../dermanomaly/v1/ClassReport.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * The figures of one sheet.
 */
export interface SheetSummary {
  /**
   * The sheet's tag.
   */
  'tag'?: (string);
  /**
   * Area under the ROC curve.
   */
  'rocAuc'?: (number | string);
  /**
   * Area under the precision-recall curve (average precision).
   */
  'prAuc'?: (number | string);
  /**
   * Threshold used, on normalised scores.
   */
  'threshold'?: (number | string);
  /**
   * Rule that gave the threshold.
   */
  'thresholdRule'?: (_dermanomaly_v1_ThresholdRule);
  /**
   * Confusion counts at that threshold.
   */
  'confusion'?: (_dermanomaly_v1_ConfusionCounts | null);
  /**
   * Per-class report, normal class first.
   */
  'classes'?: (_dermanomaly_v1_ClassReport)[];
  /**
   * Accuracy at that threshold.
   */
  'accuracy'?: (number | string);
  /**
   * Plots and CSVs of this sheet, by kind: `violin`, `confusion`, `report`, `roc`, `roc_csv`, `pr`, `pr_csv`.
   */
  'artifacts'?: ({[key: string]: _dermanomaly_v1_ArtifactRef});
}

/**
 * The figures of one sheet.
 */
export interface SheetSummary__Output {
  /**
   * The sheet's tag.
   */
  'tag': (string);
  /**
   * Area under the ROC curve.
   */
  'rocAuc': (number);
  /**
   * Area under the precision-recall curve (average precision).
   */
  'prAuc': (number);
  /**
   * Threshold used, on normalised scores.
   */
  'threshold': (number);
  /**
   * Rule that gave the threshold.
   */
  'thresholdRule': (_dermanomaly_v1_ThresholdRule__Output);
  /**
   * Confusion counts at that threshold.
   */
  'confusion': (_dermanomaly_v1_ConfusionCounts__Output | null);
  /**
   * Per-class report, normal class first.
   */
  'classes': (_dermanomaly_v1_ClassReport__Output)[];
  /**
   * Accuracy at that threshold.
   */
  'accuracy': (number);
  /**
   * Plots and CSVs of this sheet, by kind: `violin`, `confusion`, `report`, `roc`, `roc_csv`, `pr`, `pr_csv`.
   */
  'artifacts': ({[key: string]: _dermanomaly_v1_ArtifactRef__Output});
}
