import assert from "node:assert/strict";
import { test } from "node:test";
import { lesionTraits } from "./traits.ts";

const N = 3000;

function share(values: readonly boolean[]): number {
  return values.filter(Boolean).length / values.length;
}

test("lesionTraits() draws melanoma difficulties, colours and structures in the mix's shares", () => {
  const mel = Array.from({ length: N }, (_, seed) => lesionTraits("MEL", { seed }));
  // Binomial standard error at N = 3000 is under 0.01: 0.03 is three of them.
  assert.ok(Math.abs(share(mel.map((t) => t.difficulty === "obvious")) - 0.4) < 0.03);
  assert.ok(Math.abs(share(mel.map((t) => t.difficulty === "subtle")) - 0.2) < 0.03);
  for (const t of mel) {
    const [lo, hi] =
      t.difficulty === "obvious" ? [0.75, 1] : t.difficulty === "medium" ? [0.45, 0.75] : [0.2, 0.45];
    assert.ok(t.strength >= lo && t.strength <= hi, `${t.difficulty} strength ${t.strength}`);
    const [cMin, cMax] = t.difficulty === "obvious" ? [2, 3] : t.difficulty === "medium" ? [1, 2] : [1, 1];
    assert.ok(t.colours.length >= cMin && t.colours.length <= cMax);
    assert.equal(new Set(t.colours).size, t.colours.length);
    // A melanoma keeps only the naevus structures; its colours are its extra colours.
    assert.ok(t.naevus.every((f) => f === "network" || f === "globules"));
  }
  const obvious = mel.filter((t) => t.difficulty === "obvious");
  assert.ok(Math.abs(share(obvious.map((t) => t.structures.includes("streaks"))) - 0.4) < 0.05);
  const subtle = mel.filter((t) => t.difficulty === "subtle");
  assert.ok(Math.abs(share(subtle.map((t) => t.structures.includes("irregularBorder"))) - 0.5) < 0.07);
  // Red has weight 0.7 against 1 for the others.
  const red = share(mel.map((t) => t.colours.includes("red")));
  const black = share(mel.map((t) => t.colours.includes("black")));
  assert.ok(red < black - 0.05, `red ${red} vs black ${black}`);
});

test("lesionTraits() gives naevi benign patterns only, a light centre only without a dark one", () => {
  const nev = Array.from({ length: N }, (_, seed) => lesionTraits("NEV", { seed }));
  for (const t of nev) {
    assert.equal(t.difficulty, null);
    assert.equal(t.strength, 0);
    assert.deepEqual([t.colours, t.structures], [[], []]);
    assert.ok(!(t.naevus.includes("darkCentre") && t.naevus.includes("lightCentre")));
  }
  assert.ok(Math.abs(share(nev.map((t) => t.naevus.includes("network"))) - 0.6) < 0.03);
  assert.ok(Math.abs(share(nev.map((t) => t.naevus.includes("darkCentre"))) - 0.45) < 0.03);
  // 0.6 of the naevi without a dark centre (0.55).
  assert.ok(Math.abs(share(nev.map((t) => t.naevus.includes("lightCentre"))) - 0.33) < 0.03);
  assert.ok(Math.abs(share(nev.map((t) => t.scene.includes("hair"))) - 0.6) < 0.03);
});

test("lesionTraits() follows a mix override and is the same for the same seed", () => {
  const mix = { difficulty: { obvious: 0, medium: 0, subtle: 1 }, naevus: { network: 0 } } as const;
  for (let seed = 0; seed < 200; seed++) {
    const t = lesionTraits("MEL", { seed, mix });
    assert.equal(t.difficulty, "subtle");
    assert.equal(t.colours.length, 1);
    assert.ok(!t.naevus.includes("network"));
    assert.deepEqual(lesionTraits("MEL", { seed, mix }), t);
  }
  assert.throws(() => lesionTraits("BCC" as "NEV"), /Unknown lesion kind 'BCC'/);
  assert.throws(() => lesionTraits("NEV", { seed: 1.5 }), RangeError);
});
