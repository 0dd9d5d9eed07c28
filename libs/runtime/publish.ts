import type { EventKey, EventPayloads } from "@dermanomaly/contracts";
import type { Logger } from "./types.ts";

/** Publishes one contract event (protobuf payload, de-duplicated by `msgId`). */
export type PublishFn = <K extends EventKey>(
  key: K,
  payload: EventPayloads[K]["In"],
  msgId: string,
) => Promise<void>;

/** Options of {@linkcode retryingPublish}. */
export interface RetryingPublishOptions {
  /** Where a give-up (warn) and each retry (debug) are logged. */
  log: Logger;
  /** Tries per event, the first included. @default 3 */
  attempts?: number;
  /** Wait before the first retry, doubled before each next one. @default 200 */
  backoffMs?: number;
}

/**
 * A publish that never fails its caller: an event that cannot be published (NATS away, stream missing) is retried
 * with exponential backoff, then logged and dropped. Events announce work; they must not undo it, so a job whose
 * outputs are stored succeeds even when its announcement is lost (the job's state in the store still says so).
 * Retries keep their message id, so a publish that did land before its ack was lost is not duplicated.
 *
 * @example
 * ```ts
 * const publish = retryingPublish(rawPublish, { log });
 * await publish("ganTick", payload, `${job.id}:tick:3`); // resolves even when the event could not be sent
 * ```
 */
export function retryingPublish(publish: PublishFn, options: RetryingPublishOptions): PublishFn {
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 200;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`attempts must be a positive integer, got "${attempts}"`);
  if (!(backoffMs >= 0)) throw new RangeError(`backoffMs must be >= 0, got "${backoffMs}"`);
  const { log } = options;
  return async (key, payload, msgId) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await publish(key, payload, msgId);
        return;
      } catch (err) {
        if (attempt >= attempts) {
          log.warn("Event not published; carrying on without it", { event: key, msgId, attempts, err });
          return;
        }
        log.debug("Publishing an event failed; retrying", { event: key, msgId, attempt, err });
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
      }
    }
  };
}
