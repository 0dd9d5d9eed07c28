import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import type { ImagePreparation } from "@dermanomaly/encoder";
import { loadNetworkFile } from "@dermanomaly/gan/nvidia";
import { channelsAt } from "./_layers.ts";
import { exportDiscriminator } from "./discriminator.ts";
import { exportEncoder } from "./encoder.ts";
import { type ExportNoiseMode, exportGenerator } from "./generator.ts";
import type { WriteModelOptions, WrittenModel } from "./model_file.ts";

/** The checkpoints to export. */
export interface Checkpoints {
  /** A GAN checkpoint: an NVIDIA pickle or a network / training checkpoint (`@dermanomaly/gan/nvidia`). */
  readonly gan: string;
  /** An encoder weights file (`@dermanomaly/encoder`: safetensors or `.pth`). @default undefined (no encoder) */
  readonly encoder?: string;
}

/** Options of {@link exportCheckpoints}. */
export interface ExportCheckpointsOptions extends WriteModelOptions {
  /**
   * Which generator of the GAN checkpoint to export.
   * @default the one the encoder's lineage names (it was trained against it), else "G_ema"
   */
  generator?: "G_ema" | "G";
  /** The generator's noise. @default the encoder's lineage's, else "const" */
  noiseMode?: ExportNoiseMode;
  /** Default-domain opset. @default 17 */
  opset?: number;
  /**
   * How the models' lineage names each checkpoint (e.g. its artifact URI where `checkpoints` are downloaded
   * copies), so that the same checkpoints export to the same bytes wherever they were read from.
   * @default the paths in `checkpoints`
   */
  sources?: { readonly gan?: string; readonly encoder?: string };
}

/** What {@link exportCheckpoints} wrote. */
export interface ExportedModels {
  readonly generator: WrittenModel;
  readonly discriminator: WrittenModel;
  readonly encoder: WrittenModel | null;
  /** The generator and noise mode in force (as asked, or from the encoder's lineage). */
  readonly choice: { readonly generator: "G_ema" | "G"; readonly noiseMode: ExportNoiseMode };
  /** Image side, latent size and D feature size (`features` values per image) of the exported networks. */
  readonly sizes: { readonly resolution: number; readonly zDim: number; readonly featureDim: number };
  /** How the encoder's training images were prepared from photos, when its lineage says. */
  readonly preparation: ImagePreparation | null;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Exports a GAN checkpoint's generator and discriminator, and an encoder, to `G.onnx`, `D.onnx` and `E.onnx` in
 * `outDir`, each with its checkpoint's path and SHA-256 in its metadata. Loading an encoder loads TF.js (the
 * encoder package's reader); the GAN side does not.
 *
 * @example
 * ```ts
 * const out = await exportCheckpoints({ gan: "network-snapshot-000050.pkl", encoder: "encoder.safetensors" }, "models");
 * console.log(out.choice, out.encoder?.path);
 * ```
 * @throws {StatusError} NOT_FOUND for a missing checkpoint; FAILED_PRECONDITION when the checkpoint lacks the
 * networks asked for, or the encoder's latent or image size does not match the generator's (both named)
 */
export async function exportCheckpoints(
  checkpoints: Checkpoints,
  outDir: string,
  options: ExportCheckpointsOptions = {},
): Promise<ExportedModels> {
  const encoder = checkpoints.encoder === undefined ? null : await loadEncoder(checkpoints.encoder);
  const { generator, noiseMode } = choose(encoder, options);
  const nets = await loadNetworkFile(checkpoints.gan, { networks: [generator, "D"] });
  const g = nets[generator];
  if (g === undefined || nets.D === undefined) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `GAN checkpoint "${checkpoints.gan}" lacks ${g === undefined ? `its ${generator}` : "its discriminator"}`,
    );
  }
  if (encoder !== null) checkFit(encoder.config, g.config, { ...checkpoints, generator });
  await mkdir(outDir, { recursive: true });
  const write = {
    ...(options.externalDataThreshold === undefined
      ? {}
      : { externalDataThreshold: options.externalDataThreshold }),
  };
  const opset = options.opset ?? 17;
  const ganLineage = {
    source: options.sources?.gan ?? checkpoints.gan,
    sourceSha256: await fileSha256(checkpoints.gan),
  };
  const written = {
    generator: await exportGenerator(g, join(outDir, "G.onnx"), {
      ...write,
      opset,
      generator,
      noiseMode,
      lineage: ganLineage,
    }),
    discriminator: await exportDiscriminator(nets.D, join(outDir, "D.onnx"), {
      ...write,
      opset,
      lineage: ganLineage,
    }),
    encoder:
      encoder === null
        ? null
        : await exportEncoder(encoder, join(outDir, "E.onnx"), {
            ...write,
            opset,
            generator,
            noiseMode,
            lineage: {
              source: options.sources?.encoder ?? checkpoints.encoder!,
              sourceSha256: await fileSha256(checkpoints.encoder!),
            },
          }),
  };
  const sizes = {
    resolution: g.config.resolution,
    zDim: g.config.zDim,
    featureDim: channelsAt(nets.D.config, 4) * 16,
  };
  return {
    ...written,
    choice: { generator, noiseMode },
    sizes,
    preparation: encoder?.lineage?.preparation ?? null,
  };
}

/** What {@link checkCheckpoints} found: the networks' sizes and the choice in force. */
export interface CheckpointsFit {
  /** The generator and noise mode in force (as asked, or from the encoder's lineage). */
  readonly choice: { readonly generator: "G_ema" | "G"; readonly noiseMode: ExportNoiseMode };
  /** Side of the images the generator makes (and the encoder takes). */
  readonly resolution: number;
  /** Latent size of the generator (and of the encoder's output). */
  readonly zDim: number;
}

/**
 * Checks, without exporting, most of what {@link exportCheckpoints} refuses: a missing checkpoint, a GAN checkpoint
 * without the chosen generator, an encoder that does not fit the generator. It reads the encoder and the chosen
 * generator's weights (not D's), so it costs a fraction of an export.
 *
 * @example
 * ```ts
 * const fit = await checkCheckpoints({ gan: "network-snapshot-000050.pkl", encoder: "encoder.safetensors" });
 * console.log(fit.choice.generator, fit.resolution);
 * ```
 * @throws {StatusError} as {@link exportCheckpoints}: NOT_FOUND, FAILED_PRECONDITION (both sizes named)
 */
export async function checkCheckpoints(
  checkpoints: Checkpoints,
  options: Pick<ExportCheckpointsOptions, "generator" | "noiseMode"> = {},
): Promise<CheckpointsFit> {
  const encoder = checkpoints.encoder === undefined ? null : await loadEncoder(checkpoints.encoder);
  const choice = choose(encoder, options);
  const nets = await loadNetworkFile(checkpoints.gan, { networks: [choice.generator] });
  const g = nets[choice.generator];
  if (g === undefined) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `GAN checkpoint "${checkpoints.gan}" lacks its ${choice.generator}`,
    );
  }
  if (encoder !== null) checkFit(encoder.config, g.config, { ...checkpoints, generator: choice.generator });
  return { choice, resolution: g.config.resolution, zDim: g.config.zDim };
}

type LoadedEncoder = Awaited<ReturnType<typeof import("@dermanomaly/encoder").loadEncoderFile>>;

// The encoder package loads TF.js: only when an encoder is asked for.
async function loadEncoder(path: string): Promise<LoadedEncoder> {
  const { loadEncoderFile } = await import("@dermanomaly/encoder");
  return await loadEncoderFile(path);
}

function choose(
  encoder: LoadedEncoder | null,
  options: Pick<ExportCheckpointsOptions, "generator" | "noiseMode">,
): { generator: "G_ema" | "G"; noiseMode: ExportNoiseMode } {
  // The encoder trainer records both in every file it writes (`@dermanomaly/encoder`'s EncoderLineage).
  const lineage = encoder?.lineage;
  return {
    generator: options.generator ?? lineage?.generator ?? "G_ema",
    noiseMode: options.noiseMode ?? lineage?.noiseMode ?? "const",
  };
}

function checkFit(
  e: { zDim: number; resolution: number },
  g: { zDim: number; resolution: number },
  names: { gan: string; encoder?: string; generator: "G_ema" | "G" },
): void {
  if (e.zDim !== g.zDim || e.resolution !== g.resolution) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `Encoder "${names.encoder}" (latent size ${e.zDim}, images ${e.resolution}x${e.resolution}) does not match ` +
        `generator ${names.generator} of "${names.gan}" (latent size ${g.zDim}, images ${g.resolution}x${g.resolution})`,
    );
  }
}
