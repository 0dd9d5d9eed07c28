import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, test } from "node:test";
import type { DatasetManifest } from "./manifest.ts";
import { archiveName, createDatasetWriter } from "./writer.ts";

const root = await mkdtemp(join(tmpdir(), "writer-test-"));
after(() => rm(root, { recursive: true, force: true }));

const manifest: DatasetManifest = {
  version: 1,
  source: "src",
  settings: {
    transform: "center-crop",
    width: 4,
    height: 4,
    resampler: "pil",
    maxImages: null,
    maxPixels: 1,
    minSide: 1,
  },
  labels: { source: "none", classes: {} },
  images: [],
  skipped: [],
  ignored: [],
};

test("archiveName() puts 1000 images per five-digit folder like dataset_tool.py", () => {
  assert.equal(archiveName(0), "00000/img00000000.png");
  assert.equal(archiveName(999), "00000/img00000999.png");
  assert.equal(archiveName(1000), "00001/img00001000.png");
  assert.equal(archiveName(123456), "00123/img00123456.png");
  assert.throws(() => archiveName(-1), RangeError);
});

test("createDatasetWriter() writes byte-identical zips for identical content", async () => {
  const write = async (name: string) => {
    const w = await createDatasetWriter(join(root, name));
    assert.equal(w.kind, "zip");
    await w.add(archiveName(0), new Uint8Array([1, 2, 3]));
    await w.add(archiveName(1000), new Uint8Array([4, 5]));
    await w.finish({ labels: null }, manifest);
    return await readFile(join(root, name));
  };
  const a = await write("a.zip");
  const b = await write("b.ZIP");
  assert.ok(a.equals(b));
  // Stored entries: the payload bytes appear verbatim.
  assert.ok(a.includes(Buffer.from("00001/img00001000.png")));
  assert.ok(a.includes(Buffer.from('{"labels":null}')));
});

test("createDatasetWriter() abort() removes the folder contents it wrote", async () => {
  const dest = join(root, "folder");
  const w = await createDatasetWriter(dest);
  assert.equal(w.kind, "folder");
  await w.add(archiveName(0), new Uint8Array([1]));
  assert.deepEqual([...(await readFile(join(dest, "00000", "img00000000.png")))], [1]);
  await w.abort();
  await assert.rejects(readFile(join(dest, "00000", "img00000000.png")), { code: "ENOENT" });
});

/** A stream that keeps what is written to it. */
function collector() {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

test("createDatasetWriter() gives zip streams the very bytes of the zip file, and a folder's zip stream its files", async () => {
  const write = async (dest: string | undefined, streams: Writable[]) => {
    const w = await createDatasetWriter(dest, { zipStreams: streams });
    await w.add(archiveName(0), new Uint8Array([1, 2, 3]));
    await w.add(archiveName(1), new Uint8Array([4, 5]));
    await w.finish({ labels: null }, manifest);
    return w;
  };
  const [a, b] = [collector(), collector()];
  const zipped = await write(join(root, "streamed.zip"), [a.out, b.out]);
  assert.equal(zipped.kind, "zip");
  const file = await readFile(join(root, "streamed.zip"));
  assert.ok(a.bytes().equals(file) && b.bytes().equals(file));
  const alone = collector();
  const streamOnly = await write(undefined, [alone.out]);
  assert.equal(streamOnly.dest, undefined);
  assert.ok(alone.bytes().equals(file));
  const fromFolder = collector();
  const folder = await write(join(root, "streamed-folder"), [fromFolder.out]);
  assert.equal(folder.kind, "folder");
  assert.ok(fromFolder.bytes().equals(file), "the folder's zip differs from the zip destination's");
  assert.deepEqual([...(await readFile(join(root, "streamed-folder", "00000", "img00000001.png")))], [4, 5]);
  await assert.rejects(createDatasetWriter(undefined), TypeError);
});

test("createDatasetWriter() abort() removes the zip and destroys the zip streams with an error", async () => {
  const dest = join(root, "aborted.zip");
  const stream = collector();
  const w = await createDatasetWriter(dest, { zipStreams: [stream.out] });
  await w.add(archiveName(0), new Uint8Array([1]));
  await w.abort();
  await assert.rejects(readFile(dest), { code: "ENOENT" });
  assert.ok(stream.out.destroyed);
  assert.ok(stream.out.errored instanceof Error);
});
