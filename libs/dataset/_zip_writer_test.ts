import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, test } from "node:test";
import { StoredZipWriter } from "./_zip_writer.ts";

const tmp = mkdtempSync(join(tmpdir(), "zip-writer-test-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const OPTIONS = { mtime: new Date(Date.UTC(2000, 0, 1)), mode: 0o100644 };

/**
 * Python's zipfile on `path`: `testzip()` (every CRC), the number of entries, then each entry's (or only the last
 * one's) name, method, size, time and SHA-256.
 */
function pythonListing(
  path: string,
  options: { lastOnly?: boolean } = {},
): {
  count: number;
  stated: number;
  bad: string | null;
  entries: [string, number, number, number[], string][];
} {
  const script = [
    "import hashlib, json, sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "bad = z.testzip()",
    "infos = z.infolist()",
    "listed = infos[-1:] if sys.argv[2] == 'last' else infos",
    "entries = [[i.filename, i.compress_type, i.file_size, list(i.date_time), hashlib.sha256(z.read(i)).hexdigest()]",
    "           for i in listed]",
    "# The entry count the end records state (zip64's when there is one), which reading the directory ignores.",
    "stated = zipfile._EndRecData(open(sys.argv[1], 'rb'))[zipfile._ECD_ENTRIES_TOTAL]",
    "print(json.dumps({'bad': bad, 'count': len(infos), 'stated': stated, 'entries': entries}))",
  ].join("\n");
  const which = options.lastOnly ? "last" : "all";
  const r = spawnSync(PYTHON, ["-c", script, path, which], { encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

async function writeZip(name: string, entries: [string, Uint8Array][]): Promise<string> {
  const path = join(tmp, name);
  const zip = new StoredZipWriter([createWriteStream(path)], OPTIONS);
  for (const [entry, data] of entries) await zip.add(entry, data);
  await zip.end();
  return path;
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

test("StoredZipWriter writes a zip Python's zipfile reads, every entry stored with its CRC, size, time and name", async () => {
  const entries: [string, Uint8Array][] = [
    ["00000/img00000000.png", new Uint8Array(1000).map((_, i) => (i * 13) % 256)],
    ["00000/img00000001.png", new Uint8Array(0)],
    ["dataset.json", new TextEncoder().encode('{"labels":null}')],
    ["naïve/ünïcode.png", new Uint8Array([1, 2, 3])],
  ];
  const listing = pythonListing(await writeZip("plain.zip", entries));
  assert.equal(listing.bad, null);
  assert.deepEqual(
    listing.entries,
    entries.map(([name, data]) => [name, 0, data.length, [2000, 1, 1, 0, 0, 0], sha256(data)]),
  );
});

test("StoredZipWriter switches to zip64 past 65535 entries, which Python's zipfile reads", async () => {
  const count = 65_540;
  const entries: [string, Uint8Array][] = Array.from({ length: count }, (_, i) => [
    `e/${i}`,
    new Uint8Array([i % 256]),
  ]);
  const listing = pythonListing(await writeZip("many.zip", entries), { lastOnly: true });
  assert.equal(listing.bad, null);
  assert.equal(listing.count, count);
  assert.equal(listing.stated, count);
  const last = new Uint8Array([(count - 1) % 256]);
  assert.deepEqual(listing.entries[0], [`e/${count - 1}`, 0, 1, [2000, 1, 1, 0, 0, 0], sha256(last)]);
});

test("StoredZipWriter keeps entry times within what DOS times can say (1980 to 2107)", async () => {
  const path = join(tmp, "old.zip");
  const zip = new StoredZipWriter([createWriteStream(path)], { ...OPTIONS, mtime: new Date(0) });
  await zip.add("a", new Uint8Array([1]));
  await zip.end();
  assert.deepEqual(pythonListing(path).entries[0]?.[3], [1980, 1, 1, 0, 0, 0]);
});

/** A Writable that holds its writes until `release()`, with room for `highWaterMark` bytes. */
function heldOutput(highWaterMark: number) {
  const chunks: Buffer[] = [];
  const held: (() => void)[] = [];
  let open = false;
  const out = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      if (open) callback();
      else held.push(callback);
    },
  });
  return {
    out,
    chunks,
    /** Completes the held writes and every later one at once. */
    release() {
      open = true;
      for (const callback of held.splice(0)) callback();
    },
  };
}

test("StoredZipWriter.add() waits while an output is full and goes on once it drains", async () => {
  const slow = heldOutput(16);
  const fast = heldOutput(1 << 20);
  const zip = new StoredZipWriter([fast.out, slow.out], OPTIONS);
  let added = false;
  const adding = zip.add("a", new Uint8Array(100)).then(() => {
    added = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(added, false, "add() resolved while an output was full");
  slow.release();
  fast.release();
  await adding;
  assert.equal(added, true);
  // Both outputs got the same bytes.
  assert.ok(Buffer.concat(slow.chunks).equals(Buffer.concat(fast.chunks)));
});

test("StoredZipWriter: an output that fails rejects add(), and destroy() destroys every output with the reason", async () => {
  const failing = new Writable({
    write(_chunk, _encoding, callback) {
      callback(new Error("disk full"));
    },
  });
  const zip = new StoredZipWriter([failing], OPTIONS);
  await zip.add("a", new Uint8Array(10)).catch(() => {});
  await new Promise((resolve) => setImmediate(resolve));
  await assert.rejects(zip.add("b", new Uint8Array(10)), /disk full/);

  const [a, b] = [heldOutput(1 << 20), heldOutput(1 << 20)];
  const other = new StoredZipWriter([a.out, b.out], OPTIONS);
  const reason = new Error("the data set was not completed");
  other.destroy(reason);
  assert.ok(a.out.destroyed && b.out.destroyed);
  assert.equal(a.out.errored, reason);
  await assert.rejects(other.add("c", new Uint8Array(1)), /already ended/);
});
