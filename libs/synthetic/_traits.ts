import { mixSeed, Random } from "./_random.ts";
import {
  LesionKind,
  type MelanomaColour,
  MelanomaStructure,
  NaevusFeature,
  SceneFeature,
} from "./features.ts";
import type { LesionMix } from "./mix.ts";
import type { LesionTraits } from "./traits.ts";

/** Stream id that splits an image's seed: its traits come from their own stream, apart from the style's drawing. */
const TRAITS_STREAM = 1;

/** Naevus features a melanoma keeps (the rest are colours, which a melanoma draws off-centre instead). */
const NAEVUS_STRUCTURES: readonly NaevusFeature[] = [NaevusFeature.NETWORK, NaevusFeature.GLOBULES];

function values<T extends string>(table: Readonly<Record<string, T>>): readonly T[] {
  return Object.values(table);
}

/** {@linkcode lesionTraits} with a mix already resolved (the set writer resolves it once). */
export function drawTraits(kind: LesionKind, seed: number, mix: LesionMix): LesionTraits {
  if (kind !== LesionKind.NEV && kind !== LesionKind.MEL)
    throw new RangeError(`Unknown lesion kind '${String(kind)}'; expected 'NEV' or 'MEL'`);
  if (!Number.isInteger(seed)) throw new RangeError(`Seed must be an integer, got '${seed}'`);
  const rng = new Random(mixSeed(seed, TRAITS_STREAM));
  // Every draw happens for both classes, so a naevus and a melanoma of one seed share their naevus and scene traits.
  const difficulty = pickWeighted(rng, mix.difficulty);
  const strengthRange = mix.strength[difficulty];
  const strength = rng.uniform(strengthRange[0], strengthRange[1]);
  const [lo, hi] = mix.extraColours[difficulty];
  const colourCount = rng.int(lo, hi);
  const colours: MelanomaColour[] = [];
  const weights = { ...mix.colourWeights };
  for (let c = 0; c < colourCount; c++) {
    if (Object.values(weights).every((w) => w === 0)) break;
    const colour = pickWeighted(rng, weights);
    colours.push(colour);
    weights[colour] = 0;
  }
  const structures = values(MelanomaStructure).filter((s) => rng.next() < mix.structures[s][difficulty]);
  const drawn = values(NaevusFeature).filter((f) => rng.next() < mix.naevus[f]);
  // A centre cannot be both darker and lighter: the dark centre wins.
  const naevus = drawn.includes(NaevusFeature.DARK_CENTRE)
    ? drawn.filter((f) => f !== NaevusFeature.LIGHT_CENTRE)
    : drawn;
  const scene = values(SceneFeature).filter((f) => rng.next() < mix.scene[f]);
  const mel = kind === LesionKind.MEL;
  return {
    kind,
    difficulty: mel ? difficulty : null,
    strength: mel ? strength : 0,
    // A melanoma's colours are its eccentric extra colours: it keeps only the naevus structures.
    naevus: mel ? naevus.filter((f) => NAEVUS_STRUCTURES.includes(f)) : naevus,
    colours: mel ? colours : [],
    structures: mel ? structures : [],
    scene,
  };
}

/** A key drawn with probability proportional to its weight (weights not all 0). */
function pickWeighted<K extends string>(rng: Random, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let r = rng.next() * total;
  for (const [k, w] of entries) {
    if (w > 0 && r < w) return k;
    r -= w;
  }
  // Rounding can leave r just above the last bucket.
  return entries.filter(([, w]) => w > 0).at(-1)?.[0] as K;
}
