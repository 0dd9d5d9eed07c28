import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from './dermanomaly/v1/ArtifactRef.ts';
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from './dermanomaly/v1/CancelResponse.ts';
import type { EncoderEpoch as _dermanomaly_v1_EncoderEpoch, EncoderEpoch__Output as _dermanomaly_v1_EncoderEpoch__Output } from './dermanomaly/v1/EncoderEpoch.ts';
import type { EncoderTrainerServiceClient as _dermanomaly_v1_EncoderTrainerServiceClient, EncoderTrainerServiceDefinition as _dermanomaly_v1_EncoderTrainerServiceDefinition } from './dermanomaly/v1/EncoderTrainerService.ts';
import type { GanTrainerServiceClient as _dermanomaly_v1_GanTrainerServiceClient, GanTrainerServiceDefinition as _dermanomaly_v1_GanTrainerServiceDefinition } from './dermanomaly/v1/GanTrainerService.ts';
import type { GenerateRequest as _dermanomaly_v1_GenerateRequest, GenerateRequest__Output as _dermanomaly_v1_GenerateRequest__Output } from './dermanomaly/v1/GenerateRequest.ts';
import type { GenerateResponse as _dermanomaly_v1_GenerateResponse, GenerateResponse__Output as _dermanomaly_v1_GenerateResponse__Output } from './dermanomaly/v1/GenerateResponse.ts';
import type { InspectEncoderRequest as _dermanomaly_v1_InspectEncoderRequest, InspectEncoderRequest__Output as _dermanomaly_v1_InspectEncoderRequest__Output } from './dermanomaly/v1/InspectEncoderRequest.ts';
import type { InspectEncoderResponse as _dermanomaly_v1_InspectEncoderResponse, InspectEncoderResponse__Output as _dermanomaly_v1_InspectEncoderResponse__Output } from './dermanomaly/v1/InspectEncoderResponse.ts';
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
import type { StartEncoderTrainingRequest as _dermanomaly_v1_StartEncoderTrainingRequest, StartEncoderTrainingRequest__Output as _dermanomaly_v1_StartEncoderTrainingRequest__Output } from './dermanomaly/v1/StartEncoderTrainingRequest.ts';
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
      EncoderEpoch: MessageTypeDefinition<_dermanomaly_v1_EncoderEpoch, _dermanomaly_v1_EncoderEpoch__Output>
      EncoderLoss: EnumTypeDefinition
      EncoderPreset: EnumTypeDefinition
      /**
       * Trains an encoder E (image -> z) so that a trained GAN's generator, frozen, redraws each normal image from E's
       * latent: loss `izif` = alpha * MSE(G(E(x)), x) + kappa * MSE(f(G(E(x))), f(x)), with f the discriminator's features
       * (block b8's output, before minibatch-stddev); `izi` drops the feature term; `ziz` is MSE(z, E(G(z))) on z drawn
       * from N(0, I). G and D are only read. Adam (lr 1e-4, betas (0, 0.9)) as the original.
       * 
       * A run writes, in a run folder `<nnnnn>-<loss>-<dataset>-<preset>-batch<batch>` under `outdir`:
       * `encoder-<epoch>.safetensors` (E's weights under the original's PyTorch `nn.Sequential` names, format
       * `dermanomaly/izif-encoder/1`, with the run's lineage in the metadata: the generator and noise mode E was trained
       * with, which later stages use unless told otherwise; `<epoch>` is the epochs completed, 4 digits, and
       * `<epoch>.<step>` the steps into the next one for a snapshot written because the run was cancelled),
       * `rec<epoch>.png` (the first normal images of the data set above their reconstructions G(E(x))),
       * `resume.safetensors` (the whole training state of the last snapshot: weights, Adam, counters, random and data
       * positions) and `training_options.json` (the run's settings and inputs). Only the last `keep_snapshots` snapshots
       * stay (weights and grids).
       * 
       * Shutdown: on SIGTERM a running job stops after the optimizer step in progress, writes `resume.safetensors` for that
       * exact step and stores it; the instance that resumes the job continues from it and repeats the uninterrupted run
       * bit for bit. A job that dies without that (a crash) continues from its last snapshot. The grace period
       * `DERMANOMALY_SHUTDOWN_GRACE_MS` must cover one step plus writing the state (README, "Training the encoder").
       */
      EncoderTrainerService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_EncoderTrainerServiceClient> & { service: _dermanomaly_v1_EncoderTrainerServiceDefinition }
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
      InspectEncoderRequest: MessageTypeDefinition<_dermanomaly_v1_InspectEncoderRequest, _dermanomaly_v1_InspectEncoderRequest__Output>
      InspectEncoderResponse: MessageTypeDefinition<_dermanomaly_v1_InspectEncoderResponse, _dermanomaly_v1_InspectEncoderResponse__Output>
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
      StartEncoderTrainingRequest: MessageTypeDefinition<_dermanomaly_v1_StartEncoderTrainingRequest, _dermanomaly_v1_StartEncoderTrainingRequest__Output>
      StartGanTrainingRequest: MessageTypeDefinition<_dermanomaly_v1_StartGanTrainingRequest, _dermanomaly_v1_StartGanTrainingRequest__Output>
      TrainingBackend: EnumTypeDefinition
      TrainingGenerator: EnumTypeDefinition
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

