import { drawTraits } from "./_traits.ts";
import type {
  Difficulty,
  LesionKind,
  MelanomaColour,
  MelanomaStructure,
  NaevusFeature,
  SceneFeature,
} from "./features.ts";
import { type LesionMixOptions, resolveMix } from "./mix.ts";

/**
 * What one image shows, drawn from a {@linkcode LesionMix}; both styles draw the same traits, each in its own way.
 * Continuous properties (size, shape, shades, skin, lighting) are drawn by the style itself.
 */
export interface LesionTraits {
  /** The lesion's class. */
  readonly kind: LesionKind;
  /** How far a melanoma departs from a naevus; `null` for a naevus. */
  readonly difficulty: Difficulty | null;
  /**
   * 0 for a naevus; for a melanoma, within the mix's range for its difficulty: scales the asymmetry of outline and
   * colours, the border's irregularity and the extra colours' area.
   */
  readonly strength: number;
  /** Benign patterns, drawn symmetric (a melanoma carries them too, as the naevus it grows in). */
  readonly naevus: readonly NaevusFeature[];
  /** A melanoma's extra colours, drawn off-centre; empty for a naevus. */
  readonly colours: readonly MelanomaColour[];
  /** A melanoma's irregular structures; empty for a naevus. */
  readonly structures: readonly MelanomaStructure[];
  /** Photographic conditions. */
  readonly scene: readonly SceneFeature[];
}

/** Options for {@linkcode lesionTraits}. */
export interface LesionTraitsOptions {
  /**
   * Seed; the same seed, kind and mix give the same traits (and `renderLesion` draws these traits for that seed).
   * @default 0
   */
  readonly seed?: number;
  /**
   * Feature shares; missing fields take {@linkcode DEFAULT_MIX}'s.
   * @default DEFAULT_MIX
   */
  readonly mix?: LesionMixOptions;
}

/**
 * Draws the traits of one image, as `renderLesion` draws them for the same kind, seed and mix.
 *
 * @throws {RangeError} for an unknown kind, a non-integer seed or a bad mix
 */
export function lesionTraits(kind: LesionKind, options: LesionTraitsOptions = {}): LesionTraits {
  return drawTraits(kind, options.seed ?? 0, resolveMix(options.mix));
}
