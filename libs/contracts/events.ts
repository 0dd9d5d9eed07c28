import { type MessageCodec, messageCodec } from "./codec.ts";
import type { DatasetPrepared, DatasetPrepared__Output } from "./gen/dermanomaly/v1/DatasetPrepared.ts";
import type { EncoderCompleted, EncoderCompleted__Output } from "./gen/dermanomaly/v1/EncoderCompleted.ts";
import type { EncoderEpochEnded, EncoderEpochEnded__Output } from "./gen/dermanomaly/v1/EncoderEpochEnded.ts";
import type { EncoderFailed, EncoderFailed__Output } from "./gen/dermanomaly/v1/EncoderFailed.ts";
import type { EncoderSnapshot, EncoderSnapshot__Output } from "./gen/dermanomaly/v1/EncoderSnapshot.ts";
import type { GanCompleted, GanCompleted__Output } from "./gen/dermanomaly/v1/GanCompleted.ts";
import type { GanFailed, GanFailed__Output } from "./gen/dermanomaly/v1/GanFailed.ts";
import type { GanSnapshot, GanSnapshot__Output } from "./gen/dermanomaly/v1/GanSnapshot.ts";
import type { GanTick, GanTick__Output } from "./gen/dermanomaly/v1/GanTick.ts";
import type { JobFailed, JobFailed__Output } from "./gen/dermanomaly/v1/JobFailed.ts";
import type { JobStateChanged, JobStateChanged__Output } from "./gen/dermanomaly/v1/JobStateChanged.ts";
import type { PipelineCompleted, PipelineCompleted__Output } from "./gen/dermanomaly/v1/PipelineCompleted.ts";
import type { PipelineFailed, PipelineFailed__Output } from "./gen/dermanomaly/v1/PipelineFailed.ts";
import type {
  PipelineStepChanged,
  PipelineStepChanged__Output,
} from "./gen/dermanomaly/v1/PipelineStepChanged.ts";
import type {
  ReconstructionCompleted,
  ReconstructionCompleted__Output,
} from "./gen/dermanomaly/v1/ReconstructionCompleted.ts";
import type { ReportReady, ReportReady__Output } from "./gen/dermanomaly/v1/ReportReady.ts";
import type { ScoresComputed, ScoresComputed__Output } from "./gen/dermanomaly/v1/ScoresComputed.ts";
import type { ServiceName } from "./services.ts";

/**
 * Every event: its NATS subject (`dermanomaly.events.<stage>.<event>`) and the protobuf message type of its
 * payload (documented in `proto/dermanomaly/v1/events.proto`).
 */
export const EVENTS = {
  datasetPrepared: {
    subject: "dermanomaly.events.preprocess.dataset_prepared",
    typeName: "dermanomaly.v1.DatasetPrepared",
  },
  preprocessFailed: { subject: "dermanomaly.events.preprocess.failed", typeName: "dermanomaly.v1.JobFailed" },
  ganTick: { subject: "dermanomaly.events.gan.tick", typeName: "dermanomaly.v1.GanTick" },
  ganSnapshot: { subject: "dermanomaly.events.gan.snapshot", typeName: "dermanomaly.v1.GanSnapshot" },
  ganCompleted: { subject: "dermanomaly.events.gan.completed", typeName: "dermanomaly.v1.GanCompleted" },
  ganFailed: { subject: "dermanomaly.events.gan.failed", typeName: "dermanomaly.v1.GanFailed" },
  encoderEpochEnded: {
    subject: "dermanomaly.events.encoder.epoch",
    typeName: "dermanomaly.v1.EncoderEpochEnded",
  },
  encoderSnapshot: {
    subject: "dermanomaly.events.encoder.snapshot",
    typeName: "dermanomaly.v1.EncoderSnapshot",
  },
  encoderCompleted: {
    subject: "dermanomaly.events.encoder.completed",
    typeName: "dermanomaly.v1.EncoderCompleted",
  },
  encoderFailed: { subject: "dermanomaly.events.encoder.failed", typeName: "dermanomaly.v1.EncoderFailed" },
  reconstructionCompleted: {
    subject: "dermanomaly.events.reconstructor.completed",
    typeName: "dermanomaly.v1.ReconstructionCompleted",
  },
  reconstructionFailed: {
    subject: "dermanomaly.events.reconstructor.failed",
    typeName: "dermanomaly.v1.JobFailed",
  },
  scoresComputed: {
    subject: "dermanomaly.events.scorer.scores_computed",
    typeName: "dermanomaly.v1.ScoresComputed",
  },
  scoringFailed: { subject: "dermanomaly.events.scorer.failed", typeName: "dermanomaly.v1.JobFailed" },
  reportReady: {
    subject: "dermanomaly.events.reporter.report_ready",
    typeName: "dermanomaly.v1.ReportReady",
  },
  reportFailed: { subject: "dermanomaly.events.reporter.failed", typeName: "dermanomaly.v1.JobFailed" },
  pipelineCompleted: {
    subject: "dermanomaly.events.pipeline.completed",
    typeName: "dermanomaly.v1.PipelineCompleted",
  },
  pipelineFailed: {
    subject: "dermanomaly.events.pipeline.failed",
    typeName: "dermanomaly.v1.PipelineFailed",
  },
  pipelineStepChanged: {
    subject: "dermanomaly.events.pipeline.step",
    typeName: "dermanomaly.v1.PipelineStepChanged",
  },
  jobStateChanged: {
    subject: "dermanomaly.events.jobs.state_changed",
    typeName: "dermanomaly.v1.JobStateChanged",
  },
} as const;

/** Key of an event in {@linkcode EVENTS}, e.g. `"ganSnapshot"`. */
export type EventKey = keyof typeof EVENTS;

/** NATS subject of an event, e.g. `"dermanomaly.events.gan.snapshot"`. */
export type EventSubject = (typeof EVENTS)[EventKey]["subject"];

/** Payload types of each event: `In` is what `encode` accepts, `Out` what `decode` returns. */
export interface EventPayloads {
  datasetPrepared: { In: DatasetPrepared; Out: DatasetPrepared__Output };
  preprocessFailed: { In: JobFailed; Out: JobFailed__Output };
  ganTick: { In: GanTick; Out: GanTick__Output };
  ganSnapshot: { In: GanSnapshot; Out: GanSnapshot__Output };
  ganCompleted: { In: GanCompleted; Out: GanCompleted__Output };
  ganFailed: { In: GanFailed; Out: GanFailed__Output };
  encoderEpochEnded: { In: EncoderEpochEnded; Out: EncoderEpochEnded__Output };
  encoderSnapshot: { In: EncoderSnapshot; Out: EncoderSnapshot__Output };
  encoderCompleted: { In: EncoderCompleted; Out: EncoderCompleted__Output };
  encoderFailed: { In: EncoderFailed; Out: EncoderFailed__Output };
  reconstructionCompleted: { In: ReconstructionCompleted; Out: ReconstructionCompleted__Output };
  reconstructionFailed: { In: JobFailed; Out: JobFailed__Output };
  scoresComputed: { In: ScoresComputed; Out: ScoresComputed__Output };
  scoringFailed: { In: JobFailed; Out: JobFailed__Output };
  reportReady: { In: ReportReady; Out: ReportReady__Output };
  reportFailed: { In: JobFailed; Out: JobFailed__Output };
  pipelineCompleted: { In: PipelineCompleted; Out: PipelineCompleted__Output };
  pipelineFailed: { In: PipelineFailed; Out: PipelineFailed__Output };
  pipelineStepChanged: { In: PipelineStepChanged; Out: PipelineStepChanged__Output };
  jobStateChanged: { In: JobStateChanged; Out: JobStateChanged__Output };
}

/**
 * The event each stage publishes when one of its jobs fails: the stage's own failure message where it has one
 * (`GanFailed`, `EncoderFailed`, `PipelineFailed`, with stage-specific fields), else `JobFailed` on the stage's
 * `failed` subject. Every one of them has `job`, `at`, `error` (the message) and `code` (the gRPC code name).
 */
export const FAILURE_EVENTS = {
  preprocess: "preprocessFailed",
  "gan-trainer": "ganFailed",
  "encoder-trainer": "encoderFailed",
  reconstructor: "reconstructionFailed",
  scorer: "scoringFailed",
  reporter: "reportFailed",
  orchestrator: "pipelineFailed",
} as const satisfies Record<ServiceName, EventKey>;

/** The failure event key of a stage, e.g. `"ganFailed"` for `"gan-trainer"`. */
export type FailureEventKey = (typeof FAILURE_EVENTS)[ServiceName];

/** The codec of one event's payload. */
export type EventCodec<K extends EventKey> = MessageCodec<EventPayloads[K]["In"], EventPayloads[K]["Out"]>;

const codecs = new Map<EventKey, MessageCodec<unknown, unknown>>();

function assertEventKey(key: string): asserts key is EventKey {
  if (!Object.hasOwn(EVENTS, key)) {
    throw new TypeError(`Unknown event "${key}": expected one of ${Object.keys(EVENTS).join(", ")}`);
  }
}

/**
 * The typed protobuf codec of an event's payload (created once per key).
 *
 * @example
 * ```ts
 * const codec = eventCodec("ganSnapshot");
 * const bytes = codec.encode({ job: { id: "j1", service: "gan-trainer" }, kimg: 200 });
 * nc.publish(EVENTS.ganSnapshot.subject, bytes);
 * ```
 */
export function eventCodec<K extends EventKey>(key: K): EventCodec<K> {
  assertEventKey(key);
  let codec = codecs.get(key);
  if (codec === undefined) {
    codec = messageCodec<unknown, unknown>(EVENTS[key].typeName);
    codecs.set(key, codec);
  }
  return codec as EventCodec<K>;
}

const bySubject: ReadonlyMap<string, EventKey> = new Map(
  (Object.keys(EVENTS) as EventKey[]).map((key) => [EVENTS[key].subject, key]),
);

/** The event key of a subject, or `undefined` for a subject that is not an event (e.g. when consuming a wildcard). */
export function eventKeyOf(subject: string): EventKey | undefined {
  return bySubject.get(subject);
}
