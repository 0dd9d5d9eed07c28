import type { JetStreamClient } from "@nats-io/jetstream";
import { consumeEvents } from "./consume.ts";
import { publishEvent } from "./publish.ts";
import { checkSubject } from "./subjects.ts";
import type { WorkQueue, WorkQueueOptions } from "./types.ts";

/**
 * A work queue on a WorkQueue-retention stream (see `ensureWorkQueueStream()`): producers `push()` items, and
 * every worker calling `process()` shares one durable consumer, so each item is handled by exactly one of them
 * and removed once acknowledged. Items whose worker dies are redelivered to another after `ackWaitMs`.
 * Stream and subject are positional because together they name the queue; everything else is an option.
 *
 * @example
 * ```ts
 * await ensureWorkQueueStream(nc, { name: "DERMANOMALY_WORK_RECON", subjects: ["dermanomaly.work.recon"] });
 * const q = workQueue(js, "DERMANOMALY_WORK_RECON", "dermanomaly.work.recon", { codec });
 * await q.push(item, `${jobId}:${index}`);
 * const worker = await q.process(async (item) => { ... }, { concurrency: 2 });
 * ```
 * @throws {TypeError} when the subject has wildcards or the codec is missing
 */
export function workQueue<In, Out>(
  js: JetStreamClient,
  stream: string,
  subject: string,
  options: WorkQueueOptions<In, Out>,
): WorkQueue<In, Out> {
  checkSubject(subject);
  if (typeof stream !== "string" || stream.length === 0) {
    throw new TypeError(`workQueue() needs a stream name, got "${String(stream)}"`);
  }
  const { codec } = options ?? {};
  if (codec === undefined) throw new TypeError("workQueue() needs a codec for its items");
  const durable = options.durable ?? stream;
  return {
    stream,
    subject,
    durable,
    async push(payload, msgId) {
      const ack = await publishEvent(js, subject, codec, payload, { msgId, expectStream: stream });
      return { duplicate: ack.duplicate, seq: ack.seq };
    },
    process(handler, processOptions = {}) {
      return consumeEvents(js, {
        durable,
        stream,
        codec,
        handler,
        filterSubjects: subject,
        ...(options.maxDeliver !== undefined ? { maxDeliver: options.maxDeliver } : {}),
        ...(options.ackWaitMs !== undefined ? { ackWaitMs: options.ackWaitMs } : {}),
        ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
        ...(processOptions.concurrency !== undefined ? { concurrency: processOptions.concurrency } : {}),
        ...(processOptions.onSettled !== undefined ? { onSettled: processOptions.onSettled } : {}),
      });
    },
  };
}
