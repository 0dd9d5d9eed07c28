// Original file: proto/dermanomaly/v1/scorer.proto


/**
 * How a photo was prepared for the networks (the training set's preparation, `dataset_tool.py --transform
 * center-crop`).
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
   * Left column of the central square kept.
   */
  'cropLeft'?: (number);
  /**
   * Top row of the central square kept.
   */
  'cropTop'?: (number);
  /**
   * Side of the central square kept (min of width and height).
   */
  'cropSize'?: (number);
  /**
   * Side it was resized to: the generator's resolution.
   */
  'resolution'?: (number);
  /**
   * Resampler, the one the data set preparation picks: `lanczos3` (libvips, when shrinking) or `lanczos`
   * (Pillow-exact, when enlarging).
   */
  'filter'?: (string);
}

/**
 * How a photo was prepared for the networks (the training set's preparation, `dataset_tool.py --transform
 * center-crop`).
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
   * Left column of the central square kept.
   */
  'cropLeft': (number);
  /**
   * Top row of the central square kept.
   */
  'cropTop': (number);
  /**
   * Side of the central square kept (min of width and height).
   */
  'cropSize': (number);
  /**
   * Side it was resized to: the generator's resolution.
   */
  'resolution': (number);
  /**
   * Resampler, the one the data set preparation picks: `lanczos3` (libvips, when shrinking) or `lanczos`
   * (Pillow-exact, when enlarging).
   */
  'filter': (string);
}
