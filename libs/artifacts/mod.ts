/**
 * The artifact store: where stages keep datasets, checkpoints, models, reconstructions and plots, and how they
 * pass them on as `ArtifactRef`s (URI + SHA-256 + size). Two stores share one interface: the local filesystem
 * (embedded stack) and a NATS JetStream object store (cluster). Content is streamed both ways and its digest is
 * verified on every read.
 *
 * @example
 * ```ts
 * import { openArtifactStore } from "@dermanomaly/artifacts";
 *
 * const store = await openArtifactStore({ uri: "file:///tmp/dermanomaly" });
 * const ref = await store.put("runs/1/scores.csv", Buffer.from("score,label\n0.3,1\n"), { mediaType: "text/csv" });
 * const bytes = await store.getBytes(ref); // throws StatusError(DATA_LOSS) if the file was damaged
 * ```
 *
 * @module
 */
export * from "./file_digest.ts";
export { FsArtifactStore, SIDECAR_SUFFIX } from "./fs_store.ts";
export * from "./keys.ts";
export * from "./nats_store.ts";
export * from "./open_store.ts";
export type * from "./types.ts";
