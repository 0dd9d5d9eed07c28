/**
 * Procedural dermoscopy-like images for demos and tests, in the original project's layout (`train_set/NEV`,
 * `test_set/NEV`, `test_set/MEL`), seeded and reproducible.
 *
 * The set is a test of structure, not of colour. Naevi vary in size (log-uniform), round to oval, shade (tan to
 * dark brown), pigment network, globules, concentric colour patterns, skin tone, hair, lighting and the
 * dermatoscope's aperture. A naevus's concentric colours (dark, blue-grey, pink, light centre) are the same
 * colours a melanoma adds, so colour alone says little: a melanoma places them off-centre, in irregular areas,
 * with an asymmetric outline and irregular structures. A melanoma drawn with every melanoma feature off is
 * pixel-identical to the naevus of its seed. On a default set, a logistic regression on the image's HSV means and
 * spreads scores near chance (AUC about 0.45 to 0.6) while one on the lesion's asymmetry and border scores 0.95 to
 * 1.0 from 64x64 crops (`pnpm bench synth` prints both). Richer colour histograms with a random forest still reach
 * about 0.8 to 0.89: the extra colours are not hidden, only matched by the naevi's own.
 *
 * Two independent styles draw the same traits: `a` (harmonic outline, RGB palette over value noise, Worley
 * network) and `b` (metaball outline under a gradient-noise warp, Beer-Lambert pigments, plane-wave network,
 * immersion bubbles), to check that a model tuned on one holds on the other; any size works.
 *
 * The default mix ({@linkcode DEFAULT_MIX}; every field can be overridden through `mix`):
 *
 * | melanomas | obvious | medium | subtle |
 * |---|---|---|---|
 * | share | 0.4 | 0.4 | 0.2 |
 * | strength (asymmetry, border, colour area) | 0.75-1 | 0.45-0.75 | 0.2-0.45 |
 * | extra colours (blue-grey, black, red, regression; weights 1, 1, 0.7, 1) | 2-3 | 1-2 | 1 |
 * | irregular border | 1 | 0.8 | 0.5 |
 * | atypical network | 0.7 | 0.5 | 0.3 |
 * | irregular dots and globules | 0.6 | 0.4 | 0.2 |
 * | streaks | 0.4 | 0.2 | 0.05 |
 *
 * Naevi: network 0.6, globules 0.4 (throughout, central or a rim), dark centre 0.45, light centre 0.6 of those
 * without a dark centre, blue-grey centre 0.4, pink with vessels 0.3; melanomas keep the network and globules.
 * Both classes: hair 0.6, aperture 0.75, bubbles 0.2 (style `b`).
 *
 * @example
 * ```ts
 * import { generateSyntheticSet } from "@dermanomaly/synthetic";
 * await generateSyntheticSet({ out: "/tmp/synth", trainNev: 200, testNev: 50, testMel: 50, seed: 1 });
 * // /tmp/synth/train_set/NEV/train_NEV_00000.jpg ... /tmp/synth/test_set/MEL/test_MEL_00049.jpg
 * await generateSyntheticSet({ out: "/tmp/synth-b", style: "b", width: 1024, height: 768, testMel: 50 });
 * ```
 *
 * @module
 */
export * from "./features.ts";
export * from "./generate.ts";
export * from "./mix.ts";
export * from "./render.ts";
export * from "./traits.ts";
