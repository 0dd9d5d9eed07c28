import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, test } from "node:test";
import {
  type ArtifactRef__Output,
  Code,
  isStatusError,
  messageCodec,
  type ArtifactRef as WireArtifactRef,
} from "@dermanomaly/contracts";
import { FsArtifactStore, SIDECAR_SUFFIX } from "./fs_store.ts";
import { defaultArtifactsRoot, openArtifactStore, resolveStore } from "./open_store.ts";

const root = mkdtempSync(join(tmpdir(), "dermanomaly-fs-store-"));
after(() => rmSync(root, { recursive: true, force: true }));

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Deterministic pseudo-random bytes (xorshift), independent of the code under test. */
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

test("FsArtifactStore round-trips buffers, Readables and async iterables with the right sha256 and size", async () => {
  const store = new FsArtifactStore(root);
  const data = bytesOf(300_000);
  const a = await store.put("rt/buffer.bin", data, { mediaType: "application/x-test" });
  const b = await store.put("rt/readable.bin", Readable.from([data.subarray(0, 1000), data.subarray(1000)]));
  async function* gen() {
    for (let i = 0; i < data.length; i += 65536) yield data.subarray(i, i + 65536);
  }
  const c = await store.put("rt/iterable.bin", gen());
  for (const ref of [a, b, c]) {
    assert.equal(ref.sha256, sha256(data));
    assert.equal(ref.sizeBytes, data.length);
    assert.deepEqual(Buffer.from(await store.getBytes(ref)), Buffer.from(data));
  }
  assert.equal(a.mediaType, "application/x-test");
  assert.equal(b.mediaType, "application/octet-stream");
  assert.equal(a.uri, `file://${root}/rt/buffer.bin`);
  assert.equal(a.key, "rt/buffer.bin");
  // The object is a plain file at the URI, its record beside it; no temporary files remain.
  assert.deepEqual(Buffer.from(readFileSync(join(root, "rt/buffer.bin"))), Buffer.from(data));
  assert.equal(
    JSON.parse(readFileSync(join(root, `rt/buffer.bin${SIDECAR_SUFFIX}`), "utf8")).sha256,
    sha256(data),
  );
  assert.deepEqual(
    readdirSync(join(root, "rt")).filter((f) => f.endsWith(".partial")),
    [],
  );
  // Reads by URI and by key give the same bytes; an empty artifact works too.
  assert.equal(sha256(await store.getBytes(a.uri)), a.sha256);
  assert.equal(sha256(await store.getBytes("rt/buffer.bin")), a.sha256);
  const empty = await store.put("rt/empty", new Uint8Array(0));
  assert.equal(empty.sha256, sha256(new Uint8Array(0)));
  assert.equal((await store.getBytes(empty)).length, 0);
});

test("a byte flipped in the stored file is detected on read with DATA_LOSS, at the end of the stream", async () => {
  const store = new FsArtifactStore(root);
  const data = bytesOf(200_000, 7);
  const ref = await store.put("corrupt/a.bin", data);
  const file = join(root, "corrupt/a.bin");
  const damaged = Buffer.from(readFileSync(file));
  damaged[123_456] = (damaged[123_456] ?? 0) ^ 0x01;
  writeFileSync(file, damaged);

  const stream = await store.get(ref);
  let received = 0;
  await rejectsWith(
    (async () => {
      for await (const chunk of stream) received += (chunk as Buffer).length;
    })(),
    Code.DATA_LOSS,
    /is corrupt: read sha256 [0-9a-f]{64} instead of the recorded/,
  );
  assert.equal(received, data.length, "the bytes stream through; the error comes at the end");
  // Reading by URI alone uses the recorded digest and fails the same way.
  await rejectsWith(store.getBytes(ref.uri), Code.DATA_LOSS, /is corrupt/);
  // getToFile never leaves the corrupt content at the destination.
  const dest = join(root, "corrupt-copy.bin");
  await rejectsWith(store.getToFile(ref, dest), Code.DATA_LOSS, /is corrupt/);
  assert.equal(existsSync(dest), false);
  assert.deepEqual(
    readdirSync(root).filter((f) => f.startsWith("corrupt-copy")),
    [],
  );
});

test("a truncated or extended stored file is detected with DATA_LOSS", async () => {
  const store = new FsArtifactStore(root);
  const data = bytesOf(10_000, 3);
  const ref = await store.put("corrupt/b.bin", data);
  writeFileSync(join(root, "corrupt/b.bin"), data.subarray(0, 9_999));
  await rejectsWith(store.getBytes(ref), Code.DATA_LOSS, /9999 bytes instead of the recorded 10000/);
  writeFileSync(join(root, "corrupt/b.bin"), Buffer.concat([data, Buffer.from([1])]));
  await rejectsWith(store.getBytes(ref.uri), Code.DATA_LOSS, /more than the recorded 10000 bytes/);
});

test("a reference to content that was overwritten since fails with DATA_LOSS before reading", async () => {
  const store = new FsArtifactStore(root);
  const old = await store.put("over/x", bytesOf(100, 1));
  const now = await store.put("over/x", bytesOf(100, 2));
  assert.notEqual(old.sha256, now.sha256);
  await rejectsWith(store.get(old), Code.DATA_LOSS, /no longer holds the referenced content/);
  assert.equal(sha256(await store.getBytes(now)), now.sha256);
  // A wire reference (size as a string) is accepted.
  assert.equal((await store.getBytes({ ...now, sizeBytes: String(now.sizeBytes) })).length, 100);
});

test("FsArtifactStore refuses unsafe keys and URIs outside its root with INVALID_ARGUMENT", async () => {
  const store = new FsArtifactStore(root);
  for (const key of ["../x", "/etc/passwd", "a/../../b", "a\\b", "a\u0000b"]) {
    await rejectsWith(store.put(key, new Uint8Array(1)), Code.INVALID_ARGUMENT, /^Artifact key /);
    await rejectsWith(store.get(key), Code.INVALID_ARGUMENT, /^Artifact key /);
  }
  await rejectsWith(store.get("file:///etc/passwd"), Code.INVALID_ARGUMENT, /outside this store's root/);
  await rejectsWith(store.get(`file://${root}/../x`), Code.INVALID_ARGUMENT, /outside this store's root/);
  await rejectsWith(store.get("nats-obj://b/k"), Code.INVALID_ARGUMENT, /belongs to a NATS object store/);
  await rejectsWith(store.put("../dermanomaly-escape", new Uint8Array(1)), Code.INVALID_ARGUMENT, /"\.\."/);
  assert.equal(existsSync(join(root, "..", "dermanomaly-escape")), false);
});

test("stat, exists, list and delete report what the store holds", async () => {
  const store = new FsArtifactStore(join(root, "listing"));
  await rejectsWith(store.stat("a/1"), Code.NOT_FOUND, /does not exist/);
  assert.equal(await store.exists("a/1"), false);
  const r1 = await store.put("a/1", bytesOf(10), { mediaType: "text/plain" });
  await store.put("a/2", bytesOf(20));
  await store.put("ab/3", bytesOf(30));
  await store.put("b/4", bytesOf(40));
  // A file not written by the store (no digest record) is not listed.
  writeFileSync(join(root, "listing/a/stray"), "x");
  const st = await store.stat(r1.uri);
  assert.deepEqual({ ...st, createdAt: "" }, { ...r1, createdAt: "" });
  assert.equal(await store.exists(r1), true);
  assert.deepEqual(
    (await store.list()).map((a) => [a.key, a.sizeBytes]),
    [
      ["a/1", 10],
      ["a/2", 20],
      ["ab/3", 30],
      ["b/4", 40],
    ],
  );
  assert.deepEqual(
    (await store.list("a/")).map((a) => a.key),
    ["a/1", "a/2"],
  );
  assert.deepEqual(
    (await store.list("a")).map((a) => a.key),
    ["a/1", "a/2", "ab/3"],
  );
  assert.equal(await store.delete(r1), true);
  assert.equal(await store.delete(r1), false);
  assert.equal(existsSync(join(root, `listing/a/1${SIDECAR_SUFFIX}`)), false);
  await rejectsWith(store.getBytes(r1), Code.NOT_FOUND, /does not exist/);
  await rejectsWith(
    store.put("b/4/5", bytesOf(1)),
    Code.FAILED_PRECONDITION,
    /both an artifact and a folder/,
  );
});

test("resolveStore() reads a file:// reference from anywhere on the local filesystem", async () => {
  const store = new FsArtifactStore(join(root, "elsewhere"));
  const ref = await store.put("x/y.bin", bytesOf(1234));
  const reader = await resolveStore(ref);
  assert.equal(sha256(await reader.getBytes(ref)), ref.sha256);
  assert.equal((await reader.stat(ref.uri)).sizeBytes, 1234);
  await reader.close();
});

test("a stored artifact is a wire ArtifactRef, and a reference decoded from the wire reads back", async () => {
  const store = new FsArtifactStore(join(root, "wire"));
  const ref = await store.put("w/x.bin", bytesOf(4321), { mediaType: "image/png" });
  const wire: WireArtifactRef = ref; // compile-time: same field names and types as the contract
  const codec = messageCodec<WireArtifactRef, ArtifactRef__Output>("dermanomaly.v1.ArtifactRef");
  const decoded = codec.decode(codec.encode(wire));
  assert.deepEqual(decoded, { uri: ref.uri, sha256: ref.sha256, sizeBytes: 4321, mediaType: "image/png" });
  assert.equal(sha256(await store.getBytes(decoded)), ref.sha256);
});

test("a damaged or missing digest record is reported as DATA_LOSS, not trusted", async () => {
  const store = new FsArtifactStore(join(root, "records"));
  const ref = await store.put("r/1", bytesOf(64));
  writeFileSync(join(root, `records/r/1${SIDECAR_SUFFIX}`), "{not json");
  await rejectsWith(store.getBytes("r/1"), Code.DATA_LOSS, /damaged digest record/);
  rmSync(join(root, `records/r/1${SIDECAR_SUFFIX}`));
  await rejectsWith(store.getBytes("r/1"), Code.DATA_LOSS, /has no digest record/);
  // A full reference still verifies the bytes on its own.
  assert.equal(sha256(await store.getBytes(ref)), ref.sha256);
});

test("openArtifactStore() defaults to a filesystem store under ./.dermanomaly/artifacts", async () => {
  const store = await openArtifactStore({ env: {} });
  assert.equal(store.kind, "file");
  assert.equal(store.uri, `file://${defaultArtifactsRoot()}`);
  const fromEnv = await openArtifactStore({ env: { DERMANOMALY_ARTIFACTS: `file://${root}/env` } });
  assert.equal(fromEnv.uri, `file://${root}/env`);
});
