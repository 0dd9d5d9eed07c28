// Original file: proto/dermanomaly/v1/reporter.proto

import type { ThresholdRule as _dermanomaly_v1_ThresholdRule, ThresholdRule__Output as _dermanomaly_v1_ThresholdRule__Output } from '../../dermanomaly/v1/ThresholdRule.ts';
import type { ConfusionCounts as _dermanomaly_v1_ConfusionCounts, ConfusionCounts__Output as _dermanomaly_v1_ConfusionCounts__Output } from '../../dermanomaly/v1/ConfusionCounts.ts';
import type { ClassReport as _dermanomaly_v1_ClassReport, ClassReport__Output as _dermanomaly_v1_ClassReport__Output } from '../../dermanomaly/v1/ClassReport.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';

/**
 * The figures of one sheet, as its `<tag>/metrics.json` holds them.
 */
export interface SheetSummary {
  /**
   * The sheet's tag.
   */
  'tag'?: (string);
  /**
   * Area under the ROC curve (scikit-learn's `roc_auc_score`).
   */
  'rocAuc'?: (number | string);
  /**
   * Average precision (scikit-learn's `average_precision_score`).
   */
  'averagePrecision'?: (number | string);
  /**
   * Threshold used, on raw scores.
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
   * Per-class report: normal class, anomalous class, `macro avg`, `weighted avg`.
   */
  'classes'?: (_dermanomaly_v1_ClassReport)[];
  /**
   * Accuracy at that threshold.
   */
  'accuracy'?: (number | string);
  /**
   * Stored files of this sheet, by kind: `metrics`, `violin`, `confusion`, `report`, `roc`, `pr`, `histogram` (PNG;
   * the same kinds with `_svg`), `roc_csv`, `pr_csv`.
   */
  'artifacts'?: ({[key: string]: _dermanomaly_v1_ArtifactRef});
  /**
   * Lower end of the AUC's bootstrap 95% interval.
   */
  'rocAucCi95Low'?: (number | string);
  /**
   * Upper end of the AUC's bootstrap 95% interval.
   */
  'rocAucCi95High'?: (number | string);
  /**
   * Images in the sheet.
   */
  'count'?: (number);
  /**
   * Whether this is the naive colour baseline's sheet.
   */
  'baseline'?: (boolean);
}

/**
 * The figures of one sheet, as its `<tag>/metrics.json` holds them.
 */
export interface SheetSummary__Output {
  /**
   * The sheet's tag.
   */
  'tag': (string);
  /**
   * Area under the ROC curve (scikit-learn's `roc_auc_score`).
   */
  'rocAuc': (number);
  /**
   * Average precision (scikit-learn's `average_precision_score`).
   */
  'averagePrecision': (number);
  /**
   * Threshold used, on raw scores.
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
   * Per-class report: normal class, anomalous class, `macro avg`, `weighted avg`.
   */
  'classes': (_dermanomaly_v1_ClassReport__Output)[];
  /**
   * Accuracy at that threshold.
   */
  'accuracy': (number);
  /**
   * Stored files of this sheet, by kind: `metrics`, `violin`, `confusion`, `report`, `roc`, `pr`, `histogram` (PNG;
   * the same kinds with `_svg`), `roc_csv`, `pr_csv`.
   */
  'artifacts': ({[key: string]: _dermanomaly_v1_ArtifactRef__Output});
  /**
   * Lower end of the AUC's bootstrap 95% interval.
   */
  'rocAucCi95Low': (number);
  /**
   * Upper end of the AUC's bootstrap 95% interval.
   */
  'rocAucCi95High': (number);
  /**
   * Images in the sheet.
   */
  'count': (number);
  /**
   * Whether this is the naive colour baseline's sheet.
   */
  'baseline': (boolean);
}
