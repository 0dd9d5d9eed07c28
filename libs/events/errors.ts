/**
 * Thrown by a handler for a message that can never succeed (invalid content, unknown job): the message is
 * terminated and not redelivered.
 */
export class TerminalError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TerminalError";
  }
}

/**
 * Thrown by a handler for a temporary failure, to choose the redelivery delay for this message. Any other error
 * (except {@linkcode TerminalError}) is also retried, after the consumer's `retryDelayMs`.
 */
export class RetryableError extends Error {
  /** Delay before the redelivery, in ms; overrides the consumer's `retryDelayMs`. */
  readonly delayMs: number | undefined;
  constructor(message: string, options?: ErrorOptions & { delayMs?: number }) {
    super(message, options);
    this.name = "RetryableError";
    this.delayMs = options?.delayMs;
  }
}

/** Whether `err` is a {@linkcode TerminalError}, without relying on `instanceof` across package copies. */
export function isTerminalError(err: unknown): err is TerminalError {
  return typeof err === "object" && err !== null && (err as { name?: unknown }).name === "TerminalError";
}

/** Whether `err` is a {@linkcode RetryableError}, without relying on `instanceof` across package copies. */
export function isRetryableError(err: unknown): err is RetryableError {
  return typeof err === "object" && err !== null && (err as { name?: unknown }).name === "RetryableError";
}
