import { type Generator, renderImages } from "@dermanomaly/gan";
import { Random } from "@dermanomaly/gan/training";
import { imageGrid, nhwcToImages } from "@dermanomaly/imaging";

/**
 * Columns and rows of the fakes grid. Upstream fills a 4K frame (30x16 images at 256 px); on a CPU backend that
 * costs more than a tick, so the grid keeps upstream's role (same latents at every snapshot) at a smaller size.
 */
export const FAKES_GRID = { cols: 8, rows: 4 } as const;

/** The fixed latents of a run's fakes grid: the same at every snapshot and after a resume. */
export function fakesLatents(seed: number, zDim: number): Float32Array {
  return new Random(seed + 0x5eed).normals(FAKES_GRID.cols * FAKES_GRID.rows * zDim);
}

/** G_ema on the fixed latents with constant noise, as one PNG grid (NVIDIA's uint8 conversion). */
export async function fakesGrid(G: Generator, latents: Float32Array): Promise<Uint8Array> {
  const images = await renderImages(G, latents, { noiseMode: "const" });
  return imageGrid(nhwcToImages(images.data, images.shape), { cols: FAKES_GRID.cols });
}
