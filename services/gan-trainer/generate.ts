import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type ArtifactRef, fileUri } from "@dermanomaly/artifacts";
import {
  Code,
  type GenerateRequest__Output,
  type GenerateResponse,
  type NoiseMode__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { Generator, type NoiseMode } from "@dermanomaly/gan";
import { seedLatent } from "@dermanomaly/gan/numpy";
import { loadNetworkFile } from "@dermanomaly/gan/nvidia";
import { encodePng, nhwcToImages, type RgbImage, tileImages } from "@dermanomaly/imaging";
import { localInput, outputLocation, type StageContext } from "@dermanomaly/runtime";
import { initBackend, tf } from "@dermanomaly/tf";

/** Most images one `Generate` call draws. */
export const MAX_GENERATE_IMAGES = 256;

const NOISE: Record<NoiseMode__Output, NoiseMode> = {
  NOISE_MODE_UNSPECIFIED: "const",
  NOISE_MODE_CONST: "const",
  NOISE_MODE_RANDOM: "random",
  NOISE_MODE_NONE: "none",
};

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

/** Checks what a `Generate` call can be refused for before anything is loaded. */
export function checkGenerateRequest(request: GenerateRequest__Output): void {
  if (!request.checkpoint?.kind) throw invalid("A checkpoint is required: a path, an artifact or a key");
  const seeds = request.seeds.length;
  const zs = request.z.length;
  if (seeds > 0 === zs > 0) throw invalid("Give either seeds or z latents (exactly one of them)");
  if (seeds + zs > MAX_GENERATE_IMAGES)
    throw invalid(`At most ${MAX_GENERATE_IMAGES} images per call, got "${seeds + zs}": split the request`);
  for (const s of request.seeds) {
    const n = Number(s);
    if (!Number.isSafeInteger(n) || n < 0 || n >= 2 ** 32) throw invalid(`Seed "${s}" must be in [0, 2^32)`);
  }
  if (request.truncationPsi !== undefined && !Number.isFinite(request.truncationPsi))
    throw invalid(`truncation_psi must be a number, got "${request.truncationPsi}"`);
}

/**
 * `Generate`: draws images from a checkpoint's G_ema (or G) as NVIDIA's `gen_images.py` does (z of a seed =
 * `np.random.RandomState(seed).randn(1, z_dim)`), tiles them into one grid PNG, and stores it (and, when asked,
 * each image) in the artifact store, also writing them into `output` when it is a path.
 *
 * @throws {StatusError} INVALID_ARGUMENT for a bad request, NOT_FOUND for a missing checkpoint
 */
export async function generateImages(
  ctx: StageContext,
  request: GenerateRequest__Output,
): Promise<GenerateResponse> {
  checkGenerateRequest(request);
  const id = randomUUID();
  const dest = outputLocation(request.output, `gan/generated/${id}`);
  const input = await localInput(request.checkpoint, {
    store: ctx.artifacts,
    workDir: ctx.workDir,
    field: "checkpoint",
  });
  let nets = await loadNetworkFile(input.path, { networks: ["G_ema"] });
  if (nets.G_ema === undefined) nets = await loadNetworkFile(input.path, { networks: ["G"] });
  const weights = nets.G_ema ?? nets.G;
  if (weights === undefined)
    throw invalid(`Checkpoint "${input.path}" holds no generator (neither G_ema nor G)`);
  const { zDim, cDim } = weights.config;
  const count = request.seeds.length + request.z.length;
  const latents = new Float32Array(count * zDim);
  if (request.seeds.length > 0) {
    request.seeds.forEach((s, k) => {
      latents.set(seedLatent(Number(s), zDim), k * zDim);
    });
  } else {
    request.z.forEach((z, k) => {
      if (z.values.length !== zDim)
        throw invalid(`Latent ${k} has ${z.values.length} values; the generator's z_dim is ${zDim}`);
      latents.set(z.values, k * zDim);
    });
  }
  if (cDim > 0 && !(request.classIdx >= 0 && request.classIdx < cDim))
    throw invalid(`class_idx "${request.classIdx}" is out of range for a generator with ${cDim} classes`);
  await initBackend({ log: false });
  const G = new Generator(weights.config);
  const images: RgbImage[] = [];
  try {
    G.loadStateDict(weights.stateDict);
    const chunk = 8;
    for (let start = 0; start < count; start += chunk) {
      const n = Math.min(chunk, count - start);
      const out = tf.tidy(() => {
        const z = tf.tensor2d(latents.subarray(start * zDim, (start + n) * zDim), [n, zDim]);
        const c =
          cDim > 0
            ? (tf.oneHot(tf.fill([n], request.classIdx, "int32"), cDim) as Parameters<
                Generator["forward"]
              >[1])
            : null;
        return G.forward(z, c, {
          noiseMode: NOISE[request.noiseMode] ?? "const",
          ...(request.truncationPsi !== undefined && { psi: request.truncationPsi }),
        });
      });
      images.push(...nhwcToImages(await out.data(), out.shape));
      out.dispose();
    }
  } finally {
    G.dispose();
  }
  const cols = request.gridColumns || Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / cols);
  const prefix =
    dest.kind === "key" ? (dest.key.endsWith("/") ? dest.key : `${dest.key}/`) : `gan/generated/${id}/`;
  if (dest.kind === "path") await mkdir(dest.path, { recursive: true });
  const save = async (name: string, png: Uint8Array): Promise<ArtifactRef> => {
    if (dest.kind === "path") await writeFile(join(dest.path, name), png);
    return ctx.artifacts.put(`${prefix}${name}`, png, { mediaType: "image/png" });
  };
  const grid = await save("grid.png", await encodePng(tileImages(images, { cols })));
  const singles: ArtifactRef[] = [];
  if (request.saveImages) {
    for (const [k, image] of images.entries()) {
      const name =
        request.seeds.length > 0 ? `seed${String(request.seeds[k]).padStart(4, "0")}.png` : `z${k}.png`;
      singles.push(await save(name, await encodePng(image)));
    }
  }
  const model = input.artifact ?? { uri: fileUri(input.path), sha256: "", sizeBytes: 0, mediaType: "" };
  return {
    grid,
    images: singles,
    resolution: weights.config.resolution,
    gridColumns: cols,
    gridRows: rows,
    lineage: {
      models: [{ role: "generator", artifact: model }],
      configJson: JSON.stringify({
        seeds: request.seeds.map(Number),
        truncationPsi: request.truncationPsi ?? 1,
        noiseMode: NOISE[request.noiseMode] ?? "const",
        classIdx: request.classIdx,
      }),
      createdAt: { seconds: Math.floor(Date.now() / 1000) },
    },
  };
}
