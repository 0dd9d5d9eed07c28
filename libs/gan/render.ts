import { tf } from "./_tf.ts";
import type { Generator } from "./generator.ts";
import type { NoiseMode } from "./synthesis.ts";

/** Options of {@linkcode renderImages}. */
export interface RenderOptions {
  /** Truncation psi: `w = w_avg + psi · (w − w_avg)`. @default 1 (none) */
  psi?: number;
  /** Per-layer noise. @default "const" (the checkpoint's fixed noise: reproducible) */
  noiseMode?: NoiseMode;
  /** Label of a conditional generator (one-hot of this index); required by one, refused by others. */
  classIndex?: number;
  /** Images per forward pass (bounds memory). @default 8 */
  batch?: number;
}

/** Rendered images as the generator outputs them: float32 NHWC, nominally in [-1, 1]. */
export interface RenderedImages {
  /** Row-major `[N, H, W, C]` values. */
  data: Float32Array;
  /** `[N, H, W, C]`. */
  shape: [number, number, number, number];
}

/**
 * Turns latents (`[N, zDim]` flattened) into images with a generator, `batch` at a time: the one place latents become images (snapshot
 * fakes grids, `Generate`). Encode them with `@dermanomaly/imaging` (`nhwcToImages`, NVIDIA's
 * `(x · 127.5 + 128).clamp(0, 255)` conversion) or keep the floats ({@linkcode nhwcToNchw} for NVIDIA's layout).
 *
 * @example
 * ```ts
 * const images = await renderImages(G, seedLatents, { psi: 0.7 });
 * const png = await imageGrid(nhwcToImages(images.data, images.shape), { cols: 8 });
 * ```
 * @throws {RangeError} for latents that are not whole z vectors, a bad psi or batch, or a class index that does not
 * fit the generator
 */
export async function renderImages(
  G: Generator,
  latents: Float32Array | Float64Array,
  options: RenderOptions = {},
): Promise<RenderedImages> {
  const { zDim, cDim, resolution, imgChannels } = G.config;
  const psi = options.psi ?? 1;
  const batch = options.batch ?? 8;
  const count = latents.length / zDim;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(
      `Latents hold ${latents.length} values, not a whole number of ${zDim}-value z vectors`,
    );
  if (!Number.isFinite(psi)) throw new RangeError(`psi must be a finite number, got "${psi}"`);
  if (!Number.isInteger(batch) || batch < 1)
    throw new RangeError(`batch must be a positive integer, got "${batch}"`);
  const { classIndex } = options;
  if (cDim > 0 && !(Number.isInteger(classIndex) && classIndex! >= 0 && classIndex! < cDim))
    throw new RangeError(
      `The generator is conditional: give a class index from 0 to ${cDim - 1}, got "${classIndex}"`,
    );
  if (cDim === 0 && classIndex !== undefined)
    throw new RangeError(`A class index needs a conditional generator, got "${classIndex}"`);
  const plane = resolution * resolution * imgChannels;
  const data = new Float32Array(count * plane);
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const out = tf.tidy(() => {
      // float64 latents (numpy's) are rounded to float32, as NVIDIA's mapping network casts z first.
      const z = tf.tensor2d(Float32Array.from(latents.subarray(start * zDim, (start + n) * zDim)), [n, zDim]);
      // The one-hot labels are built here: the wasm backend's OneHot writes int32 bits into float32 outputs.
      const c = cDim > 0 ? tf.tensor2d(oneHot(n, cDim, classIndex!), [n, cDim]) : null;
      return G.forward(z, c, { psi, noiseMode: options.noiseMode ?? "const" });
    });
    data.set((await out.data()) as Float32Array, start * plane);
    out.dispose();
  }
  return { data, shape: [count, resolution, resolution, imgChannels] };
}

function oneHot(n: number, classes: number, index: number): Float32Array {
  const out = new Float32Array(n * classes);
  for (let k = 0; k < n; k++) out[k * classes + index] = 1;
  return out;
}

/** NHWC images as NCHW (NVIDIA's layout, e.g. for `.npy` files PyTorch code reads). */
export function nhwcToNchw(images: RenderedImages): {
  data: Float32Array;
  shape: [number, number, number, number];
} {
  const [n, h, w, c] = images.shape;
  const out = new Float32Array(images.data.length);
  for (let k = 0; k < n; k++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ch = 0; ch < c; ch++)
          out[((k * c + ch) * h + y) * w + x] = images.data[((k * h + y) * w + x) * c + ch]!;
  return { data: out, shape: [n, c, h, w] };
}
