import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { ensureStreamReplicas } from "@dermanomaly/events";
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { isWrongSequence } from "./_kv.ts";
import type { Logger } from "./types.ts";

/** Options of {@linkcode openJobLeases}. */
export interface JobLeasesOptions {
  /** KV bucket of the leases. @default `dermanomaly_leases_<service>` */
  bucket?: string;
  /**
   * How long a lease lives without renewal. It is the bucket's TTL, set when the bucket is created; a bucket that
   * exists keeps its own (a warning says so). It must be longer than the longest time a job keeps the event loop
   * busy (one training round), or a live owner loses its jobs. @default 60000
   */
  ttlMs?: number;
  /** Name of this instance in the leases. @default `<hostname>-<pid>-<random>` */
  owner?: string;
  /**
   * KV bucket replicas in a NATS cluster. When given, a bucket that exists with another count is brought to it.
   * @default 1 for a new bucket
   */
  replicas?: number;
  /** Logger. */
  log: Logger;
}

/** A lease held by this instance: the revision its next renewal must match, and when it was last written. */
interface Held {
  revision: number;
  writtenAt: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Opens the lease store of a service's jobs: one NATS KV key per job, held by the instance running it. The bucket's
 * TTL expires a lease that is not renewed, so a dead owner's jobs become free without any clock comparison;
 * taking one is an atomic create (only one instance can succeed), renewing is an update at the revision last
 * written (it fails once another instance took the lease).
 */
export async function openJobLeases(
  nc: NatsConnection,
  service: string,
  options: JobLeasesOptions,
): Promise<JobLeases> {
  const ttlMs = options.ttlMs ?? 60_000;
  if (!Number.isInteger(ttlMs) || ttlMs < 1000)
    throw new RangeError(`Lease TTL must be an integer >= 1000 ms, got "${ttlMs}"`);
  const bucket = options.bucket ?? `dermanomaly_leases_${service}`;
  const kv = await new Kvm(nc).create(bucket, { history: 1, ttl: ttlMs, replicas: options.replicas ?? 1 });
  if (options.replicas !== undefined) {
    await ensureStreamReplicas(nc, { stream: `KV_${bucket}`, replicas: options.replicas });
  }
  const actual = (await kv.status()).ttl;
  if (actual !== ttlMs) {
    options.log.warn("The lease bucket exists with another TTL; using it", {
      configuredMs: ttlMs,
      ttlMs: actual,
    });
  }
  const owner = options.owner ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  return new JobLeases(kv, owner, actual > 0 ? actual : ttlMs, options.log);
}

/**
 * The leases this instance holds on jobs. Create with {@linkcode openJobLeases}; renew them with
 * {@linkcode JobLeases.renewAll} a few times per TTL.
 */
export class JobLeases {
  /** This instance's name, stored in each lease it holds. */
  readonly owner: string;
  /** How long a lease lives without renewal. */
  readonly ttlMs: number;
  readonly #kv: KV;
  readonly #log: Logger;
  readonly #held = new Map<string, Held>();

  /** Prefer {@linkcode openJobLeases}. */
  constructor(kv: KV, owner: string, ttlMs: number, log: Logger) {
    this.#kv = kv;
    this.owner = owner;
    this.ttlMs = ttlMs;
    this.#log = log;
  }

  /** Whether this instance holds the lease of `id`. */
  holds(id: string): boolean {
    return this.#held.has(id);
  }

  /** Takes the lease of `id` if nobody holds it; false when another instance does. */
  async acquire(id: string): Promise<boolean> {
    if (this.#held.has(id)) return true;
    try {
      const writtenAt = Date.now();
      const revision = await this.#kv.create(id, this.#value());
      this.#held.set(id, { revision, writtenAt });
      return true;
    } catch (err) {
      if (isWrongSequence(err)) return false;
      throw err;
    }
  }

  /**
   * Renews every lease held; returns the ids of those that are lost: taken by another instance while this one did
   * not renew in time, or unreachable (NATS closed or away) for so long that the lease expires before the next
   * renewal, so that the job stops here before another instance may take it. `marginMs` is the time to that next
   * renewal. A renewal that merely timed out loses nothing: a job that keeps the event loop busy (a training round)
   * makes every pending request time out although NATS answered, so only an answer can tell that a lease is gone.
   */
  async renewAll(marginMs: number): Promise<string[]> {
    const lost: string[] = [];
    await Promise.all(
      [...this.#held].map(async ([id, held]) => {
        if (await this.#renew(id, held, marginMs)) return;
        this.#held.delete(id);
        lost.push(id);
      }),
    );
    return lost;
  }

  /** Renews one lease; false once it is lost. */
  async #renew(id: string, held: Held, marginMs: number): Promise<boolean> {
    const writtenAt = Date.now();
    try {
      held.revision = await this.#kv.update(id, this.#value(), held.revision);
      held.writtenAt = writtenAt;
      return true;
    } catch (err) {
      if (isWrongSequence(err)) return this.#retake(id, held);
      const busy = (err as Error)?.name === "TimeoutError";
      if (busy || Date.now() + marginMs < held.writtenAt + this.ttlMs) {
        this.#log.warn("Renewing a job lease failed; trying again", { job: id, err });
        return true;
      }
      this.#log.warn("A job lease could not be renewed before it expires; giving the job up here", {
        job: id,
        err,
      });
      return false;
    }
  }

  /**
   * The renewal was refused: the lease expired while this instance was too busy to renew it, or an earlier renewal
   * of its own went through unanswered (a timeout after NATS applied it). It is held again when nobody else took it
   * (an atomic create, as `acquire`) or when the stored lease names this instance.
   */
  async #retake(id: string, held: Held): Promise<boolean> {
    const writtenAt = Date.now();
    try {
      held.revision = await this.#kv.create(id, this.#value());
      held.writtenAt = writtenAt;
      this.#log.warn(
        "A job lease expired while this instance was busy; nobody took it, so it holds it again",
        {
          job: id,
        },
      );
      return true;
    } catch (err) {
      if (!isWrongSequence(err)) {
        this.#log.warn("Taking a job lease again got no answer; trying again", { job: id, err });
        return true;
      }
    }
    try {
      const owner = await this.#storedOwner(id, held);
      if (owner !== this.owner) {
        this.#log.warn("A job lease expired and another instance took it", { job: id, owner });
        return false;
      }
      return true;
    } catch (err) {
      this.#log.warn("Reading a job lease got no answer; trying again", { job: id, err });
      return true;
    }
  }

  /**
   * Whether the stored lease of `id` names this instance (a lease held here whose revision moved under an unanswered
   * write of its own counts, and is taken up). Throws when NATS does not answer.
   */
  async ownedHere(id: string): Promise<boolean> {
    const held = this.#held.get(id);
    return held !== undefined && (await this.#storedOwner(id, held)) === this.owner;
  }

  /** The owner the stored lease of `id` names (none once deleted); `held` takes up its revision when it is this one. */
  async #storedOwner(id: string, held: Held): Promise<string | undefined> {
    const entry = await this.#kv.get(id);
    if (entry?.operation !== "PUT") return undefined;
    let owner: string | undefined;
    try {
      owner = (JSON.parse(decoder.decode(entry.value)) as { owner?: string }).owner;
    } catch {
      owner = undefined;
    }
    if (owner === this.owner) held.revision = entry.revision;
    return owner;
  }

  /** Gives the lease of `id` back (the job ended, or its state is stored for another instance to resume). */
  async release(id: string): Promise<void> {
    const held = this.#held.get(id);
    if (held === undefined) return;
    this.#held.delete(id);
    try {
      await this.#kv.delete(id, { previousSeq: held.revision });
    } catch (err) {
      // Lost already, or NATS is away: the lease then expires by itself.
      this.#log.debug("Releasing a job lease failed; it expires by itself", { job: id, err });
    }
  }

  /** Stops renewing `id` without releasing it, as a crashed owner would (its lease then expires). */
  forget(id: string): void {
    this.#held.delete(id);
  }

  #value(): Uint8Array {
    return encoder.encode(JSON.stringify({ owner: this.owner, at: new Date().toISOString() }));
  }
}
