import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import { ensureDurableConsumer, type ManagedConfig } from "./_consumer.ts";
import { msToNanos } from "./_nats.ts";
import { isRetryableError, isTerminalError } from "./errors.ts";
import { checkSubject, EVENTS_STREAM } from "./subjects.ts";
import {
  type ConsumeEventsOptions,
  type ConsumerHandle,
  type EventContext,
  MSG_ID_HEADER,
  type Settlement,
  TYPE_HEADER,
} from "./types.ts";

const DURABLE = /^[A-Za-z0-9_-]{1,128}$/;

function positiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`"${name}" must be an integer >= 1, got ${value}`);
}

function retryDelay(
  option: ConsumeEventsOptions<unknown, unknown>["retryDelayMs"],
  err: unknown,
  deliveryCount: number,
): number {
  if (isRetryableError(err) && err.delayMs !== undefined) return err.delayMs;
  const d = typeof option === "function" ? option(deliveryCount) : (option ?? 0);
  return Number.isFinite(d) && d > 0 ? d : 0;
}

/**
 * Consumes messages through a durable pull consumer, decoding each with `codec` and settling it from the handler's
 * outcome: resolved -> ack; {@linkcode TerminalError} or undecodable payload -> term (never redelivered); any other
 * error -> nak, redelivered after `retryDelayMs` until `maxDeliver` deliveries. A message whose handler never
 * settles (the process died) is redelivered after `ackWaitMs`.
 *
 * @example
 * ```ts
 * const handle = await consumeEvents(js, {
 *   durable: "orchestrator",
 *   filterSubjects: eventFilter({ event: "succeeded" }),
 *   codec: messageCodec<Progress, Progress__Output>("dermanomaly.v1.Progress"),
 *   handler: async (progress, ctx) => { ... },
 * });
 * process.once("SIGTERM", () => handle.stop());
 * await handle.done;
 * ```
 * @throws {TypeError} for a bad durable name or subject filter; {@linkcode RangeError} for bad limits
 */
export async function consumeEvents<In, Out>(
  js: JetStreamClient,
  options: ConsumeEventsOptions<In, Out>,
): Promise<ConsumerHandle> {
  const { durable, codec, handler, onSettled } = options;
  if (typeof durable !== "string" || !DURABLE.test(durable)) {
    throw new TypeError(
      `Invalid durable name "${String(durable)}": use 1 to 128 letters, digits, "_" or "-"`,
    );
  }
  if (typeof handler !== "function") throw new TypeError("consumeEvents() needs a handler function");
  const stream = options.stream ?? EVENTS_STREAM;
  const maxDeliver = options.maxDeliver ?? 5;
  if (maxDeliver !== -1) positiveInt("maxDeliver", maxDeliver);
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  if (!Number.isFinite(ackWaitMs) || ackWaitMs < 1)
    throw new RangeError(`"ackWaitMs" must be >= 1, got ${ackWaitMs}`);
  const concurrency = options.concurrency ?? 1;
  positiveInt("concurrency", concurrency);
  const filters = options.filterSubjects === undefined ? [] : [options.filterSubjects].flat();
  for (const f of filters) checkSubject(f, { wildcards: true });
  const managed: ManagedConfig = { ack_wait: msToNanos(ackWaitMs), max_deliver: maxDeliver };
  if (filters.length === 1) managed.filter_subject = filters[0]!;
  else if (filters.length > 1) managed.filter_subjects = filters;

  const jsm = await js.jetstreamManager();
  await ensureDurableConsumer(jsm, stream, durable, {
    managed,
    deliverPolicy: options.deliverPolicy ?? "all",
    maxAckPending: Math.max(1000, concurrency),
  });
  const consumer = await js.consumers.get(stream, durable);
  // Pull no more than can be handled at once, so buffered messages don't sit out their ack wait here.
  const messages = await consumer.consume({ max_messages: concurrency });

  // The library stops its heartbeat timer on connection close only once the iterator is read again, which a
  // busy handler may delay for ever; stop it directly so a closed connection leaves nothing running.
  const nc = (js as unknown as { nc?: { closed(): Promise<unknown> } }).nc;
  nc?.closed().then(
    () => messages.stop(),
    () => messages.stop(),
  );

  const abort = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const settle = (how: Settlement, ctx: EventContext, err?: unknown): void => {
    try {
      onSettled?.(how, ctx, err);
    } catch {
      // A failing observer must not change how messages are settled.
    }
  };

  const handle = async (msg: JsMsg): Promise<void> => {
    const info = msg.info;
    const ctx: EventContext = {
      subject: msg.subject,
      streamSequence: info.streamSequence,
      deliveryCount: info.deliveryCount,
      redelivered: info.redelivered,
      lastAttempt: maxDeliver !== -1 && info.deliveryCount >= maxDeliver,
      msgId: msg.headers?.get(MSG_ID_HEADER) ?? "",
      typeName: msg.headers?.get(TYPE_HEADER) ?? "",
      time: msg.time,
      headers: msg.headers,
      working: () => msg.working(),
      signal: abort.signal,
    };
    // Settling fails when the connection is gone; the server then redelivers after the ack wait, which is right.
    const safely = (how: Settlement, fn: () => void, err?: unknown): void => {
      try {
        fn();
      } catch {
        return;
      }
      settle(how, ctx, err);
    };
    let payload: Out;
    try {
      payload = codec.decode(msg.data);
    } catch (err) {
      // A payload that cannot be decoded will never be: terminate it instead of redelivering it forever.
      // term() takes no reason: nats-server 2.9 redelivers a message terminated with one.
      safely("term", () => msg.term(), err);
      return;
    }
    try {
      await handler(payload, ctx);
    } catch (err) {
      if (isTerminalError(err)) safely("term", () => msg.term(), err);
      else safely("nak", () => msg.nak(retryDelay(options.retryDelayMs, err, info.deliveryCount)), err);
      return;
    }
    safely("ack", () => msg.ack());
  };

  const loop = (async () => {
    for await (const msg of messages) {
      if (stopping) {
        // Received but not started: hand it back at once rather than after the ack wait.
        try {
          msg.nak();
        } catch {
          // Connection gone: the ack wait hands it back instead.
        }
        continue;
      }
      const p = handle(msg).finally(() => inFlight.delete(p));
      inFlight.add(p);
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  })();

  let stopPromise: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopPromise ??= (async () => {
      stopping = true;
      abort.abort(new Error(`Consumer "${durable}" is stopping`));
      await messages.close();
      await loop;
    })();
    return stopPromise;
  };
  const done = loop.then(async () => {
    // The iterator also ends when the connection closes or the consumer is deleted; surface that as an error.
    const err = await messages.closed();
    if (err instanceof Error && !stopping) throw err;
  });
  // Callers that never await `done` should not see an unhandled rejection; they still get it when they await.
  done.catch(() => {});
  return { durable, stop, done };
}
