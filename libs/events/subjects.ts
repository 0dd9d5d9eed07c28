/** Name of the JetStream stream that keeps every event. */
export const EVENTS_STREAM = "DERMANOMALY_EVENTS";

/** Prefix of every event subject: `dermanomaly.events.<stage>.<event>`. */
export const EVENTS_SUBJECT_PREFIX = "dermanomaly.events";

/** Subject filter matching every event, as bound to {@linkcode EVENTS_STREAM}. */
export const EVENTS_SUBJECTS = `${EVENTS_SUBJECT_PREFIX}.>`;

/** Longest stage or event token accepted, in characters. */
export const MAX_TOKEN_LENGTH = 64;

const TOKEN = /^[a-z0-9_-]+$/;

function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The two variable tokens of an event subject. */
export interface EventSubjectParts {
  /** The stage that emitted the event, e.g. `trainer`, `reconstructor`. */
  stage: string;
  /** What happened, e.g. `started`, `progress`, `succeeded`. */
  event: string;
}

/** Whether `token` is a valid stage or event token: 1 to 64 characters of `[a-z0-9_-]`. */
export function isSubjectToken(token: string): boolean {
  return token.length <= MAX_TOKEN_LENGTH && TOKEN.test(token);
}

function checkToken(kind: string, token: string): void {
  if (typeof token !== "string")
    throw new TypeError(`The ${kind} token must be a string, got ${typeof token}`);
  if (!isSubjectToken(token)) {
    throw new TypeError(
      `Invalid ${kind} token "${token}": use 1 to ${MAX_TOKEN_LENGTH} characters of lowercase letters, digits, "_" or "-"`,
    );
  }
}

/**
 * The subject of one kind of event.
 *
 * @example
 * ```ts
 * eventSubject("trainer", "succeeded"); // "dermanomaly.events.trainer.succeeded"
 * ```
 * @throws {TypeError} when a token is not lowercase `[a-z0-9_-]`
 */
export function eventSubject(stage: string, event: string): string {
  checkToken("stage", stage);
  checkToken("event", event);
  return `${EVENTS_SUBJECT_PREFIX}.${stage}.${event}`;
}

/**
 * A subject filter over events: every event of a stage, one event of every stage, or everything.
 *
 * @example
 * ```ts
 * eventFilter({ stage: "trainer" }); // "dermanomaly.events.trainer.*"
 * eventFilter({ event: "failed" }); // "dermanomaly.events.*.failed"
 * ```
 */
export function eventFilter(parts: Partial<EventSubjectParts> = {}): string {
  if (parts.stage !== undefined) checkToken("stage", parts.stage);
  if (parts.event !== undefined) checkToken("event", parts.event);
  return `${EVENTS_SUBJECT_PREFIX}.${parts.stage ?? "*"}.${parts.event ?? "*"}`;
}

/** The stage and event of a concrete event subject, or `null` when `subject` is not one. */
export function parseEventSubject(subject: string): EventSubjectParts | null {
  const prefix = `${EVENTS_SUBJECT_PREFIX}.`;
  if (!subject.startsWith(prefix)) return null;
  const rest = subject.slice(prefix.length).split(".");
  if (rest.length !== 2) return null;
  const [stage, event] = rest as [string, string];
  return isSubjectToken(stage) && isSubjectToken(event) ? { stage, event } : null;
}

/** Whether `subject` is a concrete event subject (no wildcards). */
export function isEventSubject(subject: string): boolean {
  return parseEventSubject(subject) !== null;
}

/**
 * Checks a subject before publishing or filtering: plain dot-separated tokens, optional `*`/`>` wildcards when
 * `wildcards` is set.
 *
 * @throws {TypeError} when the subject is empty, has empty tokens, whitespace, or misplaced wildcards
 */
export function checkSubject(subject: string, { wildcards = false }: { wildcards?: boolean } = {}): void {
  if (typeof subject !== "string" || subject.length === 0) {
    throw new TypeError(`A subject must be a non-empty string, got "${String(subject)}"`);
  }
  const tokens = subject.split(".");
  tokens.forEach((t, i) => {
    if (t.length === 0 || /\s/.test(t) || hasControlChar(t)) {
      throw new TypeError(`Invalid subject "${subject}": tokens must be non-empty and contain no whitespace`);
    }
    const wild = t === "*" || t === ">";
    if ((wild && !wildcards) || (!wild && /[*>]/.test(t)) || (t === ">" && i !== tokens.length - 1)) {
      throw new TypeError(
        `Invalid subject "${subject}": ${wildcards ? '"*" must be a whole token and ">" the last one' : "wildcards are not allowed here"}`,
      );
    }
  });
}
