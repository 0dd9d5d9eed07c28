import type { Generator, NoiseMode } from "@dermanomaly/gan";
import type { RealBatch } from "@dermanomaly/gan/training";
import { imageGrid, nhwcToImages } from "@dermanomaly/imaging";
import { tf } from "./_tf.ts";
import type { Encoder } from "./encoder.ts";

/** Options of {@link reconstruct} and {@link renderReconstructionGrid}. */
export interface ReconstructOptions {
  /** Generator noise; use the encoder's lineage. @default "const" */
  noiseMode?: NoiseMode;
  /** Seed of the noise in mode `random` (fixed, so that grids of successive epochs compare). @default 0 */
  noiseSeed?: number;
  /** Images per pass through E and G. @default 8 */
  chunk?: number;
}

/**
 * G(E(x)) for a batch of real images (NCHW float32 in [-1, 1]), E in inference mode (running statistics), as later
 * stages reconstruct. Returns NHWC values and their shape.
 */
export function reconstruct(
  networks: { encoder: Encoder; generator: Generator },
  real: RealBatch,
  options: ReconstructOptions = {},
): { data: Float32Array; shape: [number, number, number, number] } {
  const { noiseMode = "const", noiseSeed = 0, chunk = 8 } = options;
  if (!Number.isInteger(chunk) || chunk < 1)
    throw new RangeError(`chunk must be a positive integer, got "${chunk}"`);
  const [n, c, h, w] = real.shape;
  const out = new Float32Array(n * h * w * c);
  for (let k = 0; k < n; k += chunk) {
    const m = Math.min(chunk, n - k);
    const values = tf.tidy(() => {
      const x = tf.transpose(
        tf.tensor4d(real.images.subarray(k * c * h * w, (k + m) * c * h * w), [m, c, h, w]),
        [0, 2, 3, 1],
      ) as tf.Tensor4D;
      const z = networks.encoder.forward(x);
      return networks.generator.forward(
        z,
        null,
        noiseMode === "random" ? { noiseMode, noiseSeed } : { noiseMode },
      );
    });
    out.set(values.dataSync(), k * h * w * c);
    values.dispose();
  }
  return { data: out, shape: [n, h, w, c] };
}

/**
 * The `rec<epoch>.png` grid: the real images in the top row and their reconstructions G(E(x)) below (one column per
 * image), as the original's training script saved them every 30 epochs. PNG bytes.
 */
export async function renderReconstructionGrid(
  networks: { encoder: Encoder; generator: Generator },
  real: RealBatch,
  options: ReconstructOptions = {},
): Promise<Uint8Array> {
  const [n, c, h, w] = real.shape;
  const reals = tf.tidy(() =>
    tf.transpose(tf.tensor4d(real.images, [n, c, h, w]), [0, 2, 3, 1]).dataSync(),
  ) as Float32Array;
  const recon = reconstruct(networks, real, options);
  return await imageGrid([...nhwcToImages(reals, [n, h, w, c]), ...nhwcToImages(recon.data, recon.shape)], {
    cols: n,
  });
}
