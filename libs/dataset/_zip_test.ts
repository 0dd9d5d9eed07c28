import assert from "node:assert/strict";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Code, isStatusError } from "@dermanomaly/contracts";
import { encodePng, isImageDecodeError } from "@dermanomaly/imaging";
import yazl from "yazl";
import { checkSource } from "./_source.ts";
import { openZip } from "./_zip.ts";
import { prepareDataset } from "./prepare.ts";
import { openDataset } from "./reader.ts";

const tmp = mkdtempSync(join(tmpdir(), "zip-test-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes a zip of `entries` (stored, or deflated when `compress`). */
async function writeZip(name: string, entries: [string, Uint8Array, boolean][]): Promise<string> {
  const path = join(tmp, name);
  const zip = new yazl.ZipFile();
  for (const [entry, data, compress] of entries) zip.addBuffer(Buffer.from(data), entry, { compress });
  zip.end();
  await new Promise<void>((resolve, reject) =>
    zip.outputStream.pipe(createWriteStream(path)).on("close", resolve).on("error", reject),
  );
  return path;
}

/** A small PNG whose pixels vary (so that it is a real image of 40x40). */
function photo(seed: number): Promise<Uint8Array> {
  const data = new Uint8Array(40 * 40 * 3).map((_, i) => (i * 7 + seed * 31) % 251);
  return encodePng({ data, width: 40, height: 40 });
}

test("openZip() refuses an entry compressed beyond the ratio limit (a zip bomb), naming it, before inflating it", async () => {
  const bomb = await writeZip("bomb.zip", [
    ["a.png", await photo(1), false],
    ["zeros.png", new Uint8Array(4 * 2 ** 20), true],
  ]);
  await assert.rejects(
    openZip(bomb),
    (err: Error) =>
      isStatusError(err) &&
      err.code === Code.INVALID_ARGUMENT &&
      /entry 'zeros\.png' is compressed \d+ times, more than the limit of 200/.test(err.message),
  );
  // With a limit that allows it, the same zip opens.
  assert.deepEqual((await openZip(bomb, { maxRatio: 1e6 })).names, ["a.png", "zeros.png"]);
});

test("openZip() refuses an entry larger than the size limit", async () => {
  const big = await writeZip("big.zip", [["big.png", new Uint8Array(5000).fill(7), false]]);
  await assert.rejects(
    openZip(big, { maxEntryBytes: 4096 }),
    /entry 'big\.png' inflates to 5000 bytes, more than the limit of 4096/,
  );
  await assert.rejects(openZip(big, { maxEntryBytes: 0 }), RangeError);
});

test("a damaged entry fails its read as CORRUPT (CRC-32 checked); the other entries read", async () => {
  const good = await photo(2);
  const path = await writeZip("damaged.zip", [
    ["good.png", good, false],
    ["bad.png", await photo(3), false],
  ]);
  const bytes = readFileSync(path);
  // Flip one byte inside the second stored entry's data (well past its local header).
  const at = bytes.indexOf(Buffer.from("bad.png")) + "bad.png".length + 200;
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(path, bytes);
  const zip = await openZip(path);
  assert.deepEqual(Buffer.compare(await zip.read("good.png"), Buffer.from(good)), 0);
  await assert.rejects(
    zip.read("bad.png"),
    (err: unknown) => isImageDecodeError(err) && err.code === "CORRUPT",
  );
  zip.close();
});

test("a damaged entry skips that image in a preparation and is listed in the manifest as CORRUPT", async () => {
  const path = await writeZip("photos.zip", [
    ["a.png", await photo(4), false],
    ["b.png", await photo(5), false],
    ["c.png", await photo(6), false],
  ]);
  const bytes = readFileSync(path);
  const at = bytes.indexOf(Buffer.from("b.png")) + "b.png".length + 300;
  bytes[at] = bytes[at]! ^ 0x55;
  writeFileSync(path, bytes);
  const dest = join(tmp, "prepared.zip");
  const summary = await prepareDataset({ source: path, dest, width: 32, height: 32 });
  assert.equal(summary.written, 2);
  assert.deepEqual(summary.skippedByReason, { CORRUPT: 1 });
  const ds = await openDataset(dest);
  assert.deepEqual(
    ds.manifest?.skipped.map((s) => [s.source, s.reason]),
    [["b.png", "CORRUPT"]],
  );
  assert.match(ds.manifest?.skipped[0]?.detail ?? "", /Zip entry 'b\.png' is damaged/);
  ds.close();
});

test("checkSource() refuses a truncated zip with INVALID_ARGUMENT before any work", async () => {
  const path = await writeZip("whole.zip", [["a.png", await photo(7), false]]);
  const truncated = join(tmp, "truncated.zip");
  writeFileSync(truncated, readFileSync(path).subarray(0, 100));
  await assert.rejects(
    checkSource(truncated),
    (err: Error) =>
      isStatusError(err) && err.code === Code.INVALID_ARGUMENT && /is not a readable zip/.test(err.message),
  );
  await assert.rejects(
    checkSource(join(tmp, "missing.zip")),
    (err: Error) => isStatusError(err) && err.code === Code.NOT_FOUND,
  );
  await checkSource(path);
});
