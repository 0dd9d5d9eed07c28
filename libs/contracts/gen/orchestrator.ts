import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ArtifactRef as _dermanomaly_v1_ArtifactRef, ArtifactRef__Output as _dermanomaly_v1_ArtifactRef__Output } from './dermanomaly/v1/ArtifactRef.ts';
import type { CalibrateRequest as _dermanomaly_v1_CalibrateRequest, CalibrateRequest__Output as _dermanomaly_v1_CalibrateRequest__Output } from './dermanomaly/v1/CalibrateRequest.ts';
import type { CalibrateResponse as _dermanomaly_v1_CalibrateResponse, CalibrateResponse__Output as _dermanomaly_v1_CalibrateResponse__Output } from './dermanomaly/v1/CalibrateResponse.ts';
import type { Calibration as _dermanomaly_v1_Calibration, Calibration__Output as _dermanomaly_v1_Calibration__Output } from './dermanomaly/v1/Calibration.ts';
import type { CancelResponse as _dermanomaly_v1_CancelResponse, CancelResponse__Output as _dermanomaly_v1_CancelResponse__Output } from './dermanomaly/v1/CancelResponse.ts';
import type { ClassReport as _dermanomaly_v1_ClassReport, ClassReport__Output as _dermanomaly_v1_ClassReport__Output } from './dermanomaly/v1/ClassReport.ts';
import type { ConfusionCounts as _dermanomaly_v1_ConfusionCounts, ConfusionCounts__Output as _dermanomaly_v1_ConfusionCounts__Output } from './dermanomaly/v1/ConfusionCounts.ts';
import type { DatasetSplit as _dermanomaly_v1_DatasetSplit, DatasetSplit__Output as _dermanomaly_v1_DatasetSplit__Output } from './dermanomaly/v1/DatasetSplit.ts';
import type { EncoderEpoch as _dermanomaly_v1_EncoderEpoch, EncoderEpoch__Output as _dermanomaly_v1_EncoderEpoch__Output } from './dermanomaly/v1/EncoderEpoch.ts';
import type { EncoderTrainerServiceClient as _dermanomaly_v1_EncoderTrainerServiceClient, EncoderTrainerServiceDefinition as _dermanomaly_v1_EncoderTrainerServiceDefinition } from './dermanomaly/v1/EncoderTrainerService.ts';
import type { ExportedModels as _dermanomaly_v1_ExportedModels, ExportedModels__Output as _dermanomaly_v1_ExportedModels__Output } from './dermanomaly/v1/ExportedModels.ts';
import type { GanTrainerServiceClient as _dermanomaly_v1_GanTrainerServiceClient, GanTrainerServiceDefinition as _dermanomaly_v1_GanTrainerServiceDefinition } from './dermanomaly/v1/GanTrainerService.ts';
import type { GenerateRequest as _dermanomaly_v1_GenerateRequest, GenerateRequest__Output as _dermanomaly_v1_GenerateRequest__Output } from './dermanomaly/v1/GenerateRequest.ts';
import type { GenerateResponse as _dermanomaly_v1_GenerateResponse, GenerateResponse__Output as _dermanomaly_v1_GenerateResponse__Output } from './dermanomaly/v1/GenerateResponse.ts';
import type { ImagePreparation as _dermanomaly_v1_ImagePreparation, ImagePreparation__Output as _dermanomaly_v1_ImagePreparation__Output } from './dermanomaly/v1/ImagePreparation.ts';
import type { ImageReconstruction as _dermanomaly_v1_ImageReconstruction, ImageReconstruction__Output as _dermanomaly_v1_ImageReconstruction__Output } from './dermanomaly/v1/ImageReconstruction.ts';
import type { InspectEncoderRequest as _dermanomaly_v1_InspectEncoderRequest, InspectEncoderRequest__Output as _dermanomaly_v1_InspectEncoderRequest__Output } from './dermanomaly/v1/InspectEncoderRequest.ts';
import type { InspectEncoderResponse as _dermanomaly_v1_InspectEncoderResponse, InspectEncoderResponse__Output as _dermanomaly_v1_InspectEncoderResponse__Output } from './dermanomaly/v1/InspectEncoderResponse.ts';
import type { InspectRequest as _dermanomaly_v1_InspectRequest, InspectRequest__Output as _dermanomaly_v1_InspectRequest__Output } from './dermanomaly/v1/InspectRequest.ts';
import type { InspectResponse as _dermanomaly_v1_InspectResponse, InspectResponse__Output as _dermanomaly_v1_InspectResponse__Output } from './dermanomaly/v1/InspectResponse.ts';
import type { JobRef as _dermanomaly_v1_JobRef, JobRef__Output as _dermanomaly_v1_JobRef__Output } from './dermanomaly/v1/JobRef.ts';
import type { Latent as _dermanomaly_v1_Latent, Latent__Output as _dermanomaly_v1_Latent__Output } from './dermanomaly/v1/Latent.ts';
import type { LatentRefinement as _dermanomaly_v1_LatentRefinement, LatentRefinement__Output as _dermanomaly_v1_LatentRefinement__Output } from './dermanomaly/v1/LatentRefinement.ts';
import type { Lineage as _dermanomaly_v1_Lineage, Lineage__Output as _dermanomaly_v1_Lineage__Output } from './dermanomaly/v1/Lineage.ts';
import type { ListJobsRequest as _dermanomaly_v1_ListJobsRequest, ListJobsRequest__Output as _dermanomaly_v1_ListJobsRequest__Output } from './dermanomaly/v1/ListJobsRequest.ts';
import type { ListJobsResponse as _dermanomaly_v1_ListJobsResponse, ListJobsResponse__Output as _dermanomaly_v1_ListJobsResponse__Output } from './dermanomaly/v1/ListJobsResponse.ts';
import type { LoadedModels as _dermanomaly_v1_LoadedModels, LoadedModels__Output as _dermanomaly_v1_LoadedModels__Output } from './dermanomaly/v1/LoadedModels.ts';
import type { Location as _dermanomaly_v1_Location, Location__Output as _dermanomaly_v1_Location__Output } from './dermanomaly/v1/Location.ts';
import type { ModelVersion as _dermanomaly_v1_ModelVersion, ModelVersion__Output as _dermanomaly_v1_ModelVersion__Output } from './dermanomaly/v1/ModelVersion.ts';
import type { NetworkSummary as _dermanomaly_v1_NetworkSummary, NetworkSummary__Output as _dermanomaly_v1_NetworkSummary__Output } from './dermanomaly/v1/NetworkSummary.ts';
import type { OnlineImage as _dermanomaly_v1_OnlineImage, OnlineImage__Output as _dermanomaly_v1_OnlineImage__Output } from './dermanomaly/v1/OnlineImage.ts';
import type { OnlineScoringConfig as _dermanomaly_v1_OnlineScoringConfig, OnlineScoringConfig__Output as _dermanomaly_v1_OnlineScoringConfig__Output } from './dermanomaly/v1/OnlineScoringConfig.ts';
import type { OnnxModel as _dermanomaly_v1_OnnxModel, OnnxModel__Output as _dermanomaly_v1_OnnxModel__Output } from './dermanomaly/v1/OnnxModel.ts';
import type { OrchestratorServiceClient as _dermanomaly_v1_OrchestratorServiceClient, OrchestratorServiceDefinition as _dermanomaly_v1_OrchestratorServiceDefinition } from './dermanomaly/v1/OrchestratorService.ts';
import type { ParameterInfo as _dermanomaly_v1_ParameterInfo, ParameterInfo__Output as _dermanomaly_v1_ParameterInfo__Output } from './dermanomaly/v1/ParameterInfo.ts';
import type { PhotoPreparation as _dermanomaly_v1_PhotoPreparation, PhotoPreparation__Output as _dermanomaly_v1_PhotoPreparation__Output } from './dermanomaly/v1/PhotoPreparation.ts';
import type { PhotoScore as _dermanomaly_v1_PhotoScore, PhotoScore__Output as _dermanomaly_v1_PhotoScore__Output } from './dermanomaly/v1/PhotoScore.ts';
import type { PhotoToScore as _dermanomaly_v1_PhotoToScore, PhotoToScore__Output as _dermanomaly_v1_PhotoToScore__Output } from './dermanomaly/v1/PhotoToScore.ts';
import type { PipelineStatus as _dermanomaly_v1_PipelineStatus, PipelineStatus__Output as _dermanomaly_v1_PipelineStatus__Output } from './dermanomaly/v1/PipelineStatus.ts';
import type { PrepareDatasetRequest as _dermanomaly_v1_PrepareDatasetRequest, PrepareDatasetRequest__Output as _dermanomaly_v1_PrepareDatasetRequest__Output } from './dermanomaly/v1/PrepareDatasetRequest.ts';
import type { PreprocessServiceClient as _dermanomaly_v1_PreprocessServiceClient, PreprocessServiceDefinition as _dermanomaly_v1_PreprocessServiceDefinition } from './dermanomaly/v1/PreprocessService.ts';
import type { Progress as _dermanomaly_v1_Progress, Progress__Output as _dermanomaly_v1_Progress__Output } from './dermanomaly/v1/Progress.ts';
import type { ReconstructRequest as _dermanomaly_v1_ReconstructRequest, ReconstructRequest__Output as _dermanomaly_v1_ReconstructRequest__Output } from './dermanomaly/v1/ReconstructRequest.ts';
import type { ReconstructResponse as _dermanomaly_v1_ReconstructResponse, ReconstructResponse__Output as _dermanomaly_v1_ReconstructResponse__Output } from './dermanomaly/v1/ReconstructResponse.ts';
import type { ReconstructionModels as _dermanomaly_v1_ReconstructionModels, ReconstructionModels__Output as _dermanomaly_v1_ReconstructionModels__Output } from './dermanomaly/v1/ReconstructionModels.ts';
import type { ReconstructionPart as _dermanomaly_v1_ReconstructionPart, ReconstructionPart__Output as _dermanomaly_v1_ReconstructionPart__Output } from './dermanomaly/v1/ReconstructionPart.ts';
import type { ReconstructionWorkItem as _dermanomaly_v1_ReconstructionWorkItem, ReconstructionWorkItem__Output as _dermanomaly_v1_ReconstructionWorkItem__Output } from './dermanomaly/v1/ReconstructionWorkItem.ts';
import type { ReconstructorServiceClient as _dermanomaly_v1_ReconstructorServiceClient, ReconstructorServiceDefinition as _dermanomaly_v1_ReconstructorServiceDefinition } from './dermanomaly/v1/ReconstructorService.ts';
import type { ReporterServiceClient as _dermanomaly_v1_ReporterServiceClient, ReporterServiceDefinition as _dermanomaly_v1_ReporterServiceDefinition } from './dermanomaly/v1/ReporterService.ts';
import type { ScorePhotosRequest as _dermanomaly_v1_ScorePhotosRequest, ScorePhotosRequest__Output as _dermanomaly_v1_ScorePhotosRequest__Output } from './dermanomaly/v1/ScorePhotosRequest.ts';
import type { ScoreSheet as _dermanomaly_v1_ScoreSheet, ScoreSheet__Output as _dermanomaly_v1_ScoreSheet__Output } from './dermanomaly/v1/ScoreSheet.ts';
import type { ScoreSpec as _dermanomaly_v1_ScoreSpec, ScoreSpec__Output as _dermanomaly_v1_ScoreSpec__Output } from './dermanomaly/v1/ScoreSpec.ts';
import type { ScoredPhoto as _dermanomaly_v1_ScoredPhoto, ScoredPhoto__Output as _dermanomaly_v1_ScoredPhoto__Output } from './dermanomaly/v1/ScoredPhoto.ts';
import type { ScorerServiceClient as _dermanomaly_v1_ScorerServiceClient, ScorerServiceDefinition as _dermanomaly_v1_ScorerServiceDefinition } from './dermanomaly/v1/ScorerService.ts';
import type { SheetInput as _dermanomaly_v1_SheetInput, SheetInput__Output as _dermanomaly_v1_SheetInput__Output } from './dermanomaly/v1/SheetInput.ts';
import type { SheetSummary as _dermanomaly_v1_SheetSummary, SheetSummary__Output as _dermanomaly_v1_SheetSummary__Output } from './dermanomaly/v1/SheetSummary.ts';
import type { SkippedInput as _dermanomaly_v1_SkippedInput, SkippedInput__Output as _dermanomaly_v1_SkippedInput__Output } from './dermanomaly/v1/SkippedInput.ts';
import type { StageStatus as _dermanomaly_v1_StageStatus, StageStatus__Output as _dermanomaly_v1_StageStatus__Output } from './dermanomaly/v1/StageStatus.ts';
import type { StartEncoderTrainingRequest as _dermanomaly_v1_StartEncoderTrainingRequest, StartEncoderTrainingRequest__Output as _dermanomaly_v1_StartEncoderTrainingRequest__Output } from './dermanomaly/v1/StartEncoderTrainingRequest.ts';
import type { StartGanTrainingRequest as _dermanomaly_v1_StartGanTrainingRequest, StartGanTrainingRequest__Output as _dermanomaly_v1_StartGanTrainingRequest__Output } from './dermanomaly/v1/StartGanTrainingRequest.ts';
import type { StartPipelineRequest as _dermanomaly_v1_StartPipelineRequest, StartPipelineRequest__Output as _dermanomaly_v1_StartPipelineRequest__Output } from './dermanomaly/v1/StartPipelineRequest.ts';
import type { StartReconstructionRequest as _dermanomaly_v1_StartReconstructionRequest, StartReconstructionRequest__Output as _dermanomaly_v1_StartReconstructionRequest__Output } from './dermanomaly/v1/StartReconstructionRequest.ts';
import type { StartReportRequest as _dermanomaly_v1_StartReportRequest, StartReportRequest__Output as _dermanomaly_v1_StartReportRequest__Output } from './dermanomaly/v1/StartReportRequest.ts';
import type { StartScoringRequest as _dermanomaly_v1_StartScoringRequest, StartScoringRequest__Output as _dermanomaly_v1_StartScoringRequest__Output } from './dermanomaly/v1/StartScoringRequest.ts';
import type { StartTsneRequest as _dermanomaly_v1_StartTsneRequest, StartTsneRequest__Output as _dermanomaly_v1_StartTsneRequest__Output } from './dermanomaly/v1/StartTsneRequest.ts';
import type { TrainingTick as _dermanomaly_v1_TrainingTick, TrainingTick__Output as _dermanomaly_v1_TrainingTick__Output } from './dermanomaly/v1/TrainingTick.ts';
import type { TsneOptions as _dermanomaly_v1_TsneOptions, TsneOptions__Output as _dermanomaly_v1_TsneOptions__Output } from './dermanomaly/v1/TsneOptions.ts';
import type { WorkImage as _dermanomaly_v1_WorkImage, WorkImage__Output as _dermanomaly_v1_WorkImage__Output } from './dermanomaly/v1/WorkImage.ts';
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
      CalibrateRequest: MessageTypeDefinition<_dermanomaly_v1_CalibrateRequest, _dermanomaly_v1_CalibrateRequest__Output>
      CalibrateResponse: MessageTypeDefinition<_dermanomaly_v1_CalibrateResponse, _dermanomaly_v1_CalibrateResponse__Output>
      Calibration: MessageTypeDefinition<_dermanomaly_v1_Calibration, _dermanomaly_v1_Calibration__Output>
      CancelResponse: MessageTypeDefinition<_dermanomaly_v1_CancelResponse, _dermanomaly_v1_CancelResponse__Output>
      ClassReport: MessageTypeDefinition<_dermanomaly_v1_ClassReport, _dermanomaly_v1_ClassReport__Output>
      ConfusionCounts: MessageTypeDefinition<_dermanomaly_v1_ConfusionCounts, _dermanomaly_v1_ConfusionCounts__Output>
      DatasetSplit: MessageTypeDefinition<_dermanomaly_v1_DatasetSplit, _dermanomaly_v1_DatasetSplit__Output>
      DistanceMetric: EnumTypeDefinition
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
      ExportedModels: MessageTypeDefinition<_dermanomaly_v1_ExportedModels, _dermanomaly_v1_ExportedModels__Output>
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
      GeneratorChoice: EnumTypeDefinition
      ImagePreparation: MessageTypeDefinition<_dermanomaly_v1_ImagePreparation, _dermanomaly_v1_ImagePreparation__Output>
      ImageReconstruction: MessageTypeDefinition<_dermanomaly_v1_ImageReconstruction, _dermanomaly_v1_ImageReconstruction__Output>
      InspectEncoderRequest: MessageTypeDefinition<_dermanomaly_v1_InspectEncoderRequest, _dermanomaly_v1_InspectEncoderRequest__Output>
      InspectEncoderResponse: MessageTypeDefinition<_dermanomaly_v1_InspectEncoderResponse, _dermanomaly_v1_InspectEncoderResponse__Output>
      InspectRequest: MessageTypeDefinition<_dermanomaly_v1_InspectRequest, _dermanomaly_v1_InspectRequest__Output>
      InspectResponse: MessageTypeDefinition<_dermanomaly_v1_InspectResponse, _dermanomaly_v1_InspectResponse__Output>
      JobRef: MessageTypeDefinition<_dermanomaly_v1_JobRef, _dermanomaly_v1_JobRef__Output>
      JobState: EnumTypeDefinition
      Latent: MessageTypeDefinition<_dermanomaly_v1_Latent, _dermanomaly_v1_Latent__Output>
      LatentRefinement: MessageTypeDefinition<_dermanomaly_v1_LatentRefinement, _dermanomaly_v1_LatentRefinement__Output>
      Lineage: MessageTypeDefinition<_dermanomaly_v1_Lineage, _dermanomaly_v1_Lineage__Output>
      ListJobsRequest: MessageTypeDefinition<_dermanomaly_v1_ListJobsRequest, _dermanomaly_v1_ListJobsRequest__Output>
      ListJobsResponse: MessageTypeDefinition<_dermanomaly_v1_ListJobsResponse, _dermanomaly_v1_ListJobsResponse__Output>
      LoadedModels: MessageTypeDefinition<_dermanomaly_v1_LoadedModels, _dermanomaly_v1_LoadedModels__Output>
      Location: MessageTypeDefinition<_dermanomaly_v1_Location, _dermanomaly_v1_Location__Output>
      ModelVersion: MessageTypeDefinition<_dermanomaly_v1_ModelVersion, _dermanomaly_v1_ModelVersion__Output>
      NetworkSummary: MessageTypeDefinition<_dermanomaly_v1_NetworkSummary, _dermanomaly_v1_NetworkSummary__Output>
      NoiseMode: EnumTypeDefinition
      OnlineImage: MessageTypeDefinition<_dermanomaly_v1_OnlineImage, _dermanomaly_v1_OnlineImage__Output>
      OnlineScoringConfig: MessageTypeDefinition<_dermanomaly_v1_OnlineScoringConfig, _dermanomaly_v1_OnlineScoringConfig__Output>
      OnnxModel: MessageTypeDefinition<_dermanomaly_v1_OnnxModel, _dermanomaly_v1_OnnxModel__Output>
      /**
       * Runs pipelines: starts each stage's job on its service, advances when the stages' JetStream events say a job it
       * started ended, and links one stage's outputs to the next stage's inputs. A pipeline's state lives in NATS KV, so
       * any instance answers for it and a restarted instance carries on from the last finished stage: stage jobs are
       * started with request ids derived from the pipeline id and the step, so starting a step again returns its job.
       */
      OrchestratorService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_OrchestratorServiceClient> & { service: _dermanomaly_v1_OrchestratorServiceDefinition }
      ParameterInfo: MessageTypeDefinition<_dermanomaly_v1_ParameterInfo, _dermanomaly_v1_ParameterInfo__Output>
      PhotoPreparation: MessageTypeDefinition<_dermanomaly_v1_PhotoPreparation, _dermanomaly_v1_PhotoPreparation__Output>
      PhotoScore: MessageTypeDefinition<_dermanomaly_v1_PhotoScore, _dermanomaly_v1_PhotoScore__Output>
      PhotoToScore: MessageTypeDefinition<_dermanomaly_v1_PhotoToScore, _dermanomaly_v1_PhotoToScore__Output>
      PipelineStatus: MessageTypeDefinition<_dermanomaly_v1_PipelineStatus, _dermanomaly_v1_PipelineStatus__Output>
      PrepareDatasetRequest: MessageTypeDefinition<_dermanomaly_v1_PrepareDatasetRequest, _dermanomaly_v1_PrepareDatasetRequest__Output>
      /**
       * Turns a folder or zip of photos into a StyleGAN dataset: uncompressed PNGs named `00000/img00000000.png`
       * (1000 per subfolder) plus `dataset.json` with labels. Long-running: `StartPrepareDataset` returns at once.
       */
      PreprocessService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_PreprocessServiceClient> & { service: _dermanomaly_v1_PreprocessServiceDefinition }
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
      /**
       * Turns score sheets into metrics (equal to scikit-learn's), plots with the numbers beside them, and `report.html`,
       * where hovering or clicking a t-SNE point or a score row shows that image, its reconstruction and residual map.
       */
      ReporterService: SubtypeConstructor<typeof grpc.Client, _dermanomaly_v1_ReporterServiceClient> & { service: _dermanomaly_v1_ReporterServiceDefinition }
      Resampler: EnumTypeDefinition
      ResizeFilter: EnumTypeDefinition
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
      SheetInput: MessageTypeDefinition<_dermanomaly_v1_SheetInput, _dermanomaly_v1_SheetInput__Output>
      SheetSummary: MessageTypeDefinition<_dermanomaly_v1_SheetSummary, _dermanomaly_v1_SheetSummary__Output>
      SkippedInput: MessageTypeDefinition<_dermanomaly_v1_SkippedInput, _dermanomaly_v1_SkippedInput__Output>
      SplitPart: EnumTypeDefinition
      Stage: EnumTypeDefinition
      StageStatus: MessageTypeDefinition<_dermanomaly_v1_StageStatus, _dermanomaly_v1_StageStatus__Output>
      StartEncoderTrainingRequest: MessageTypeDefinition<_dermanomaly_v1_StartEncoderTrainingRequest, _dermanomaly_v1_StartEncoderTrainingRequest__Output>
      StartGanTrainingRequest: MessageTypeDefinition<_dermanomaly_v1_StartGanTrainingRequest, _dermanomaly_v1_StartGanTrainingRequest__Output>
      StartPipelineRequest: MessageTypeDefinition<_dermanomaly_v1_StartPipelineRequest, _dermanomaly_v1_StartPipelineRequest__Output>
      StartReconstructionRequest: MessageTypeDefinition<_dermanomaly_v1_StartReconstructionRequest, _dermanomaly_v1_StartReconstructionRequest__Output>
      StartReportRequest: MessageTypeDefinition<_dermanomaly_v1_StartReportRequest, _dermanomaly_v1_StartReportRequest__Output>
      StartScoringRequest: MessageTypeDefinition<_dermanomaly_v1_StartScoringRequest, _dermanomaly_v1_StartScoringRequest__Output>
      StartTsneRequest: MessageTypeDefinition<_dermanomaly_v1_StartTsneRequest, _dermanomaly_v1_StartTsneRequest__Output>
      ThresholdRule: EnumTypeDefinition
      TrainingBackend: EnumTypeDefinition
      TrainingGenerator: EnumTypeDefinition
      TrainingTick: MessageTypeDefinition<_dermanomaly_v1_TrainingTick, _dermanomaly_v1_TrainingTick__Output>
      Transform: EnumTypeDefinition
      TsneOptions: MessageTypeDefinition<_dermanomaly_v1_TsneOptions, _dermanomaly_v1_TsneOptions__Output>
      WorkImage: MessageTypeDefinition<_dermanomaly_v1_WorkImage, _dermanomaly_v1_WorkImage__Output>
    }
  }
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

