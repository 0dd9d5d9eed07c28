import type { MessageCodec } from "@dermanomaly/contracts";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { checkSubject } from "./subjects.ts";
import { MSG_ID_HEADER, TYPE_HEADER } from "./types.ts";

/** Options of {@linkcode publishEvent}. */
export interface PublishEventOptions {
  /**
   * De-duplication id, sent as `Nats-Msg-Id`. Required and deterministic, e.g. `<jobId>:<event>:<seq>`: a
   * republish with the same id inside the stream's duplicate window is dropped by the server (the PubAck then
   * has `duplicate: true`), so a stage that crashes and replays its work does not emit events twice.
   */
  msgId: string;
  /** How long to wait for the stream's acknowledgement, in ms. @default the JetStream client's timeout */
  timeoutMs?: number;
  /** Extra headers to send with the message (the type and id headers are set by this function). */
  headers?: Record<string, string>;
  /** Fail unless the subject is bound to this stream (guards against publishing into the wrong stream). */
  expectStream?: string;
}

/** Longest message id accepted, in characters. */
export const MAX_MSG_ID_LENGTH = 256;

/**
 * Encodes `payload` with `codec` (protobuf) and publishes it to JetStream with a de-duplication id.
 *
 * The argument order follows the event's identity (where, what type, what) rather than the usual two-argument
 * form, because every call site names all four.
 *
 * @example
 * ```ts
 * const progress = messageCodec<Progress, Progress__Output>("dermanomaly.v1.Progress");
 * const ack = await publishEvent(js, eventSubject("trainer", "progress"), progress, { done: 3 }, {
 *   msgId: `${jobId}:progress:3`,
 * });
 * if (ack.duplicate) console.log("already published");
 * ```
 * @throws {TypeError} when the subject has wildcards or the message id is empty
 */
export async function publishEvent<In, Out>(
  js: JetStreamClient,
  subject: string,
  codec: MessageCodec<In, Out>,
  payload: In,
  options: PublishEventOptions,
): Promise<PubAck> {
  checkSubject(subject);
  const msgId = options?.msgId;
  if (typeof msgId !== "string" || msgId.length === 0 || msgId.length > MAX_MSG_ID_LENGTH) {
    throw new TypeError(
      `publishEvent() needs a deterministic "msgId" of 1 to ${MAX_MSG_ID_LENGTH} characters, e.g. "<jobId>:<event>:<seq>", got "${String(msgId)}"`,
    );
  }
  if (/[\r\n]/.test(msgId)) throw new TypeError(`The message id "${msgId}" must not contain line breaks`);
  const h = natsHeaders();
  for (const [k, v] of Object.entries(options.headers ?? {})) h.set(k, v);
  h.set(TYPE_HEADER, codec.typeName);
  h.set(MSG_ID_HEADER, msgId);
  return js.publish(subject, codec.encode(payload), {
    msgID: msgId,
    headers: h,
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    ...(options.expectStream !== undefined ? { expect: { streamName: options.expectStream } } : {}),
  });
}
