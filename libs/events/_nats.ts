import { JetStreamApiCodes, type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";

/** The JetStream API error code of `err`, if it is an API error. */
export function apiErrorCode(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { name?: unknown; code?: unknown; apiError?: unknown };
  // JetStreamApiError exposes the server's error code; checked by shape so copies of the package still match.
  if (typeof e.apiError === "function") {
    const api = (e.apiError as () => { err_code?: number })();
    return api.err_code;
  }
  return undefined;
}

/** Whether `err` is the server's "stream not found" answer. */
export function isStreamNotFound(err: unknown): boolean {
  return apiErrorCode(err) === JetStreamApiCodes.StreamNotFound;
}

/** Whether `err` is the server's "consumer not found" answer. */
export function isConsumerNotFound(err: unknown): boolean {
  return apiErrorCode(err) === JetStreamApiCodes.ConsumerNotFound;
}

/** Milliseconds as the nanoseconds the JetStream API speaks. */
export function msToNanos(ms: number): number {
  return Math.round(ms * 1_000_000);
}

/** A JetStream manager from either a connection or a manager. */
export async function toManager(ncOrJsm: NatsConnection | JetStreamManager): Promise<JetStreamManager> {
  return "getAccountInfo" in ncOrJsm ? ncOrJsm : jetstreamManager(ncOrJsm);
}
