import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { decodeNpy, encodeNpy, readNpy, writeNpy } from "./npy.ts";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
// Written by fixtures/make_fixtures.py with numpy.save / numpy.lib.format.write_array.
const expected = JSON.parse(readFileSync(fixture("npy_expected.json"), "utf8")) as Record<
  string,
  { shape: number[]; dtype: string; values: number[] }
>;

test("decodeNpy() reads numpy's float32/float64 files (v1.0 and v2.0 headers, 0-d to 4-d) exactly", () => {
  assert.equal(Object.keys(expected).length, 5);
  for (const [name, e] of Object.entries(expected)) {
    const a = decodeNpy(readFileSync(fixture(name)));
    assert.deepEqual(a.shape, e.shape, name);
    assert.equal(a.data instanceof Float32Array ? "<f4" : "<f8", e.dtype, name);
    assert.deepEqual([...a.data], e.values, name);
  }
});

test("encodeNpy() writes byte for byte what numpy.save writes", () => {
  for (const name of ["f4_2x3.npy", "f8_4.npy", "f4_1x3x2x2.npy", "f4_scalar.npy"]) {
    const bytes = readFileSync(fixture(name));
    assert.deepEqual(encodeNpy(decodeNpy(bytes)), new Uint8Array(bytes), name);
  }
});

test("decodeNpy() refuses Fortran order, big-endian, truncated and non-npy data with clear messages", () => {
  assert.throws(() => decodeNpy(readFileSync(fixture("fortran_2x3.npy"))), /Fortran order/);
  assert.throws(() => decodeNpy(readFileSync(fixture("bigendian_3.npy"))), /dtype ">f4" is not supported/);
  const ok = readFileSync(fixture("f4_2x3.npy"));
  assert.throws(
    () => decodeNpy(ok.subarray(0, ok.byteLength - 1)),
    /holds 23 data bytes but its shape needs 24/,
  );
  assert.throws(() => decodeNpy(ok.subarray(0, 20)), /truncated in its header/);
  assert.throws(() => decodeNpy(new TextEncoder().encode("not an array at all")), /no \\x93NUMPY magic/);
});

test("writeNpy() then readNpy() round-trips a float32 NCHW batch", async () => {
  const dir = await mkdtemp(join(tmpdir(), "npy-"));
  try {
    const data = Float32Array.from({ length: 2 * 3 * 4 * 4 }, (_, i) => Math.sin(i));
    await writeNpy(join(dir, "x.npy"), { shape: [2, 3, 4, 4], data });
    const back = await readNpy(join(dir, "x.npy"));
    assert.deepEqual(back.shape, [2, 3, 4, 4]);
    assert.deepEqual(back.data, data);
    assert.throws(() => encodeNpy({ shape: [5], data }), /does not fit 96 values/);
  } finally {
    await rm(dir, { recursive: true });
  }
});
