/** A `google.protobuf.Timestamp` or `Duration` as the contracts carry them. */
export interface ProtoTime {
  /** Whole seconds (since the Unix epoch for a timestamp). */
  seconds: number;
  /** Nanoseconds, 0 to 999,999,999. */
  nanos: number;
}

/**
 * The current time as a protobuf `Timestamp`.
 *
 * @example
 * ```ts
 * await publish("datasetPrepared", { job, at: now(), ... }, `${job.id}:dataset_prepared`);
 * ```
 */
export function now(): ProtoTime {
  return timestamp(Date.now());
}

/** A point in time (ms since the epoch, or a Date) as a protobuf `Timestamp`. */
export function timestamp(at: number | Date): ProtoTime {
  const ms = typeof at === "number" ? at : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`Time must be finite, got "${ms}"`);
  return split(ms);
}

/** A length of time in ms as a protobuf `Duration`. */
export function duration(ms: number): ProtoTime {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`Duration must be a finite ms count >= 0, got "${ms}"`);
  return split(ms);
}

function split(ms: number): ProtoTime {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.min(999_999_999, Math.round((ms - seconds * 1000) * 1e6)) };
}
