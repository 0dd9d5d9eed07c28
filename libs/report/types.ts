/**
 * One image of a reconstruction set as the report links it: the row of `reconstruction_set.csv`, file paths
 * relative to the set folder. `@dermanomaly/reconstruction`'s `SetImage` is one.
 */
export interface ReportSetImage {
  /** The source photo's file name, as the score sheets' `image_name`. */
  readonly imageName: string;
  /** Class folder, e.g. `NEV`. */
  readonly className: string;
  /** Label of the class (0 normal, 1 anomalous, -1 unlabelled). */
  readonly label: number;
  /** x, e.g. `input_img/MEL/ISIC_1.png`. */
  readonly input: string;
  /** G(E(x)), e.g. `generated_img/MEL/ISIC_1.png`. */
  readonly reconstruction: string;
  /** The residual heat map, e.g. `residual/MEL/ISIC_1.png`. */
  readonly residual: string;
}

/** A reconstruction set as the report needs it; `@dermanomaly/reconstruction`'s `ReconstructionSet` is one. */
export interface ReportImageSet {
  /** The set folder. */
  readonly dir: string;
  /** How the report names the set (e.g. its artifact's URI, where the folder is a scratch copy). @default `dir` */
  readonly name?: string;
  /**
   * What the image panel calls the set's reconstructions, e.g. `G(w), w refined from E(x)` for a set made with
   * latent refinement. @default "G(E(x))"
   */
  readonly reconstructionCaption?: string;
  readonly images: readonly ReportSetImage[];
}
