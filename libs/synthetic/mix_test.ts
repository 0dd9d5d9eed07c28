import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_MIX, type LesionMixOptions, resolveMix } from "./mix.ts";

test("resolveMix() fills missing fields from DEFAULT_MIX at every depth", () => {
  assert.deepEqual(resolveMix(), DEFAULT_MIX);
  const mix = resolveMix({
    difficulty: { subtle: 0.5 },
    structures: { streaks: { obvious: 0 } },
    naevus: { network: 1 },
  });
  assert.deepEqual(mix.difficulty, { obvious: 0.4, medium: 0.4, subtle: 0.5 });
  assert.deepEqual(mix.structures.streaks, { ...DEFAULT_MIX.structures.streaks, obvious: 0 });
  assert.deepEqual(mix.structures.irregularBorder, DEFAULT_MIX.structures.irregularBorder);
  assert.equal(mix.naevus.network, 1);
  assert.equal(mix.naevus.globules, DEFAULT_MIX.naevus.globules);
});

test("resolveMix() names the field of a bad value or an unknown key", () => {
  const bad: [LesionMixOptions, RegExp][] = [
    [{ naevus: { network: 1.5 } }, /'naevus\.network'.*'1\.5'/],
    [{ scene: { hair: -0.1 } }, /'scene\.hair'/],
    [{ strength: { subtle: [0.5, 0.2] } }, /'strength\.subtle'/],
    [{ extraColours: { obvious: [1, 5] } }, /'extraColours\.obvious'/],
    [{ extraColours: { medium: [0.5, 1] } }, /'extraColours\.medium'.*integers/],
    [{ difficulty: { obvious: 0, medium: 0, subtle: 0 } }, /'difficulty'.*at least one/],
    [{ colourWeights: { black: Number.NaN } }, /'colourWeights\.black'/],
    [{ naevus: { halo: 0.2 } } as unknown as LesionMixOptions, /'naevus\.halo'/],
    [{ structures: { streaks: { easy: 1 } } } as unknown as LesionMixOptions, /'structures\.streaks\.easy'/],
    [{ colors: {} } as unknown as LesionMixOptions, /'mix\.colors'/],
  ];
  for (const [options, message] of bad) assert.throws(() => resolveMix(options), message);
});
