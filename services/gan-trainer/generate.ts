import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactRef } from "@dermanomaly/artifacts";
import {
  Code,
  type GenerateRequest__Output,
  type GenerateResponse,
  type NoiseMode__Output,
  StatusError,
} from "@dermanomaly/contracts";
import { Generator, type NoiseMode, nhwcToNchw, renderImages } from "@dermanomaly/gan";
import { decodeNpy, encodeNpy, seedLatent } from "@dermanomaly/gan/numpy";
import { loadGenerator } from "@dermanomaly/gan/nvidia";
import { encodePng, nhwcToImages, tileImages } from "@dermanomaly/imaging";
import {
  inputRef,
  localInput,
  now,
  outputFolder,
  outputLocation,
  type StageContext,
} from "@dermanomaly/runtime";
import { initBackend } from "@dermanomaly/tf";

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

/** The request's latents, flattened `[N, zDim]`: one per seed (numpy's `RandomState(seed).randn`), or given. */
function latentsOf(request: GenerateRequest__Output, zDim: number): Float32Array | Float64Array {
  if (request.seeds.length > 0) {
    const z = new Float64Array(request.seeds.length * zDim);
    for (const [k, s] of request.seeds.entries()) z.set(seedLatent(Number(s), zDim), k * zDim);
    return z;
  }
  if (request.z.length > 0) {
    const z = new Float32Array(request.z.length * zDim);
    for (const [k, latent] of request.z.entries()) {
      if (latent.values.length !== zDim)
        throw invalid(`Latent ${k} has ${latent.values.length} values; the generator's z_dim is ${zDim}`);
      z.set(latent.values, k * zDim);
    }
    return z;
  }
  const npy = decodeNpy(request.zNpy);
  const n = npy.shape.length === 1 ? 1 : npy.shape[0]!;
  if (npy.shape.length > 2 || npy.shape.at(-1) !== zDim || n < 1 || n > MAX_GENERATE_IMAGES)
    throw invalid(
      `z_npy has shape [${npy.shape.join(", ")}]; expected [N, ${zDim}] with N <= ${MAX_GENERATE_IMAGES}`,
    );
  return npy.data;
}

/** Checks what a `Generate` call can be refused for before anything is loaded. */
export function checkGenerateRequest(request: GenerateRequest__Output): void {
  if (!request.checkpoint?.kind) throw invalid("A checkpoint is required: a path, an artifact or a key");
  const given = [request.seeds.length > 0, request.z.length > 0, request.zNpy.length > 0].filter(
    Boolean,
  ).length;
  if (given !== 1) throw invalid("Give exactly one of seeds, z latents and z_npy");
  const count = request.seeds.length + request.z.length;
  if (count > MAX_GENERATE_IMAGES)
    throw invalid(`At most ${MAX_GENERATE_IMAGES} images per call, got "${count}": split the request`);
  for (const s of request.seeds) {
    const n = Number(s);
    if (!Number.isSafeInteger(n) || n < 0 || n >= 2 ** 32) throw invalid(`Seed "${s}" must be in [0, 2^32)`);
  }
  if (request.truncationPsi !== undefined && !Number.isFinite(request.truncationPsi))
    throw invalid(`truncation_psi must be a number, got "${request.truncationPsi}"`);
}

/**
 * `Generate`: images from a checkpoint's generator (G_ema, else G) as NVIDIA's `gen_images.py` draws them, tiled
 * into one grid PNG (and, when asked, single PNGs and a float32 `images.npy`), each stored once in the artifact
 * store and copied into `output` when it is a path; with `inline`, the grid (and `.npy`) bytes also come back in
 * the response.
 *
 * @throws {StatusError} INVALID_ARGUMENT for a bad request, NOT_FOUND for a missing checkpoint, RESOURCE_EXHAUSTED
 * when inline bytes exceed the message limit
 */
export async function generateImages(
  ctx: StageContext,
  request: GenerateRequest__Output,
): Promise<GenerateResponse> {
  checkGenerateRequest(request);
  const id = randomUUID();
  const dest = outputLocation(request.output, `gan/generated/${id}`);
  const scratch = join(ctx.workDir, "calls", id);
  await mkdir(scratch, { recursive: true });
  let G: Generator | undefined;
  try {
    const input = await localInput(request.checkpoint, {
      store: ctx.artifacts,
      workDir: scratch,
      field: "checkpoint",
    });
    const weights = await loadGenerator(input.path);
    const { zDim, cDim, resolution } = weights.config;
    const latents = latentsOf(request, zDim);
    const psi = request.truncationPsi ?? 1;
    const noiseMode = NOISE[request.noiseMode] ?? "const";
    await initBackend({ log: false });
    G = new Generator(weights.config);
    G.loadStateDict(weights.stateDict);
    const generator = G;
    if (cDim > 0 && !(request.classIdx >= 0 && request.classIdx < cDim))
      throw invalid(`class_idx "${request.classIdx}" is out of range for a generator with ${cDim} classes`);
    const rendered = await renderImages(generator, latents, {
      psi,
      noiseMode,
      batch: request.batch || 8,
      ...(cDim > 0 && { classIndex: request.classIdx }),
    });
    const images = nhwcToImages(rendered.data, rendered.shape);
    const count = images.length;
    const cols = request.gridColumns || Math.ceil(Math.sqrt(count));
    const folder = outputFolder(
      ctx.artifacts,
      dest.kind === "path"
        ? { prefix: `gan/generated/${id}/`, dir: dest.path }
        : { prefix: dest.key.endsWith("/") ? dest.key : `${dest.key}/` },
    );
    const png = { mediaType: "image/png" };
    const gridPng = await encodePng(tileImages(images, { cols }));
    const grid = await folder.put("grid.png", gridPng, png);
    const singles: ArtifactRef[] = [];
    if (request.saveImages) {
      for (const [k, image] of images.entries()) {
        const name =
          request.seeds.length > 0 ? `seed${String(request.seeds[k]).padStart(4, "0")}.png` : `z${k}.png`;
        singles.push(await folder.put(name, await encodePng(image), png));
      }
    }
    const npyBytes = request.saveNpy ? encodeNpy(nhwcToNchw(rendered)) : undefined;
    const npy = npyBytes && (await folder.put("images.npy", npyBytes));
    const inline: { gridPng?: Uint8Array; npyBytes?: Uint8Array } = request.inline
      ? { gridPng, ...(npyBytes && { npyBytes }) }
      : {};
    const inlineBytes = (inline.gridPng?.length ?? 0) + (inline.npyBytes?.length ?? 0);
    if (inlineBytes > ctx.config.DERMANOMALY_MAX_MESSAGE_BYTES - 64 * 1024) {
      throw new StatusError(
        Code.RESOURCE_EXHAUSTED,
        `The images take ${inlineBytes} bytes, more than a message may carry (${ctx.config.DERMANOMALY_MAX_MESSAGE_BYTES}): ` +
          `ask for fewer images per call, or read them from ${grid.uri}`,
      );
    }
    return {
      grid,
      images: singles,
      ...(npy && { npy }),
      ...inline,
      resolution,
      gridColumns: cols,
      gridRows: Math.ceil(count / cols),
      lineage: {
        models: [{ role: "generator", artifact: inputRef(input) }],
        configJson: JSON.stringify({
          seeds: request.seeds.map(Number),
          latents: count,
          truncationPsi: psi,
          noiseMode,
          ...(cDim > 0 && { classIdx: request.classIdx }),
        }),
        createdAt: now(),
      },
    };
  } finally {
    G?.dispose();
    await rm(scratch, { recursive: true, force: true });
  }
}
