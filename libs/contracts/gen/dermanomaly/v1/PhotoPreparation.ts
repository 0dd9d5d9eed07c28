// Original file: proto/dermanomaly/v1/scorer.proto


/**
 * How a photo was prepared for the networks: as the encoder's training images were (`ExportedModels.
 * training_preparation`), by the data set preparation's own step; a centre crop when the models do not say.
 */
export interface PhotoPreparation {
  /**
   * Size of the photo as sent.
   */
  'sourceWidth'?: (number);
  /**
   * Height of the photo as sent.
   */
  'sourceHeight'?: (number);
  /**
   * Left column of the part kept.
   */
  'cropLeft'?: (number);
  /**
   * Top row of the part kept.
   */
  'cropTop'?: (number);
  /**
   * Side of the part kept when it is a square (`center-crop`: min of width and height); 0 when it is not.
   */
  'cropSize'?: (number);
  /**
   * Side of the image the networks see: the generator's resolution.
   */
  'resolution'?: (number);
  /**
   * Resampler, the one the data set preparation picks: `lanczos3` (libvips) or `lanczos` (Pillow-exact; every image
   * under the `pil` resampler, and the enlarged ones under `auto`).
   */
  'filter'?: (string);
  /**
   * The transform: `center-crop`, `center-crop-wide` (a centre band, resized and letterboxed into a black square)
   * or `none` (the whole photo resized to the square).
   */
  'transform'?: (string);
  /**
   * Width of the part kept.
   */
  'cropWidth'?: (number);
  /**
   * Height of the part kept.
   */
  'cropHeight'?: (number);
}

/**
 * How a photo was prepared for the networks: as the encoder's training images were (`ExportedModels.
 * training_preparation`), by the data set preparation's own step; a centre crop when the models do not say.
 */
export interface PhotoPreparation__Output {
  /**
   * Size of the photo as sent.
   */
  'sourceWidth': (number);
  /**
   * Height of the photo as sent.
   */
  'sourceHeight': (number);
  /**
   * Left column of the part kept.
   */
  'cropLeft': (number);
  /**
   * Top row of the part kept.
   */
  'cropTop': (number);
  /**
   * Side of the part kept when it is a square (`center-crop`: min of width and height); 0 when it is not.
   */
  'cropSize': (number);
  /**
   * Side of the image the networks see: the generator's resolution.
   */
  'resolution': (number);
  /**
   * Resampler, the one the data set preparation picks: `lanczos3` (libvips) or `lanczos` (Pillow-exact; every image
   * under the `pil` resampler, and the enlarged ones under `auto`).
   */
  'filter': (string);
  /**
   * The transform: `center-crop`, `center-crop-wide` (a centre band, resized and letterboxed into a black square)
   * or `none` (the whole photo resized to the square).
   */
  'transform': (string);
  /**
   * Width of the part kept.
   */
  'cropWidth': (number);
  /**
   * Height of the part kept.
   */
  'cropHeight': (number);
}
