// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { SheetSummary as _dermanomaly_v1_SheetSummary, SheetSummary__Output as _dermanomaly_v1_SheetSummary__Output } from '../../dermanomaly/v1/SheetSummary.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';

/**
 * A report (or a t-SNE alone) was written. Subject `dermanomaly.events.reporter.report_ready`.
 */
export interface ReportReady {
  /**
   * The report job.
   */
  'job'?: (_dermanomaly_v1_JobRef | null);
  /**
   * When the report was complete.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * Figures and stored files of each sheet (the baseline's included, marked).
   */
  'sheets'?: (_dermanomaly_v1_SheetSummary)[];
  /**
   * t-SNE plot `graphics/tsne.png`; unset when not asked for.
   */
  'tsnePlot'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * t-SNE coordinates `graphics/tsne.csv` (image_name, x, y, label); unset when not asked for.
   */
  'tsneCsv'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * `summary.json` with every sheet's figures and files.
   */
  'summary'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Sheets, calibrations, sets, latents and options that produced the report.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
  /**
   * `report.html`; unset for a t-SNE alone.
   */
  'report'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * scikit-learn's trustworthiness (5 neighbours) of the t-SNE; 0 when none was made.
   */
  'tsneTrustworthiness'?: (number | string);
}

/**
 * A report (or a t-SNE alone) was written. Subject `dermanomaly.events.reporter.report_ready`.
 */
export interface ReportReady__Output {
  /**
   * The report job.
   */
  'job': (_dermanomaly_v1_JobRef__Output | null);
  /**
   * When the report was complete.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * Figures and stored files of each sheet (the baseline's included, marked).
   */
  'sheets': (_dermanomaly_v1_SheetSummary__Output)[];
  /**
   * t-SNE plot `graphics/tsne.png`; unset when not asked for.
   */
  'tsnePlot': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * t-SNE coordinates `graphics/tsne.csv` (image_name, x, y, label); unset when not asked for.
   */
  'tsneCsv': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * `summary.json` with every sheet's figures and files.
   */
  'summary': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Sheets, calibrations, sets, latents and options that produced the report.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
  /**
   * `report.html`; unset for a t-SNE alone.
   */
  'report': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * scikit-learn's trustworthiness (5 neighbours) of the t-SNE; 0 when none was made.
   */
  'tsneTrustworthiness': (number);
}
