import { Code, StatusError } from "@dermanomaly/contracts";
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  DeliverPolicy,
  type JetStreamManager,
} from "@nats-io/jetstream";
import { apiErrorCode, isConsumerNotFound } from "./_nats.ts";

/** Server error code: a work-queue stream allows one consumer per subject. */
const CONSUMER_NOT_UNIQUE_ON_WORK_QUEUE = 10100;

/** The consumer settings this module manages; the rest is left to the server's defaults. */
export interface ManagedConfig {
  ack_wait: number;
  max_deliver: number;
  filter_subject?: string;
  filter_subjects?: string[];
}

/**
 * Creates the durable pull consumer, or updates its managed settings when they changed (idempotent, and safe when
 * several workers start at once).
 */
export async function ensureDurableConsumer(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  options: { managed: ManagedConfig; deliverPolicy: "all" | "new"; maxAckPending: number },
): Promise<ConsumerInfo> {
  const { managed } = options;
  let info: ConsumerInfo | undefined;
  try {
    info = await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (!isConsumerNotFound(err)) throw err;
  }
  if (info === undefined) {
    const cfg: Partial<ConsumerConfig> = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: options.deliverPolicy === "new" ? DeliverPolicy.New : DeliverPolicy.All,
      max_ack_pending: options.maxAckPending,
      ...managed,
    };
    try {
      return await jsm.consumers.add(stream, cfg);
    } catch (err) {
      if (apiErrorCode(err) === CONSUMER_NOT_UNIQUE_ON_WORK_QUEUE) {
        throw new StatusError(
          Code.FAILED_PRECONDITION,
          `Work-queue stream "${stream}" already has a consumer for these subjects, so durable "${durable}" cannot ` +
            "be added: workers of one queue must share one durable name",
          { cause: err },
        );
      }
      // Lost a race with another worker creating the same durable: use theirs if it is there.
      info = await jsm.consumers.info(stream, durable).catch(() => {
        throw err;
      });
    }
  }
  const c = info.config;
  const same =
    c.ack_wait === managed.ack_wait &&
    c.max_deliver === managed.max_deliver &&
    (c.filter_subject ?? "") === (managed.filter_subject ?? "") &&
    JSON.stringify(c.filter_subjects ?? []) === JSON.stringify(managed.filter_subjects ?? []);
  return same ? info : jsm.consumers.update(stream, durable, managed);
}
