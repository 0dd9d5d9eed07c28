import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import { decodeSafetensors, encodeSafetensors, readSafetensors, writeSafetensors } from "./safetensors.ts";
import type { StateDict } from "./state_dict.ts";

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "gan-safetensors-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sample(): StateDict {
  return new Map([
    ["b4.conv.weight", { shape: [2, 3, 1, 1], data: new Float32Array([1, -2, 3.5, 1e-20, -0, 6e30]) }],
    ["b4.conv.bias", { shape: [2], data: new Float32Array([0.25, Number.NaN]) }],
    ["scalar", { shape: [], data: new Float32Array([7]) }],
    ["empty", { shape: [0, 4], data: new Float32Array(0) }],
  ]);
}

function rawFile(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  out.set(data, 8 + json.byteLength);
  return out;
}

const isDataLoss = (err: unknown) => isStatusError(err) && err.code === 15;

test("writeSafetensors() then readSafetensors() round-trips names, shapes, values and metadata", async () => {
  const path = join(dir, "a.safetensors");
  await writeSafetensors(path, sample(), { metadata: { format: "pt", network: "D" } });
  const { stateDict, metadata } = await readSafetensors(path);
  assert.deepEqual(metadata, { format: "pt", network: "D" });
  assert.deepEqual([...stateDict.keys()], [...sample().keys()]);
  for (const [k, v] of sample()) assert.deepEqual(stateDict.get(k), v, k);
  // The file layout is the published one: u64 LE header length, JSON header, 8-byte aligned data.
  const bytes = new Uint8Array(await readFile(path));
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  assert.deepEqual(header["b4.conv.bias"], { dtype: "F32", shape: [2], data_offsets: [24, 32] });
  assert.equal(bytes.byteLength, 8 + n + 4 * 9);
  assert.deepEqual(decodeSafetensors(bytes).stateDict, stateDict);
  assert.deepEqual(encodeSafetensors(sample(), { metadata: { format: "pt", network: "D" } }), bytes);
});

test("readSafetensors() reads only the named tensors and rejects an unknown name", async () => {
  const path = join(dir, "b.safetensors");
  await writeSafetensors(path, sample());
  const { stateDict } = await readSafetensors(path, { names: ["scalar"] });
  assert.deepEqual([...stateDict.keys()], ["scalar"]);
  await assert.rejects(readSafetensors(path, { names: ["nope"] }), /"nope" is not in the safetensors file/);
});

test("F16 tensors are widened to float32", () => {
  const halves = new Uint16Array([0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0xfc00]);
  const file = rawFile(
    { h: { dtype: "F16", shape: [2, 3], data_offsets: [0, 12] } },
    new Uint8Array(halves.buffer),
  );
  const got = decodeSafetensors(file).stateDict.get("h")!;
  assert.deepEqual(got.shape, [2, 3]);
  assert.deepEqual(Array.from(got.data), [
    1,
    -2,
    Math.fround(0.333251953125),
    65504,
    Math.fround(2 ** -24),
    Number.NEGATIVE_INFINITY,
  ]);
});

test("a truncated file fails with DATA_LOSS", async () => {
  const path = join(dir, "c.safetensors");
  await writeSafetensors(path, sample());
  await truncate(path, (await readFile(path)).byteLength - 4);
  await assert.rejects(readSafetensors(path), (err) => isDataLoss(err) && /outside the/.test(String(err)));
  await truncate(path, 5);
  await assert.rejects(readSafetensors(path), (err) => isDataLoss(err) && /shorter than/.test(String(err)));
  await truncate(path, 20);
  await assert.rejects(readSafetensors(path), (err) => isDataLoss(err) && /exceeds/.test(String(err)));
});

test("a header with out-of-range or inconsistent offsets fails with DATA_LOSS", async () => {
  const data = new Uint8Array(8);
  const cases: [object, RegExp][] = [
    [{ t: { dtype: "F32", shape: [2], data_offsets: [4, 12] } }, /outside the 8-byte data section/],
    [{ t: { dtype: "F32", shape: [2], data_offsets: [8, 4] } }, /outside/],
    [{ t: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, /spans 8 bytes but .* need 12/],
    [{ t: { dtype: "F32", shape: [2], data_offsets: [-1, 7] } }, /invalid data_offsets/],
    [{ t: { dtype: "F32", shape: [2.5], data_offsets: [0, 8] } }, /invalid shape/],
  ];
  for (const [header, message] of cases) {
    const path = join(dir, "d.safetensors");
    await writeFile(path, rawFile(header, data));
    await assert.rejects(
      readSafetensors(path),
      (err) => isDataLoss(err) && message.test(String(err)),
      String(message),
    );
  }
  const bad = rawFile({}, data);
  bad.set(new TextEncoder().encode("{x"), 8);
  assert.throws(
    () => decodeSafetensors(bad),
    (err) => isDataLoss(err) && /not valid JSON/.test(String(err)),
  );
  assert.throws(
    () => decodeSafetensors(rawFile({ t: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, data)),
    /dtype "I64"; only F32 and F16/,
  );
});
