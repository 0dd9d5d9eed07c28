import { Code, StatusError } from "@dermanomaly/contracts";

/**
 * Runs a read of `path`, turning "no such file" into `StatusError` NOT_FOUND naming the file: a missing input is a
 * condition a caller handles, not a bug (other errors pass through).
 */
export async function whenFound<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      throw new StatusError(Code.NOT_FOUND, `File "${path}" does not exist`, { cause: err });
    throw err;
  }
}
