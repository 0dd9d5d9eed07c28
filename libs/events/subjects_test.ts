import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkSubject,
  EVENTS_SUBJECTS,
  eventFilter,
  eventSubject,
  isEventSubject,
  parseEventSubject,
} from "./subjects.ts";

test("eventSubject() builds dermanomaly.events.<stage>.<event> and parseEventSubject() reverses it", () => {
  const s = eventSubject("reconstructor", "batch_done");
  assert.equal(s, "dermanomaly.events.reconstructor.batch_done");
  assert.deepEqual(parseEventSubject(s), { stage: "reconstructor", event: "batch_done" });
  assert.equal(EVENTS_SUBJECTS, "dermanomaly.events.>");
});

test("eventSubject() refuses tokens that are not lowercase [a-z0-9_-]", () => {
  for (const bad of ["Trainer", "a.b", "", "a b", "*", ">", "é", "x".repeat(65)]) {
    assert.throws(() => eventSubject(bad, "ok"), TypeError, bad);
    assert.throws(() => eventSubject("ok", bad), TypeError, bad);
  }
  assert.equal(eventSubject("a-1", "b_2"), "dermanomaly.events.a-1.b_2");
});

test("eventFilter() puts * for the parts left out", () => {
  assert.equal(eventFilter(), "dermanomaly.events.*.*");
  assert.equal(eventFilter({ stage: "trainer" }), "dermanomaly.events.trainer.*");
  assert.equal(eventFilter({ event: "failed" }), "dermanomaly.events.*.failed");
});

test("parseEventSubject() returns null for other subjects and wildcards", () => {
  assert.equal(parseEventSubject("dermanomaly.events.trainer"), null);
  assert.equal(parseEventSubject("dermanomaly.events.trainer.a.b"), null);
  assert.equal(parseEventSubject("dermanomaly.events.*.failed"), null);
  assert.equal(parseEventSubject("other.events.trainer.failed"), null);
  assert.equal(isEventSubject("dermanomaly.events.trainer.failed"), true);
});

test("checkSubject() allows wildcards only when asked and only as whole tokens", () => {
  assert.doesNotThrow(() => checkSubject("a.b.c"));
  assert.throws(() => checkSubject("a.*.c"), /wildcards are not allowed/);
  assert.doesNotThrow(() => checkSubject("a.*.>", { wildcards: true }));
  assert.throws(() => checkSubject("a.>.c", { wildcards: true }), TypeError);
  assert.throws(() => checkSubject("a.b*.c", { wildcards: true }), TypeError);
  assert.throws(() => checkSubject("a..c"), /non-empty/);
  assert.throws(() => checkSubject("a. b"), /whitespace/);
  assert.throws(() => checkSubject("a.\u0001"), /whitespace/);
  assert.throws(() => checkSubject(""), TypeError);
});
