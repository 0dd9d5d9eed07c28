import assert from "node:assert/strict";
import { test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { checkArtifactKey, fileUri, isValidArtifactKey, natsObjUri, parseArtifactUri } from "./keys.ts";

function assertInvalid(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err) => {
    assert.ok(isStatusError(err), `expected a StatusError, got ${String(err)}`);
    assert.equal(err.code, Code.INVALID_ARGUMENT);
    assert.match(err.message, pattern);
    return true;
  });
}

test("checkArtifactKey() refuses traversal, absolute paths, backslashes and control characters", () => {
  assertInvalid(() => checkArtifactKey("../x"), /^Artifact key "\.\.\/x" has a "\.\." segment/);
  assertInvalid(() => checkArtifactKey("/etc/passwd"), /is absolute/);
  assertInvalid(() => checkArtifactKey("a/../../b"), /"\.\." segment/);
  assertInvalid(() => checkArtifactKey("a\\b"), /backslash/);
  assertInvalid(() => checkArtifactKey("a\u0000b"), /control character U\+0000/);
  assertInvalid(() => checkArtifactKey("a/./b"), /"\." segment/);
  assertInvalid(() => checkArtifactKey("a//b"), /empty segment/);
  assertInvalid(() => checkArtifactKey("a/"), /empty segment/);
  assertInvalid(() => checkArtifactKey(""), /is empty/);
  assertInvalid(() => checkArtifactKey("C:/x"), /is absolute/);
  assertInvalid(() => checkArtifactKey("x".repeat(1025)), /1025 bytes long/);
  assertInvalid(() => checkArtifactKey(`a/${"y".repeat(256)}`), /segment longer than 255/);
  assertInvalid(() => checkArtifactKey("a/b.artifact.json"), /reserved/);
  assertInvalid(() => checkArtifactKey("a/b.partial"), /reserved/);
});

test("checkArtifactKey() accepts plain relative keys, including spaces and unicode", () => {
  for (const key of [
    "a",
    "runs/42/ckpt.safetensors",
    "a b/ç.png",
    `${"abcd/".repeat(204)}abcd`,
    ".hidden/..x/a..b",
  ]) {
    assert.equal(checkArtifactKey(key), key);
    assert.equal(isValidArtifactKey(key), true);
  }
  assert.equal(isValidArtifactKey("../x"), false);
});

test("parseArtifactUri() reverses fileUri() and natsObjUri(), decoding escaped characters", () => {
  const path = "/tmp/a b/#1%.png";
  const f = fileUri(path);
  assert.equal(f, "file:///tmp/a%20b/%231%25.png");
  assert.deepEqual(parseArtifactUri(f), { scheme: "file", path });
  const n = natsObjUri("bucket-1", "runs/a b/#1%.png");
  assert.equal(n, "nats-obj://bucket-1/runs/a%20b/%231%25.png");
  assert.deepEqual(parseArtifactUri(n), { scheme: "nats-obj", bucket: "bucket-1", key: "runs/a b/#1%.png" });
  assert.deepEqual(parseArtifactUri("nats-obj://b"), { scheme: "nats-obj", bucket: "b", key: "" });
});

test("parseArtifactUri() refuses other schemes, remote files and unsafe NATS keys", () => {
  assertInvalid(() => parseArtifactUri("s3://bucket/key"), /unknown scheme/);
  assertInvalid(() => parseArtifactUri("file://host/x"), /not a local absolute file URI/);
  assertInvalid(() => parseArtifactUri("nats-obj://bucket/a/%2E%2E/b"), /"\.\." segment/);
  assertInvalid(() => parseArtifactUri("nats-obj://bad.bucket/k"), /invalid bucket/);
  assertInvalid(() => parseArtifactUri("nats-obj://b/%E0%A4%A"), /malformed percent-encoding/);
});
