// Original file: proto/dermanomaly/v1/reconstructor.proto


/**
 * Latent refinement, the iterative inversion f-AnoGAN's encoder replaces, started from the encoder's answer: Adam
 * steps on w = mapping(E(x)) (psi 1; one w for every layer, so the image stays one the generator can make)
 * minimising each image's mean squared pixel error of G(w) against x (with `kappa`, plus that of D's features),
 * noise const. The reconstruction, residual and D features are then those of G(w); the latents (`z`) stay the
 * encoder's. It runs G (and D with `kappa`) forward and backward on TF.js (the gan-trainer's networks, loaded from
 * the GAN checkpoint), so it costs about `steps` training passes per image. A normal image the encoder mapped roughly
 * is pulled onto the generator's nearest image; an anomaly has none near to be pulled to, and its residual stays.
 */
export interface LatentRefinement {
  /**
   * Adam steps per image; 0 = no refinement. At most 1000.
   */
  'steps'?: (number);
  /**
   * Adam's learning rate (betas 0.9, 0.999, eps 1e-8). 0 = 0.02.
   */
  'lr'?: (number | string);
  /**
   * Weight of a discriminator-feature term: each image's loss is then its pixel MSE plus `kappa` times the MSE of
   * D's features (those the scores take) against x's, izif's loss, which the encoder was trained with. 0 = pixels
   * only. Each step then also runs D forward and backward.
   */
  'kappa'?: (number | string);
}

/**
 * Latent refinement, the iterative inversion f-AnoGAN's encoder replaces, started from the encoder's answer: Adam
 * steps on w = mapping(E(x)) (psi 1; one w for every layer, so the image stays one the generator can make)
 * minimising each image's mean squared pixel error of G(w) against x (with `kappa`, plus that of D's features),
 * noise const. The reconstruction, residual and D features are then those of G(w); the latents (`z`) stay the
 * encoder's. It runs G (and D with `kappa`) forward and backward on TF.js (the gan-trainer's networks, loaded from
 * the GAN checkpoint), so it costs about `steps` training passes per image. A normal image the encoder mapped roughly
 * is pulled onto the generator's nearest image; an anomaly has none near to be pulled to, and its residual stays.
 */
export interface LatentRefinement__Output {
  /**
   * Adam steps per image; 0 = no refinement. At most 1000.
   */
  'steps': (number);
  /**
   * Adam's learning rate (betas 0.9, 0.999, eps 1e-8). 0 = 0.02.
   */
  'lr': (number);
  /**
   * Weight of a discriminator-feature term: each image's loss is then its pixel MSE plus `kappa` times the MSE of
   * D's features (those the scores take) against x's, izif's loss, which the encoder was trained with. 0 = pixels
   * only. Each step then also runs D forward and backward.
   */
  'kappa': (number);
}
