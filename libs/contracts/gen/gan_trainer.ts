import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from './dermanomaly/v1/ArtifactRef.ts';
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from './dermanomaly/v1/CancelResponse.ts';
import type { GanTrainerServiceClient as _dermanomaly_v1_GanTrainerServiceClient, GanTrainerServiceDefinition as _dermanomaly_v1_GanTrainerServiceDefinition } from './dermanomaly/v1/GanTrainerService.ts';
import type { GenerateRequest as _dermanomaly_v1_GenerateRequest, GenerateRequest__Output as _dermanomaly_v1_GenerateRequest__Output } from './dermanomaly/v1/GenerateRequest.ts';
import type { GenerateResponse as _dermanomaly_v1_GenerateResponse, GenerateResponse__Output as _dermanomaly_v1_GenerateResponse__Output } from './dermanomaly/v1/GenerateResponse.ts';
import type { InspectRequest as _dermanomaly_v1_InspectRequest, InspectRequest__Output as _dermanomaly_v1_InspectRequest__Output } from './dermanomaly/v1/InspectRequest.ts';
import type { InspectResponse as _dermanomaly_v1_InspectResponse, InspectResponse__Output as _dermanomaly_v1_InspectResponse__Output } from './dermanomaly/v1/InspectResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from './dermanomaly/v1/JobRef.ts';
import type { Latent as _dermanomaly_v1_Latent, Latent__Output as _dermanomaly_v1_Latent__Output } from './dermanomaly/v1/Latent.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from './dermanomaly/v1/Lineage.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from './dermanomaly/v1/Location.ts';
import type { ModelVersion as _dermanomaly_v1_ModelVersion, ModelVersion__Output as _dermanomaly_v1_ModelVersion__Output } from './dermanomaly/v1/ModelVersion.ts';
import type { NetworkSummary as _dermanomaly_v1_NetworkSummary, NetworkSummary__Output as _dermanomaly_v1_NetworkSummary__Output } from './dermanomaly/v1/NetworkSummary.ts';
import type { ParameterInfo as _dermanomaly_v1_ParameterInfo, ParameterInfo__Output as _dermanomaly_v1_ParameterInfo__Output } from './dermanomaly/v1/ParameterInfo.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from './dermanomaly/v1/Progress.ts';
import type { StartGanTrainingRequest as _dermanomaly_v1_StartGanTrainingRequest, StartGanTrainingRequest__Output as _dermanomaly_v1_StartGanTrainingRequest__Output } from './dermanomaly/v1/StartGanTrainingRequest.ts';
import type { TrainingTick as _dermanomaly_v1_TrainingTick, TrainingTick__Output as _dermanomaly_v1_TrainingTick__Output } from './dermanomaly/v1/TrainingTick.ts';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  dermanomaly: {
    v1: {
      ArtifactRef: MessageTypeDefinition<_dermanomaly_v1_ArtifactRef, _dermanomaly_v1_ArtifactRef__Output>
      AugmentMode: EnumTypeDefinition
      CancelResponse: MessageTypeDefinition<_dermanomaly_v1_CancelResponse, _dermanomaly_v1_CancelResponse__Output>
      ExecutionProvider: EnumTypeDefinition
      FeatureLayer: EnumTypeDefinition
      GanConfig: EnumTypeDefinition
      /**
       * Trains a StyleGAN2-ADA generator/discriminator pair on TF.js, writes snapshots as safetensors (NVIDIA parameter
       * names), and samples or inspects checkpoints.
       * 
       * Shutdown: on SIGTERM a running job stops at the next accumulation round boundary (a round is `batch_gpu` images
       * of one phase), writes a snapshot of that exact point and stores it as the job's progress; the instance that
       * resumes the job continues from it, so a rolling restart loses at most one round. The grace period
       * `DERMANOMALY_SHUTDOWN_GRACE_MS` must therefore cover one round plus the snapshot: at resolution 256, cbase 16384,
       * batch_gpu 1 on wasm (two cores) give it at least 120000 (README, "Training the generator").
       */
      GanTrainerService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_GanTrainerServiceClient> & { service: _dermanomaly_v1_GanTrainerServiceDefinition }
      GenerateRequest: MessageTypeDefinition<_dermanomaly_v1_GenerateRequest, _dermanomaly_v1_GenerateRequest__Output>
      GenerateResponse: MessageTypeDefinition<_dermanomaly_v1_GenerateResponse, _dermanomaly_v1_GenerateResponse__Output>
      InspectRequest: MessageTypeDefinition<_dermanomaly_v1_InspectRequest, _dermanomaly_v1_InspectRequest__Output>
      InspectResponse: MessageTypeDefinition<_dermanomaly_v1_InspectResponse, _dermanomaly_v1_InspectResponse__Output>
      JobRef: MessageTypeDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_JobRef__Output>
      JobState: EnumTypeDefinition
      Latent: MessageTypeDefinition<_dermanomaly_v1_Latent, _dermanomaly_v1_Latent__Output>
      Lineage: MessageTypeDefinition<_dermanomaly_v1_Lineage, _dermanomaly_v1_Lineage__Output>
      Location: MessageTypeDefinition<_dermanomaly_v1_Location, _dermanomaly_v1_Location__Output>
      ModelVersion: MessageTypeDefinition<_dermanomaly_v1_ModelVersion, _dermanomaly_v1_ModelVersion__Output>
      NetworkSummary: MessageTypeDefinition<_dermanomaly_v1_NetworkSummary, _dermanomaly_v1_NetworkSummary__Output>
      NoiseMode: EnumTypeDefinition
      ParameterInfo: MessageTypeDefinition<_dermanomaly_v1_ParameterInfo, _dermanomaly_v1_ParameterInfo__Output>
      Progress: MessageTypeDefinition<_dermanomaly_v1_Progress, _dermanomaly_v1_Progress__Output>
      StartGanTrainingRequest: MessageTypeDefinition<_dermanomaly_v1_StartGanTrainingRequest, _dermanomaly_v1_StartGanTrainingRequest__Output>
      TrainingBackend: EnumTypeDefinition
      TrainingTick: MessageTypeDefinition<_dermanomaly_v1_TrainingTick, _dermanomaly_v1_TrainingTick__Output>
    }
  }
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

