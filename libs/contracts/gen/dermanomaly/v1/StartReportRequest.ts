// Original file: proto/dermanomaly/v1/reporter.proto

import type { SheetInput as _dermanomaly_v1_SheetInput, SheetInput__Output as _dermanomaly_v1_SheetInput__Output } from '../../dermanomaly/v1/SheetInput.ts';
import type { ThresholdRule as _dermanomaly_v1_ThresholdRule, ThresholdRule__Output as _dermanomaly_v1_ThresholdRule__Output } from '../../dermanomaly/v1/ThresholdRule.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from '../../dermanomaly/v1/Location.ts';
import type { TsneOptions as _dermanomaly_v1_TsneOptions, TsneOptions__Output as _dermanomaly_v1_TsneOptions__Output } from '../../dermanomaly/v1/TsneOptions.ts';
import type { Long } from '@grpc/proto-loader';

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
   * Sheets to report on, one set of plots and a `<tag>/metrics.json` each. May be empty when only a t-SNE is asked.
   */
  'sheets'?: (_dermanomaly_v1_SheetInput)[];
  /**
   * How each sheet's threshold is chosen. Default median.
   */
  'thresholdRule'?: (_dermanomaly_v1_ThresholdRule);
  /**
   * Calibrations (`calibration.json`), each applied to the sheet whose tag it was fitted on (its recorded sheet
   * tag); with one sheet and one calibration, they pair whatever the tags. A calibration whose recorded score method
   * differs from its sheet's is INVALID_ARGUMENT.
   */
  'calibrations'?: (_dermanomaly_v1_Location)[];
  /**
   * The naive colour baseline's sheet (`hue-spread` of the same images): evaluated as the others and its AUC shown
   * beside each method's. Unset = no baseline column.
   */
  'baseline'?: (_dermanomaly_v1_SheetInput | null);
  /**
   * Reconstruction sets holding the sheets' images (folder paths, store key prefixes ending in `/`, or the artifact
   * of any file of a set), so `report.html` shows each image, its reconstruction and residual map; thumbnails are
   * written beside the report and linked by relative paths, so the report keeps working when copied elsewhere.
   */
  'reconstructionSets'?: (_dermanomaly_v1_Location)[];
  /**
   * t-SNE of the latents (`tsne.png`, `tsne.csv`: `image_name,x,y,label`), shown in the report with the images'
   * classes from the sets. Unset = none.
   */
  'tsne'?: (_dermanomaly_v1_TsneOptions | null);
  /**
   * Name of the normal class (label 0) in tables. Empty = `naevus`.
   */
  'negativeName'?: (string);
  /**
   * Name of the anomalous class (label 1) in tables. Empty = `melanoma`.
   */
  'positiveName'?: (string);
  /**
   * Bootstrap resamples of each AUC's 95% interval. 0 = 2000.
   */
  'resamples'?: (number);
  /**
   * Seed of the bootstraps (and of the t-SNE unless it has its own). Default 0.
   */
  'seed'?: (number | string | Long);
  /**
   * Title of `report.html`. Empty = `dermanomaly report`.
   */
  'title'?: (string);
  /**
   * Where the report goes: a folder path (a copy of every stored file) or a store key prefix ending in `/`. It
   * holds `report.html`, `summary.json` (every sheet's AUC and files), `<tag>/metrics.json`, `graphics/` (the
   * original's `violon_<tag>.png`, `confMatrix_<tag>.png`, `report_<tag>.png`, `roc_<tag>.png`, plus `pr_<tag>.png`,
   * `hist_<tag>.png`, each with its `.svg`; `roc_<tag>.csv` (fpr,tpr,threshold), `pr_<tag>.csv`; `tsne.png`,
   * `tsne.csv`) and `thumbs/`. Empty = the store under `reports/<job id>/`.
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
   * Sheets to report on, one set of plots and a `<tag>/metrics.json` each. May be empty when only a t-SNE is asked.
   */
  'sheets': (_dermanomaly_v1_SheetInput__Output)[];
  /**
   * How each sheet's threshold is chosen. Default median.
   */
  'thresholdRule': (_dermanomaly_v1_ThresholdRule__Output);
  /**
   * Calibrations (`calibration.json`), each applied to the sheet whose tag it was fitted on (its recorded sheet
   * tag); with one sheet and one calibration, they pair whatever the tags. A calibration whose recorded score method
   * differs from its sheet's is INVALID_ARGUMENT.
   */
  'calibrations': (_dermanomaly_v1_Location__Output)[];
  /**
   * The naive colour baseline's sheet (`hue-spread` of the same images): evaluated as the others and its AUC shown
   * beside each method's. Unset = no baseline column.
   */
  'baseline': (_dermanomaly_v1_SheetInput__Output | null);
  /**
   * Reconstruction sets holding the sheets' images (folder paths, store key prefixes ending in `/`, or the artifact
   * of any file of a set), so `report.html` shows each image, its reconstruction and residual map; thumbnails are
   * written beside the report and linked by relative paths, so the report keeps working when copied elsewhere.
   */
  'reconstructionSets': (_dermanomaly_v1_Location__Output)[];
  /**
   * t-SNE of the latents (`tsne.png`, `tsne.csv`: `image_name,x,y,label`), shown in the report with the images'
   * classes from the sets. Unset = none.
   */
  'tsne': (_dermanomaly_v1_TsneOptions__Output | null);
  /**
   * Name of the normal class (label 0) in tables. Empty = `naevus`.
   */
  'negativeName': (string);
  /**
   * Name of the anomalous class (label 1) in tables. Empty = `melanoma`.
   */
  'positiveName': (string);
  /**
   * Bootstrap resamples of each AUC's 95% interval. 0 = 2000.
   */
  'resamples': (number);
  /**
   * Seed of the bootstraps (and of the t-SNE unless it has its own). Default 0.
   */
  'seed': (number);
  /**
   * Title of `report.html`. Empty = `dermanomaly report`.
   */
  'title': (string);
  /**
   * Where the report goes: a folder path (a copy of every stored file) or a store key prefix ending in `/`. It
   * holds `report.html`, `summary.json` (every sheet's AUC and files), `<tag>/metrics.json`, `graphics/` (the
   * original's `violon_<tag>.png`, `confMatrix_<tag>.png`, `report_<tag>.png`, `roc_<tag>.png`, plus `pr_<tag>.png`,
   * `hist_<tag>.png`, each with its `.svg`; `roc_<tag>.csv` (fpr,tpr,threshold), `pr_<tag>.csv`; `tsne.png`,
   * `tsne.csv`) and `thumbs/`. Empty = the store under `reports/<job id>/`.
   */
  'output': (_dermanomaly_v1_Location__Output | null);
}
