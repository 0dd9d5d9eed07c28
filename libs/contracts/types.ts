// The generated contract types, re-exported in one place. Everything here comes from gen/ (`pnpm gen`); the
// `types_test.ts` check fails when a generated type is missing from this list.
import type { ProtoGrpcType as CommonProto } from "./gen/common.ts";
import type { ProtoGrpcType as EncoderTrainerProto } from "./gen/encoder_trainer.ts";
import type { ProtoGrpcType as EventsProto } from "./gen/events.ts";
import type { ProtoGrpcType as GanTrainerProto } from "./gen/gan_trainer.ts";
import type { ProtoGrpcType as OrchestratorProto } from "./gen/orchestrator.ts";
import type { ProtoGrpcType as PreprocessProto } from "./gen/preprocess.ts";
import type { ProtoGrpcType as ReconstructorProto } from "./gen/reconstructor.ts";
import type { ProtoGrpcType as ReporterProto } from "./gen/reporter.ts";
import type { ProtoGrpcType as ScorerProto } from "./gen/scorer.ts";

/**
 * Shape of `grpc.loadPackageDefinition()` over every contract file: `proto.dermanomaly.v1.PreprocessService` is a
 * client constructor with a `service` definition, `proto.dermanomaly.v1.Progress` a message type definition.
 */
export type ProtoGrpcType = CommonProto &
  EncoderTrainerProto &
  EventsProto &
  GanTrainerProto &
  OrchestratorProto &
  PreprocessProto &
  ReconstructorProto &
  ReporterProto &
  ScorerProto;

export type { ArtifactRef, ArtifactRef__Output } from "./gen/dermanomaly/v1/ArtifactRef.ts";
export { AugmentMode, type AugmentMode__Output } from "./gen/dermanomaly/v1/AugmentMode.ts";
export type {
  CalibrateRequest,
  CalibrateRequest__Output,
} from "./gen/dermanomaly/v1/CalibrateRequest.ts";
export type {
  CalibrateResponse,
  CalibrateResponse__Output,
} from "./gen/dermanomaly/v1/CalibrateResponse.ts";
export type { Calibration, Calibration__Output } from "./gen/dermanomaly/v1/Calibration.ts";
export type { CancelResponse, CancelResponse__Output } from "./gen/dermanomaly/v1/CancelResponse.ts";
export type { ClassReport, ClassReport__Output } from "./gen/dermanomaly/v1/ClassReport.ts";
export type { ConfusionCounts, ConfusionCounts__Output } from "./gen/dermanomaly/v1/ConfusionCounts.ts";
export type { DatasetPrepared, DatasetPrepared__Output } from "./gen/dermanomaly/v1/DatasetPrepared.ts";
export type { DatasetSplit, DatasetSplit__Output } from "./gen/dermanomaly/v1/DatasetSplit.ts";
export { DistanceMetric, type DistanceMetric__Output } from "./gen/dermanomaly/v1/DistanceMetric.ts";
export type { EncoderCompleted, EncoderCompleted__Output } from "./gen/dermanomaly/v1/EncoderCompleted.ts";
export type { EncoderEpoch, EncoderEpoch__Output } from "./gen/dermanomaly/v1/EncoderEpoch.ts";
export type { EncoderEpochEnded, EncoderEpochEnded__Output } from "./gen/dermanomaly/v1/EncoderEpochEnded.ts";
export type { EncoderFailed, EncoderFailed__Output } from "./gen/dermanomaly/v1/EncoderFailed.ts";
export { EncoderLoss, type EncoderLoss__Output } from "./gen/dermanomaly/v1/EncoderLoss.ts";
export { EncoderPreset, type EncoderPreset__Output } from "./gen/dermanomaly/v1/EncoderPreset.ts";
export type { EncoderSnapshot, EncoderSnapshot__Output } from "./gen/dermanomaly/v1/EncoderSnapshot.ts";
export type {
  EncoderTrainerServiceClient,
  EncoderTrainerServiceDefinition,
  EncoderTrainerServiceHandlers,
} from "./gen/dermanomaly/v1/EncoderTrainerService.ts";
export { ExecutionProvider, type ExecutionProvider__Output } from "./gen/dermanomaly/v1/ExecutionProvider.ts";
export type { ExportedModels, ExportedModels__Output } from "./gen/dermanomaly/v1/ExportedModels.ts";
export { FeatureLayer, type FeatureLayer__Output } from "./gen/dermanomaly/v1/FeatureLayer.ts";
export type { GanCompleted, GanCompleted__Output } from "./gen/dermanomaly/v1/GanCompleted.ts";
export { GanConfig, type GanConfig__Output } from "./gen/dermanomaly/v1/GanConfig.ts";
export type { GanFailed, GanFailed__Output } from "./gen/dermanomaly/v1/GanFailed.ts";
export type { GanSnapshot, GanSnapshot__Output } from "./gen/dermanomaly/v1/GanSnapshot.ts";
export type { GanTick, GanTick__Output } from "./gen/dermanomaly/v1/GanTick.ts";
export type {
  GanTrainerServiceClient,
  GanTrainerServiceDefinition,
  GanTrainerServiceHandlers,
} from "./gen/dermanomaly/v1/GanTrainerService.ts";
export type { GenerateRequest, GenerateRequest__Output } from "./gen/dermanomaly/v1/GenerateRequest.ts";
export type { GenerateResponse, GenerateResponse__Output } from "./gen/dermanomaly/v1/GenerateResponse.ts";
export { GeneratorChoice, type GeneratorChoice__Output } from "./gen/dermanomaly/v1/GeneratorChoice.ts";
export type { ImagePreparation, ImagePreparation__Output } from "./gen/dermanomaly/v1/ImagePreparation.ts";
export type {
  ImageReconstruction,
  ImageReconstruction__Output,
} from "./gen/dermanomaly/v1/ImageReconstruction.ts";
export type {
  InspectEncoderRequest,
  InspectEncoderRequest__Output,
} from "./gen/dermanomaly/v1/InspectEncoderRequest.ts";
export type {
  InspectEncoderResponse,
  InspectEncoderResponse__Output,
} from "./gen/dermanomaly/v1/InspectEncoderResponse.ts";
export type { InspectRequest, InspectRequest__Output } from "./gen/dermanomaly/v1/InspectRequest.ts";
export type { InspectResponse, InspectResponse__Output } from "./gen/dermanomaly/v1/InspectResponse.ts";
export type { JobFailed, JobFailed__Output } from "./gen/dermanomaly/v1/JobFailed.ts";
export type { JobRef, JobRef__Output } from "./gen/dermanomaly/v1/JobRef.ts";
export { JobState, type JobState__Output } from "./gen/dermanomaly/v1/JobState.ts";
export type { JobStateChanged, JobStateChanged__Output } from "./gen/dermanomaly/v1/JobStateChanged.ts";
export type { Latent, Latent__Output } from "./gen/dermanomaly/v1/Latent.ts";
export type { LatentRefinement, LatentRefinement__Output } from "./gen/dermanomaly/v1/LatentRefinement.ts";
export type { Lineage, Lineage__Output } from "./gen/dermanomaly/v1/Lineage.ts";
export type { ListJobsRequest, ListJobsRequest__Output } from "./gen/dermanomaly/v1/ListJobsRequest.ts";
export type { ListJobsResponse, ListJobsResponse__Output } from "./gen/dermanomaly/v1/ListJobsResponse.ts";
export type { LoadedModels, LoadedModels__Output } from "./gen/dermanomaly/v1/LoadedModels.ts";
export type { Location, Location__Output } from "./gen/dermanomaly/v1/Location.ts";
export type { ModelVersion, ModelVersion__Output } from "./gen/dermanomaly/v1/ModelVersion.ts";
export type { NetworkSummary, NetworkSummary__Output } from "./gen/dermanomaly/v1/NetworkSummary.ts";
export { NoiseMode, type NoiseMode__Output } from "./gen/dermanomaly/v1/NoiseMode.ts";
export type { OnlineImage, OnlineImage__Output } from "./gen/dermanomaly/v1/OnlineImage.ts";
export type {
  OnlineScoringConfig,
  OnlineScoringConfig__Output,
} from "./gen/dermanomaly/v1/OnlineScoringConfig.ts";
export type { OnnxModel, OnnxModel__Output } from "./gen/dermanomaly/v1/OnnxModel.ts";
export type {
  OrchestratorServiceClient,
  OrchestratorServiceDefinition,
  OrchestratorServiceHandlers,
} from "./gen/dermanomaly/v1/OrchestratorService.ts";
export type { ParameterInfo, ParameterInfo__Output } from "./gen/dermanomaly/v1/ParameterInfo.ts";
export type {
  PhotoPreparation,
  PhotoPreparation__Output,
} from "./gen/dermanomaly/v1/PhotoPreparation.ts";
export type { PhotoScore, PhotoScore__Output } from "./gen/dermanomaly/v1/PhotoScore.ts";
export type { PhotoToScore, PhotoToScore__Output } from "./gen/dermanomaly/v1/PhotoToScore.ts";
export type { PipelineCompleted, PipelineCompleted__Output } from "./gen/dermanomaly/v1/PipelineCompleted.ts";
export type { PipelineFailed, PipelineFailed__Output } from "./gen/dermanomaly/v1/PipelineFailed.ts";
export type { PipelineStatus, PipelineStatus__Output } from "./gen/dermanomaly/v1/PipelineStatus.ts";
export type {
  PipelineStepChanged,
  PipelineStepChanged__Output,
} from "./gen/dermanomaly/v1/PipelineStepChanged.ts";
export type {
  PrepareDatasetRequest,
  PrepareDatasetRequest__Output,
} from "./gen/dermanomaly/v1/PrepareDatasetRequest.ts";
export type {
  PreprocessServiceClient,
  PreprocessServiceDefinition,
  PreprocessServiceHandlers,
} from "./gen/dermanomaly/v1/PreprocessService.ts";
export type { Progress, Progress__Output } from "./gen/dermanomaly/v1/Progress.ts";
export type {
  ReconstructionCompleted,
  ReconstructionCompleted__Output,
} from "./gen/dermanomaly/v1/ReconstructionCompleted.ts";
export type {
  ReconstructionModels,
  ReconstructionModels__Output,
} from "./gen/dermanomaly/v1/ReconstructionModels.ts";
export type {
  ReconstructionPart,
  ReconstructionPart__Output,
} from "./gen/dermanomaly/v1/ReconstructionPart.ts";
export type {
  ReconstructionWorkItem,
  ReconstructionWorkItem__Output,
} from "./gen/dermanomaly/v1/ReconstructionWorkItem.ts";
export type {
  ReconstructorServiceClient,
  ReconstructorServiceDefinition,
  ReconstructorServiceHandlers,
} from "./gen/dermanomaly/v1/ReconstructorService.ts";
export type {
  ReconstructRequest,
  ReconstructRequest__Output,
} from "./gen/dermanomaly/v1/ReconstructRequest.ts";
export type {
  ReconstructResponse,
  ReconstructResponse__Output,
} from "./gen/dermanomaly/v1/ReconstructResponse.ts";
export type {
  ReporterServiceClient,
  ReporterServiceDefinition,
  ReporterServiceHandlers,
} from "./gen/dermanomaly/v1/ReporterService.ts";
export type { ReportReady, ReportReady__Output } from "./gen/dermanomaly/v1/ReportReady.ts";
export { Resampler, type Resampler__Output } from "./gen/dermanomaly/v1/Resampler.ts";
export { ResizeFilter, type ResizeFilter__Output } from "./gen/dermanomaly/v1/ResizeFilter.ts";
export type { ScoredPhoto, ScoredPhoto__Output } from "./gen/dermanomaly/v1/ScoredPhoto.ts";
export { ScoreMethod, type ScoreMethod__Output } from "./gen/dermanomaly/v1/ScoreMethod.ts";
export type {
  ScorePhotosRequest,
  ScorePhotosRequest__Output,
} from "./gen/dermanomaly/v1/ScorePhotosRequest.ts";
export type {
  ScorerServiceClient,
  ScorerServiceDefinition,
  ScorerServiceHandlers,
} from "./gen/dermanomaly/v1/ScorerService.ts";
export type { ScoreSheet, ScoreSheet__Output } from "./gen/dermanomaly/v1/ScoreSheet.ts";
export type { ScoreSpec, ScoreSpec__Output } from "./gen/dermanomaly/v1/ScoreSpec.ts";
export type { ScoresComputed, ScoresComputed__Output } from "./gen/dermanomaly/v1/ScoresComputed.ts";
export type { SheetInput, SheetInput__Output } from "./gen/dermanomaly/v1/SheetInput.ts";
export type { SheetSummary, SheetSummary__Output } from "./gen/dermanomaly/v1/SheetSummary.ts";
export type { SkippedInput, SkippedInput__Output } from "./gen/dermanomaly/v1/SkippedInput.ts";
export { SplitPart, type SplitPart__Output } from "./gen/dermanomaly/v1/SplitPart.ts";
export { Stage, type Stage__Output } from "./gen/dermanomaly/v1/Stage.ts";
export type { StageStatus, StageStatus__Output } from "./gen/dermanomaly/v1/StageStatus.ts";
export type {
  StartEncoderTrainingRequest,
  StartEncoderTrainingRequest__Output,
} from "./gen/dermanomaly/v1/StartEncoderTrainingRequest.ts";
export type {
  StartGanTrainingRequest,
  StartGanTrainingRequest__Output,
} from "./gen/dermanomaly/v1/StartGanTrainingRequest.ts";
export type {
  StartPipelineRequest,
  StartPipelineRequest__Output,
} from "./gen/dermanomaly/v1/StartPipelineRequest.ts";
export type {
  StartReconstructionRequest,
  StartReconstructionRequest__Output,
} from "./gen/dermanomaly/v1/StartReconstructionRequest.ts";
export type {
  StartReportRequest,
  StartReportRequest__Output,
} from "./gen/dermanomaly/v1/StartReportRequest.ts";
export type {
  StartScoringRequest,
  StartScoringRequest__Output,
} from "./gen/dermanomaly/v1/StartScoringRequest.ts";
export type {
  StartTsneRequest,
  StartTsneRequest__Output,
} from "./gen/dermanomaly/v1/StartTsneRequest.ts";
export { ThresholdRule, type ThresholdRule__Output } from "./gen/dermanomaly/v1/ThresholdRule.ts";
export { TrainingBackend, type TrainingBackend__Output } from "./gen/dermanomaly/v1/TrainingBackend.ts";
export {
  TrainingGenerator,
  type TrainingGenerator__Output,
} from "./gen/dermanomaly/v1/TrainingGenerator.ts";
export type { TrainingTick, TrainingTick__Output } from "./gen/dermanomaly/v1/TrainingTick.ts";
export { Transform, type Transform__Output } from "./gen/dermanomaly/v1/Transform.ts";
export type { TsneOptions, TsneOptions__Output } from "./gen/dermanomaly/v1/TsneOptions.ts";
export type { WorkImage, WorkImage__Output } from "./gen/dermanomaly/v1/WorkImage.ts";
export type { Duration, Duration__Output } from "./gen/google/protobuf/Duration.ts";
export type { Timestamp, Timestamp__Output } from "./gen/google/protobuf/Timestamp.ts";
