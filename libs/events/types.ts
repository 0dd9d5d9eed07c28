import type { MessageCodec } from "@dermanomaly/contracts";
import type { MsgHdrs } from "@nats-io/transport-node";

/** Header carrying the de-duplication id of a message (JetStream drops repeats inside the duplicate window). */
export const MSG_ID_HEADER = "Nats-Msg-Id";

/** Header carrying the fully qualified protobuf type of the payload, e.g. `dermanomaly.v1.Progress`. */
export const TYPE_HEADER = "Dermanomaly-Type";

/**
 * What a handler learns about the message it is handling, besides the decoded payload.
 */
export interface EventContext {
  /** Subject the message was published to, e.g. `dermanomaly.events.trainer.succeeded`. */
  readonly subject: string;
  /** The message's sequence number in its stream (stable across redeliveries). */
  readonly streamSequence: number;
  /** How many times this message has been delivered, 1 on the first delivery. */
  readonly deliveryCount: number;
  /** Whether this is a redelivery (after a nak, an expired ack wait, or a crashed consumer). */
  readonly redelivered: boolean;
  /**
   * Whether this delivery is the last one the consumer will make (`deliveryCount >= maxDeliver`): a handler that
   * fails now will not see the message again, so it may want to record the failure for good.
   */
  readonly lastAttempt: boolean;
  /** The publisher's de-duplication id (`Nats-Msg-Id`), or `""` when it sent none. */
  readonly msgId: string;
  /** The payload's protobuf type name from the `Dermanomaly-Type` header, or `""` when absent. */
  readonly typeName: string;
  /** When the message was stored in the stream. */
  readonly time: Date;
  /** All headers of the message, when it had any. */
  readonly headers: MsgHdrs | undefined;
  /**
   * Tells the server the handler is still busy, resetting the ack wait. Call it periodically from long handlers
   * so the message is not redelivered to someone else while it is being processed.
   */
  working(): void;
  /** Aborted when the consumer is stopped, so long handlers can give up early (the message is then redelivered). */
  readonly signal: AbortSignal;
}

/**
 * Handles one decoded message. Resolving acknowledges the message; throwing a {@linkcode TerminalError} drops it
 * for good; throwing anything else asks for a redelivery (after `retryDelayMs`), up to `maxDeliver` deliveries.
 */
export type EventHandler<T> = (payload: T, context: EventContext) => Promise<void> | void;

/** How a handled message ended, reported to {@linkcode ConsumeEventsOptions.onSettled}. */
export type Settlement = "ack" | "nak" | "term";

/** Options of `consumeEvents()`. */
export interface ConsumeEventsOptions<In, Out> {
  /**
   * Durable consumer name. Every process using the same name shares one cursor: each message goes to one of them,
   * and messages not acknowledged before a crash are redelivered. Letters, digits, `_` and `-` only.
   */
  durable: string;
  /** Codec decoding the payloads; a message that fails to decode is a poison message and is terminated. */
  codec: MessageCodec<In, Out>;
  /** Handler of each decoded message. */
  handler: EventHandler<Out>;
  /** Stream to consume from. @default EVENTS_STREAM (`DERMANOMALY_EVENTS`) */
  stream?: string;
  /**
   * Subjects to receive, wildcards allowed. One filter works with every server; several need nats-server 2.10+.
   * @default every subject of the stream
   */
  filterSubjects?: string | string[];
  /** Most deliveries of one message (first delivery included); -1 for unlimited. @default 5 */
  maxDeliver?: number;
  /** How long the server waits for an acknowledgement before redelivering, in ms. @default 30000 */
  ackWaitMs?: number;
  /**
   * Delay before a failed message is redelivered, in ms; a function gets the delivery count (1 on the first
   * failure) to back off.
   * @default 0 (redeliver at once)
   */
  retryDelayMs?: number | ((deliveryCount: number) => number);
  /** Messages handled at the same time by this process. @default 1 */
  concurrency?: number;
  /**
   * Where a new durable starts: `"all"` for every stored message, `"new"` for messages published from now on.
   * Ignored when the durable exists.
   * @default "all"
   */
  deliverPolicy?: "all" | "new";
  /** Called after each message was acknowledged, nak'ed or terminated (for logs and metrics). */
  onSettled?: (settlement: Settlement, context: EventContext, error?: unknown) => void;
}

/** A running consumer. */
export interface ConsumerHandle {
  /** The durable consumer's name. */
  readonly durable: string;
  /**
   * Stops pulling, waits for the handlers in flight to finish (their messages are acknowledged as usual), naks
   * messages received but not yet handled so another consumer gets them at once, and resolves when all is done.
   */
  stop(): Promise<void>;
  /** Settles when the consumer has stopped: resolves after `stop()`, rejects if consuming failed. */
  readonly done: Promise<void>;
}

/** Options of `workQueue()`. */
export interface WorkQueueOptions<In, Out> {
  /** Codec of the work items. */
  codec: MessageCodec<In, Out>;
  /** Durable consumer shared by every worker. @default the stream name */
  durable?: string;
  /** Most deliveries of one item. @default 5 */
  maxDeliver?: number;
  /** How long a worker may hold an item before it is redelivered, in ms. @default 30000 */
  ackWaitMs?: number;
  /** Delay before a failed item is retried, in ms. @default 0 */
  retryDelayMs?: number | ((deliveryCount: number) => number);
}

/** Options of {@linkcode WorkQueue.process}. */
export interface ProcessOptions {
  /** Items processed at the same time by this worker. @default 1 */
  concurrency?: number;
  /** Called after each item was acknowledged, nak'ed or terminated. */
  onSettled?: (settlement: Settlement, context: EventContext, error?: unknown) => void;
}

/** A work queue: items pushed once, each processed by exactly one of the workers sharing the queue. */
export interface WorkQueue<In, Out> {
  /** The stream holding the items. */
  readonly stream: string;
  /** The subject items are published to. */
  readonly subject: string;
  /** The durable consumer every worker shares. */
  readonly durable: string;
  /**
   * Adds an item. `msgId` must be deterministic (e.g. `<jobId>:<index>`) so that pushing again after a crash does not
   * queue the item twice. Resolves with whether the server dropped it as a duplicate.
   */
  push(payload: In, msgId: string): Promise<{ duplicate: boolean; seq: number }>;
  /** Starts processing items with `handler` until the returned handle is stopped. */
  process(handler: EventHandler<Out>, options?: ProcessOptions): Promise<ConsumerHandle>;
}
