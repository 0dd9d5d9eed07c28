import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from './dermanomaly/v1/ArtifactRef.ts';
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from './dermanomaly/v1/CancelResponse.ts';
import type { ClassReport as _dermanomaly_v1_ClassReport, ClassReport__Output as _dermanomaly_v1_ClassReport__Output } from './dermanomaly/v1/ClassReport.ts';
import type { ConfusionCounts as _dermanomaly_v1_ConfusionCounts, ConfusionCounts__Output as _dermanomaly_v1_ConfusionCounts__Output } from './dermanomaly/v1/ConfusionCounts.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from './dermanomaly/v1/JobRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from './dermanomaly/v1/Lineage.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from './dermanomaly/v1/Location.ts';
import type { ModelVersion as _dermanomaly_v1_ModelVersion, ModelVersion__Output as _dermanomaly_v1_ModelVersion__Output } from './dermanomaly/v1/ModelVersion.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from './dermanomaly/v1/Progress.ts';
import type { ReporterServiceClient as _dermanomaly_v1_ReporterServiceClient, ReporterServiceDefinition as _dermanomaly_v1_ReporterServiceDefinition } from './dermanomaly/v1/ReporterService.ts';
import type { ScoreSheet as _dermanomaly_v1_ScoreSheet, ScoreSheet__Output as _dermanomaly_v1_ScoreSheet__Output } from './dermanomaly/v1/ScoreSheet.ts';
import type { ScorerServiceClient as _dermanomaly_v1_ScorerServiceClient, ScorerServiceDefinition as _dermanomaly_v1_ScorerServiceDefinition } from './dermanomaly/v1/ScorerService.ts';
import type { SheetInput as _dermanomaly_v1_SheetInput, SheetInput__Output as _dermanomaly_v1_SheetInput__Output } from './dermanomaly/v1/SheetInput.ts';
import type { SheetSummary as _dermanomaly_v1_SheetSummary, SheetSummary__Output as _dermanomaly_v1_SheetSummary__Output } from './dermanomaly/v1/SheetSummary.ts';
import type { StartReportRequest as _dermanomaly_v1_StartReportRequest, StartReportRequest__Output as _dermanomaly_v1_StartReportRequest__Output } from './dermanomaly/v1/StartReportRequest.ts';
import type { StartScoringRequest as _dermanomaly_v1_StartScoringRequest, StartScoringRequest__Output as _dermanomaly_v1_StartScoringRequest__Output } from './dermanomaly/v1/StartScoringRequest.ts';
import type { Threshold as _dermanomaly_v1_Threshold, Threshold__Output as _dermanomaly_v1_Threshold__Output } from './dermanomaly/v1/Threshold.ts';
import type { ThresholdCalibration as _dermanomaly_v1_ThresholdCalibration, ThresholdCalibration__Output as _dermanomaly_v1_ThresholdCalibration__Output } from './dermanomaly/v1/ThresholdCalibration.ts';
import type { TsneOptions as _dermanomaly_v1_TsneOptions, TsneOptions__Output as _dermanomaly_v1_TsneOptions__Output } from './dermanomaly/v1/TsneOptions.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  dermanomaly: {
    v1: {
      ArtifactRef: MessageTypeDefinition<_dermanomaly_v1_ArtifactRef, _dermanomaly_v1_ArtifactRef__Output>
      CancelResponse: MessageTypeDefinition<_dermanomaly_v1_CancelResponse, _dermanomaly_v1_CancelResponse__Output>
      ClassReport: MessageTypeDefinition<_dermanomaly_v1_ClassReport, _dermanomaly_v1_ClassReport__Output>
      ConfusionCounts: MessageTypeDefinition<_dermanomaly_v1_ConfusionCounts, _dermanomaly_v1_ConfusionCounts__Output>
      DistanceMetric: EnumTypeDefinition
      ExecutionProvider: EnumTypeDefinition
      FeatureLayer: EnumTypeDefinition
      JobRef: MessageTypeDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_JobRef__Output>
      JobState: EnumTypeDefinition
      Lineage: MessageTypeDefinition<_dermanomaly_v1_Lineage, _dermanomaly_v1_Lineage__Output>
      Location: MessageTypeDefinition<_dermanomaly_v1_Location, _dermanomaly_v1_Location__Output>
      ModelVersion: MessageTypeDefinition<_dermanomaly_v1_ModelVersion, _dermanomaly_v1_ModelVersion__Output>
      NoiseMode: EnumTypeDefinition
      Progress: MessageTypeDefinition<_dermanomaly_v1_Progress, _dermanomaly_v1_Progress__Output>
      /**
       * Turns score sheets into plots and tables: violin, confusion matrix, classification report, ROC (and PR) with the
       * numbers beside each plot as CSV, and a t-SNE view of the latents.
       */
      ReporterService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_ReporterServiceClient> & { service: _dermanomaly_v1_ReporterServiceDefinition }
      ScoreMethod: EnumTypeDefinition
      ScoreSheet: MessageTypeDefinition<_dermanomaly_v1_ScoreSheet, _dermanomaly_v1_ScoreSheet__Output>
      /**
       * Scores images with one or more anomaly scores; each combination of method, metric and alpha gives one sheet.
       */
      ScorerService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_ScorerServiceClient> & { service: _dermanomaly_v1_ScorerServiceDefinition }
      SheetInput: MessageTypeDefinition<_dermanomaly_v1_SheetInput, _dermanomaly_v1_SheetInput__Output>
      SheetSummary: MessageTypeDefinition<_dermanomaly_v1_SheetSummary, _dermanomaly_v1_SheetSummary__Output>
      StartReportRequest: MessageTypeDefinition<_dermanomaly_v1_StartReportRequest, _dermanomaly_v1_StartReportRequest__Output>
      StartScoringRequest: MessageTypeDefinition<_dermanomaly_v1_StartScoringRequest, _dermanomaly_v1_StartScoringRequest__Output>
      Threshold: MessageTypeDefinition<_dermanomaly_v1_Threshold, _dermanomaly_v1_Threshold__Output>
      ThresholdCalibration: MessageTypeDefinition<_dermanomaly_v1_ThresholdCalibration, _dermanomaly_v1_ThresholdCalibration__Output>
      ThresholdRule: EnumTypeDefinition
      TrainingBackend: EnumTypeDefinition
      TsneOptions: MessageTypeDefinition<_dermanomaly_v1_TsneOptions, _dermanomaly_v1_TsneOptions__Output>
    }
  }
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

