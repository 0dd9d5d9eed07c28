/**
 * The dermanomaly contracts: generated message, enum and service types (from `proto/`), the table of services with
 * typed gRPC client factories, the table of events with their NATS subjects and protobuf codecs, and the status
 * errors every service speaks.
 *
 * @example
 * ```ts
 * import { createClient, EVENTS, eventCodec } from "@dermanomaly/contracts";
 * const scorer = createClient("scorer", "127.0.0.1:50055");
 * scorer.getJob({ id: "j1", service: "scorer" }, (err, progress) => console.log(err ?? progress?.state));
 * const bytes = eventCodec("ganSnapshot").encode({ job: { id: "j2", service: "gan-trainer" }, kimg: 200 });
 * console.log(EVENTS.ganSnapshot.subject, bytes.length);
 * ```
 *
 * @module
 */
export * from "./codec.ts";
export * from "./credentials.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./loader_options.ts";
export * from "./services.ts";
export * from "./types.ts";
