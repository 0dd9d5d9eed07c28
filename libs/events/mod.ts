/**
 * Events on NATS JetStream: subjects (`dermanomaly.events.<stage>.<event>`), stream provisioning, typed
 * de-duplicated publishing, durable pull consumers with ack/nak/term, and work queues.
 *
 * @example
 * ```ts
 * import { connect } from "@nats-io/transport-node";
 * import { jetstream } from "@nats-io/jetstream";
 * import { messageCodec, type Progress, type Progress__Output } from "@dermanomaly/contracts";
 * import { consumeEvents, ensureEventStream, eventSubject, publishEvent } from "@dermanomaly/events";
 *
 * const nc = await connect({ servers: "nats://127.0.0.1:4222" });
 * await ensureEventStream(nc);
 * const js = jetstream(nc);
 * const codec = messageCodec<Progress, Progress__Output>("dermanomaly.v1.Progress");
 * await publishEvent(js, eventSubject("trainer", "progress"), codec, { done: 1 }, { msgId: "job-1:progress:1" });
 * const handle = await consumeEvents(js, { durable: "watcher", codec, handler: (p) => console.log(p.done) });
 * await handle.stop();
 * ```
 *
 * @module
 */
export * from "./consume.ts";
export * from "./errors.ts";
export * from "./publish.ts";
export * from "./streams.ts";
export * from "./subjects.ts";
export * from "./types.ts";
export * from "./work_queue.ts";
