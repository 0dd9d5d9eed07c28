import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { crc32, deflateRawSync } from "node:zlib";
import {
  Code,
  EVENTS,
  eventCodec,
  type JobRef__Output,
  type PrepareDatasetRequest,
  type Progress__Output,
  type ServiceClients,
} from "@dermanomaly/contracts";
import { openDataset, prepareDataset } from "@dermanomaly/dataset";
import { type RunningService, serveStageInProcess } from "@dermanomaly/runtime";
import { generateSyntheticSet } from "@dermanomaly/synthetic";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { preprocessHandlers } from "./mod.ts";

let nats: NatsServer;
let service: RunningService;
let client: ServiceClients["preprocess"];
let nc: NatsConnection;
let tmp: string;
let photos: string;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "preprocess-test-"));
  photos = join(tmp, "photos");
  await generateSyntheticSet({
    out: photos,
    trainNev: 6,
    testNev: 2,
    testMel: 2,
    width: 160,
    height: 120,
    seed: 3,
  });
  // One corrupt and one non-image file among the naevi: skipped and reported, never fatal.
  const jpeg = readFileSync(join(photos, "train_set/NEV/train_NEV_00000.jpg"));
  writeFileSync(join(photos, "train_set/NEV/zz_truncated.jpg"), jpeg.subarray(0, 200));
  writeFileSync(join(photos, "train_set/NEV/zz_notes.jpg"), "not an image");
  nats = await startNatsServer();
  ({ service, client } = await serveStageInProcess("preprocess", preprocessHandlers, {
    natsUrl: nats.url,
    root: tmp,
  }));
  nc = await connect({ servers: nats.url });
});

after(async () => {
  client?.close();
  await nc?.close();
  await service?.stop();
  await nats?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function start(req: PrepareDatasetRequest): Promise<JobRef__Output> {
  return new Promise((ok, fail) =>
    client.StartPrepareDataset(req, (e, r) => (e ? fail(e) : ok(r as JobRef__Output))),
  );
}

function watch(job: JobRef__Output): Promise<Progress__Output[]> {
  return new Promise((ok, fail) => {
    const seen: Progress__Output[] = [];
    const s = client.Watch(job);
    s.on("data", (p: Progress__Output) => seen.push(p));
    s.on("error", fail);
    s.on("end", () => ok(seen));
  });
}

const base = (over: Partial<PrepareDatasetRequest>): PrepareDatasetRequest => ({
  source: { path: join(photos, "train_set") },
  transform: "TRANSFORM_CENTER_CROP",
  width: 32,
  height: 32,
  ...over,
});

test("StartPrepareDataset writes the data set, stores it as an artifact and announces it once", async () => {
  const job = await start(base({ dest: { key: "runs/a/nev.zip" }, requestId: "req-a" }));
  const seen = await watch(job);
  const last = seen.at(-1)!;
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  assert.equal(last.metrics["written"], 6);
  assert.equal(last.metrics["skipped"], 2);
  assert.equal(last.metrics["skipped_corrupt"], 1);
  assert.equal(last.metrics["skipped_not_an_image"], 1);
  const [dataset, manifest] = last.outputs;
  assert.match(dataset!.uri, /runs\/a\/nev\.zip$/);
  assert.match(dataset!.sha256, /^[0-9a-f]{64}$/);
  const ds = await openDataset(new URL(dataset!.uri).pathname);
  assert.equal(ds.entries.length, 6);
  assert.equal(ds.resolution, 32);
  ds.close();
  assert.match(manifest!.uri, /runs\/a\/nev\.manifest\.json$/);

  // The same request id returns the same job instead of running again.
  const again = await start(base({ dest: { key: "runs/a/nev.zip" }, requestId: "req-a" }));
  assert.equal(again.id, job.id);

  const js = jetstream(nc);
  const consumer = await js.consumers.get("DERMANOMALY_EVENTS", {
    filter_subjects: EVENTS.datasetPrepared.subject,
  });
  const events = [];
  for (let i = 0; i < 3; i++) {
    const m = await consumer.next({ expires: 1000 });
    if (m === null) break;
    events.push(eventCodec("datasetPrepared").decode(m.data));
  }
  const mine = events.filter((e) => e.job?.id === job.id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0]!.written, 6);
  assert.equal(mine[0]!.skippedByReason["CORRUPT"], 1);
  assert.equal(mine[0]!.dataset?.sha256, dataset!.sha256);
});

test("labels come from class folders through the class map, into a destination folder", async () => {
  const dest = join(tmp, "out-folder");
  const job = await start(
    base({ source: { path: join(photos, "test_set") }, dest: { path: dest }, classMap: { NEV: 0, MEL: 1 } }),
  );
  const last = (await watch(job)).at(-1)!;
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  const labels = JSON.parse(readFileSync(join(dest, "dataset.json"), "utf8")).labels as [string, number][];
  assert.deepEqual(labels.map(([, l]) => l).sort(), [0, 0, 1, 1]);
  assert.ok(existsSync(join(dest, "00000/img00000000.png")));
});

test("bad requests are refused on the call with a status a user can act on", async () => {
  const code = async (req: PrepareDatasetRequest) =>
    start(req).then(
      () => Code.OK,
      (e: { code: number; details: string }) => ({ code: e.code, details: e.details }),
    );
  assert.deepEqual(await code(base({ width: 100, height: 100 })), {
    code: Code.INVALID_ARGUMENT,
    details:
      "Resolution 100x100 is not usable with TRANSFORM_CENTER_CROP: the output must be square with a power-of-two side, e.g. 256x256",
  });
  const missing = (await code(base({ source: { path: join(tmp, "nope") } }))) as {
    code: number;
    details: string;
  };
  assert.equal(missing.code, Code.NOT_FOUND);
  assert.match(missing.details, /does not exist/);
  const full = join(tmp, "full");
  mkdirSync(full);
  writeFileSync(join(full, "x.txt"), "x");
  const busy = (await code(base({ dest: { path: full } }))) as { code: number; details: string };
  assert.equal(busy.code, Code.FAILED_PRECONDITION);
  assert.match(busy.details, /not empty/);
  const outside = (await code(base({ dest: { key: "../x.zip" } }))) as { code: number };
  assert.equal(outside.code, Code.INVALID_ARGUMENT);
});

test("a source without a usable image ends FAILED with the reasons, its code, and a preprocess.failed event", async () => {
  const empty = join(tmp, "junk");
  mkdirSync(empty);
  writeFileSync(join(empty, "a.jpg"), "nope");
  const job = await start(base({ source: { path: empty } }));
  const last = (await watch(job)).at(-1)!;
  assert.equal(last.state, "JOB_STATE_FAILED");
  assert.equal(last.errorCode, "FAILED_PRECONDITION");
  assert.match(last.error, /could be used \(skipped: NOT_AN_IMAGE 1\)/);
  const consumer = await jetstream(nc).consumers.get("DERMANOMALY_EVENTS", {
    filter_subjects: EVENTS.preprocessFailed.subject,
  });
  const failed = [];
  for (
    let m = await consumer.next({ expires: 1000 });
    m !== null;
    m = await consumer.next({ expires: 1000 })
  ) {
    const e = eventCodec("preprocessFailed").decode(m.data);
    if (e.job?.id === job.id) failed.push(e);
  }
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.code, "FAILED_PRECONDITION");
  assert.match(failed[0]!.error, /could be used/);
});

test("a path destination gets the stored zip's very bytes, and appears only whole: a failure leaves nothing beside it", async () => {
  const outDir = join(tmp, "whole");
  const dest = join(outDir, "nev.zip");
  const done = (await watch(await start(base({ dest: { path: dest } })))).at(-1)!;
  assert.equal(done.state, "JOB_STATE_SUCCEEDED");
  const stored = done.outputs.find((o) => o.mediaType === "application/zip")!;
  assert.equal(createHash("sha256").update(readFileSync(dest)).digest("hex"), stored.sha256);
  assert.deepEqual(readdirSync(outDir), ["nev.zip"]);
  const junk = join(tmp, "junk-only");
  mkdirSync(junk);
  writeFileSync(join(junk, "a.jpg"), "nope");
  for (const failed of [join(outDir, "failed.zip"), join(outDir, "failed-folder")]) {
    const last = (await watch(await start(base({ source: { path: junk }, dest: { path: failed } })))).at(-1)!;
    assert.equal(last.state, "JOB_STATE_FAILED");
  }
  assert.deepEqual(readdirSync(outDir), ["nev.zip"], "a failed preparation left files behind");
});

test("a zip source is checked on the call: a truncated zip or a zip bomb is INVALID_ARGUMENT", async () => {
  const whole = deflatedZip("NEV/a.jpg", readFileSync(join(photos, "train_set/NEV/train_NEV_00000.jpg")));
  const truncated = join(tmp, "truncated.zip");
  writeFileSync(truncated, whole.subarray(0, 200));
  const refusal = (source: string) =>
    start(base({ source: { path: source } })).then(
      () => undefined,
      (e: { code: number; details: string }) => e,
    );
  const t = await refusal(truncated);
  assert.equal(t?.code, Code.INVALID_ARGUMENT);
  assert.match(t?.details ?? "", /is not a readable zip/);
  // 8 MiB of zeros deflate a thousandfold.
  const bomb = join(tmp, "bomb.zip");
  writeFileSync(bomb, deflatedZip("NEV/zeros.png", Buffer.alloc(8 * 2 ** 20)));
  const b = await refusal(bomb);
  assert.equal(b?.code, Code.INVALID_ARGUMENT);
  assert.match(
    b?.details ?? "",
    /entry 'NEV\/zeros\.png' is compressed \d+ times, more than the limit of 200/,
  );
});

/** A zip of one deflated entry (local header, data, central directory, end record), as any zip tool writes it. */
function deflatedZip(name: string, data: Buffer): Buffer {
  const packed = deflateRawSync(data);
  const file = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const offset = local.length + file.length + packed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([local, file, packed, central, file, end]);
}

test("a split's two parts are two disjoint data sets of the same source; a split without a part is INVALID_ARGUMENT", async () => {
  const source = { path: join(photos, "test_set") };
  const split = { fraction: 0.5, seed: 2 };
  const parts: string[][] = [];
  for (const part of ["SPLIT_PART_KEPT", "SPLIT_PART_HELD_OUT"] as const) {
    const dest = join(tmp, `split-${part}.zip`);
    const job = await start(
      base({ source, dest: { path: dest }, classMap: { NEV: 0, MEL: 1 }, split: { ...split, part } }),
    );
    const last = (await watch(job)).at(-1)!;
    assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
    const reader = await openDataset(dest);
    parts.push(reader.manifest?.images.map((i) => i.source) ?? []);
    reader.close();
  }
  const [kept, heldOut] = parts as [string[], string[]];
  assert.equal(kept.length, 2);
  assert.equal(heldOut.length, 2);
  assert.deepEqual([...kept, ...heldOut].sort(), [
    "MEL/test_MEL_00000.jpg",
    "MEL/test_MEL_00001.jpg",
    "NEV/test_NEV_00000.jpg",
    "NEV/test_NEV_00001.jpg",
  ]);
  const refused = await start(base({ split: { fraction: 0.1 } })).then(
    () => undefined,
    (e: { code: number; details: string }) => e,
  );
  assert.equal(refused?.code, Code.INVALID_ARGUMENT);
  assert.match(refused?.details ?? "", /Split part "SPLIT_PART_UNSPECIFIED" is not a part/);
  const outOfRange = await start(base({ split: { fraction: 1, part: "SPLIT_PART_KEPT" } })).then(
    () => undefined,
    (e: { code: number; details: string }) => e,
  );
  assert.equal(outOfRange?.code, Code.INVALID_ARGUMENT);
  assert.match(outOfRange?.details ?? "", /fraction must be in \(0, 1\), got '1'/);
});

test("resampler RESAMPLER_PIL writes the very PNGs of the library's Pillow-exact path and the manifest says so", async () => {
  const source = join(photos, "test_set");
  const reference = join(tmp, "resampler-reference");
  await prepareDataset({ source, dest: reference, width: 32, height: 32, resampler: "pil" });
  const prepared: Record<string, string> = {};
  for (const resampler of ["RESAMPLER_PIL", "RESAMPLER_UNSPECIFIED"] as const) {
    const dest = join(tmp, `resampler-${resampler}`);
    const last = (
      await watch(await start(base({ source: { path: source }, dest: { path: dest }, resampler })))
    ).at(-1)!;
    assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
    prepared[resampler] = dest;
  }
  const png = (root: string, file: string) => readFileSync(join(root, file));
  const files = (
    JSON.parse(readFileSync(join(reference, "dataset.json"), "utf8")).labels as [string, number][]
  ).map(([file]) => file);
  assert.equal(files.length, 4);
  const manifest = (root: string) => JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));
  const pil = prepared["RESAMPLER_PIL"] as string;
  for (const file of files) assert.ok(png(pil, file).equals(png(reference, file)), file);
  assert.equal(manifest(pil).settings.resampler, "pil");
  // Unset is libvips when shrinking: not the same pixels, which shows the option chose the path.
  const auto = prepared["RESAMPLER_UNSPECIFIED"] as string;
  assert.equal(manifest(auto).settings.resampler, "auto");
  assert.ok(files.some((file) => !png(auto, file).equals(png(reference, file))));
});

test("a resampler the service does not know is INVALID_ARGUMENT naming the known ones", async () => {
  const refused = await start(base({ dest: { key: "runs/r/x.zip" }, resampler: 9 as never })).then(
    () => undefined,
    (e: { code: number; details: string }) => e,
  );
  assert.equal(refused?.code, Code.INVALID_ARGUMENT);
  assert.equal(
    refused?.details,
    'Unknown resampler "9": give RESAMPLER_AUTO, RESAMPLER_PIL or RESAMPLER_SHARP',
  );
});
