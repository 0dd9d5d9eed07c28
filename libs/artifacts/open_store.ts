import { join } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { targetString } from "./_streams.ts";
import { FsArtifactStore } from "./fs_store.ts";
import { parseArtifactUri } from "./keys.ts";
import { NatsArtifactStore } from "./nats_store.ts";
import type { ArtifactStore, ArtifactTarget } from "./types.ts";

/** Environment variable naming the artifact store: `file:///abs/root` or `nats-obj://bucket`. */
export const ARTIFACTS_ENV = "DERMANOMALY_ARTIFACTS";

/** Environment variable with the NATS server URL(s), comma-separated, used when no connection is given. */
export const NATS_URL_ENV = "DERMANOMALY_NATS_URL";

/** Options of {@linkcode openArtifactStore}. */
export interface OpenArtifactStoreOptions {
  /**
   * Which store: `file:///abs/root` (filesystem), `nats-obj://bucket` (NATS object store, created if missing).
   * @default the `DERMANOMALY_ARTIFACTS` environment variable, else `file://<cwd>/.dermanomaly/artifacts`
   */
  uri?: string;
  /**
   * Connection for a NATS store. Without one, the store connects to `natsServers` itself and closes that
   * connection in `close()`.
   */
  nats?: NatsConnection;
  /** NATS server URL(s) to connect to when no connection is given. @default `DERMANOMALY_NATS_URL`, else "nats://127.0.0.1:4222" */
  natsServers?: string | string[];
  /** Environment to read defaults from. @default process.env */
  env?: Record<string, string | undefined>;
  /**
   * Copies a NATS bucket keeps in a cluster (services pass `DERMANOMALY_NATS_REPLICAS`); an existing bucket is
   * brought to it. @default 1 for a new bucket, an existing one unchanged
   */
  replicas?: number;
}

/** The folder the filesystem store uses when nothing is configured. */
export function defaultArtifactsRoot(cwd: string = process.cwd()): string {
  return join(cwd, ".dermanomaly", "artifacts");
}

async function natsFor(options: OpenArtifactStoreOptions): Promise<{ nc: NatsConnection; owns: boolean }> {
  if (options.nats !== undefined) return { nc: options.nats, owns: false };
  const env = options.env ?? process.env;
  const servers = options.natsServers ?? env[NATS_URL_ENV]?.split(",") ?? "nats://127.0.0.1:4222";
  try {
    return { nc: await connect({ servers }), owns: true };
  } catch (err) {
    throw new StatusError(
      Code.UNAVAILABLE,
      `Cannot reach NATS at "${[servers].flat().join(",")}" for the artifact store: start nats-server or set ${NATS_URL_ENV}`,
      { cause: err },
    );
  }
}

/**
 * Opens the configured artifact store: by URI, or from `DERMANOMALY_ARTIFACTS`, else the filesystem store under
 * `./.dermanomaly/artifacts`.
 *
 * @example
 * ```ts
 * // DERMANOMALY_ARTIFACTS=nats-obj://dermanomaly-artifacts
 * const store = await openArtifactStore({ nats: nc });
 * const ref = await store.put("runs/1/scores.csv", bytes, { mediaType: "text/csv" });
 * ```
 * @throws {StatusError} INVALID_ARGUMENT for a URI that names no store, e.g. a `nats-obj://bucket/key` object URI
 */
export async function openArtifactStore(options: OpenArtifactStoreOptions = {}): Promise<ArtifactStore> {
  const env = options.env ?? process.env;
  const uri = options.uri ?? (env[ARTIFACTS_ENV] || undefined);
  if (uri === undefined) return new FsArtifactStore(defaultArtifactsRoot());
  const parsed = parseArtifactUri(uri);
  if (parsed.scheme === "file") return new FsArtifactStore(parsed.path);
  if (parsed.key !== "") {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `Artifact store URI "${uri}" names an object, not a bucket: use "nats-obj://${parsed.bucket}"`,
    );
  }
  const { nc, owns } = await natsFor(options);
  try {
    return await NatsArtifactStore.open(nc, parsed.bucket, {
      ownsConnection: owns,
      ...(options.replicas !== undefined && { replicas: options.replicas }),
    });
  } catch (err) {
    if (owns) await nc.close();
    throw err;
  }
}

/** Options of {@linkcode resolveStore}. */
export interface ResolveStoreOptions {
  /** Connection for `nats-obj://` URIs; without one, `natsServers` or the environment is used (see openArtifactStore). */
  nats?: NatsConnection;
  /** NATS server URL(s) when no connection is given. @default `DERMANOMALY_NATS_URL`, else "nats://127.0.0.1:4222" */
  natsServers?: string | string[];
  /** Environment to read defaults from. @default process.env */
  env?: Record<string, string | undefined>;
}

/**
 * A store that can read the artifact a URI or reference points to, whatever store wrote it: a filesystem store over
 * the whole local filesystem for `file://` URIs, or the named bucket (never created here) for `nats-obj://` URIs.
 * Close it when done (it may hold its own NATS connection).
 *
 * @example
 * ```ts
 * const store = await resolveStore(ref, { nats: nc });
 * try { await store.getToFile(ref, "/tmp/model.onnx"); } finally { await store.close(); }
 * ```
 * @throws {StatusError} INVALID_ARGUMENT for an unknown scheme; NOT_FOUND for a missing bucket
 */
export async function resolveStore(
  target: ArtifactTarget,
  options: ResolveStoreOptions = {},
): Promise<ArtifactStore> {
  const uri = targetString(target);
  const parsed = parseArtifactUri(uri);
  if (parsed.scheme === "file") return new FsArtifactStore("/");
  const { nc, owns } = await natsFor(options);
  try {
    return await NatsArtifactStore.open(nc, parsed.bucket, { create: false, ownsConnection: owns });
  } catch (err) {
    if (owns) await nc.close();
    throw err;
  }
}
