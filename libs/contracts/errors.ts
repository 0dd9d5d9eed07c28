import { status } from "@grpc/grpc-js";

/** gRPC status codes by name, as used on the wire by every service. */
export const Code = {
  OK: status.OK,
  CANCELLED: status.CANCELLED,
  UNKNOWN: status.UNKNOWN,
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  ABORTED: status.ABORTED,
  OUT_OF_RANGE: status.OUT_OF_RANGE,
  UNIMPLEMENTED: status.UNIMPLEMENTED,
  INTERNAL: status.INTERNAL,
  UNAVAILABLE: status.UNAVAILABLE,
  DATA_LOSS: status.DATA_LOSS,
} as const;

/** One of the {@linkcode Code} values. */
export type Code = (typeof Code)[keyof typeof Code];

/**
 * An error that carries the gRPC status it should reach a client with. Libraries throw it for conditions a caller
 * can act on (bad key, missing artifact, corrupt data); the service runtime turns it into the call's status.
 */
export class StatusError extends Error {
  readonly code: Code;
  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StatusError";
    this.code = code;
  }
}

/** Whether `err` is a {@linkcode StatusError}, without relying on `instanceof` across package copies. */
export function isStatusError(err: unknown): err is StatusError {
  return (
    typeof err === "object" &&
    err !== null &&
    (err as { name?: unknown }).name === "StatusError" &&
    typeof (err as { code?: unknown }).code === "number"
  );
}
