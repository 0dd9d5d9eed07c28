import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { collect, writeFileAtomic } from "./_streams.ts";
import type { ArtifactSource, ArtifactStore, ArtifactTarget, PutOptions, StoredArtifact } from "./types.ts";

/** The parts of {@linkcode ArtifactStore} every store shares, built on `openRead`, `stat` and `put`. */
export abstract class BaseArtifactStore implements ArtifactStore {
  abstract readonly kind: "file" | "nats-obj";
  abstract readonly uri: string;
  abstract uriOf(key: string): string;
  abstract put(key: string, source: ArtifactSource, options?: PutOptions): Promise<StoredArtifact>;
  abstract stat(target: ArtifactTarget): Promise<StoredArtifact>;
  abstract delete(target: ArtifactTarget): Promise<boolean>;
  abstract list(prefix?: string): Promise<StoredArtifact[]>;
  /** The verified content stream and the artifact's recorded reference. */
  abstract openRead(target: ArtifactTarget): Promise<{ stream: Readable; artifact: StoredArtifact }>;

  putFile(key: string, path: string, options: PutOptions = {}): Promise<StoredArtifact> {
    return this.put(key, createReadStream(path, { highWaterMark: 256 << 10 }), options);
  }

  async get(target: ArtifactTarget): Promise<Readable> {
    return (await this.openRead(target)).stream;
  }

  async getBytes(target: ArtifactTarget): Promise<Uint8Array> {
    return collect(await this.get(target));
  }

  async getToFile(target: ArtifactTarget, path: string): Promise<StoredArtifact> {
    const { stream, artifact } = await this.openRead(target);
    await writeFileAtomic(stream, path);
    return artifact;
  }

  async exists(target: ArtifactTarget): Promise<boolean> {
    try {
      await this.stat(target);
      return true;
    } catch (err) {
      if (isStatusError(err) && err.code === Code.NOT_FOUND) return false;
      throw err;
    }
  }

  async close(): Promise<void> {}
}
