import type { Logger, LogLevel } from "./types.ts";

/** Log levels by rank; a logger writes entries at or above its own level. */
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];

/** Options of {@linkcode createLogger}. */
export interface CreateLoggerOptions {
  /** Lowest level written. @default "info" */
  level?: LogLevel;
  /** Fields added to every entry (after `level`, `time`, `service`, `msg`). @default {} */
  fields?: Record<string, unknown>;
  /** Where each JSON line goes, newline included. @default writes to `process.stdout` */
  write?: (line: string) => void;
  /** Clock for the `time` field. @default () => new Date() */
  now?: () => Date;
}

/**
 * A JSON-lines logger: one object per line with `level`, `time` (ISO 8601), `service`, `msg`, then the fields.
 * `Error` values in fields become `{ name, message, stack, code?, cause? }`.
 *
 * @example
 * ```ts
 * const log = createLogger("preprocess", { level: "debug" });
 * log.child({ job: "j1" }).info("Job started", { images: 120 });
 * // {"level":"info","time":"...","service":"preprocess","msg":"Job started","job":"j1","images":120}
 * ```
 */
export function createLogger(service: string, options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? "info";
  if (!LOG_LEVELS.includes(level))
    throw new RangeError(`Log level must be one of ${quoteAll(LOG_LEVELS)}, got "${level}"`);
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  return makeLogger(service, level, options.fields ?? {}, write, options.now ?? (() => new Date()));
}

function makeLogger(
  service: string,
  level: LogLevel,
  fields: Record<string, unknown>,
  write: (line: string) => void,
  now: () => Date,
): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const emit = (at: LogLevel, msg: string, extra?: Record<string, unknown>): void => {
    if (LOG_LEVELS.indexOf(at) < min) return;
    const entry: Record<string, unknown> = { level: at, time: now().toISOString(), service, msg };
    for (const [k, v] of Object.entries(fields)) entry[k] = v;
    if (extra) for (const [k, v] of Object.entries(extra)) entry[k] = v;
    write(`${safeStringify(entry)}\n`);
  };
  return {
    level,
    debug: (msg, extra) => emit("debug", msg, extra),
    info: (msg, extra) => emit("info", msg, extra),
    warn: (msg, extra) => emit("warn", msg, extra),
    error: (msg, extra) => emit("error", msg, extra),
    child: (more) => makeLogger(service, level, { ...fields, ...more }, write, now),
  };
}

/** `JSON.stringify` that writes errors with their stack, bigints as strings and cycles as "[Circular]". */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Error) return serializeError(v);
    if (typeof v === "object" && v !== null) {
      if (seen.has(v)) return "[Circular]";
      seen.add(v);
    }
    return v;
  });
}

function serializeError(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message, stack: err.stack };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out["code"] = code;
  if (err.cause !== undefined)
    out["cause"] = err.cause instanceof Error ? serializeError(err.cause) : err.cause;
  return out;
}

function quoteAll(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}
