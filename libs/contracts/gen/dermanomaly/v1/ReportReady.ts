// Original file: proto/dermanomaly/v1/events.proto

import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from '../../dermanomaly/v1/JobRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { SheetSummary as _dermanomaly_v1_SheetSummary, SheetSummary__Output as _dermanomaly_v1_SheetSummary__Output } from '../../dermanomaly/v1/SheetSummary.ts';
import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from '../../dermanomaly/v1/ArtifactRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from '../../dermanomaly/v1/Lineage.ts';

/**
 * A report was written. Subject `dermanomaly.events.reporter.report_ready`.
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
   * Figures and artifacts of each sheet.
   */
  'sheets'?: (_dermanomaly_v1_SheetSummary)[];
  /**
   * t-SNE plot; unset when not asked for.
   */
  'tsnePlot'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * t-SNE coordinates `tsne.csv` (image_name, x, y, label); unset when not asked for.
   */
  'tsneCsv'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * `summary.json` with every figure.
   */
  'summary'?: (_dermanomaly_v1_ArtifactRef | null);
  /**
   * Sheets, latents, options that produced the report.
   */
  'lineage'?: (_dermanomaly_v1_Lineage | null);
}

/**
 * A report was written. Subject `dermanomaly.events.reporter.report_ready`.
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
   * Figures and artifacts of each sheet.
   */
  'sheets': (_dermanomaly_v1_SheetSummary__Output)[];
  /**
   * t-SNE plot; unset when not asked for.
   */
  'tsnePlot': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * t-SNE coordinates `tsne.csv` (image_name, x, y, label); unset when not asked for.
   */
  'tsneCsv': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * `summary.json` with every figure.
   */
  'summary': (_dermanomaly_v1_ArtifactRef__Output | null);
  /**
   * Sheets, latents, options that produced the report.
   */
  'lineage': (_dermanomaly_v1_Lineage__Output | null);
}
