import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactStore } from "@dermanomaly/artifacts";
import {
  Code,
  isStatusError,
  messageCodec,
  type ReconstructionWorkItem,
  type ReconstructionWorkItem__Output,
} from "@dermanomaly/contracts";
import {
  type ConsumerHandle,
  type EventContext,
  ensureWorkQueueStream,
  TerminalError,
  type WorkQueue,
  workQueue,
} from "@dermanomaly/events";
import { reconstructItems, type SourceImage, storeReconstructionSet } from "@dermanomaly/reconstruction";
import { errorCodeName, isTerminal, type JobManager, type Logger } from "@dermanomaly/runtime";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ModelCache } from "./model_cache.ts";
import { plainRef } from "./model_store.ts";
import type { PartRecords } from "./parts.ts";
import type { Refiners } from "./refiner.ts";

/** The work-queue stream of reconstruction items (WorkQueue retention: an item leaves it once acknowledged). */
export const WORK_STREAM = "DERMANOMALY_WORK_RECONSTRUCT";
/** The subject work items are published to; every replica's consumer shares the durable named after the stream. */
export const WORK_SUBJECT = "dermanomaly.work.reconstruct";

const itemCodec = messageCodec<ReconstructionWorkItem, ReconstructionWorkItem__Output>(
  "dermanomaly.v1.ReconstructionWorkItem",
);

/** The reconstruction work queue, as producers and consumers see it. */
export type ReconstructionQueue = WorkQueue<ReconstructionWorkItem, ReconstructionWorkItem__Output>;

/** Options of {@link openReconstructionQueue}. */
export interface QueueOptions {
  /** How long a replica may hold an item without a sign of progress before it goes to another. */
  ackWaitMs: number;
  /** Deliveries of one item before it fails its job for good. */
  maxDeliver: number;
  /** Copies of the stream in a NATS cluster (`DERMANOMALY_NATS_REPLICAS`). @default 1 */
  replicas?: number;
}

/** Creates (or updates) the work-queue stream and returns the queue. */
export async function openReconstructionQueue(
  nc: NatsConnection,
  options: QueueOptions,
): Promise<ReconstructionQueue> {
  await ensureWorkQueueStream(nc, {
    name: WORK_STREAM,
    subjects: [WORK_SUBJECT],
    description: "Reconstruction work items: every reconstructor replica takes a share",
    replicas: options.replicas ?? 1,
  });
  return workQueue(jetstream(nc), WORK_STREAM, WORK_SUBJECT, {
    codec: itemCodec,
    ackWaitMs: options.ackWaitMs,
    maxDeliver: options.maxDeliver,
    // A failed item (a store away for a moment) is tried again after a pause, by any replica.
    retryDelayMs: (n) => Math.min(1000 * 2 ** (n - 1), 30_000),
  });
}

/** What a replica's item handler works with. */
export interface WorkerContext {
  /** The service's artifact store (item images, partial sets). */
  readonly store: ArtifactStore;
  readonly cache: ModelCache;
  /** Latent refinement (items whose models ask for it). */
  readonly refiners: Refiners;
  readonly parts: PartRecords;
  /** The service's jobs: an item of a job that ended (cancelled, failed) is dropped. */
  readonly jobs: JobManager;
  /** Scratch folder of this replica. */
  readonly workDir: string;
  readonly log: Logger;
  /** This replica's name in the records it writes. */
  readonly replica: string;
  /** The queue's ack wait: the handler signals progress well within it. */
  readonly ackWaitMs: number;
  /**
   * Called once an item is taken and its job is still running, before it is reconstructed (for observers; tests
   * hold an item here). @default undefined
   */
  readonly beforeItem?: (item: ReconstructionWorkItem__Output, context: EventContext) => Promise<void> | void;
}

// Errors that another delivery would meet again: the item is recorded as failed at once.
const FOR_GOOD: ReadonlySet<number> = new Set([
  Code.INVALID_ARGUMENT,
  Code.NOT_FOUND,
  Code.FAILED_PRECONDITION,
  Code.DATA_LOSS,
  Code.ALREADY_EXISTS,
]);

/**
 * Handles one work item: reconstructs its images (read from the store) into a partial set, stores the set under
 * `<parts_prefix><index>/<attempt>/`, records the item as done, and only then returns (the queue acknowledges it).
 * A replica that dies before returning leaves the item unacknowledged, so it is redelivered; a redelivered item
 * writes a fresh attempt and overwrites its own record, so nothing is counted twice. An item whose job has ended,
 * or that another delivery already finished, is dropped.
 */
export async function handleWorkItem(
  w: WorkerContext,
  item: ReconstructionWorkItem__Output,
  context: EventContext,
): Promise<void> {
  const jobId = item.job?.id ?? "";
  if (await jobOver(w, jobId)) {
    w.log.info("Work item dropped: its job is over", { job: jobId, item: item.index });
    return;
  }
  if ((await w.parts.get(jobId, item.index)) !== undefined) {
    w.log.info("Work item dropped: already done", { job: jobId, item: item.index });
    return;
  }
  await w.beforeItem?.(item, context);
  const attempt = `${context.deliveryCount}-${randomUUID().slice(0, 8)}`;
  const dir = join(w.workDir, "items", `${jobId}-${item.index}-${attempt}`);
  try {
    const lease = await w.cache.acquire(item.models!);
    try {
      await reconstructAndStore(w, item, context, dir, attempt, lease.models);
    } finally {
      lease.release();
    }
  } catch (err) {
    if (context.signal.aborted) throw err;
    // A job cancelled meanwhile takes its inputs away: the item has nothing left to do.
    if (await jobOver(w, jobId).catch(() => false)) return;
    const code = isStatusError(err) ? err.code : Code.INTERNAL;
    if (FOR_GOOD.has(code) || context.lastAttempt) {
      // The owner waits for every item: tell it this one will not come.
      const error = err instanceof Error ? err.message : String(err);
      w.log.error("Work item failed for good", { job: jobId, item: item.index, err });
      await w.parts.record({
        job: item.job!,
        index: item.index,
        error,
        errorCode: errorCodeName(err),
        replica: w.replica,
      });
      throw new TerminalError(error, { cause: err });
    }
    w.log.warn("Work item failed; it will be tried again", { job: jobId, item: item.index, err });
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function reconstructAndStore(
  w: WorkerContext,
  item: ReconstructionWorkItem__Output,
  context: EventContext,
  dir: string,
  attempt: string,
  opened: Parameters<typeof reconstructItems>[0],
): Promise<void> {
  const refs = new Map(item.images.map((i) => [i.entry, i.image!]));
  const images: SourceImage[] = item.images.map((i) => ({
    root: item.source,
    entry: i.entry,
    imageName: i.imageName,
    className: i.className,
    label: i.label,
  }));
  const seeded = Number(item.noiseSeed) > 0 ? opened.with({ noiseSeed: Number(item.noiseSeed) }) : opened;
  const { models, settings: refine } = await w.refiners.refined(seeded, item.models!, item.refine);
  const summary = await reconstructItems(
    models,
    {
      images,
      dest: dir,
      classes: { ...item.classes },
      source: item.source,
      skipped: item.skipped.map((s) => ({ source: s.source, reason: s.reason })),
    },
    {
      batchSize: item.batchSize,
      signal: context.signal,
      read: (image) => w.store.getBytes(refs.get(image.entry)!),
      // Every batch tells the queue the item is alive, so a long item is not handed to another replica.
      onProgress: () => context.working(),
      progressIntervalMs: Math.min(5000, w.ackWaitMs / 4),
      lineage: {
        gan: item.models?.gan ?? null,
        encoder: item.models?.encoderCheckpoint ?? null,
        ...(refine !== undefined && { refine }),
      },
    },
  );
  const prefix = `${item.partsPrefix}${item.index}/${attempt}/`;
  const stored = await storeReconstructionSet(
    dir,
    async (name, content) => {
      context.working();
      return await w.store.putFile(`${prefix}${name}`, content.file);
    },
    { signal: context.signal },
  );
  context.signal.throwIfAborted();
  if (await jobOver(w, item.job?.id ?? "")) {
    // Cancelled meanwhile: its owner has removed the job's work files already.
    for (const a of await w.store.list(prefix)) await w.store.delete(a.key).catch(() => false);
    return;
  }
  const reasons: Record<string, number> = {};
  for (const s of stored.skippedInputs) {
    const reason = reasonCode(s.reason);
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  await w.parts.record({
    job: item.job!,
    index: item.index,
    manifest: plainRef(stored.manifest),
    written: summary.count,
    skipped: summary.skipped,
    skippedByReason: reasons,
    replica: w.replica,
  });
  w.log.info("Work item done", { job: item.job?.id, item: item.index, written: summary.count });
}

/** Whether a job has ended (or is unknown): its items are not worth doing. */
async function jobOver(w: WorkerContext, jobId: string): Promise<boolean> {
  try {
    return isTerminal((await w.jobs.get({ id: jobId, service: w.jobs.service })).state);
  } catch (err) {
    if (isStatusError(err) && err.code === Code.NOT_FOUND) return true;
    throw err;
  }
}

/** The reason code a skipped input's reason starts with (`CORRUPT: ...` -> `CORRUPT`). */
export function reasonCode(reason: string): string {
  const m = /^([A-Z_]+):/.exec(reason);
  return m?.[1] ?? "OTHER";
}

/** Starts consuming the queue with {@link handleWorkItem}, one item at a time per `concurrency`. */
export async function startWorker(
  queue: ReconstructionQueue,
  w: WorkerContext,
  options: { concurrency: number },
): Promise<ConsumerHandle> {
  return await queue.process((item, context) => handleWorkItem(w, item, context), {
    concurrency: options.concurrency,
    onSettled: (how, context, err) => {
      if (how !== "ack") w.log.debug("Work item settled", { how, seq: context.streamSequence, err });
    },
  });
}
