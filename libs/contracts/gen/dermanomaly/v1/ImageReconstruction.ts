// Original file: proto/dermanomaly/v1/reconstructor.proto


/**
 * The reconstruction of one image; the distances are those of a reconstruction set's tensors.
 */
export interface ImageReconstruction {
  /**
   * The image's `OnlineImage.id`.
   */
  'id'?: (string);
  /**
   * Why the image was not reconstructed, for a person to read (e.g. `CORRUPT: ...`, `WRONG_SIZE: 300x300, the
   * networks take 256x256 (prepare it with the preprocess stage first)`); empty on success, and then every other
   * field is set.
   */
  'error'?: (string);
  /**
   * The reason code of `error`: `CORRUPT`, `NOT_AN_IMAGE`, `UNSUPPORTED` or `WRONG_SIZE`; empty on success.
   */
  'reason'?: (string);
  /**
   * z = E(x), `z_dim` values.
   */
  'z'?: (number | string)[];
  /**
   * x as an 8-bit RGB PNG: the exact pixels the networks saw.
   */
  'input'?: (Buffer | Uint8Array | string);
  /**
   * G(E(x)) as an 8-bit RGB PNG (NVIDIA's conversion `(v * 127.5 + 128).clamp(0, 255)`), lossless.
   */
  'reconstruction'?: (Buffer | Uint8Array | string);
  /**
   * |x - G(E(x))| as a colour heat map blended over x, PNG (the set's residual map).
   */
  'residual'?: (Buffer | Uint8Array | string);
  /**
   * f(x): D's b8 features (before minibatch-stddev, NCHW-flattened; `feature_dim` values).
   */
  'featuresReal'?: (number | string)[];
  /**
   * f(G(E(x))).
   */
  'featuresRec'?: (number | string)[];
  /**
   * D(x). It depends on the images of its minibatch-stddev group (those batched with it), unlike the features.
   */
  'logitReal'?: (number | string);
  /**
   * D(G(E(x))), likewise batch-dependent.
   */
  'logitRec'?: (number | string);
  /**
   * mean((x - G(E(x)))^2) over C*H*W, x = 8-bit / 127.5 - 1, G(E(x)) the raw float output.
   */
  'pixelMse'?: (number | string);
  /**
   * ||x - G(E(x)) + 1e-6||_2 over the same values (PyTorch's PairwiseDistance(p=2)).
   */
  'pixelPairwise'?: (number | string);
  /**
   * mean((f(x) - f(G(E(x))))^2).
   */
  'featuresMse'?: (number | string);
  /**
   * ||f(x) - f(G(E(x))) + 1e-6||_2.
   */
  'featuresPairwise'?: (number | string);
}

/**
 * The reconstruction of one image; the distances are those of a reconstruction set's tensors.
 */
export interface ImageReconstruction__Output {
  /**
   * The image's `OnlineImage.id`.
   */
  'id': (string);
  /**
   * Why the image was not reconstructed, for a person to read (e.g. `CORRUPT: ...`, `WRONG_SIZE: 300x300, the
   * networks take 256x256 (prepare it with the preprocess stage first)`); empty on success, and then every other
   * field is set.
   */
  'error': (string);
  /**
   * The reason code of `error`: `CORRUPT`, `NOT_AN_IMAGE`, `UNSUPPORTED` or `WRONG_SIZE`; empty on success.
   */
  'reason': (string);
  /**
   * z = E(x), `z_dim` values.
   */
  'z': (number)[];
  /**
   * x as an 8-bit RGB PNG: the exact pixels the networks saw.
   */
  'input': (Buffer);
  /**
   * G(E(x)) as an 8-bit RGB PNG (NVIDIA's conversion `(v * 127.5 + 128).clamp(0, 255)`), lossless.
   */
  'reconstruction': (Buffer);
  /**
   * |x - G(E(x))| as a colour heat map blended over x, PNG (the set's residual map).
   */
  'residual': (Buffer);
  /**
   * f(x): D's b8 features (before minibatch-stddev, NCHW-flattened; `feature_dim` values).
   */
  'featuresReal': (number)[];
  /**
   * f(G(E(x))).
   */
  'featuresRec': (number)[];
  /**
   * D(x). It depends on the images of its minibatch-stddev group (those batched with it), unlike the features.
   */
  'logitReal': (number);
  /**
   * D(G(E(x))), likewise batch-dependent.
   */
  'logitRec': (number);
  /**
   * mean((x - G(E(x)))^2) over C*H*W, x = 8-bit / 127.5 - 1, G(E(x)) the raw float output.
   */
  'pixelMse': (number);
  /**
   * ||x - G(E(x)) + 1e-6||_2 over the same values (PyTorch's PairwiseDistance(p=2)).
   */
  'pixelPairwise': (number);
  /**
   * mean((f(x) - f(G(E(x))))^2).
   */
  'featuresMse': (number);
  /**
   * ||f(x) - f(G(E(x))) + 1e-6||_2.
   */
  'featuresPairwise': (number);
}
