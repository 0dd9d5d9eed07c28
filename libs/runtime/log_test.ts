import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "./log.ts";

function capture() {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
}

const now = () => new Date("2026-01-02T03:04:05.678Z");

test("createLogger() writes one JSON object per line with level, time, service, msg and fields", () => {
  const out = capture();
  const log = createLogger("preprocess", { write: out.write, now, fields: { pid: 1 } });
  log.info("Started", { port: 50051 });
  assert.equal(out.lines.length, 1);
  assert.ok(out.lines[0]?.endsWith("\n"));
  assert.deepEqual(JSON.parse(out.lines[0] ?? ""), {
    level: "info",
    time: "2026-01-02T03:04:05.678Z",
    service: "preprocess",
    msg: "Started",
    pid: 1,
    port: 50051,
  });
});

test("a logger drops entries below its level", () => {
  const out = capture();
  const log = createLogger("s", { write: out.write, level: "warn" });
  log.debug("a");
  log.info("b");
  log.warn("c");
  log.error("d");
  assert.deepEqual(
    out.lines.map((l) => JSON.parse(l).msg),
    ["c", "d"],
  );
  createLogger("s", { write: out.write, level: "silent" }).error("e");
  assert.equal(out.lines.length, 2);
});

test("child loggers add their fields and keep the parent's", () => {
  const out = capture();
  const log = createLogger("s", { write: out.write, fields: { a: 1 } })
    .child({ b: 2 })
    .child({ c: 3 });
  log.info("x", { d: 4 });
  const entry = JSON.parse(out.lines[0] ?? "");
  assert.equal(entry.a, 1);
  assert.equal(entry.b, 2);
  assert.equal(entry.c, 3);
  assert.equal(entry.d, 4);
});

test("errors in fields are logged with name, message, stack and cause", () => {
  const out = capture();
  const err = new Error("outer", { cause: new TypeError("inner") });
  createLogger("s", { write: out.write }).error("Failed", { err });
  const entry = JSON.parse(out.lines[0] ?? "");
  assert.equal(entry.err.name, "Error");
  assert.equal(entry.err.message, "outer");
  assert.match(entry.err.stack, /log_test\.ts/);
  assert.equal(entry.err.cause.name, "TypeError");
  assert.equal(entry.err.cause.message, "inner");
});

test("createLogger() rejects an unknown level", () => {
  // @ts-expect-error testing a bad value from untyped input
  assert.throws(() => createLogger("s", { level: "loud" }), RangeError);
});
