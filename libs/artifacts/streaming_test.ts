import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { FsArtifactStore } from "./fs_store.ts";
import { NatsArtifactStore } from "./nats_store.ts";
import type { ArtifactStore } from "./types.ts";

const SIZE_MB = 100;
const LIMIT_MB = 60;
const dir = mkdtempSync(join(tmpdir(), "dermanomaly-streaming-"));
const input = join(dir, "input.bin");
let inputSha = "";
let server: NatsServer;
let nc: NatsConnection;

/** Writes SIZE_MB MiB of distinct 1 MiB blocks, hashing them independently of the stores. */
async function generate(): Promise<string> {
  const block = randomBytes(1 << 20);
  const hash = createHash("sha256");
  const fh = await open(input, "w");
  try {
    for (let i = 0; i < SIZE_MB; i++) {
      block.writeUInt32LE(i, 0); // no two blocks alike
      hash.update(block);
      await fh.write(block);
    }
  } finally {
    await fh.close();
  }
  return hash.digest("hex");
}

async function fileSha(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Runs `fn` while sampling the resident set size; returns the largest growth over the start, in MiB. */
async function rssGrowthMb(fn: () => Promise<void>): Promise<number> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return (peak - start) / (1 << 20);
}

before(async () => {
  inputSha = await generate();
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
});

after(async () => {
  await nc.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function roundTrip(store: ArtifactStore, label: string): Promise<void> {
  const output = join(dir, `output-${label}.bin`);
  // Warm up (code loading, first buffers) so the measurement shows what grows with the content.
  await store.getToFile(await store.put("warm-up", randomBytes(1 << 20)), join(dir, `warm-up-${label}.bin`));
  const t0 = performance.now();
  let putMs = 0;
  const growth = await rssGrowthMb(async () => {
    const ref = await store.putFile("big/input.bin", input, { mediaType: "application/octet-stream" });
    putMs = performance.now() - t0;
    assert.equal(ref.sha256, inputSha);
    assert.equal(ref.sizeBytes, SIZE_MB << 20);
    await store.getToFile(ref, output);
  });
  const totalMs = performance.now() - t0;
  assert.equal(await fileSha(output), inputSha);
  console.log(
    `${label}: ${SIZE_MB} MiB put ${putMs.toFixed(0)} ms, get ${(totalMs - putMs).toFixed(0)} ms, ` +
      `peak RSS growth ${growth.toFixed(1)} MiB`,
  );
  assert.ok(growth < LIMIT_MB, `${label}: RSS grew by ${growth.toFixed(1)} MiB streaming ${SIZE_MB} MiB`);
}

test(`a ${SIZE_MB} MiB file streams through the filesystem store without holding it in memory`, async () => {
  await roundTrip(new FsArtifactStore(join(dir, "store")), "fs");
});

test(`a ${SIZE_MB} MiB file streams through the NATS object store without holding it in memory`, async () => {
  await roundTrip(await NatsArtifactStore.open(nc, "streaming"), "nats");
});
