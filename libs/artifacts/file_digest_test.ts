import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { FileDigests, fileSha256 } from "./file_digest.ts";

const tmp = mkdtempSync(join(tmpdir(), "file-digest-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

test("FileDigests hashes a file once per size and modification time, and again once it changed", async () => {
  const path = join(tmp, "base.safetensors");
  const first = Buffer.from("weights, first version");
  writeFileSync(path, first);
  const at = new Date("2026-12-06T10:00:00Z");
  utimesSync(path, at, at);
  const digests = new FileDigests();
  assert.equal(await digests.sha256(path), sha256(first));
  assert.equal(await fileSha256(path), sha256(first));
  // Same size and time, other bytes: remembered (what makes the second call cheap).
  writeFileSync(path, Buffer.from("weights, other version"));
  utimesSync(path, at, at);
  assert.equal(await digests.sha256(path), sha256(first));
  // A new modification time, or a new size, is a new version.
  const later = new Date("2026-12-06T11:00:00Z");
  utimesSync(path, later, later);
  assert.equal(await digests.sha256(path), sha256(Buffer.from("weights, other version")));
  writeFileSync(path, Buffer.from("weights, third and longer version"));
  utimesSync(path, later, later);
  assert.equal(await digests.sha256(path), sha256(Buffer.from("weights, third and longer version")));
  await assert.rejects(digests.sha256(join(tmp, "absent")), { code: "ENOENT" });
});
