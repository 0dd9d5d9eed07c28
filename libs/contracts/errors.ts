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
 * An error that carries the gRPC status it should reach a client with; the service runtime turns it into the
 * call's status (and a failed job's `error_code`).
 *
 * The one error rule of the project's libraries:
 * - a bad argument (a value out of range, a wrong type, a missing option: the caller's code is wrong or did not
 *   check its input) throws the built-in `RangeError` or `TypeError`;
 * - a condition the caller is expected to handle (a file that is corrupt, truncated or in an unsupported format, a
 *   missing file or artifact, a store that is unavailable) throws `StatusError` with the code that says which
 *   (`DATA_LOSS`, `INVALID_ARGUMENT`, `UNIMPLEMENTED`, `NOT_FOUND`, ...).
 *
 * A service checks its requests with the libraries' own option checks and converts their `RangeError`/`TypeError`
 * into INVALID_ARGUMENT at its edge, around those checks only (`asInvalidArgument` in `@dermanomaly/runtime`):
 * a RangeError anywhere else is a bug and reaches the client as INTERNAL.
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
