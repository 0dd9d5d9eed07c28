import { Code, StatusError } from "@dermanomaly/contracts";
import {
  type ExecutionProvider,
  METADATA_KEYS,
  type ModelSession,
  modelDigest,
  openSession,
  readModelInfo,
} from "@dermanomaly/onnx";
import { Reconstructor, type ReconstructorOptions } from "./reconstructor.ts";

/** Where the three exported models are. */
export interface ModelPaths {
  readonly encoder: string;
  readonly generator: string;
  readonly discriminator: string;
}

/** Options of {@link openReconstructionModels}. */
export interface OpenModelsOptions extends ReconstructorOptions {
  /** ONNX Runtime intra-op threads per session; 0 = one per core. @default 0 */
  threads?: number;
  /** Execution provider. @default process.env.DERMANOMALY_ORT_PROVIDER, else "cpu" */
  provider?: ExecutionProvider;
}

/** Open models ready to reconstruct, with what the set's metadata records about them. */
export interface ReconstructionModels {
  readonly reconstructor: Reconstructor;
  readonly sessions: {
    readonly encoder: ModelSession;
    readonly generator: ModelSession;
    readonly discriminator: ModelSession;
  };
  /** Each model's digest (`@dermanomaly/onnx`'s modelDigest: the file and its external data). */
  readonly digests: { readonly encoder: string; readonly generator: string; readonly discriminator: string };
  /** Which generator of the GAN checkpoint the generator model is (its metadata; `G_ema` when not recorded). */
  readonly generator: "G_ema" | "G";
  /** `random` when the generator takes noise inputs, else `const`. */
  readonly noiseMode: "const" | "random";
  /** Releases the three sessions. */
  close(): Promise<void>;
}

/**
 * Opens the encoder, generator and discriminator models in ONNX Runtime and checks that they fit together. The
 * discriminator's minibatch-stddev group size comes from its exported config unless given.
 *
 * @throws {StatusError} NOT_FOUND for a missing model; FAILED_PRECONDITION when the encoder's latent or image size
 * does not match the generator's (both named); INVALID_ARGUMENT for a file that is not a loadable model
 */
export async function openReconstructionModels(
  paths: ModelPaths,
  options: OpenModelsOptions = {},
): Promise<ReconstructionModels> {
  const infos = {
    encoder: await readModelInfo(paths.encoder),
    generator: await readModelInfo(paths.generator),
    discriminator: await readModelInfo(paths.discriminator),
  };
  for (const role of ["encoder", "generator", "discriminator"] as const) {
    const network = infos[role].metadata[METADATA_KEYS.network];
    if (network !== undefined && network !== role) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `"${paths[role]}" is a ${network} model where the ${role} is expected`,
      );
    }
  }
  let group = options.mbstdGroupSize;
  if (group === undefined) {
    const config = infos.discriminator.metadata[METADATA_KEYS.config];
    const parsed =
      config === undefined ? undefined : (JSON.parse(config) as { mbstdGroupSize?: unknown }).mbstdGroupSize;
    group = typeof parsed === "number" ? parsed : 4;
  }
  const sessionOptions = {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.provider === undefined ? {} : { provider: options.provider }),
  };
  const opened: ModelSession[] = [];
  try {
    const open = async (path: string) => {
      const s = await openSession(path, sessionOptions);
      opened.push(s);
      return s;
    };
    const sessions = {
      encoder: await open(paths.encoder),
      generator: await open(paths.generator),
      discriminator: await open(paths.discriminator),
    };
    const reconstructor = Reconstructor.create(
      {
        encoder: sessions.encoder.session,
        generator: sessions.generator.session,
        discriminator: sessions.discriminator.session,
      },
      { ...options, mbstdGroupSize: group },
    );
    const digests = {
      encoder: await modelDigest(paths.encoder),
      generator: await modelDigest(paths.generator),
      discriminator: await modelDigest(paths.discriminator),
    };
    return {
      reconstructor,
      sessions,
      digests,
      generator: infos.generator.metadata[METADATA_KEYS.generator] === "G" ? "G" : "G_ema",
      noiseMode: reconstructor.noiseMode,
      close: async () => {
        for (const s of opened) await s.session.release();
      },
    };
  } catch (err) {
    for (const s of opened) await s.session.release().catch(() => {});
    throw err;
  }
}
