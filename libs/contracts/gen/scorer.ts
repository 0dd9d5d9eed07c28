import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from './dermanomaly/v1/ArtifactRef.ts';
import type { CalibrateRequest as _dermanomaly_v1_CalibrateRequest, CalibrateRequest__Output as _dermanomaly_v1_CalibrateRequest__Output } from './dermanomaly/v1/CalibrateRequest.ts';
import type { CalibrateResponse as _dermanomaly_v1_CalibrateResponse, CalibrateResponse__Output as _dermanomaly_v1_CalibrateResponse__Output } from './dermanomaly/v1/CalibrateResponse.ts';
import type { Calibration as _dermanomaly_v1_Calibration, Calibration__Output as _dermanomaly_v1_Calibration__Output } from './dermanomaly/v1/Calibration.ts';
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from './dermanomaly/v1/CancelResponse.ts';
import type { ExportedModels as _dermanomaly_v1_ExportedModels, ExportedModels__Output as _dermanomaly_v1_ExportedModels__Output } from './dermanomaly/v1/ExportedModels.ts';
import type { ImagePreparation as _dermanomaly_v1_ImagePreparation, ImagePreparation__Output as _dermanomaly_v1_ImagePreparation__Output } from './dermanomaly/v1/ImagePreparation.ts';
import type { ImageReconstruction as _dermanomaly_v1_ImageReconstruction, ImageReconstruction__Output as _dermanomaly_v1_ImageReconstruction__Output } from './dermanomaly/v1/ImageReconstruction.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from './dermanomaly/v1/JobRef.ts';
import type { LatentRefinement as _dermanomaly_v1_LatentRefinement, LatentRefinement__Output as _dermanomaly_v1_LatentRefinement__Output } from './dermanomaly/v1/LatentRefinement.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from './dermanomaly/v1/Lineage.ts';
import type { LoadedModels as _dermanomaly_v1_LoadedModels, LoadedModels__Output as _dermanomaly_v1_LoadedModels__Output } from './dermanomaly/v1/LoadedModels.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from './dermanomaly/v1/Location.ts';
import type { ModelVersion as _dermanomaly_v1_ModelVersion, ModelVersion__Output as _dermanomaly_v1_ModelVersion__Output } from './dermanomaly/v1/ModelVersion.ts';
import type { OnlineImage as _dermanomaly_v1_OnlineImage, OnlineImage__Output as _dermanomaly_v1_OnlineImage__Output } from './dermanomaly/v1/OnlineImage.ts';
import type { OnlineScoringConfig as _dermanomaly_v1_OnlineScoringConfig, OnlineScoringConfig__Output as _dermanomaly_v1_OnlineScoringConfig__Output } from './dermanomaly/v1/OnlineScoringConfig.ts';
import type { OnnxModel as _dermanomaly_v1_OnnxModel, OnnxModel__Output as _dermanomaly_v1_OnnxModel__Output } from './dermanomaly/v1/OnnxModel.ts';
import type { PhotoPreparation as _dermanomaly_v1_PhotoPreparation, PhotoPreparation__Output as _dermanomaly_v1_PhotoPreparation__Output } from './dermanomaly/v1/PhotoPreparation.ts';
import type { PhotoScore as _dermanomaly_v1_PhotoScore, PhotoScore__Output as _dermanomaly_v1_PhotoScore__Output } from './dermanomaly/v1/PhotoScore.ts';
import type { PhotoToScore as _dermanomaly_v1_PhotoToScore, PhotoToScore__Output as _dermanomaly_v1_PhotoToScore__Output } from './dermanomaly/v1/PhotoToScore.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from './dermanomaly/v1/Progress.ts';
import type { ReconstructRequest as _dermanomaly_v1_ReconstructRequest, ReconstructRequest__Output as _dermanomaly_v1_ReconstructRequest__Output } from './dermanomaly/v1/ReconstructRequest.ts';
import type { ReconstructResponse as _dermanomaly_v1_ReconstructResponse, ReconstructResponse__Output as _dermanomaly_v1_ReconstructResponse__Output } from './dermanomaly/v1/ReconstructResponse.ts';
import type { ReconstructionModels as _dermanomaly_v1_ReconstructionModels, ReconstructionModels__Output as _dermanomaly_v1_ReconstructionModels__Output } from './dermanomaly/v1/ReconstructionModels.ts';
import type { ReconstructionPart as _dermanomaly_v1_ReconstructionPart, ReconstructionPart__Output as _dermanomaly_v1_ReconstructionPart__Output } from './dermanomaly/v1/ReconstructionPart.ts';
import type { ReconstructionWorkItem as _dermanomaly_v1_ReconstructionWorkItem, ReconstructionWorkItem__Output as _dermanomaly_v1_ReconstructionWorkItem__Output } from './dermanomaly/v1/ReconstructionWorkItem.ts';
import type { ReconstructorServiceClient as _dermanomaly_v1_ReconstructorServiceClient, ReconstructorServiceDefinition as _dermanomaly_v1_ReconstructorServiceDefinition } from './dermanomaly/v1/ReconstructorService.ts';
import type { ScorePhotosRequest as _dermanomaly_v1_ScorePhotosRequest, ScorePhotosRequest__Output as _dermanomaly_v1_ScorePhotosRequest__Output } from './dermanomaly/v1/ScorePhotosRequest.ts';
import type { ScoreSheet as _dermanomaly_v1_ScoreSheet, ScoreSheet__Output as _dermanomaly_v1_ScoreSheet__Output } from './dermanomaly/v1/ScoreSheet.ts';
import type { ScoreSpec as _dermanomaly_v1_ScoreSpec, ScoreSpec__Output as _dermanomaly_v1_ScoreSpec__Output } from './dermanomaly/v1/ScoreSpec.ts';
import type { ScoredPhoto as _dermanomaly_v1_ScoredPhoto, ScoredPhoto__Output as _dermanomaly_v1_ScoredPhoto__Output } from './dermanomaly/v1/ScoredPhoto.ts';
import type { ScorerServiceClient as _dermanomaly_v1_ScorerServiceClient, ScorerServiceDefinition as _dermanomaly_v1_ScorerServiceDefinition } from './dermanomaly/v1/ScorerService.ts';
import type { SkippedInput as _dermanomaly_v1_SkippedInput, SkippedInput__Output as _dermanomaly_v1_SkippedInput__Output } from './dermanomaly/v1/SkippedInput.ts';
import type { StartReconstructionRequest as _dermanomaly_v1_StartReconstructionRequest, StartReconstructionRequest__Output as _dermanomaly_v1_StartReconstructionRequest__Output } from './dermanomaly/v1/StartReconstructionRequest.ts';
import type { StartScoringRequest as _dermanomaly_v1_StartScoringRequest, StartScoringRequest__Output as _dermanomaly_v1_StartScoringRequest__Output } from './dermanomaly/v1/StartScoringRequest.ts';
import type { WorkImage as _dermanomaly_v1_WorkImage, WorkImage__Output as _dermanomaly_v1_WorkImage__Output } from './dermanomaly/v1/WorkImage.ts';
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
      ExportedModels: MessageTypeDefinition<_dermanomaly_v1_ExportedModels, _dermanomaly_v1_ExportedModels__Output>
      FeatureLayer: EnumTypeDefinition
      GeneratorChoice: EnumTypeDefinition
      ImagePreparation: MessageTypeDefinition<_dermanomaly_v1_ImagePreparation, _dermanomaly_v1_ImagePreparation__Output>
      ImageReconstruction: MessageTypeDefinition<_dermanomaly_v1_ImageReconstruction, _dermanomaly_v1_ImageReconstruction__Output>
      JobRef: MessageTypeDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_JobRef__Output>
      JobState: EnumTypeDefinition
      LatentRefinement: MessageTypeDefinition<_dermanomaly_v1_LatentRefinement, _dermanomaly_v1_LatentRefinement__Output>
      Lineage: MessageTypeDefinition<_dermanomaly_v1_Lineage, _dermanomaly_v1_Lineage__Output>
      LoadedModels: MessageTypeDefinition<_dermanomaly_v1_LoadedModels, _dermanomaly_v1_LoadedModels__Output>
      Location: MessageTypeDefinition<_dermanomaly_v1_Location, _dermanomaly_v1_Location__Output>
      ModelVersion: MessageTypeDefinition<_dermanomaly_v1_ModelVersion, _dermanomaly_v1_ModelVersion__Output>
      NoiseMode: EnumTypeDefinition
      OnlineImage: MessageTypeDefinition<_dermanomaly_v1_OnlineImage, _dermanomaly_v1_OnlineImage__Output>
      OnlineScoringConfig: MessageTypeDefinition<_dermanomaly_v1_OnlineScoringConfig, _dermanomaly_v1_OnlineScoringConfig__Output>
      OnnxModel: MessageTypeDefinition<_dermanomaly_v1_OnnxModel, _dermanomaly_v1_OnnxModel__Output>
      PhotoPreparation: MessageTypeDefinition<_dermanomaly_v1_PhotoPreparation, _dermanomaly_v1_PhotoPreparation__Output>
      PhotoScore: MessageTypeDefinition<_dermanomaly_v1_PhotoScore, _dermanomaly_v1_PhotoScore__Output>
      PhotoToScore: MessageTypeDefinition<_dermanomaly_v1_PhotoToScore, _dermanomaly_v1_PhotoToScore__Output>
      Progress: MessageTypeDefinition<_dermanomaly_v1_Progress, _dermanomaly_v1_Progress__Output>
      ReconstructRequest: MessageTypeDefinition<_dermanomaly_v1_ReconstructRequest, _dermanomaly_v1_ReconstructRequest__Output>
      ReconstructResponse: MessageTypeDefinition<_dermanomaly_v1_ReconstructResponse, _dermanomaly_v1_ReconstructResponse__Output>
      ReconstructionModels: MessageTypeDefinition<_dermanomaly_v1_ReconstructionModels, _dermanomaly_v1_ReconstructionModels__Output>
      ReconstructionPart: MessageTypeDefinition<_dermanomaly_v1_ReconstructionPart, _dermanomaly_v1_ReconstructionPart__Output>
      ReconstructionWorkItem: MessageTypeDefinition<_dermanomaly_v1_ReconstructionWorkItem, _dermanomaly_v1_ReconstructionWorkItem__Output>
      /**
       * Encodes images to latents and regenerates them on ONNX Runtime, from models exported from the GAN and encoder
       * checkpoints (exported once per pair of checkpoint digests and choice, and cached in the artifact store, so that
       * replicas reuse them). A batch job is split into work items on a JetStream work queue that every replica consumes;
       * the replica that owns the job merges the partial sets in item order.
       */
      ReconstructorService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_ReconstructorServiceClient> & { service: _dermanomaly_v1_ReconstructorServiceDefinition }
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
      SkippedInput: MessageTypeDefinition<_dermanomaly_v1_SkippedInput, _dermanomaly_v1_SkippedInput__Output>
      StartReconstructionRequest: MessageTypeDefinition<_dermanomaly_v1_StartReconstructionRequest, _dermanomaly_v1_StartReconstructionRequest__Output>
      StartScoringRequest: MessageTypeDefinition<_dermanomaly_v1_StartScoringRequest, _dermanomaly_v1_StartScoringRequest__Output>
      TrainingBackend: EnumTypeDefinition
      WorkImage: MessageTypeDefinition<_dermanomaly_v1_WorkImage, _dermanomaly_v1_WorkImage__Output>
    }
  }
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

