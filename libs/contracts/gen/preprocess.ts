import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from './dermanomaly/v1/ArtifactRef.ts';
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from './dermanomaly/v1/CancelResponse.ts';
import type { DatasetSplit as _dermanomaly_v1_DatasetSplit, DatasetSplit__Output as _dermanomaly_v1_DatasetSplit__Output } from './dermanomaly/v1/DatasetSplit.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from './dermanomaly/v1/JobRef.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from './dermanomaly/v1/Lineage.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from './dermanomaly/v1/Location.ts';
import type { ModelVersion as _dermanomaly_v1_ModelVersion, ModelVersion__Output as _dermanomaly_v1_ModelVersion__Output } from './dermanomaly/v1/ModelVersion.ts';
import type { PrepareDatasetRequest as _dermanomaly_v1_PrepareDatasetRequest, PrepareDatasetRequest__Output as _dermanomaly_v1_PrepareDatasetRequest__Output } from './dermanomaly/v1/PrepareDatasetRequest.ts';
import type { PreprocessServiceClient as _dermanomaly_v1_PreprocessServiceClient, PreprocessServiceDefinition as _dermanomaly_v1_PreprocessServiceDefinition } from './dermanomaly/v1/PreprocessService.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from './dermanomaly/v1/Progress.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  dermanomaly: {
    v1: {
      ArtifactRef: MessageTypeDefinition<_dermanomaly_v1_ArtifactRef, _dermanomaly_v1_ArtifactRef__Output>
      CancelResponse: MessageTypeDefinition<_dermanomaly_v1_CancelResponse, _dermanomaly_v1_CancelResponse__Output>
      DatasetSplit: MessageTypeDefinition<_dermanomaly_v1_DatasetSplit, _dermanomaly_v1_DatasetSplit__Output>
      ExecutionProvider: EnumTypeDefinition
      FeatureLayer: EnumTypeDefinition
      JobRef: MessageTypeDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_JobRef__Output>
      JobState: EnumTypeDefinition
      Lineage: MessageTypeDefinition<_dermanomaly_v1_Lineage, _dermanomaly_v1_Lineage__Output>
      Location: MessageTypeDefinition<_dermanomaly_v1_Location, _dermanomaly_v1_Location__Output>
      ModelVersion: MessageTypeDefinition<_dermanomaly_v1_ModelVersion, _dermanomaly_v1_ModelVersion__Output>
      NoiseMode: EnumTypeDefinition
      PrepareDatasetRequest: MessageTypeDefinition<_dermanomaly_v1_PrepareDatasetRequest, _dermanomaly_v1_PrepareDatasetRequest__Output>
      /**
       * Turns a folder or zip of photos into a StyleGAN dataset: uncompressed PNGs named `00000/img00000000.png`
       * (1000 per subfolder) plus `dataset.json` with labels. Long-running: `StartPrepareDataset` returns at once.
       */
      PreprocessService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_PreprocessServiceClient> & { service: _dermanomaly_v1_PreprocessServiceDefinition }
      Progress: MessageTypeDefinition<_dermanomaly_v1_Progress, _dermanomaly_v1_Progress__Output>
      Resampler: EnumTypeDefinition
      ResizeFilter: EnumTypeDefinition
      SplitPart: EnumTypeDefinition
      TrainingBackend: EnumTypeDefinition
      Transform: EnumTypeDefinition
    }
  }
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

