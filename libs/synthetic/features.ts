/** Lesion classes the generators draw: naevus (normal) and melanoma (anomaly). */
export const LesionKind = {
  /** Benign naevus: round to oval, symmetric in shape and in how its colours are arranged. */
  NEV: "NEV",
  /** Melanoma: asymmetric, with eccentric extra colours and irregular structures, from obvious to subtle. */
  MEL: "MEL",
} as const;

/** One of the {@linkcode LesionKind} values. */
export type LesionKind = (typeof LesionKind)[keyof typeof LesionKind];

/**
 * Two independent generator families. Both draw the same `LesionTraits` for a seed, with their own shape
 * model, texture synthesis, colour model and optics, so a detector tuned on one can be checked on the other.
 */
export const LesionStyle = {
  /**
   * Outline as a radius function of the angle (harmonics and dents), RGB palette colours mixed over value noise,
   * a Worley-cell pigment network, a round black aperture, hairs as Bezier curves.
   */
  A: "a",
  /**
   * Outline as the level set of a sum of Gaussian blobs (metaballs) under a domain warp, colours from pigment
   * concentrations through a Beer-Lambert absorption model, a network from interfering plane waves, gradient noise,
   * a wider aperture, air bubbles, hairs as random walks.
   */
  B: "b",
} as const;

/** One of the {@linkcode LesionStyle} values. */
export type LesionStyle = (typeof LesionStyle)[keyof typeof LesionStyle];

/** How far a melanoma departs from a naevus. */
export const Difficulty = {
  /** Clearly asymmetric, two or three extra colours over a large part of the lesion, irregular structures. */
  OBVIOUS: "obvious",
  /** Visible asymmetry, one or two extra colours, some irregular structures. */
  MEDIUM: "medium",
  /** Mild asymmetry, one small extra colour area, a slightly irregular border at most. */
  SUBTLE: "subtle",
} as const;

/** One of the {@linkcode Difficulty} values. */
export type Difficulty = (typeof Difficulty)[keyof typeof Difficulty];

/**
 * Benign patterns, each drawn symmetric about the lesion's centre. The concentric colours use the same colours as a
 * melanoma's extra colours (dark centre as black, blue centre as blue-grey, pink as red, light centre as regression),
 * so that the colours alone are little cue: what differs is their arrangement. A melanoma keeps the network and
 * globules of the naevus it grows in; its colours are its extra colours.
 */
export const NaevusFeature = {
  /** Regular pigment network: a fine, even honeycomb of brown lines fading toward the border. */
  NETWORK: "network",
  /** Regular brown globules: evenly spread, clustered in the centre or as a rim at the border. */
  GLOBULES: "globules",
  /** Central hyperpigmentation: a concentric dark brown to black-brown area. */
  DARK_CENTRE: "darkCentre",
  /** Central hypopigmentation: a concentric lighter area. */
  LIGHT_CENTRE: "lightCentre",
  /** A concentric grey-blue hue, as a naevus with a deeper (dermal) part shows. */
  BLUE_CENTRE: "blueCentre",
  /** A pinkish, less pigmented lesion with some redness in the centre. */
  PINK: "pink",
} as const;

/** One of the {@linkcode NaevusFeature} values. */
export type NaevusFeature = (typeof NaevusFeature)[keyof typeof NaevusFeature];

/** Extra colours a melanoma adds, each as an irregular area placed off-centre, toward one side. */
export const MelanomaColour = {
  /** Blue-white veil: a structureless blue-grey area with a whitish glaze. */
  BLUE_GREY: "blueGrey",
  /** An irregular black blotch. */
  BLACK: "black",
  /** A red to pink area with dotted vessels. */
  RED: "red",
  /** Regression: a white scar-like area with grey-blue peppering. */
  REGRESSION: "regression",
} as const;

/** One of the {@linkcode MelanomaColour} values. */
export type MelanomaColour = (typeof MelanomaColour)[keyof typeof MelanomaColour];

/** Irregular structures of a melanoma (every melanoma is also asymmetric, by its strength). */
export const MelanomaStructure = {
  /** A notched, lobed border, sharp in one part and fading in another. */
  IRREGULAR_BORDER: "irregularBorder",
  /** Atypical network: thick, uneven, broken lines in part of the lesion. */
  ATYPICAL_NETWORK: "atypicalNetwork",
  /** Dots and globules of uneven size clustered toward one side and the border. */
  IRREGULAR_DOTS: "irregularDots",
  /** Radial streaks (pseudopods) along part of the border. */
  STREAKS: "streaks",
} as const;

/** One of the {@linkcode MelanomaStructure} values. */
export type MelanomaStructure = (typeof MelanomaStructure)[keyof typeof MelanomaStructure];

/** Photographic conditions, drawn alike for both classes. */
export const SceneFeature = {
  /** Hairs across the image. */
  HAIR: "hair",
  /** The dermatoscope's dark round aperture in the corners. */
  VIGNETTE: "vignette",
  /** Air bubbles in the immersion fluid (drawn by style `b` only). */
  BUBBLES: "bubbles",
} as const;

/** One of the {@linkcode SceneFeature} values. */
export type SceneFeature = (typeof SceneFeature)[keyof typeof SceneFeature];
