import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { Objm } from "@nats-io/obj";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { NatsArtifactStore, SHA256_META } from "./nats_store.ts";
import { openArtifactStore, resolveStore } from "./open_store.ts";

let server: NatsServer;
let nc: NatsConnection;
let store: NatsArtifactStore;
const dir = mkdtempSync(join(tmpdir(), "dermanomaly-nats-store-"));

before(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
  store = await NatsArtifactStore.open(nc, "artifacts-test");
});

after(async () => {
  await nc.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function bytesOf(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function rejectsWith(p: Promise<unknown>, code: number, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (err) => {
    assert.ok(isStatusError(err), `expected a StatusError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.match(err.message, pattern);
    return true;
  });
}

test("NatsArtifactStore round-trips multi-chunk content with the right sha256, size and media type", async () => {
  const data = bytesOf(700_000); // several 128 KiB chunks plus a partial one
  const a = await store.put("rt/a b.bin", data, { mediaType: "image/png" });
  assert.equal(a.uri, "nats-obj://artifacts-test/rt/a%20b.bin");
  assert.equal(a.sha256, sha256(data));
  assert.equal(a.sizeBytes, data.length);
  assert.equal(a.mediaType, "image/png");
  assert.deepEqual(Buffer.from(await store.getBytes(a)), Buffer.from(data));
  assert.deepEqual(Buffer.from(await store.getBytes(a.uri)), Buffer.from(data));
  const b = await store.put("rt/stream.bin", Readable.from([data.subarray(0, 5), data.subarray(5)]));
  assert.equal(b.sha256, a.sha256);
  const st = await store.stat("rt/stream.bin");
  assert.equal(st.sha256, a.sha256);
  assert.equal(st.mediaType, "application/octet-stream");
  const dest = join(dir, "copy.bin");
  await store.getToFile(b, dest);
  assert.equal(sha256(readFileSync(dest)), a.sha256);
  const empty = await store.put("rt/empty", new Uint8Array(0));
  assert.equal(empty.sha256, sha256(new Uint8Array(0)));
  assert.equal((await store.getBytes(empty)).length, 0);
});

test("an object overwritten with other bytes under the recorded digest is detected with DATA_LOSS", async () => {
  const good = bytesOf(300_000, 5);
  const ref = await store.put("tamper/x.bin", good);
  // Tamper through the object store itself: new bytes under the same name, then put the old digest record back.
  const os = await new Objm(nc).open("artifacts-test");
  const bad = Buffer.from(good);
  bad[200_000] = (bad[200_000] ?? 0) ^ 0xff;
  await os.putBlob({ name: "tamper/x.bin" }, bad);
  await os.update("tamper/x.bin", { metadata: { [SHA256_META]: ref.sha256 } });
  await rejectsWith(
    store.getBytes(ref.uri),
    Code.DATA_LOSS,
    /is corrupt: read sha256 [0-9a-f]{64} instead of the recorded/,
  );
  await rejectsWith(store.getBytes(ref), Code.DATA_LOSS, /is corrupt/);
  const dest = join(dir, "tampered.bin");
  await rejectsWith(store.getToFile(ref, dest), Code.DATA_LOSS, /is corrupt/);
  assert.equal(existsSync(dest), false);
});

test("a chunk injected into a stored object is detected with DATA_LOSS", async () => {
  const ref = await store.put("tamper/y.bin", bytesOf(200_000, 9));
  const os = await new Objm(nc).open("artifacts-test");
  const info = await os.info("tamper/y.bin");
  assert.ok(info);
  // A core request to a stream subject stores the message and answers with the stream's acknowledgement.
  await nc.request(`$O.artifacts-test.C.${info.nuid}`, new Uint8Array([1, 2, 3]));
  await rejectsWith(store.getBytes(ref), Code.DATA_LOSS, /corrupt/);
});

test("a reference to content that was replaced since fails with DATA_LOSS before reading", async () => {
  const old = await store.put("over/x", bytesOf(100, 1));
  const now = await store.put("over/x", bytesOf(100, 2));
  await rejectsWith(store.get(old), Code.DATA_LOSS, /no longer holds the referenced content/);
  assert.equal(sha256(await store.getBytes(now)), now.sha256);
});

test("NatsArtifactStore refuses unsafe keys and URIs of other stores with INVALID_ARGUMENT", async () => {
  for (const key of ["../x", "/etc/passwd", "a/../../b", "a\\b", "a\u0000b"]) {
    await rejectsWith(store.put(key, new Uint8Array(1)), Code.INVALID_ARGUMENT, /^Artifact key /);
    await rejectsWith(store.stat(key), Code.INVALID_ARGUMENT, /^Artifact key /);
  }
  await rejectsWith(
    store.get("nats-obj://other/k"),
    Code.INVALID_ARGUMENT,
    /does not name an object of the store/,
  );
  await rejectsWith(
    store.get("file:///tmp/k"),
    Code.INVALID_ARGUMENT,
    /does not name an object of the store/,
  );
});

test("stat, exists, list and delete report what the bucket holds", async () => {
  const s = await NatsArtifactStore.open(nc, "listing");
  await rejectsWith(s.stat("a/1"), Code.NOT_FOUND, /does not exist/);
  assert.equal(await s.exists("a/1"), false);
  const r1 = await s.put("a/1", bytesOf(10));
  await s.put("a/2", bytesOf(20));
  await s.put("ab/3", bytesOf(30));
  assert.deepEqual(
    (await s.list()).map((a) => [a.key, a.sizeBytes]),
    [
      ["a/1", 10],
      ["a/2", 20],
      ["ab/3", 30],
    ],
  );
  assert.deepEqual(
    (await s.list("a/")).map((a) => a.key),
    ["a/1", "a/2"],
  );
  assert.equal(await s.exists(r1.uri), true);
  assert.equal(await s.delete(r1), true);
  assert.equal(await s.delete(r1), false);
  await rejectsWith(s.getBytes(r1), Code.NOT_FOUND, /does not exist/);
  assert.deepEqual(
    (await s.list()).map((a) => a.key),
    ["a/2", "ab/3"],
  );
});

test("openArtifactStore() and resolveStore() choose the store from the URI", async () => {
  const opened = await openArtifactStore({ env: { DERMANOMALY_ARTIFACTS: "nats-obj://from-env" }, nats: nc });
  assert.equal(opened.uri, "nats-obj://from-env");
  const ref = await opened.put("k", bytesOf(50));
  // resolveStore() opens its own connection from the environment and closes it with the store.
  const reader = await resolveStore(ref, { env: { DERMANOMALY_NATS_URL: server.url } });
  assert.equal(sha256(await reader.getBytes(ref)), ref.sha256);
  await reader.close();
  await rejectsWith(resolveStore("nats-obj://missing/k", { nats: nc }), Code.NOT_FOUND, /does not exist/);
  await rejectsWith(
    openArtifactStore({ uri: "nats-obj://b/key", nats: nc }),
    Code.INVALID_ARGUMENT,
    /names an object, not a bucket/,
  );
  const fsStore = await openArtifactStore({ uri: `file://${dir}/fs` });
  assert.equal(fsStore.kind, "file");
  assert.equal(fsStore.uri, `file://${dir}/fs`);
});
