import {
  Code,
  messageCodec,
  type ReconstructionPart,
  type ReconstructionPart__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { ensureStreamReplicas } from "@dermanomaly/events";
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";

/** NATS KV bucket of the finished work items: key `<job id>.<index>`, value a `ReconstructionPart`. */
export const PARTS_BUCKET = "dermanomaly_reconstructor_items";

const codec = messageCodec<ReconstructionPart, ReconstructionPart__Output>(
  "dermanomaly.v1.ReconstructionPart",
);

/**
 * The records of finished work items, shared by every replica: the replica that finishes an item records it (after
 * its partial set is stored), and the job's owner, whoever it is at the time, watches the job's records until every
 * item has one. One key per item, so a redelivered item overwrites its own record and is never counted twice.
 */
export class PartRecords {
  readonly #kv: KV;

  private constructor(kv: KV) {
    this.#kv = kv;
  }

  /**
   * Opens (creating if needed) the bucket, with `replicas` copies in a NATS cluster (`DERMANOMALY_NATS_REPLICAS`;
   * a bucket that exists with another count is brought to it).
   */
  static async open(nc: NatsConnection, options: { replicas?: number } = {}): Promise<PartRecords> {
    const kv = await new Kvm(nc).create(PARTS_BUCKET, { history: 1, replicas: options.replicas ?? 1 });
    if (options.replicas !== undefined)
      await ensureStreamReplicas(nc, { stream: `KV_${PARTS_BUCKET}`, replicas: options.replicas });
    return new PartRecords(kv);
  }

  /** Records a finished (or failed for good) item. */
  async record(part: ReconstructionPart): Promise<void> {
    await this.#kv.put(key(part.job?.id ?? "", part.index ?? 0), codec.encode(part));
  }

  /** The record of one item, when there is one. */
  async get(jobId: string, index: number): Promise<ReconstructionPart__Output | undefined> {
    const entry = await this.#kv.get(key(jobId, index));
    return entry?.operation === "PUT" ? codec.decode(entry.value) : undefined;
  }

  /**
   * Waits until each of the job's `count` items has a record and returns them by index; `onPart` sees each new
   * record as it arrives (also those already there).
   *
   * @throws {StatusError} the code of an item that failed for good, naming it; the signal's reason when aborted
   */
  async collect(
    jobId: string,
    count: number,
    options: { signal?: AbortSignal; onPart?: (part: ReconstructionPart__Output, done: number) => void } = {},
  ): Promise<ReconstructionPart__Output[]> {
    const { signal } = options;
    signal?.throwIfAborted();
    const parts = new Map<number, ReconstructionPart__Output>();
    if (count === 0) return [];
    const updates = await this.#kv.watch({ key: `${jobId}.*` });
    const stop = () => updates.stop();
    signal?.addEventListener("abort", stop, { once: true });
    try {
      for await (const entry of updates) {
        if (entry.operation !== "PUT") continue;
        const part = codec.decode(entry.value);
        if (part.index >= count) continue;
        if (part.error !== "") {
          const code = (Code as Record<string, number>)[part.errorCode] ?? Code.INTERNAL;
          throw new StatusError(code as Code, `Work item ${part.index} failed: ${part.error}`);
        }
        const isNew = !parts.has(part.index);
        parts.set(part.index, part);
        if (isNew) options.onPart?.(part, parts.size);
        if (parts.size >= count) break;
      }
    } finally {
      signal?.removeEventListener("abort", stop);
      updates.stop();
    }
    signal?.throwIfAborted();
    if (parts.size < count) {
      throw new StatusError(Code.UNAVAILABLE, `Watching the work items of job "${jobId}" stopped early`);
    }
    return Array.from({ length: count }, (_, i) => {
      const part = parts.get(i);
      if (part === undefined)
        throw new StatusError(Code.INTERNAL, `Work item ${i} of job "${jobId}" has no record`);
      return part;
    });
  }

  /** Removes the job's records (its set is merged, or it ended without one). */
  async clear(jobId: string): Promise<void> {
    const keys = await this.#kv.keys(`${jobId}.*`);
    const all: string[] = [];
    for await (const k of keys) all.push(k);
    for (const k of all) await this.#kv.purge(k);
  }
}

function key(jobId: string, index: number): string {
  return `${jobId}.${index}`;
}
