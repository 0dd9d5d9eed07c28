import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from './dermanomaly/v1/ArtifactRef.ts';
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from './dermanomaly/v1/CancelResponse.ts';
import type { EncoderEpoch as _dermanomaly_v1_EncoderEpoch, EncoderEpoch__Output as _dermanomaly_v1_EncoderEpoch__Output } from './dermanomaly/v1/EncoderEpoch.ts';
import type { EncoderTrainerServiceClient as _dermanomaly_v1_EncoderTrainerServiceClient, EncoderTrainerServiceDefinition as _dermanomaly_v1_EncoderTrainerServiceDefinition } from './dermanomaly/v1/EncoderTrainerService.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from './dermanomaly/v1/JobRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from './dermanomaly/v1/Lineage.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from './dermanomaly/v1/Location.ts';
import type { ModelVersion as _dermanomaly_v1_ModelVersion, ModelVersion__Output as _dermanomaly_v1_ModelVersion__Output } from './dermanomaly/v1/ModelVersion.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from './dermanomaly/v1/Progress.ts';
import type { StartEncoderTrainingRequest as _dermanomaly_v1_StartEncoderTrainingRequest, StartEncoderTrainingRequest__Output as _dermanomaly_v1_StartEncoderTrainingRequest__Output } from './dermanomaly/v1/StartEncoderTrainingRequest.ts';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  dermanomaly: {
    v1: {
      ArtifactRef: MessageTypeDefinition<_dermanomaly_v1_ArtifactRef, _dermanomaly_v1_ArtifactRef__Output>
      CancelResponse: MessageTypeDefinition<_dermanomaly_v1_CancelResponse, _dermanomaly_v1_CancelResponse__Output>
      EncoderEpoch: MessageTypeDefinition<_dermanomaly_v1_EncoderEpoch, _dermanomaly_v1_EncoderEpoch__Output>
      /**
       * Trains an encoder E (image -> z) so that G(E(x)) reconstructs x, with loss
       * `MSE(G(E(x)), x) + kappa * MSE(f(G(E(x))), f(x))`; G and D stay frozen.
       */
      EncoderTrainerService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_EncoderTrainerServiceClient> & { service: _dermanomaly_v1_EncoderTrainerServiceDefinition }
      ExecutionProvider: EnumTypeDefinition
      FeatureLayer: EnumTypeDefinition
      JobRef: MessageTypeDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_JobRef__Output>
      JobState: EnumTypeDefinition
      Lineage: MessageTypeDefinition<_dermanomaly_v1_Lineage, _dermanomaly_v1_Lineage__Output>
      Location: MessageTypeDefinition<_dermanomaly_v1_Location, _dermanomaly_v1_Location__Output>
      ModelVersion: MessageTypeDefinition<_dermanomaly_v1_ModelVersion, _dermanomaly_v1_ModelVersion__Output>
      NoiseMode: EnumTypeDefinition
      Progress: MessageTypeDefinition<_dermanomaly_v1_Progress, _dermanomaly_v1_Progress__Output>
      StartEncoderTrainingRequest: MessageTypeDefinition<_dermanomaly_v1_StartEncoderTrainingRequest, _dermanomaly_v1_StartEncoderTrainingRequest__Output>
      TrainingBackend: EnumTypeDefinition
    }
  }
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

