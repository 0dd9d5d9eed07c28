import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from './dermanomaly/v1/ArtifactRef.ts';
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from './dermanomaly/v1/CancelResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from './dermanomaly/v1/JobRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from './dermanomaly/v1/Lineage.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from './dermanomaly/v1/Location.ts';
import type { ModelVersion as _dermanomaly_v1_ModelVersion, ModelVersion__Output as _dermanomaly_v1_ModelVersion__Output } from './dermanomaly/v1/ModelVersion.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from './dermanomaly/v1/Progress.ts';
import type { ReconstructRequest as _dermanomaly_v1_ReconstructRequest, ReconstructRequest__Output as _dermanomaly_v1_ReconstructRequest__Output } from './dermanomaly/v1/ReconstructRequest.ts';
import type { ReconstructResponse as _dermanomaly_v1_ReconstructResponse, ReconstructResponse__Output as _dermanomaly_v1_ReconstructResponse__Output } from './dermanomaly/v1/ReconstructResponse.ts';
import type { ReconstructionWorkDone as _dermanomaly_v1_ReconstructionWorkDone, ReconstructionWorkDone__Output as _dermanomaly_v1_ReconstructionWorkDone__Output } from './dermanomaly/v1/ReconstructionWorkDone.ts';
import type { ReconstructionWorkItem as _dermanomaly_v1_ReconstructionWorkItem, ReconstructionWorkItem__Output as _dermanomaly_v1_ReconstructionWorkItem__Output } from './dermanomaly/v1/ReconstructionWorkItem.ts';
import type { ReconstructorServiceClient as _dermanomaly_v1_ReconstructorServiceClient, ReconstructorServiceDefinition as _dermanomaly_v1_ReconstructorServiceDefinition } from './dermanomaly/v1/ReconstructorService.ts';
import type { StartReconstructionRequest as _dermanomaly_v1_StartReconstructionRequest, StartReconstructionRequest__Output as _dermanomaly_v1_StartReconstructionRequest__Output } from './dermanomaly/v1/StartReconstructionRequest.ts';
import type { WorkImage as _dermanomaly_v1_WorkImage, WorkImage__Output as _dermanomaly_v1_WorkImage__Output } from './dermanomaly/v1/WorkImage.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  dermanomaly: {
    v1: {
      ArtifactRef: MessageTypeDefinition<_dermanomaly_v1_ArtifactRef, _dermanomaly_v1_ArtifactRef__Output>
      CancelResponse: MessageTypeDefinition<_dermanomaly_v1_CancelResponse, _dermanomaly_v1_CancelResponse__Output>
      ExecutionProvider: EnumTypeDefinition
      FeatureLayer: EnumTypeDefinition
      JobRef: MessageTypeDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_JobRef__Output>
      JobState: EnumTypeDefinition
      Lineage: MessageTypeDefinition<_dermanomaly_v1_Lineage, _dermanomaly_v1_Lineage__Output>
      Location: MessageTypeDefinition<_dermanomaly_v1_Location, _dermanomaly_v1_Location__Output>
      ModelVersion: MessageTypeDefinition<_dermanomaly_v1_ModelVersion, _dermanomaly_v1_ModelVersion__Output>
      NoiseMode: EnumTypeDefinition
      Progress: MessageTypeDefinition<_dermanomaly_v1_Progress, _dermanomaly_v1_Progress__Output>
      ReconstructRequest: MessageTypeDefinition<_dermanomaly_v1_ReconstructRequest, _dermanomaly_v1_ReconstructRequest__Output>
      ReconstructResponse: MessageTypeDefinition<_dermanomaly_v1_ReconstructResponse, _dermanomaly_v1_ReconstructResponse__Output>
      ReconstructionWorkDone: MessageTypeDefinition<_dermanomaly_v1_ReconstructionWorkDone, _dermanomaly_v1_ReconstructionWorkDone__Output>
      ReconstructionWorkItem: MessageTypeDefinition<_dermanomaly_v1_ReconstructionWorkItem, _dermanomaly_v1_ReconstructionWorkItem__Output>
      /**
       * Encodes images to latents and regenerates them, on ONNX Runtime. Folders are split into work items so that every
       * replica takes a share.
       */
      ReconstructorService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_ReconstructorServiceClient> & { service: _dermanomaly_v1_ReconstructorServiceDefinition }
      StartReconstructionRequest: MessageTypeDefinition<_dermanomaly_v1_StartReconstructionRequest, _dermanomaly_v1_StartReconstructionRequest__Output>
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

