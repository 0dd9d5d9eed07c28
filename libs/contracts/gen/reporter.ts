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
import type { SheetInput as _dermanomaly_v1_SheetInput, SheetInput__Output as _dermanomaly_v1_SheetInput__Output } from './dermanomaly/v1/SheetInput.ts';
import type { SheetSummary as _dermanomaly_v1_SheetSummary, SheetSummary__Output as _dermanomaly_v1_SheetSummary__Output } from './dermanomaly/v1/SheetSummary.ts';
import type { StartReportRequest as _dermanomaly_v1_StartReportRequest, StartReportRequest__Output as _dermanomaly_v1_StartReportRequest__Output } from './dermanomaly/v1/StartReportRequest.ts';
import type { StartTsneRequest as _dermanomaly_v1_StartTsneRequest, StartTsneRequest__Output as _dermanomaly_v1_StartTsneRequest__Output } from './dermanomaly/v1/StartTsneRequest.ts';
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
       * Turns score sheets into metrics (equal to scikit-learn's), plots with the numbers beside them, and `report.html`,
       * where hovering or clicking a t-SNE point or a score row shows that image, its reconstruction and residual map.
       */
      ReporterService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_ReporterServiceClient> & { service: _dermanomaly_v1_ReporterServiceDefinition }
      SheetInput: MessageTypeDefinition<_dermanomaly_v1_SheetInput, _dermanomaly_v1_SheetInput__Output>
      SheetSummary: MessageTypeDefinition<_dermanomaly_v1_SheetSummary, _dermanomaly_v1_SheetSummary__Output>
      StartReportRequest: MessageTypeDefinition<_dermanomaly_v1_StartReportRequest, _dermanomaly_v1_StartReportRequest__Output>
      StartTsneRequest: MessageTypeDefinition<_dermanomaly_v1_StartTsneRequest, _dermanomaly_v1_StartTsneRequest__Output>
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

