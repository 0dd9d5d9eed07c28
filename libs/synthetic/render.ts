import type { RgbImage } from "@dermanomaly/imaging";
import { checkRenderOptions, renderTraits } from "./_render.ts";
import { drawTraits } from "./_traits.ts";
import type { LesionKind, LesionStyle } from "./features.ts";
import { type LesionMixOptions, resolveMix } from "./mix.ts";

/** Options for {@linkcode renderLesion}. */
export interface RenderLesionOptions {
  /** Which class to draw. */
  readonly kind: LesionKind;
  /**
   * Image width in pixels (at least 16).
   * @default 600
   */
  readonly width?: number;
  /**
   * Image height in pixels (at least 16).
   * @default 450
   */
  readonly height?: number;
  /**
   * Seed (any integer); the same seed and options give the same pixels.
   * @default 0
   */
  readonly seed?: number;
  /**
   * Generator family.
   * @default "a"
   */
  readonly style?: LesionStyle;
  /**
   * Feature shares; missing fields take {@linkcode DEFAULT_MIX}'s.
   * @default DEFAULT_MIX
   */
  readonly mix?: LesionMixOptions;
}

/**
 * Draws one dermoscopy-like image: skin, lighting and optics, hairs, and a naevus or a melanoma whose features
 * follow `lesionTraits(kind, { seed, mix })`. Plain typed-array pixel code, deterministic for a seed.
 *
 * @throws {RangeError} for an unknown kind or style, a size under 16 pixels, a non-integer seed or a bad mix
 */
export function renderLesion(options: RenderLesionOptions): RgbImage {
  const width = options.width ?? 600;
  const height = options.height ?? 450;
  const seed = options.seed ?? 0;
  const style = options.style ?? "a";
  checkRenderOptions(style, width, height);
  const traits = drawTraits(options.kind, seed, resolveMix(options.mix));
  return renderTraits(traits, style, width, height, seed);
}
