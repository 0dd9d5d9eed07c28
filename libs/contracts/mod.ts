/**
 * The dermanomaly contracts: generated message and service types (from proto/), protobuf codecs for event
 * payloads, and the status errors every service speaks.
 *
 * @example
 * ```ts
 * import { messageCodec, type Progress } from "@dermanomaly/contracts";
 * const codec = messageCodec<Progress, Progress>("dermanomaly.v1.Progress");
 * ```
 *
 * @module
 */
export * from "./codec.ts";
export * from "./errors.ts";
export type { ArtifactRef, ArtifactRef__Output } from "./gen/dermanomaly/v1/ArtifactRef.ts";
export type { CancelResponse, CancelResponse__Output } from "./gen/dermanomaly/v1/CancelResponse.ts";
export type { JobRef, JobRef__Output } from "./gen/dermanomaly/v1/JobRef.ts";
export type { JobState, JobState__Output } from "./gen/dermanomaly/v1/JobState.ts";
export type { Lineage, Lineage__Output } from "./gen/dermanomaly/v1/Lineage.ts";
export type { ModelVersion, ModelVersion__Output } from "./gen/dermanomaly/v1/ModelVersion.ts";
export type { Progress, Progress__Output } from "./gen/dermanomaly/v1/Progress.ts";
export * from "./loader_options.ts";
