import { Code, StatusError } from "@dermanomaly/contracts";

/**
 * Runs a library's option check and turns its argument errors (`RangeError`, `TypeError`: the libraries' way of
 * saying a value is wrong) into INVALID_ARGUMENT with the same message, for the client. Wrap the checks of a
 * request, nothing wider: a RangeError thrown later is a bug and should reach the client as INTERNAL.
 *
 * @example
 * ```ts
 * const config = asInvalidArgument(() => trainingConfig(options));
 * ```
 */
export function asInvalidArgument<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof RangeError || err instanceof TypeError)
      throw new StatusError(Code.INVALID_ARGUMENT, err.message, { cause: err });
    throw err;
  }
}
