// Test helpers: a tiny GAN checkpoint and data sets of images its generator can draw.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Discriminator, Generator } from "@dermanomaly/gan";
import { type SnapshotNetworks, writeNetworkCheckpoint } from "@dermanomaly/gan/nvidia";
import { encodePng, nhwcToImages } from "@dermanomaly/imaging";
import { tf } from "@dermanomaly/tf";

/** Side of the tiny GAN's images. */
export const RES = 16;
/** Latent size of the tiny GAN. */
export const Z = 32;

/** The tiny GAN's networks: G_ema, G and D with fixed seeds (the caller disposes them). */
export function tinyGan(): { G_ema: Generator; G: Generator; D: Discriminator } {
  const config = { resolution: RES, channelBase: 64, channelMax: 32, mappingLayers: 1, zDim: Z, wDim: Z };
  return {
    G_ema: new Generator(config, { seed: 1 }),
    G: new Generator(config, { seed: 7 }),
    D: new Discriminator(
      { resolution: RES, channelBase: 64, channelMax: 32, mbstdGroupSize: 2 },
      { seed: 2 },
    ),
  };
}

/** Writes the networks named in `keys` as a gan-trainer network checkpoint. */
export async function writeGan(
  path: string,
  nets: ReturnType<typeof tinyGan>,
  keys: readonly ("G" | "G_ema" | "D")[] = ["G", "D", "G_ema"],
): Promise<void> {
  const out: SnapshotNetworks = {};
  if (keys.includes("G")) out.G = { config: nets.G.getConfig(), stateDict: nets.G.stateDict() };
  if (keys.includes("G_ema"))
    out.G_ema = { config: nets.G_ema.getConfig(), stateDict: nets.G_ema.stateDict() };
  if (keys.includes("D")) out.D = { config: nets.D.getConfig(), stateDict: nets.D.stateDict() };
  await writeNetworkCheckpoint(path, out);
}

/**
 * Writes a StyleGAN folder data set of `count` images the generator draws from latents inside tanh's range (so an
 * encoder can find them), as 8-bit PNGs, with a `dataset.json` when `labels` are given.
 */
export async function writeDrawnDataset(
  dir: string,
  G: Generator,
  count: number,
  options: { labels?: number[]; seed?: number } = {},
): Promise<void> {
  const data = tf.tidy(() => {
    const z = tf.randomUniform([count, Z], -0.7, 0.7, "float32", options.seed ?? 11);
    return G.forward(z as Parameters<Generator["forward"]>[0], null, { noiseMode: "const" }).dataSync();
  });
  const images = nhwcToImages(data, [count, RES, RES, 3]);
  await mkdir(join(dir, "00000"), { recursive: true });
  const names = images.map((_, k) => `00000/img${String(k).padStart(8, "0")}.png`);
  for (const [k, image] of images.entries()) await writeFile(join(dir, names[k]!), await encodePng(image));
  if (options.labels !== undefined)
    await writeFile(
      join(dir, "dataset.json"),
      JSON.stringify({ labels: names.map((n, k) => [n, options.labels![k]]) }),
    );
}

/** A data set folder of `count` flat grey images of side `size`. */
export async function writeFlatDataset(dir: string, count: number, size: number): Promise<void> {
  await mkdir(join(dir, "00000"), { recursive: true });
  for (let k = 0; k < count; k++) {
    const image = { data: new Uint8Array(size * size * 3).fill(100 + k), width: size, height: size };
    await writeFile(join(dir, `00000/img${String(k).padStart(8, "0")}.png`), await encodePng(image));
  }
}
