import { isNatsTimeout } from "./nats.ts";
import type { Logger } from "./types.ts";

/** Options of {@linkcode provision}. */
export interface ProvisionOptions {
  /** What the step provisions, for the log and the error: e.g. `the events stream`. */
  readonly what: string;
  readonly log: Logger;
  /** Attempts in all. @default 5 */
  readonly attempts?: number;
  /** Pause before the second attempt, doubled before each later one. @default 1000 */
  readonly delayMs?: number;
}

/**
 * Runs a JetStream provisioning step that is safe to repeat (create-or-open a stream, KV bucket or object store),
 * again when NATS does not answer in time. A cluster whose servers are starting, or that elects the leaders of many
 * new streams at once (every service of a deployment starting together against three servers), can take longer
 * than the client's 5 s per request; the step then succeeds on a later attempt instead of failing the service's
 * start. Other errors are thrown at once; a step that still times out after `attempts` throws an error naming it.
 */
export async function provision<T>(step: () => Promise<T>, options: ProvisionOptions): Promise<T> {
  const attempts = options.attempts ?? 5;
  const delayMs = options.delayMs ?? 1000;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`Attempts must be a positive integer, got "${attempts}"`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!isNatsTimeout(err)) throw err;
      if (attempt >= attempts) {
        throw new Error(
          `NATS JetStream did not answer while provisioning ${options.what} (${attempts} attempts): check that ` +
            "its servers are up and agree on a leader (`nats server report jetstream`)",
          { cause: err },
        );
      }
      const pauseMs = delayMs * 2 ** (attempt - 1);
      options.log.warn("NATS JetStream did not answer in time; provisioning again", {
        what: options.what,
        attempt,
        attempts,
        pauseMs,
      });
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
