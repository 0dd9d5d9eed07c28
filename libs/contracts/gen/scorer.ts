import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from './dermanomaly/v1/ArtifactRef.ts';
import type { CalibrateRequest as _dermanomaly_v1_CalibrateRequest, CalibrateRequest__Output as _dermanomaly_v1_CalibrateRequest__Output } from './dermanomaly/v1/CalibrateRequest.ts';
import type { CalibrateResponse as _dermanomaly_v1_CalibrateResponse, CalibrateResponse__Output as _dermanomaly_v1_CalibrateResponse__Output } from './dermanomaly/v1/CalibrateResponse.ts';
import type { Calibration as _dermanomaly_v1_Calibration, Calibration__Output as _dermanomaly_v1_Calibration__Output } from './dermanomaly/v1/Calibration.ts';
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from './dermanomaly/v1/CancelResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from './dermanomaly/v1/JobRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from './dermanomaly/v1/Lineage.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from './dermanomaly/v1/Location.ts';
import type { ModelVersion as _dermanomaly_v1_ModelVersion, ModelVersion__Output as _dermanomaly_v1_ModelVersion__Output } from './dermanomaly/v1/ModelVersion.ts';
import type { OnlineScoringConfig as _dermanomaly_v1_OnlineScoringConfig, OnlineScoringConfig__Output as _dermanomaly_v1_OnlineScoringConfig__Output } from './dermanomaly/v1/OnlineScoringConfig.ts';
import type { PhotoPreparation as _dermanomaly_v1_PhotoPreparation, PhotoPreparation__Output as _dermanomaly_v1_PhotoPreparation__Output } from './dermanomaly/v1/PhotoPreparation.ts';
import type { PhotoScore as _dermanomaly_v1_PhotoScore, PhotoScore__Output as _dermanomaly_v1_PhotoScore__Output } from './dermanomaly/v1/PhotoScore.ts';
import type { PhotoToScore as _dermanomaly_v1_PhotoToScore, PhotoToScore__Output as _dermanomaly_v1_PhotoToScore__Output } from './dermanomaly/v1/PhotoToScore.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from './dermanomaly/v1/Progress.ts';
import type { ScorePhotosRequest as _dermanomaly_v1_ScorePhotosRequest, ScorePhotosRequest__Output as _dermanomaly_v1_ScorePhotosRequest__Output } from './dermanomaly/v1/ScorePhotosRequest.ts';
import type { ScoreSheet as _dermanomaly_v1_ScoreSheet, ScoreSheet__Output as _dermanomaly_v1_ScoreSheet__Output } from './dermanomaly/v1/ScoreSheet.ts';
import type { ScoreSpec as _dermanomaly_v1_ScoreSpec, ScoreSpec__Output as _dermanomaly_v1_ScoreSpec__Output } from './dermanomaly/v1/ScoreSpec.ts';
import type { ScoredPhoto as _dermanomaly_v1_ScoredPhoto, ScoredPhoto__Output as _dermanomaly_v1_ScoredPhoto__Output } from './dermanomaly/v1/ScoredPhoto.ts';
import type { ScorerServiceClient as _dermanomaly_v1_ScorerServiceClient, ScorerServiceDefinition as _dermanomaly_v1_ScorerServiceDefinition } from './dermanomaly/v1/ScorerService.ts';
import type { StartScoringRequest as _dermanomaly_v1_StartScoringRequest, StartScoringRequest__Output as _dermanomaly_v1_StartScoringRequest__Output } from './dermanomaly/v1/StartScoringRequest.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  dermanomaly: {
    v1: {
      ArtifactRef: MessageTypeDefinition<_dermanomaly_v1_ArtifactRef, _dermanomaly_v1_ArtifactRef__Output>
      CalibrateRequest: MessageTypeDefinition<_dermanomaly_v1_CalibrateRequest, _dermanomaly_v1_CalibrateRequest__Output>
      CalibrateResponse: MessageTypeDefinition<_dermanomaly_v1_CalibrateResponse, _dermanomaly_v1_CalibrateResponse__Output>
      Calibration: MessageTypeDefinition<_dermanomaly_v1_Calibration, _dermanomaly_v1_Calibration__Output>
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
      OnlineScoringConfig: MessageTypeDefinition<_dermanomaly_v1_OnlineScoringConfig, _dermanomaly_v1_OnlineScoringConfig__Output>
      PhotoPreparation: MessageTypeDefinition<_dermanomaly_v1_PhotoPreparation, _dermanomaly_v1_PhotoPreparation__Output>
      PhotoScore: MessageTypeDefinition<_dermanomaly_v1_PhotoScore, _dermanomaly_v1_PhotoScore__Output>
      PhotoToScore: MessageTypeDefinition<_dermanomaly_v1_PhotoToScore, _dermanomaly_v1_PhotoToScore__Output>
      Progress: MessageTypeDefinition<_dermanomaly_v1_Progress, _dermanomaly_v1_Progress__Output>
      ScoreMethod: EnumTypeDefinition
      ScorePhotosRequest: MessageTypeDefinition<_dermanomaly_v1_ScorePhotosRequest, _dermanomaly_v1_ScorePhotosRequest__Output>
      ScoreSheet: MessageTypeDefinition<_dermanomaly_v1_ScoreSheet, _dermanomaly_v1_ScoreSheet__Output>
      ScoreSpec: MessageTypeDefinition<_dermanomaly_v1_ScoreSpec, _dermanomaly_v1_ScoreSpec__Output>
      ScoredPhoto: MessageTypeDefinition<_dermanomaly_v1_ScoredPhoto, _dermanomaly_v1_ScoredPhoto__Output>
      /**
       * Scores the images of a reconstruction set (one sheet per score), fits decision thresholds on held-out normal
       * images, and scores single photos online through the reconstructor.
       */
      ScorerService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_ScorerServiceClient> & { service: _dermanomaly_v1_ScorerServiceDefinition }
      StartScoringRequest: MessageTypeDefinition<_dermanomaly_v1_StartScoringRequest, _dermanomaly_v1_StartScoringRequest__Output>
      TrainingBackend: EnumTypeDefinition
    }
  }
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

