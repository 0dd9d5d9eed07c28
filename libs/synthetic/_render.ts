import type { RgbImage } from "@dermanomaly/imaging";
import { renderStyleA } from "./_style_a.ts";
import { renderStyleB } from "./_style_b.ts";
import { LesionStyle } from "./features.ts";
import type { LesionTraits } from "./traits.ts";

/** Checks the style and size options shared by `renderLesion` and `generateSyntheticSet`. */
export function checkRenderOptions(
  style: unknown,
  width: number,
  height: number,
): asserts style is LesionStyle {
  if (style !== LesionStyle.A && style !== LesionStyle.B)
    throw new RangeError(`Unknown style '${String(style)}'; expected 'a' or 'b'`);
  if (!Number.isInteger(width) || width < 16 || !Number.isInteger(height) || height < 16)
    throw new RangeError(`Image size must be integers of at least 16, got '${width}x${height}'`);
}

/** Draws `traits` in `style`; the seed picks everything the traits leave open. Options already checked. */
export function renderTraits(
  traits: LesionTraits,
  style: LesionStyle,
  width: number,
  height: number,
  seed: number,
): RgbImage {
  return style === LesionStyle.A
    ? renderStyleA(traits, width, height, seed)
    : renderStyleB(traits, width, height, seed);
}
