// Original file: proto/dermanomaly/v1/reconstructor.proto


/**
 * The photo-to-image step of a data set preparation, as the data set's manifest records it.
 */
export interface ImagePreparation {
  /**
   * `none`, `center-crop` or `center-crop-wide`, as `dataset_tool.py --transform` names them.
   */
  'transform'?: (string);
  /**
   * `auto`, `pil` or `sharp` (preprocess.proto's `Resampler`).
   */
  'resampler'?: (string);
  /**
   * Output width.
   */
  'width'?: (number);
  /**
   * Output height.
   */
  'height'?: (number);
}

/**
 * The photo-to-image step of a data set preparation, as the data set's manifest records it.
 */
export interface ImagePreparation__Output {
  /**
   * `none`, `center-crop` or `center-crop-wide`, as `dataset_tool.py --transform` names them.
   */
  'transform': (string);
  /**
   * `auto`, `pil` or `sharp` (preprocess.proto's `Resampler`).
   */
  'resampler': (string);
  /**
   * Output width.
   */
  'width': (number);
  /**
   * Output height.
   */
  'height': (number);
}
