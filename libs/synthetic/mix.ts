import { Difficulty, MelanomaColour, MelanomaStructure, NaevusFeature, SceneFeature } from "./features.ts";

/** A probability or weight for each difficulty. */
export type PerDifficulty<T> = Readonly<Record<Difficulty, T>>;

/**
 * How often each feature appears and how strong melanomas are: the recipe of a synthetic set. Every share is a
 * probability in [0, 1] unless said otherwise. {@linkcode DEFAULT_MIX} holds the defaults, documented in the
 * package's module doc.
 */
export interface LesionMix {
  /** Relative share of melanomas at each difficulty (non-negative weights, normalised; not all 0). */
  readonly difficulty: PerDifficulty<number>;
  /**
   * Strength range `[lo, hi]` (within [0, 1]) per difficulty, drawn uniformly: scales the asymmetry of the outline
   * and of the colours, the border's irregularity and the area of the extra colours.
   */
  readonly strength: PerDifficulty<readonly [number, number]>;
  /** Number of extra colours `[min, max]` (integers within [0, 4]) per difficulty, drawn uniformly. */
  readonly extraColours: PerDifficulty<readonly [number, number]>;
  /** Relative weight of each extra colour when they are drawn (non-negative, not all 0). */
  readonly colourWeights: Readonly<Record<MelanomaColour, number>>;
  /** Probability of each irregular structure per difficulty. */
  readonly structures: Readonly<Record<MelanomaStructure, PerDifficulty<number>>>;
  /**
   * Probability of each benign pattern of a naevus (a light centre only where there is no dark centre); melanomas
   * draw the network and globules alike.
   */
  readonly naevus: Readonly<Record<NaevusFeature, number>>;
  /** Probability of each photographic condition, for both classes alike. */
  readonly scene: Readonly<Record<SceneFeature, number>>;
}

/** Overrides for {@linkcode LesionMix}: any field, at any depth, falls back to {@linkcode DEFAULT_MIX}. */
export interface LesionMixOptions {
  readonly difficulty?: Partial<PerDifficulty<number>>;
  readonly strength?: Partial<PerDifficulty<readonly [number, number]>>;
  readonly extraColours?: Partial<PerDifficulty<readonly [number, number]>>;
  readonly colourWeights?: Partial<Record<MelanomaColour, number>>;
  readonly structures?: Partial<Record<MelanomaStructure, Partial<PerDifficulty<number>>>>;
  readonly naevus?: Partial<Record<NaevusFeature, number>>;
  readonly scene?: Partial<Record<SceneFeature, number>>;
}

/**
 * The default mix. Subtle melanomas are a fifth: a detector that finds every obvious and medium one and half of the
 * subtle ones reaches an AUC near 0.9.
 */
export const DEFAULT_MIX: LesionMix = {
  difficulty: { obvious: 0.4, medium: 0.4, subtle: 0.2 },
  strength: { obvious: [0.75, 1], medium: [0.45, 0.75], subtle: [0.2, 0.45] },
  extraColours: { obvious: [2, 3], medium: [1, 2], subtle: [1, 1] },
  colourWeights: { blueGrey: 1, black: 1, red: 0.7, regression: 1 },
  structures: {
    irregularBorder: { obvious: 1, medium: 0.8, subtle: 0.5 },
    atypicalNetwork: { obvious: 0.7, medium: 0.5, subtle: 0.3 },
    irregularDots: { obvious: 0.6, medium: 0.4, subtle: 0.2 },
    streaks: { obvious: 0.4, medium: 0.2, subtle: 0.05 },
  },
  naevus: { network: 0.6, globules: 0.4, darkCentre: 0.45, lightCentre: 0.6, blueCentre: 0.4, pink: 0.3 },
  scene: { hair: 0.6, vignette: 0.75, bubbles: 0.2 },
};

function probability(path: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1)
    throw new RangeError(`Mix field '${path}' must be a probability in [0, 1], got '${String(v)}'`);
  return v;
}

function weight(path: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
    throw new RangeError(`Mix field '${path}' must be a non-negative weight, got '${String(v)}'`);
  return v;
}

function range(
  path: string,
  v: unknown,
  lo: number,
  hi: number,
  integer: boolean,
): readonly [number, number] {
  const ok =
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((x) => typeof x === "number" && x >= lo && x <= hi && (!integer || Number.isInteger(x))) &&
    (v[0] as number) <= (v[1] as number);
  if (!ok) {
    const what = integer ? "integers" : "numbers";
    throw new RangeError(
      `Mix field '${path}' must be [min, max] ${what} within [${lo}, ${hi}] with min <= max, got '${JSON.stringify(v)}'`,
    );
  }
  return [v[0], v[1]] as const;
}

function keysOf<T extends string>(table: Readonly<Record<string, T>>): readonly T[] {
  return Object.values(table);
}

/** Checks that `given` names only known keys, so a misspelt feature fails instead of being ignored. */
function known(path: string, given: object | undefined, allowed: readonly string[]): void {
  if (given === undefined) return;
  if (typeof given !== "object" || given === null || Array.isArray(given))
    throw new TypeError(`Mix field '${path}' must be an object`);
  for (const key of Object.keys(given)) {
    if (!allowed.includes(key))
      throw new RangeError(`Unknown mix field '${path}.${key}'; expected one of ${allowed.join(", ")}`);
  }
}

function table<K extends string, V>(
  path: string,
  keys: readonly K[],
  given: Partial<Record<K, unknown>> | undefined,
  fallback: Readonly<Record<K, V>>,
  check: (path: string, v: unknown) => V,
): Record<K, V> {
  known(path, given, keys);
  const out = {} as Record<K, V>;
  for (const k of keys) out[k] = check(`${path}.${k}`, given?.[k] ?? fallback[k]);
  return out;
}

function notAllZero(path: string, values: Readonly<Record<string, number>>): void {
  if (Object.values(values).every((v) => v === 0))
    throw new RangeError(`Mix field '${path}' must have at least one weight above 0`);
}

/**
 * Fills `options` in from {@linkcode DEFAULT_MIX} and checks every value.
 *
 * @throws {RangeError} naming the field when a value is out of range or a key is unknown
 */
export function resolveMix(options: LesionMixOptions = {}): LesionMix {
  known("mix", options, Object.keys(DEFAULT_MIX));
  const d = DEFAULT_MIX;
  const difficulties = keysOf(Difficulty);
  const difficulty = table("difficulty", difficulties, options.difficulty, d.difficulty, weight);
  notAllZero("difficulty", difficulty);
  const colourWeights = table(
    "colourWeights",
    keysOf(MelanomaColour),
    options.colourWeights,
    d.colourWeights,
    weight,
  );
  notAllZero("colourWeights", colourWeights);
  known("structures", options.structures, keysOf(MelanomaStructure));
  const structures = {} as Record<MelanomaStructure, PerDifficulty<number>>;
  for (const s of keysOf(MelanomaStructure)) {
    structures[s] = table(
      `structures.${s}`,
      difficulties,
      options.structures?.[s],
      d.structures[s],
      probability,
    );
  }
  return {
    difficulty,
    strength: table("strength", difficulties, options.strength, d.strength, (p, v) =>
      range(p, v, 0, 1, false),
    ),
    extraColours: table("extraColours", difficulties, options.extraColours, d.extraColours, (p, v) =>
      range(p, v, 0, keysOf(MelanomaColour).length, true),
    ),
    colourWeights,
    structures,
    naevus: table("naevus", keysOf(NaevusFeature), options.naevus, d.naevus, probability),
    scene: table("scene", keysOf(SceneFeature), options.scene, d.scene, probability),
  };
}
