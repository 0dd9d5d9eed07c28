import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from './dermanomaly/v1/ArtifactRef.ts';
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from './dermanomaly/v1/CancelResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from './dermanomaly/v1/JobRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from './dermanomaly/v1/Lineage.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from './dermanomaly/v1/Location.ts';
import type { ModelVersion as _dermanomaly_v1_ModelVersion, ModelVersion__Output as _dermanomaly_v1_ModelVersion__Output } from './dermanomaly/v1/ModelVersion.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from './dermanomaly/v1/Progress.ts';
import type { ScoreSheet as _dermanomaly_v1_ScoreSheet, ScoreSheet__Output as _dermanomaly_v1_ScoreSheet__Output } from './dermanomaly/v1/ScoreSheet.ts';
import type { ScorerServiceClient as _dermanomaly_v1_ScorerServiceClient, ScorerServiceDefinition as _dermanomaly_v1_ScorerServiceDefinition } from './dermanomaly/v1/ScorerService.ts';
import type { StartScoringRequest as _dermanomaly_v1_StartScoringRequest, StartScoringRequest__Output as _dermanomaly_v1_StartScoringRequest__Output } from './dermanomaly/v1/StartScoringRequest.ts';
import type { Threshold as _dermanomaly_v1_Threshold, Threshold__Output as _dermanomaly_v1_Threshold__Output } from './dermanomaly/v1/Threshold.ts';
import type { ThresholdCalibration as _dermanomaly_v1_ThresholdCalibration, ThresholdCalibration__Output as _dermanomaly_v1_ThresholdCalibration__Output } from './dermanomaly/v1/ThresholdCalibration.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  dermanomaly: {
    v1: {
      ArtifactRef: MessageTypeDefinition<_dermanomaly_v1_ArtifactRef, _dermanomaly_v1_ArtifactRef__Output>
      CancelResponse: MessageTypeDefinition<_dermanomaly_v1_CancelResponse, _dermanomaly_v1_CancelResponse__Output>
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
      ScoreMethod: EnumTypeDefinition
      ScoreSheet: MessageTypeDefinition<_dermanomaly_v1_ScoreSheet, _dermanomaly_v1_ScoreSheet__Output>
      /**
       * Scores images with one or more anomaly scores; each combination of method, metric and alpha gives one sheet.
       */
      ScorerService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_ScorerServiceClient> & { service: _dermanomaly_v1_ScorerServiceDefinition }
      StartScoringRequest: MessageTypeDefinition<_dermanomaly_v1_StartScoringRequest, _dermanomaly_v1_StartScoringRequest__Output>
      Threshold: MessageTypeDefinition<_dermanomaly_v1_Threshold, _dermanomaly_v1_Threshold__Output>
      ThresholdCalibration: MessageTypeDefinition<_dermanomaly_v1_ThresholdCalibration, _dermanomaly_v1_ThresholdCalibration__Output>
      TrainingBackend: EnumTypeDefinition
    }
  }
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

