import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { RandomState, seedLatent } from "./random_state.ts";

// Written by fixtures/make_fixtures.py from numpy itself.
const ref = JSON.parse(readFileSync(new URL("./fixtures/randn.json", import.meta.url), "utf8")) as {
  seeds: Record<string, { randn: number[]; random_sample: number[] }>;
  carry: { seed: number; first: number[]; second: number[] };
};

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

test("seedLatent(seed, 512) equals numpy's RandomState(seed).randn(1, 512) for seeds 0, 1, 42, 2**31, 2**32-1", () => {
  assert.deepEqual(Object.keys(ref.seeds).sort(), ["0", "1", "2147483648", "42", "4294967295"]);
  for (const [seed, r] of Object.entries(ref.seeds)) {
    const z = seedLatent(Number(seed), 512);
    // numpy's values round-trip through JSON exactly; the only slack is Math.log / Math.sqrt vs libm (1 ulp).
    assert.ok(maxAbs(z, r.randn) < 1e-15 * 8, `seed ${seed}: max abs error ${maxAbs(z, r.randn)}`);
  }
});

test("randomSample() reproduces numpy's random_sample() bit for bit", () => {
  for (const [seed, r] of Object.entries(ref.seeds)) {
    const rs = new RandomState(Number(seed));
    assert.deepEqual([rs.randomSample(), rs.randomSample(), rs.randomSample()], r.random_sample);
  }
});

test("the cached second Box-Muller value carries over between randn() calls, as numpy's does", () => {
  const rs = new RandomState(ref.carry.seed);
  assert.ok(maxAbs(rs.randn(3), ref.carry.first) < 1e-14);
  assert.ok(maxAbs(rs.randn(2), ref.carry.second) < 1e-14);
});

test("RandomState rejects seeds numpy rejects", () => {
  assert.throws(() => new RandomState(-1), RangeError);
  assert.throws(() => new RandomState(2 ** 32), RangeError);
  assert.throws(() => new RandomState(1.5), RangeError);
});
