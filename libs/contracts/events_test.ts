import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import protobuf from "protobufjs";
import { sampleMessage } from "./_sample_message.ts";
import { protoRoot } from "./codec.ts";
import { EVENTS, type EventKey, eventCodec, eventKeyOf, FAILURE_EVENTS } from "./events.ts";
import { PROTO_DIR } from "./loader_options.ts";
import { SERVICE_NAMES } from "./services.ts";

const keys = Object.keys(EVENTS) as EventKey[];

test("every event subject has the form dermanomaly.events.<stage>.<event> and is unique", () => {
  const subjects = keys.map((k) => EVENTS[k].subject);
  for (const subject of subjects) {
    assert.match(subject, /^dermanomaly\.events\.[a-z_-]+\.[a-z_]+$/);
  }
  assert.equal(new Set(subjects).size, subjects.length);
});

test("eventKeyOf() maps every subject back to its key and rejects other subjects", () => {
  for (const key of keys) assert.equal(eventKeyOf(EVENTS[key].subject), key);
  assert.equal(eventKeyOf("dermanomaly.events.gan"), undefined);
  assert.equal(eventKeyOf("dermanomaly.events.gan.snapshot.extra"), undefined);
});

test("EVENTS lists every message of events.proto", () => {
  const inEventsProto = (protoRoot().lookup("dermanomaly.v1") as protobuf.Namespace).nestedArray
    .filter((n) => n instanceof protobuf.Type && (n.filename ?? "").endsWith("dermanomaly/v1/events.proto"))
    .map((n) => n.fullName.slice(1));
  // One message may serve several subjects (JobFailed: one per stage).
  assert.deepEqual(inEventsProto.sort(), [...new Set(keys.map((k) => EVENTS[k].typeName))].sort());
});

test("every event message documents its subject in events.proto", () => {
  const source = readFileSync(join(PROTO_DIR, "dermanomaly/v1/events.proto"), "utf8");
  const parsed = protobuf.parse(source, { alternateCommentMode: true }).root;
  for (const key of keys) {
    const type = parsed.lookupType(EVENTS[key].typeName);
    const comment = type.comment ?? "";
    // One subject ("Subject `...`"), or several for a message that serves several stages ("Subjects `...`, ...").
    const named =
      comment.includes(`Subject \`${EVENTS[key].subject}\``) ||
      (comment.includes("Subjects `") && comment.includes(`\`${EVENTS[key].subject}\``));
    assert.ok(named, `${key}: ${comment}`);
  }
});

test("every event has its JobRef as field 1 and a Timestamp `at` as field 2", () => {
  for (const key of keys) {
    const type = protoRoot().lookupType(EVENTS[key].typeName);
    const job = type.fieldsById[1]?.resolve();
    const at = type.fieldsById[2]?.resolve();
    assert.equal(job?.name, "job", key);
    assert.equal(job?.resolvedType?.fullName, ".dermanomaly.v1.JobRef", key);
    assert.equal(at?.name, "at", key);
    assert.equal(at?.resolvedType?.fullName, ".google.protobuf.Timestamp", key);
  }
});

test("every stage has a failure event carrying job, at, error and code, on a subject of its own", () => {
  assert.deepEqual(Object.keys(FAILURE_EVENTS).sort(), [...SERVICE_NAMES].sort());
  const subjects = Object.values(FAILURE_EVENTS).map((k) => EVENTS[k].subject);
  assert.equal(new Set(subjects).size, subjects.length);
  for (const key of Object.values(FAILURE_EVENTS)) {
    const fields = protoRoot().lookupType(EVENTS[key].typeName).fields;
    assert.equal(fields["error"]?.type, "string", key);
    assert.equal(fields["code"]?.type, "string", key);
    assert.match(EVENTS[key].subject, /\.failed$/, key);
  }
});

test("every event that announces outputs carries their Lineage", () => {
  const announcesOutputs = keys.filter((k) => !/(Failed|Tick|EpochEnded|StateChanged)$/.test(k));
  assert.ok(announcesOutputs.length >= 9);
  for (const key of announcesOutputs) {
    const lineage = protoRoot().lookupType(EVENTS[key].typeName).fields["lineage"]?.resolve();
    assert.equal(lineage?.resolvedType?.fullName, ".dermanomaly.v1.Lineage", key);
  }
});

test("every event codec round-trips a sample with every field set", () => {
  for (const key of keys) {
    const codec = eventCodec(key);
    assert.equal(codec.typeName, EVENTS[key].typeName);
    const sample = sampleMessage(protoRoot().lookupType(EVENTS[key].typeName));
    const back = codec.decode(codec.encode(sample as never));
    assert.deepEqual(back, sample, key);
  }
});

test("eventCodec() decodes a hand-written DatasetPrepared field by field", () => {
  const codec = eventCodec("datasetPrepared");
  const bytes = codec.encode({
    job: { id: "p1", service: "preprocess" },
    at: { seconds: 1_700_000_000, nanos: 250 },
    dataset: {
      uri: "file:///runs/a/dataset.zip",
      sha256: "ab",
      sizeBytes: 5_000_000_000,
      mediaType: "application/zip",
    },
    written: 1260,
    skippedByReason: { too_small: 3 },
    width: 256,
    height: 256,
    lineage: { seed: 7, inputs: [{ uri: "file:///data/isic" }] },
  });
  const back = codec.decode(bytes);
  assert.equal(back.job?.id, "p1");
  assert.equal(back.at?.seconds, 1_700_000_000);
  assert.equal(back.dataset?.sizeBytes, 5_000_000_000);
  assert.equal(back.written, 1260);
  assert.equal(back.skipped, 0);
  assert.equal(back.skippedByReason["too_small"], 3);
  assert.equal(back.lineage?.seed, 7);
  assert.equal(back.lineage?.inputs[0]?.uri, "file:///data/isic");
  assert.equal(back.manifest, null);
});

test("eventCodec() returns one codec per key and rejects unknown keys", () => {
  assert.equal(eventCodec("ganTick"), eventCodec("ganTick"));
  assert.throws(() => eventCodec("nope" as EventKey), TypeError);
});
