import type { Generator } from "@dermanomaly/gan";
import { Random } from "@dermanomaly/gan/training";
import { imageGrid, nhwcToImages, type RgbImage } from "@dermanomaly/imaging";
import { tf } from "@dermanomaly/tf";

/**
 * Columns and rows of the fakes grid. Upstream fills a 4K frame (30x16 images at 256 px); on a CPU backend that
 * costs more than a tick, so the grid keeps upstream's role (same latents at every snapshot) at a smaller size.
 */
export const FAKES_GRID = { cols: 8, rows: 4 } as const;

/** The fixed latents of a run's fakes grid: the same at every snapshot and after a resume. */
export function fakesLatents(seed: number, zDim: number): Float32Array {
  return new Random(seed + 0x5eed).normals(FAKES_GRID.cols * FAKES_GRID.rows * zDim);
}

/**
 * Renders G_ema on `latents` with constant noise, `chunk` images at a time, as one PNG grid (NVIDIA's
 * `(x * 127.5 + 128).clamp(0, 255)` conversion).
 */
export async function renderFakes(
  G: Generator,
  latents: Float32Array,
  options: { zDim: number; chunk: number },
): Promise<Uint8Array> {
  const { zDim, chunk } = options;
  const count = latents.length / zDim;
  const images: RgbImage[] = [];
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const z = tf.tensor2d(latents.subarray(start * zDim, (start + n) * zDim), [n, zDim]);
    const out = G.forward(z, null, { noiseMode: "const" });
    z.dispose();
    const data = await out.data();
    images.push(...nhwcToImages(data, out.shape));
    out.dispose();
  }
  return imageGrid(images, { cols: FAKES_GRID.cols });
}
