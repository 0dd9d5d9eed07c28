// Throttles progress callbacks: at most one call per interval while work runs, and always the final state.
export function throttled<T>(
  callback: ((value: T) => void) | undefined,
  intervalMs: number,
): {
  update(value: T): void;
  flush(value: T): void;
} {
  let last = Number.NEGATIVE_INFINITY;
  return {
    update(value) {
      if (callback === undefined) return;
      const now = performance.now();
      if (now - last >= intervalMs) {
        last = now;
        callback(value);
      }
    },
    flush(value) {
      callback?.(value);
    },
  };
}

/** Throws the signal's reason (an AbortError when it gave none) once it is aborted. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException("The operation was aborted", "AbortError");
}
