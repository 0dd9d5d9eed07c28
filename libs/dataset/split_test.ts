import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import sharp from "sharp";
import { prepareDataset } from "./prepare.ts";
import { openDataset } from "./reader.ts";
import { heldOutCount, SplitPart, splitNames } from "./split.ts";

const reference = JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "split.json"), "utf8")) as {
  names: string[];
  cases: { fraction: number; seed: number; held_out: string[] }[];
};

test("splitNames() holds out the images Python's hashlib picks (fixtures/make_split.py), half rounded up", () => {
  for (const { fraction, seed, held_out } of reference.cases) {
    const heldOut = splitNames(reference.names, { fraction, seed, part: SplitPart.HELD_OUT });
    assert.deepEqual([...heldOut].sort(), held_out, `fraction ${fraction}, seed ${seed}`);
  }
});

test("splitNames() parts are disjoint, cover every name, keep the given order and ignore it for the choice", () => {
  const names = reference.names;
  const split = { fraction: 0.1, seed: 9 };
  const kept = splitNames(names, { ...split, part: SplitPart.KEPT });
  const heldOut = splitNames(names, { ...split, part: SplitPart.HELD_OUT });
  assert.equal(heldOut.length, 3); // 2.5 rounds up
  assert.equal(kept.length + heldOut.length, names.length);
  assert.deepEqual([...kept, ...heldOut].sort(), [...names].sort());
  assert.deepEqual(
    kept,
    names.filter((n) => kept.includes(n)),
  );
  const reversed = splitNames([...names].reverse(), { ...split, part: SplitPart.HELD_OUT });
  assert.deepEqual([...reversed].sort(), [...heldOut].sort());
  const otherSeed = splitNames(names, { ...split, seed: 10, part: SplitPart.HELD_OUT });
  assert.notDeepEqual([...otherSeed].sort(), [...heldOut].sort());
});

test("heldOutCount() leaves neither part empty", () => {
  assert.deepEqual(
    [0, 1, 2, 5, 20, 25].map((n) => heldOutCount(n, 0.1)),
    [0, 0, 1, 1, 2, 3],
  );
  assert.equal(heldOutCount(10, 0.99), 9);
});

test("splitNames() refuses a fraction outside (0, 1), a bad seed and an unknown part", () => {
  for (const fraction of [0, 1, -0.1, Number.NaN])
    assert.throws(
      () => splitNames([], { fraction, seed: 0, part: SplitPart.KEPT }),
      /fraction must be in \(0, 1\)/,
    );
  assert.throws(() => splitNames([], { fraction: 0.1, seed: -1, part: SplitPart.KEPT }), /seed must be/);
  assert.throws(
    () => splitNames([], { fraction: 0.1, seed: 0, part: "both" as SplitPart }),
    /part must be 'kept' or 'held-out', got 'both'/,
  );
});

test("prepareDataset() with the two parts of one split writes disjoint data sets that together hold every image", async () => {
  const root = mkdtempSync(join(tmpdir(), "split-test-"));
  try {
    const source = join(root, "NEV");
    mkdirSync(source);
    for (let i = 0; i < 10; i++) {
      const png = await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: i * 20, g: 0, b: 0 } },
      })
        .png()
        .toBuffer();
      writeFileSync(join(source, `img${i}.png`), png);
    }
    const split = { fraction: 0.2, seed: 4 };
    const parts = await Promise.all(
      [SplitPart.KEPT, SplitPart.HELD_OUT].map(async (part) => {
        const dest = join(root, `${part}.zip`);
        await prepareDataset({ source, dest, width: 8, height: 8, split: { ...split, part } });
        const reader = await openDataset(dest);
        const sources = reader.manifest?.images.map((image) => image.source) ?? [];
        assert.deepEqual(reader.manifest?.split, { ...split, part });
        reader.close();
        return sources;
      }),
    );
    const [kept, heldOut] = parts as [string[], string[]];
    assert.equal(heldOut.length, 2);
    assert.equal(kept.length, 8);
    assert.deepEqual(heldOut, splitNames(readdirSync(source).sort(), { ...split, part: SplitPart.HELD_OUT }));
    assert.deepEqual([...kept, ...heldOut].sort(), readdirSync(source).sort());
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
