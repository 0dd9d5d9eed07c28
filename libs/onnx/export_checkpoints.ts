import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Code, StatusError } from "@dermanomaly/contracts";
import { loadNetworkFile } from "@dermanomaly/gan/nvidia";
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
}

/** What {@link exportCheckpoints} wrote. */
export interface ExportedModels {
  readonly generator: WrittenModel;
  readonly discriminator: WrittenModel;
  readonly encoder: WrittenModel | null;
  /** The generator and noise mode in force (as asked, or from the encoder's lineage). */
  readonly choice: { readonly generator: "G_ema" | "G"; readonly noiseMode: ExportNoiseMode };
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
  let encoder: Awaited<ReturnType<typeof import("@dermanomaly/encoder").loadEncoderFile>> | null = null;
  if (checkpoints.encoder !== undefined) {
    const { loadEncoderFile } = await import("@dermanomaly/encoder");
    encoder = await loadEncoderFile(checkpoints.encoder);
  }
  const lineage = parseLineage(encoder?.metadata["lineage"]);
  const generator = options.generator ?? lineage.generator ?? "G_ema";
  const noiseMode = options.noiseMode ?? lineage.noiseMode ?? "const";
  const nets = await loadNetworkFile(checkpoints.gan, { networks: [generator, "D"] });
  const g = nets[generator];
  if (g === undefined || nets.D === undefined) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `GAN checkpoint "${checkpoints.gan}" lacks ${g === undefined ? `its ${generator}` : "its discriminator"}`,
    );
  }
  if (encoder !== null) {
    const e = encoder.config;
    if (e.zDim !== g.config.zDim || e.resolution !== g.config.resolution) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `Encoder "${checkpoints.encoder}" (latent size ${e.zDim}, images ${e.resolution}x${e.resolution}) does not match ` +
          `generator ${generator} of "${checkpoints.gan}" (latent size ${g.config.zDim}, images ${g.config.resolution}x${g.config.resolution})`,
      );
    }
  }
  await mkdir(outDir, { recursive: true });
  const write = {
    ...(options.externalDataThreshold === undefined
      ? {}
      : { externalDataThreshold: options.externalDataThreshold }),
  };
  const opset = options.opset ?? 17;
  const ganLineage = { source: checkpoints.gan, sourceSha256: await fileSha256(checkpoints.gan) };
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
            lineage: { source: checkpoints.encoder!, sourceSha256: await fileSha256(checkpoints.encoder!) },
          }),
  };
  return { ...written, choice: { generator, noiseMode } };
}

// The generator and noise mode an encoder's `lineage` metadata records (the encoder trainer writes them).
function parseLineage(text: string | undefined): { generator?: "G_ema" | "G"; noiseMode?: ExportNoiseMode } {
  if (text === undefined) return {};
  let raw: { generator?: unknown; noiseMode?: unknown };
  try {
    raw = JSON.parse(text) as typeof raw;
  } catch {
    return {};
  }
  const out: { generator?: "G_ema" | "G"; noiseMode?: ExportNoiseMode } = {};
  if (raw.generator === "G" || raw.generator === "G_ema") out.generator = raw.generator;
  if (raw.noiseMode === "const" || raw.noiseMode === "random" || raw.noiseMode === "none")
    out.noiseMode = raw.noiseMode;
  return out;
}
